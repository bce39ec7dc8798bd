package dev.sparkembed.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;

/**
 * Local checkpoints a job made, freed when it no longer needs them. Spark keeps a local
 * checkpoint's blocks on the executors until its RDD is unpersisted, which {@code Dataset} offers
 * no call for; in a long-lived session (a notebook) they would pile up with every run.
 */
final class LocalCheckpoints {

  private final List<RDD<?>> rdds = new ArrayList<>();

  /** Records a checkpointed Dataset ({@code localCheckpoint()}'s result) and returns it. */
  Dataset<Row> add(Dataset<Row> checkpointed) {
    if (checkpointed.queryExecution().logical() instanceof LogicalRDD plan) {
      rdds.add(plan.rdd());
    }
    return checkpointed;
  }

  /** Frees one checkpoint recorded here. */
  void release(Dataset<Row> checkpointed) {
    if (checkpointed.queryExecution().logical() instanceof LogicalRDD plan && rdds.remove(plan.rdd())) {
      plan.rdd().unpersist(false);
    }
  }

  void releaseAll() {
    rdds.forEach(rdd -> rdd.unpersist(false));
    rdds.clear();
  }
}
