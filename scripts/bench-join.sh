#!/usr/bin/env bash
# Similarity join benchmark: exact vs ivf vs lsh self-joins (top-10) on real embeddings of the
# first 100,000 lines of ../shared/corpora/scale_sentences.jsonl.xz, embedded once and cached in
# target/bench/join. Results: target/bench/bench-join.json and the table on stderr.
# Usage: scripts/bench-join.sh [--sizes 20000,100000] [--methods exact,ivf,lsh] ...
# --methods also takes exact-both-ways: the exact self-join as it ran before block pairs were scored
# once, timed beside exact and its output compared with exact's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
work=$root/target/bench/join
mkdir -p "$work"
"$root/scripts/native-blas.sh"
if [ ! -f "$work/emb-all/_summary.json" ]; then
  { xzcat "$corpora/scale_sentences.jsonl.xz" | head -n 100000 > "$work/scale_sentences-100000.jsonl"; } || true  # head ends the pipe early
  "$root/scripts/spark-embed" embed --input "$work/scale_sentences-100000.jsonl" --output "$work/emb-all" --mode overwrite
fi
export SPARK_EMBED_DRIVER_MEMORY=${SPARK_EMBED_DRIVER_MEMORY:-4g}
exec "$root/scripts/spark-embed" bench-join --embeddings "$work/emb-all" --work "$work" --out "$root/target/bench/bench-join.json" "$@"
