#!/usr/bin/env bash
# spark-submit to YARN in cluster mode: the driver runs in the cluster, so every path (config,
# input, output, model folder) must be one the cluster can read: HDFS, S3, or shipped with --files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

"$SPARK_HOME/bin/spark-submit" \
  --master yarn \
  --deploy-mode cluster \
  --queue embeddings \
  --num-executors 20 \
  --executor-cores 4 \
  --executor-memory 4g \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  --files "$root/conf/pipeline.json" \
  --class dev.sparkembed.cli.SparkEmbedCli \
  "$root"/jobs/target/spark-embed-jobs-*-all.jar \
  pipeline --config pipeline.json --output hdfs:///data/embeddings/nightly --mode overwrite
# A model of your own: put its folder (or a .tar.gz of it, with a .sha256 beside it) on HDFS and
# set "model": "hdfs:///models/my-model.tar.gz" in pipeline.json; each executor copies it once.
