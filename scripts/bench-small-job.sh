#!/usr/bin/env bash
# The fixed cost of a small job: scripts/spark-embed embed on the first 5,000 lines of
# scale_sentences (short sentences), process start to exit, against the same job run warm in one JVM
# (spark-embed bench-small-job: an unmeasured run, then 3 measured). Cold runs alternate with the
# class archive (the default) and without it (SPARK_EMBED_CLASS_ARCHIVE=0). Prints each run and
# the ratios of the medians.
# Usage: scripts/bench-small-job.sh [--rounds N] [--input FILE.jsonl]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
bench=$root/target/bench
mkdir -p "$bench"
rounds=3
input=$bench/scale_sentences-5000.jsonl
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --input) input=$2; shift 2 ;;
    *) echo "bench-small-job.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$input" ] || { xzcat "$corpora/scale_sentences.jsonl.xz" | head -n 5000 > "$input"; } || true  # head ends the pipe early

# Build, and record the class archive, before anything is timed.
"$root/scripts/spark-embed" --version > /dev/null
export SPARK_EMBED_SKIP_BUILD=1

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
cold() { # $1: 1 with the class archive, 0 without; prints seconds, process start to exit
  local start end
  rm -rf "$bench/work-small-job/cold"
  start=$(date +%s%N)
  SPARK_EMBED_CLASS_ARCHIVE=$1 "$root/scripts/spark-embed" embed --input "$input" \
    --output "$bench/work-small-job/cold" --progress-seconds 0 > /dev/null 2> "$bench/work-small-job-cold.log"
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) / 1e9 }'
}
mkdir -p "$bench/work-small-job"
with=() without=()
for round in $(seq "$rounds"); do
  with+=("$(cold 1)")
  without+=("$(cold 0)")
  echo "round $round: cold with class archive ${with[-1]} s, without ${without[-1]} s" >&2
done
warm=$("$root/scripts/spark-embed" bench-small-job --input "$input" --rounds "$rounds" --work "$bench/work-small-job" \
  | sed -n 's/^warm median: //p')
w=$(printf '%s\n' "${with[@]}" | median)
wo=$(printf '%s\n' "${without[@]}" | median)
echo "input: $input ($(wc -l < "$input") lines)"
echo "cold, class archive (median of $rounds): $w s"
echo "cold, no class archive (median of $rounds): $wo s"
echo "warm job in one JVM (median of $rounds): $warm s"
awk -v w="$w" -v wo="$wo" -v warm="$warm" \
  'BEGIN { printf "cold/warm with archive: %.2f   without: %.2f   (target <= 1.6)\n", w / warm, wo / warm }'
