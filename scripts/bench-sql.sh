#!/usr/bin/env bash
# The SQL functions against the embed job, side by side in one session, on bench-embed's corpora:
#   - scale_sentences: the first 20,000 lines (short sentences)
#   - brown_paragraphs: every 4th line, 3,917 paragraphs (long)
# embed_table written to Parquet vs the job (alternating rounds), embed(text) row at a time once,
# then semantic_search over 100,000 embeddings. Results: target/bench/bench-sql.json and stderr.
# Usage: scripts/bench-sql.sh [--rounds N] [extra flags]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
bench=$root/target/bench
mkdir -p "$bench"
[ -f "$bench/scale_sentences-20000.jsonl" ] || { xzcat "$corpora/scale_sentences.jsonl.xz" | head -n 20000 > "$bench/scale_sentences-20000.jsonl"; } || true  # head ends the pipe early
[ -f "$bench/brown_paragraphs-every4th.jsonl" ] || xzcat "$corpora/brown_paragraphs.jsonl.xz" | awk 'NR % 4 == 1' > "$bench/brown_paragraphs-every4th.jsonl"
exec "$root/scripts/spark-embed" bench-sql \
  --corpus "scale_sentences=$bench/scale_sentences-20000.jsonl" \
  --corpus "brown_paragraphs=$bench/brown_paragraphs-every4th.jsonl" \
  --work "$bench/work-sql" --out "$bench/bench-sql.json" "$@"
