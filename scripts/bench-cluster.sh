#!/usr/bin/env bash
# Clustering quality on real labelled text: all 15,667 Brown corpus paragraphs (15 genres) from
# ../shared/corpora, embedded with the default model, clustered with k = 15; NMI/ARI/purity of the
# embedding clustering next to the TF-IDF + KMeans baseline, from the same run.
# With --scale EMBEDDINGS CORPUS.jsonl it also clusters a large embed output with k = 100
# (driver/executor heap 4 GB) and records the time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
work=$root/target/bench/cluster
mkdir -p "$work"
"$root/scripts/native-blas.sh"
if [ ! -f "$work/brown-emb/_summary.json" ]; then
  xzcat "$corpora/brown_paragraphs.jsonl.xz" > "$work/brown_paragraphs.jsonl"
  "$root/scripts/spark-embed" embed --input "$work/brown_paragraphs.jsonl" --output "$work/brown-emb" \
    --keep-cols text,label --mode overwrite
fi
"$root/scripts/spark-embed" cluster --input "$work/brown-emb" --k 15 --label-col label \
  --output "$work/brown-clusters" --report "$work/brown-report.html" --mode overwrite
if [ "${1:-}" = "--scale" ]; then
  SPARK_EMBED_DRIVER_MEMORY=4g /usr/bin/time -v "$root/scripts/spark-embed" cluster --input "$2" --text "$3" --k 100 \
    --output "$work/scale-clusters" --mode overwrite 2> "$work/scale-clusters.time"
  grep -E 'Elapsed|Maximum resident' "$work/scale-clusters.time" >&2
fi
