/**
 * The embedding stage as Spark runs it: {@link dev.sparkembed.spark.EmbedPartitionFunction} embeds
 * a partition window by window on the device Spark gave the task ({@link
 * dev.sparkembed.spark.TaskDevices}) and appends {@link dev.sparkembed.spark.EmbedColumns}; the
 * embed job and the ML stage {@link dev.sparkembed.spark.SentenceEmbedder} both call it, so a
 * notebook batches exactly as the job does. {@link dev.sparkembed.spark.JavaExpression} is
 * the base of the Catalyst expressions written in Java, which read Spark's internal formats
 * without boxing and take their children's values from generated code. What differs between Spark lines lives here too, in as little code as possible:
 * {@link dev.sparkembed.spark.CatalystAccess} (one source per Spark major version, under
 * {@code udfs/src/spark-N}) and {@code CatalystExpression} (one per Scala version, under
 * {@code udfs/src/scala-V}); {@link dev.sparkembed.spark.ScalaCollections} serves both Scala versions.
 */
package dev.sparkembed.spark;
