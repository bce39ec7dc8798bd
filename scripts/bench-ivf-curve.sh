#!/usr/bin/env bash
# Recall@10 vs. probes for IVF quantisers of 316, 632 and 1000 lists on 100k real embeddings,
# 1,000 sampled queries, all on the driver (no Spark stages): how the IVF defaults were chosen.
# Needs the embeddings that scripts/bench-join.sh caches (target/bench/join/emb-100000).
# CURVES="lists:sampleRows:iterations:probes,probes;..." picks other quantisers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
embeddings=${1:-$root/target/bench/join/emb-100000}
launcher=$root/jobs/target/launcher
jar=$(ls "$root"/jobs/target/spark-embed-jobs-*.jar | grep -v -- '-all.jar' | head -1)
export OPENBLAS_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1
# Flags go to jshell's execution JVM (-R), which runs the script; one flag per word.
jshell --class-path "$jar:$(cat "$launcher/classpath.txt")" $(sed 's/\(\S\+\)/-R\1/g' "$launcher/jvm-options.txt") \
  -R-Xmx6g -R-Dembeddings="$embeddings" ${CURVES:+-R-Dcurves="$CURVES"} "$root/scripts/bench/ivf-recall-curve.jsh" 2>&1 | grep '^lists'
