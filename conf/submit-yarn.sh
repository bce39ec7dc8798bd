#!/usr/bin/env bash
# The pipeline (embed -> join -> cluster -> report) submitted to YARN in cluster mode. The driver runs
# in the cluster, so every path (input, output, report, a model of your own) must be one the cluster
# can read: HDFS or an object store; the config file travels with the job (--files).
# YarnClusterIT runs this script as it is against a real HDFS and YARN (Hadoop's minicluster), with
# the variables below set to fit its small nodes.
#
# Needs: SPARK_HOME, a Spark distribution with YARN support; HADOOP_CONF_DIR, the cluster's client
# configuration. The cluster-specific parts, with their defaults:
#   CONFIG=conf/pipeline.json          the pipeline config (its "input" and "model" as the cluster sees them)
#   OUTPUT=hdfs:///data/embeddings/nightly
#   QUEUE=embeddings  EXECUTORS=20  EXECUTOR_CORES=4  EXECUTOR_MEMORY=4g  DRIVER_MEMORY=4g
#   SUBMIT_ARGS=                       more spark-submit options, e.g. "--conf spark.yarn.archive=hdfs:///spark/jars.zip"
#   APP_JAR=                           default: the application jar built for SPARK_HOME's Spark line
# A model of your own: put its folder, or a .tar.gz of it with a .sha256 beside it, on HDFS and set
# "model": "hdfs:///models/my-model.tar.gz" in the config; each executor copies it once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${SPARK_HOME:?set SPARK_HOME to a Spark distribution with YARN support}"
: "${HADOOP_CONF_DIR:?set HADOOP_CONF_DIR to the Hadoop client configuration of the cluster}"
config=${CONFIG:-$root/conf/pipeline.json}

if [ -z "${APP_JAR:-}" ]; then
  # The jar of SPARK_HOME's line: the default build's, or target/spark-<line>/ of a -Pspark-<line> build.
  core=$(ls "$SPARK_HOME"/jars/spark-core_*.jar | head -1)
  line=$(basename "$core" .jar | sed -n 's/^spark-core_[0-9.]*-\([0-9]*\.[0-9]*\).*/\1/p')
  build_line=$(sed -n '/<spark.line>/{s/.*<spark.line>\(.*\)<\/spark.line>.*/\1/p;q}' "$root/pom.xml")
  if [ "$line" = "$build_line" ]; then
    APP_JAR=$(ls "$root"/jobs/target/spark-embed-jobs-*-all.jar 2>/dev/null | head -1 || true)
  else
    APP_JAR=$(ls "$root"/jobs/target/spark-"$line"/spark-embed-jobs-*-spark"$line"-all.jar 2>/dev/null | head -1 || true)
  fi
  [ -n "$APP_JAR" ] || { echo "submit-yarn.sh: no application jar for Spark $line; build it: mvn -Pspark-$line -DskipTests package" >&2; exit 2; }
fi

# shellcheck disable=SC2086 # SUBMIT_ARGS holds one option per word
"$SPARK_HOME/bin/spark-submit" \
  --master yarn \
  --deploy-mode cluster \
  --queue "${QUEUE:-embeddings}" \
  --num-executors "${EXECUTORS:-20}" \
  --executor-cores "${EXECUTOR_CORES:-4}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" \
  --driver-memory "${DRIVER_MEMORY:-4g}" \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  ${SUBMIT_ARGS:-} \
  --files "$config" \
  --class dev.sparkembed.cli.SparkEmbedCli \
  "$APP_JAR" \
  pipeline --config "$(basename "$config")" --output "${OUTPUT:-hdfs:///data/embeddings/nightly}" --mode overwrite
