package dev.sparkembed.sql;

import dev.sparkembed.spark.CatalystAccess;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.internal.SessionState;
import scala.Option;
import scala.Tuple3;

/**
 * spark-embed's SQL functions, declared once: {@link #register} adds them to a running session,
 * {@link SparkEmbedExtensions} to every session built with the jar on the classpath. Scalar:
 * {@code embed}, {@code cosine_similarity}. Table: {@code embed_table}, {@code semantic_search},
 * {@code similarity_join}.
 */
public final class SparkEmbedFunctions {

  /**
   * A function's name, what {@code DESCRIBE FUNCTION} shows, and how it builds its expression or plan.
   * Spark's registries take the builder over a {@code Seq}, a different class in Scala 2.12 and 2.13;
   * the registering lambdas below let the compiler name it.
   */
  record Declared<T>(String name, String usage, String arguments, Function<scala.collection.Iterable<Expression>, T> builder) {
    FunctionIdentifier identifier() {
      return new FunctionIdentifier(name, Option.empty(), Option.empty());
    }

    ExpressionInfo info() {
      return new ExpressionInfo(SparkEmbedFunctions.class.getName(), null, name, usage, arguments, "", "", "", "", "", "");
    }
  }

  static final List<Declared<Expression>> SCALAR = List.of(
      new Declared<>("embed", "_FUNC_(text [, model [, prefix]]) - the sentence embedding of text as array<float>; "
          + "a constant text is embedded once per query", "", ScalarFunctions::embed),
      new Declared<>("cosine_similarity", "_FUNC_(a, b) - the cosine of two vectors as a float", "",
          ScalarFunctions::cosineSimilarity));

  static final List<Declared<LogicalPlan>> TABLE = List.of(
      new Declared<>("embed_table", "_FUNC_(table, text_col [, model [, id_col [, prefix]]]) - the table's rows "
          + "with embedding, n_tokens, truncated, status and model, batched like the embed job", "",
          TableFunctions::embedTable),
      new Declared<>("semantic_search", "_FUNC_(embeddings_table, query_text, k [, model [, query_prefix]]) - the k "
          + "rows most similar to the query, with score and rank", "", TableFunctions::semanticSearch),
      new Declared<>("similarity_join", "_FUNC_(left_table, right_table, k [, method]) - each left row's k nearest "
          + "right rows: left_id, right_id, score, rank (method exact or ivf)", "", TableFunctions::similarityJoin));

  /** The names of every function, scalar then table. */
  public static final List<String> NAMES = List.of("embed", "cosine_similarity", "embed_table", "semantic_search",
      "similarity_join");

  private SparkEmbedFunctions() {}

  /** Registers the functions in a session that is already running (its own registries only). */
  public static void register(SparkSession session) {
    SessionState state = CatalystAccess.sessionState(session);
    for (Declared<Expression> f : SCALAR) {
      state.functionRegistry().registerFunction(f.identifier(), f.info(), args -> f.builder().apply(args));
    }
    for (Declared<LogicalPlan> f : TABLE) {
      state.tableFunctionRegistry().registerFunction(f.identifier(), f.info(), args -> f.builder().apply(args));
    }
  }

  static void injectInto(SparkSessionExtensions extensions) {
    for (Declared<Expression> f : SCALAR) {
      extensions.injectFunction(new Tuple3<>(f.identifier(), f.info(), args -> f.builder().apply(args)));
    }
    for (Declared<LogicalPlan> f : TABLE) {
      extensions.injectTableFunction(new Tuple3<>(f.identifier(), f.info(), args -> f.builder().apply(args)));
    }
  }
}
