package dev.sparkembed.jobs.classify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.sparkembed.classify.ClassifierInputException;
import dev.sparkembed.classify.EmbeddingClassifier;
import dev.sparkembed.jobs.UserInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Step 2, split: each class's rows, in an order fixed by the seed and the ids, give their first
 * {@code round(n × fraction)} to the test set. Every class is held out in proportion, and a rerun
 * splits the same way whatever the partitioning. Also deals the training rows into stratified
 * cross-validation folds the same way, for the baseline.
 */
public final class StratifiedSplit {

  /** Rows per class in each part. */
  public record ClassSize(long train, long test) {}

  private final Dataset<Row> rows;
  private final Map<String, ClassSize> classes;
  private final Map<String, Long> dropped;

  private StratifiedSplit(Dataset<Row> rows, Map<String, ClassSize> classes, Map<String, Long> dropped) {
    this.rows = rows;
    this.classes = classes;
    this.dropped = dropped;
  }

  /**
   * @param labelled rows with {@code id}, {@code label} and an embedding, none null
   * @param folds the training rows of every class must fill each fold
   * @param minClassRows classes with fewer rows are left out of training and testing (and reported)
   */
  public static StratifiedSplit of(Dataset<Row> labelled, double fraction, int folds, long seed, int minClassRows) {
    WindowSpec byClass = Window.partitionBy("label_value");
    Column order = xxhash64(lit(seed), col("id"));
    Dataset<Row> split = labelled.withColumn("label_value", col("label").cast("string"))
        .withColumn("_rank", row_number().over(byClass.orderBy(order, col("id"))))
        .withColumn("_n", count(lit(1)).over(byClass))
        .withColumn("is_test", col("_rank").leq(round(col("_n").multiply(fraction))))
        .withColumn("is_small", col("_n").lt(minClassRows))
        .drop("_rank", "_n")
        .coalesce(labelled.sparkSession().sparkContext().defaultParallelism())
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<Row> sizes = new ArrayList<>(split.groupBy("label_value")
        .agg(sum(when(col("is_test"), 0).otherwise(1)).as("train"), sum(when(col("is_test"), 1).otherwise(0)).as("test"),
            functions.max(col("is_small")).as("small"))
        .collectAsList());
    sizes.sort(Comparator.comparing((Row r) -> r.getString(0),
        EmbeddingClassifier.labelOrder(labelled.schema().apply("label").dataType())));
    Map<String, ClassSize> classes = new LinkedHashMap<>();
    Map<String, Long> trainSizes = new LinkedHashMap<>();
    Map<String, Long> dropped = new LinkedHashMap<>();
    sizes.forEach(r -> {
      if (r.getBoolean(3)) {
        dropped.put(r.getString(0), r.getLong(1) + r.getLong(2));
        return;
      }
      classes.put(r.getString(0), new ClassSize(r.getLong(1), r.getLong(2)));
      trainSizes.put(r.getString(0), r.getLong(1));
    });
    try {
      EmbeddingClassifier.checkClasses(trainSizes, folds);
    } catch (ClassifierInputException e) {
      split.unpersist();
      throw new UserInputException(e.getMessage().replace("; drop or merge them,", " after holding out the test rows;"
          + " drop or merge them (--min-class-rows N leaves out classes with fewer than N rows),"));
    }
    return new StratifiedSplit(split, classes, dropped);
  }

  /** Every class, in label order (numeric for integer labels): the classifier's order too. */
  public List<String> labels() {
    return List.copyOf(classes.keySet());
  }

  public Map<String, ClassSize> classes() {
    return classes;
  }

  /** Classes left out for having fewer rows than asked, with their rows. */
  public Map<String, Long> dropped() {
    return dropped;
  }

  public Dataset<Row> train() {
    return rows.filter(col("is_test").equalTo(false).and(col("is_small").equalTo(false)));
  }

  public Dataset<Row> test() {
    return rows.filter(col("is_test").and(col("is_small").equalTo(false)));
  }

  /** The training rows with a {@code fold} column: each class's rows dealt round-robin in seeded order. */
  public Dataset<Row> trainWithFolds(int folds, long seed) {
    WindowSpec byClass = Window.partitionBy("label_value").orderBy(xxhash64(lit(seed + 1), col("id")), col("id"));
    return train().withColumn("fold", row_number().over(byClass).minus(1).mod(folds).cast("int"))
        .coalesce(rows.sparkSession().sparkContext().defaultParallelism());
  }

  public long trainRows() {
    return classes.values().stream().mapToLong(ClassSize::train).sum();
  }

  public long testRows() {
    return classes.values().stream().mapToLong(ClassSize::test).sum();
  }

  public void release() {
    rows.unpersist();
  }
}
