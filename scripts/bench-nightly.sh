#!/usr/bin/env bash
# Nightly incremental embedding into a Delta table (BENCHMARKS.md, "Nightly runs").
#   scripts/bench-nightly.sh [ROWS]   default 200000: the first ROWS lines of ../shared/corpora/scale_sentences
#   NIGHTLY_PARQUET=0 scripts/bench-nightly.sh 400000   the table runs only
#   NIGHTLY_FORMAT=iceberg scripts/bench-nightly.sh     into an Iceberg table (a Hadoop catalog under the work
#                                                       folder) instead of a Delta table
# Night 1 embeds every row into a fresh Delta (or Iceberg) table (--mode merge); night 2 changes 1% of the texts,
# deletes 0.5% of the ids and adds 1% new rows (--mode merge --delete-missing); night 2 runs twice
# (the second has nothing to do). A plain Parquet embed of night 1's rows, in the same session of
# runs, measures what merge adds on night 1. Each run is one scripts/spark-embed process; wall
# seconds include its JVM and Spark start.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
rows=${1:-200000}
work=$root/target/bench/nightly
format=${NIGHTLY_FORMAT:-delta}
case $format in
  delta) table=(--output "$work/table" --output-format delta) ;;
  iceberg) table=(--output bench.db.documents --output-format iceberg --summary-dir "$work/iceberg-state"
    --conf spark.sql.catalog.bench=org.apache.iceberg.spark.SparkCatalog --conf spark.sql.catalog.bench.type=hadoop
    --conf "spark.sql.catalog.bench.warehouse=$work/warehouse") ;;
  *) echo "NIGHTLY_FORMAT must be delta or iceberg, got $format" >&2; exit 2 ;;
esac
rm -rf "$work" && mkdir -p "$work"
new=$((rows / 100))

(xzcat "$corpora/scale_sentences.jsonl.xz" || true) | head -n $((rows + new)) | jq -c "{id, text}" > "$work/all.jsonl"
head -n "$rows" "$work/all.jsonl" > "$work/night1.jsonl"
# Night 2: every 100th row edited, every 200th (offset 50) gone, 1% new rows appended.
awk -v rows="$rows" 'NR <= rows && NR % 200 == 50 { next }
  NR <= rows && NR % 100 == 0 { sub(/"}$/, " (revised)\"}") }
  { print }' "$work/all.jsonl" > "$work/night2.jsonl"

run() { # name, then spark-embed arguments
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$root/scripts/spark-embed" embed --progress-seconds 0 "$@" > "$work/$name.json"
  t1=$(date +%s.%N)
  jq -c --arg name "$name" --argjson wall "$(echo "$t1 - $t0" | bc)" '{run: $name, wall_seconds: $wall} + .' "$work/$name.json" \
    | tee -a "$work/results.jsonl"
}

export SPARK_EMBED_SKIP_BUILD=${SPARK_EMBED_SKIP_BUILD:-0}
"$root/scripts/spark-embed" --help > /dev/null # builds once, outside the timings
export SPARK_EMBED_SKIP_BUILD=1
if [ "${NIGHTLY_PARQUET:-1}" = 1 ]; then # NIGHTLY_PARQUET=0 skips the Parquet baseline
  run parquet-night1 --input "$work/night1.jsonl" --output "$work/parquet" --mode overwrite
fi
run "$format-night1" --input "$work/night1.jsonl" "${table[@]}" --mode merge
run "$format-night2" --input "$work/night2.jsonl" "${table[@]}" --mode merge --delete-missing
run "$format-night2-again" --input "$work/night2.jsonl" "${table[@]}" --mode merge --delete-missing

jq -rs --arg f "$format" '
  (map({(.run): .}) | add) as $r
  | "night 1 (merge into a new \($f) table): \($r[$f + "-night1"].wall_seconds | . * 10 | round / 10) s wall, job \($r[$f + "-night1"].seconds) s",
    "night 2 (1% changed, 0.5% deleted, 1% new): \($r[$f + "-night2"].wall_seconds | . * 10 | round / 10) s wall, job \($r[$f + "-night2"].seconds) s; embedded \($r[$f + "-night2"].embedded), commits \($r[$f + "-night2"].commits)",
    "night 2 / night 1, wall: \($r[$f + "-night2"].wall_seconds / $r[$f + "-night1"].wall_seconds * 1000 | round / 1000); job seconds: \($r[$f + "-night2"].seconds / $r[$f + "-night1"].seconds * 1000 | round / 1000)",
    "night 2 again: \($r[$f + "-night2-again"].wall_seconds | . * 10 | round / 10) s wall, embedded \($r[$f + "-night2-again"].embedded), commits \($r[$f + "-night2-again"].commits)",
    (if $r["parquet-night1"] then
      "night 1 merge / plain Parquet embed, wall: \($r[$f + "-night1"].wall_seconds / $r["parquet-night1"].wall_seconds * 1000 | round / 1000) (\($r["parquet-night1"].wall_seconds | . * 10 | round / 10) s)"
     else empty end)
' "$work/results.jsonl"
