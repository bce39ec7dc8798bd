#!/usr/bin/env bash
# spark-submit to a standalone cluster (client mode: the driver runs here and prints the summary).
# Needs SPARK_HOME (Spark 4.1, Scala 2.13) and the shaded jar: mvn -DskipTests package.
# scripts/spark-embed does the same when SPARK_HOME is set:
#   scripts/spark-embed embed --master spark://master:7077 --input ... --output ...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

"$SPARK_HOME/bin/spark-submit" \
  --master spark://master.example.com:7077 \
  --deploy-mode client \
  --properties-file "$root/conf/spark-defaults.conf.example" \
  --class dev.sparkembed.cli.SparkEmbedCli \
  "$root"/jobs/target/spark-embed-jobs-*-all.jar \
  pipeline --config "$root/conf/pipeline.json" --output hdfs:///data/embeddings/nightly --mode overwrite
