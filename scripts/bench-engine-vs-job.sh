#!/usr/bin/env bash
# Issue #18's throughput comparison: (a') ONNX Runtime called directly on pre-tokenised texts, (a)
# the same through DJL, (b) the embed job end to end, in one JVM, on
#   - brown_paragraphs: all 15,667 paragraphs
#   - brown_man_mixed: those and the first 8,000 man_paragraphs, alternating line by line
# Results: target/bench/bench-engine-vs-job.json and the lines on stderr.
# Usage: scripts/bench-engine-vs-job.sh [extra bench-embed flags]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
bench=$root/target/bench
mkdir -p "$bench"
[ -f "$bench/brown_paragraphs-all.jsonl" ] || xzcat "$corpora/brown_paragraphs.jsonl.xz" > "$bench/brown_paragraphs-all.jsonl"
if [ ! -f "$bench/brown_man_mixed.jsonl" ]; then
  { xzcat "$corpora/man_paragraphs.jsonl.xz" | head -n 8000 > "$bench/man_paragraphs-8000.jsonl"; } || true  # head ends the pipe early
  paste -d '\n' "$bench/brown_paragraphs-all.jsonl" "$bench/man_paragraphs-8000.jsonl" | grep -v '^$' > "$bench/brown_man_mixed.jsonl"
fi
exec "$root/scripts/spark-embed" bench-embed --measure engine-vs-job \
  --corpus "brown_paragraphs=$bench/brown_paragraphs-all.jsonl" \
  --corpus "brown_man_mixed=$bench/brown_man_mixed.jsonl" \
  --work "$bench/work-engine-vs-job" --out "$bench/bench-engine-vs-job.json" "$@"
