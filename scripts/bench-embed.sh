#!/usr/bin/env bash
# Embedding throughput, side by side in one run: (a) engine ceiling, (b) embed job, (c) naive UDF;
# plus int8 fidelity. Corpora come from ../shared/corpora (see its README):
#   - scale_sentences: the first 20,000 lines (short sentences)
#   - brown_paragraphs: every 4th line, 3,917 paragraphs from all 15 genres (long, varied)
# Results: target/bench/bench-embed.json and the table on stderr. Usage: scripts/bench-embed.sh [extra flags]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
bench=$root/target/bench
mkdir -p "$bench"
[ -f "$bench/scale_sentences-20000.jsonl" ] || { xzcat "$corpora/scale_sentences.jsonl.xz" | head -n 20000 > "$bench/scale_sentences-20000.jsonl"; } || true  # head ends the pipe early
[ -f "$bench/brown_paragraphs-every4th.jsonl" ] || xzcat "$corpora/brown_paragraphs.jsonl.xz" | awk 'NR % 4 == 1' > "$bench/brown_paragraphs-every4th.jsonl"
exec "$root/scripts/spark-embed" bench-embed \
  --corpus "scale_sentences=$bench/scale_sentences-20000.jsonl" \
  --corpus "brown_paragraphs=$bench/brown_paragraphs-every4th.jsonl" \
  --work "$bench/work" --out "$bench/bench-embed.json" "$@"
