package dev.sparkembed.sql;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.model.BuiltinModel;
import dev.sparkembed.model.ModelFiles;
import dev.sparkembed.similarity.JoinMethod;
import dev.sparkembed.similarity.JoinMethods;
import dev.sparkembed.similarity.JoinOptions;
import dev.sparkembed.similarity.JoinSide;
import dev.sparkembed.similarity.JoinSpec;
import dev.sparkembed.similarity.ModelCheck;
import dev.sparkembed.spark.CatalystAccess;
import dev.sparkembed.spark.EmbedColumns;
import dev.sparkembed.spark.SentenceEmbedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * The table functions. Each builds, while the query is analysed, the plan the library would run:
 * {@code embed_table} is {@link SentenceEmbedder} (windows, length sort, token budget, one model
 * per JVM), {@code semantic_search} scores a table against one query embedded once on the driver,
 * {@code similarity_join} is a {@link JoinMethod}. Work that decides the plan (the model labels a
 * table holds, a join side's counts and cache) runs during analysis; the rest runs when the query does.
 */
final class TableFunctions {

  static final String ID = "id";
  static final String SCORE = "score";
  static final String RANK = "rank";

  private TableFunctions() {}

  static LogicalPlan embedTable(scala.collection.Iterable<Expression> raw) {
    SqlArguments args = new SqlArguments("embed_table", raw, 2, 5,
        "embed_table(table, text_col [, model [, id_col [, prefix]]])");
    SparkSession spark = SparkSession.active();
    Dataset<Row> input = args.table(spark, 0, "table");
    String textCol = args.constantString(1, "text_col");
    if (textCol == null) {
      throw args.argumentError("text_col must name a column");
    }
    DataType textType = args.column(input, textCol, "text");
    if (!(textType instanceof StringType)) {
      throw args.argumentError("text column '" + textCol + "' must be a string, not " + textType.simpleString());
    }
    String model = ScalarFunctions.orDefault(args.constantString(2, "model"), BuiltinModel.DEFAULT_NAME);
    String idCol = args.constantString(3, "id_col");
    if (idCol != null) {
      args.column(input, idCol, "id");
    } else if (Arrays.asList(input.columns()).contains(ID)) {
      idCol = ID;
    }
    String prefix = ScalarFunctions.orDefault(args.constantString(4, "prefix"), "");
    for (String added : EmbedColumns.appendTo(new org.apache.spark.sql.types.StructType()).fieldNames()) {
      if (Arrays.asList(input.columns()).contains(added)) {
        throw args.argumentError("the input already has a column '" + added + "'; select the others or rename it");
      }
    }
    ScalarFunctions.resolve(args, model);

    // The same call over the same input gives the same plan object. Spark re-analyses a SQL view
    // (CACHE TABLE docs AS SELECT * FROM embed_table(...) makes one) on every reference; a new
    // plan would hold new function objects, match no cached data, and embed everything again.
    EmbedTableCall call = new EmbedTableCall(spark, CatalystAccess.logicalPlan(input).canonicalized(), textCol, model,
        idCol, prefix);
    synchronized (EMBED_TABLE_PLANS) {
      LogicalPlan planned = EMBED_TABLE_PLANS.get(call);
      if (planned == null) {
        planned = embedTablePlan(spark, input, textCol, model, idCol, prefix);
        EMBED_TABLE_PLANS.put(call, planned);
      }
      return planned;
    }
  }

  /** What makes two embed_table calls the same: the session, the input's meaning and the constant arguments. */
  private record EmbedTableCall(SparkSession session, LogicalPlan input, String textCol, String model, String idCol,
      String prefix) {}

  /** The plans of recent embed_table calls; a few dozen, since each holds its input's plan. */
  private static final Map<EmbedTableCall, LogicalPlan> EMBED_TABLE_PLANS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<EmbedTableCall, LogicalPlan> eldest) {
      return size() > 32;
    }
  };

  private static LogicalPlan embedTablePlan(SparkSession spark, Dataset<Row> input, String textCol, String model,
      String idCol, String prefix) {
    Dataset<Row> rows = input;
    int slots = spark.sparkContext().defaultParallelism();
    if (rows.rdd().getNumPartitions() < slots) {
      rows = rows.repartition(slots); // as the embed job: one small file still keeps every task slot busy
    }
    Dataset<Row> embedded = new SentenceEmbedder().setInputCol(textCol).setModel(model)
        .setPrefix(prefix).transform(rows);
    List<Column> order = new ArrayList<>();
    if (idCol != null) {
      order.add(col(quote(idCol)));
    }
    for (String added : EmbedColumns.appendTo(new org.apache.spark.sql.types.StructType()).fieldNames()) {
      order.add(col(added));
    }
    for (String name : input.columns()) {
      if (!name.equals(idCol)) {
        order.add(col(quote(name)));
      }
    }
    return CatalystAccess.logicalPlan(embedded.select(order.toArray(new Column[0])));
  }

  static LogicalPlan semanticSearch(scala.collection.Iterable<Expression> raw) {
    SqlArguments args = new SqlArguments("semantic_search", raw, 3, 5,
        "semantic_search(embeddings_table, query_text, k [, model [, query_prefix]])");
    SparkSession spark = SparkSession.active();
    Dataset<Row> table = args.table(spark, 0, "embeddings_table");
    requireEmbedding(args, table, "embeddings_table");
    for (String taken : List.of(SCORE, RANK)) {
      if (Arrays.asList(table.columns()).contains(taken)) {
        throw args.argumentError("embeddings_table already has a column '" + taken + "'; select the others");
      }
    }
    if (!args.has(1)) {
      throw args.argumentError("query_text must be a constant string, not NULL");
    }
    String query = args.constantString(1, "query_text");
    int k = args.positiveInt(2, "k");
    String model = args.constantString(3, "model");
    String prefix = ScalarFunctions.orDefault(args.constantString(4, "query_prefix"), "");

    Optional<String> tableModel = tableModel(args, table);
    if (model == null) {
      model = tableModel.map(label -> builtinName(args, label)).orElse(BuiltinModel.DEFAULT_NAME);
    }
    ModelFiles files = ScalarFunctions.resolve(args, model);
    if (tableModel.isPresent() && !tableModel.get().equals(files.label())) {
      throw args.argumentError("the query would be embedded with " + files.label() + " but embeddings_table was "
          + "embedded with " + tableModel.get() + "; their similarities mean nothing");
    }
    float[] queryVector = ScalarFunctions.embedOnDriver(model, new ModelLabel(files.label(), prefix), query);

    Column score = CatalystAccess.column(new CosineExpression(
        CatalystAccess.expression(spark, col(EmbedColumns.EMBEDDING).cast(ScalarFunctions.VECTOR_ARGUMENT)),
        new Literal(UnsafeArrayData.fromPrimitiveArray(queryVector), ScalarFunctions.VECTOR_ARGUMENT)));
    List<Column> ordering = new ArrayList<>(List.of(col(SCORE).desc()));
    if (Arrays.asList(table.columns()).contains(ID)) {
      ordering.add(col(ID).asc()); // ties in a stable order
    }
    Column[] orderBy = ordering.toArray(new Column[0]);
    Dataset<Row> top = table.where(col(EmbedColumns.EMBEDDING).isNotNull()).withColumn(SCORE, score)
        .where(col(SCORE).isNotNull()).orderBy(orderBy).limit(k);
    return CatalystAccess.logicalPlan(top.withColumn(RANK, row_number().over(Window.orderBy(orderBy))).orderBy(col(RANK)));
  }

  static LogicalPlan similarityJoin(scala.collection.Iterable<Expression> raw) {
    SqlArguments args = new SqlArguments("similarity_join", raw, 3, 4,
        "similarity_join(left_table, right_table, k [, method])");
    SparkSession spark = SparkSession.active();
    Dataset<Row> leftRows = args.table(spark, 0, "left_table");
    boolean self = !args.has(1) || sameName(args);
    Dataset<Row> rightRows = self ? leftRows : args.table(spark, 1, "right_table");
    requireEmbedding(args, leftRows, "left_table");
    requireEmbedding(args, rightRows, "right_table");
    args.column(leftRows, ID, "left_table's id");
    args.column(rightRows, ID, "right_table's id");
    int k = args.positiveInt(2, "k");
    String methodName = ScalarFunctions.orDefault(args.constantString(3, "method"), "exact");
    JoinMethod method;
    try {
      method = JoinMethods.byName(methodName, JoinOptions.DEFAULTS);
    } catch (IllegalArgumentException e) {
      throw args.argumentError(e.getMessage());
    }
    JoinSide left = side(args, leftRows, "left_table");
    JoinSide right;
    try {
      right = self ? left : side(args, rightRows, "right_table");
    } catch (RuntimeException e) {
      left.release();
      throw e;
    }
    Optional<String> problem = ModelCheck.problem(left, right);
    if (problem.isEmpty() && left.rows() > 0 && right.rows() > 0 && left.dimension() != right.dimension()) {
      problem = Optional.of("left_table has " + left.dimension() + "-dimensional embeddings, right_table has "
          + right.dimension());
    }
    if (problem.isPresent()) {
      left.release();
      right.release();
      throw args.argumentError(problem.get());
    }
    // The sides stay cached while the plan lives; Spark's context cleaner frees them with it.
    return CatalystAccess.logicalPlan(
        method.join(spark, left, right, new JoinSpec(k, null, self, JoinSpec.DEFAULT_BLOCK_ROWS)).pairs());
  }

  private static JoinSide side(SqlArguments args, Dataset<Row> rows, String name) {
    try {
      return JoinSide.of(rows, ID, EmbedColumns.EMBEDDING);
    } catch (IllegalArgumentException e) {
      throw args.argumentError(name + " " + e.getMessage());
    }
  }

  private static boolean sameName(SqlArguments args) {
    return args.get(0).foldable() && args.get(1).foldable()
        && args.get(0).dataType() instanceof StringType && args.get(1).dataType() instanceof StringType
        && args.constantString(0, "left_table").equals(args.constantString(1, "right_table"));
  }

  private static void requireEmbedding(SqlArguments args, Dataset<Row> table, String name) {
    DataType type = args.column(table, EmbedColumns.EMBEDDING, name + "'s embedding");
    if (!(type instanceof ArrayType array) || !(array.elementType() instanceof NumericType)) {
      throw args.argumentError(name + "'s embedding column must be array<float>, not " + type.simpleString());
    }
  }

  /** The one model (name@fingerprint, prefix aside) a table's {@code model} column names, if it has one. */
  private static Optional<String> tableModel(SqlArguments args, Dataset<Row> table) {
    if (!Arrays.asList(table.columns()).contains(EmbedColumns.MODEL)) {
      return Optional.empty();
    }
    TreeSet<String> labels = new TreeSet<>();
    for (Row row : table.select(col(EmbedColumns.MODEL).cast("string")).where(col(EmbedColumns.MODEL).isNotNull())
        .distinct().limit(3).collectAsList()) {
      labels.add(row.getString(0));
    }
    if (labels.size() > 1) {
      throw args.argumentError("embeddings_table mixes model labels (" + String.join("; ", labels)
          + "); search a part made with one model");
    }
    return labels.isEmpty() ? Optional.empty() : Optional.of(ModelLabel.parse(labels.first()).model());
  }

  /** The built-in model a label names ({@code all-minilm-l6-v2@3a1b...}); others must be passed. */
  private static String builtinName(SqlArguments args, String modelLabel) {
    int at = modelLabel.lastIndexOf('@');
    String name = at < 0 ? modelLabel : modelLabel.substring(0, at);
    return BuiltinModel.byName(name).map(BuiltinModel::modelName).orElseThrow(() -> args.argumentError(
        "embeddings_table was embedded with " + modelLabel + ", which is not a built-in model; pass its folder as "
            + "the model argument"));
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
