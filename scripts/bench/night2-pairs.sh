#!/usr/bin/env bash
# Night 2 of scripts/bench-nightly.sh, two builds side by side: each round runs night 2 once per
# build, alternating, each on a fresh copy of night 1's table (BENCHMARKS.md, "Nightly runs").
#   scripts/bench/night2-pairs.sh OLD_ROOT NEW_ROOT [ROUNDS]      ROUNDS default 4
# Needs target/bench/nightly from scripts/bench-nightly.sh into Delta, the default (night2.jsonl, table,
# delta-night1.json).
# Each ROOT is a checkout with its jars built, e.g.
#   git worktree add /work/old <commit> && (cd /work/old && mvn -B -q install -DskipTests)
# A build's first local run records its class archive; one untimed --help per build does that first.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
nightly=$root/target/bench/nightly
old=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
rounds=${3:-4}
work=$root/target/bench/night2-pairs
rm -rf "$work" && mkdir -p "$work"

# Night 1's table: a copy whose log ends at night 1's last commit. Later commits' data files stay
# in the folder, unreferenced, as after any Delta commit that removes files.
version=$(jq -e .table_version "$nightly/delta-night1.json")
cp -r "$nightly/table" "$work/night1"
for f in "$work/night1/_delta_log/"[0-9]*.json; do
  name=$(basename "$f" .json)
  if [ "$((10#$name))" -gt "$version" ]; then
    rm -f "$work/night1/_delta_log/$name".* "$work/night1/_delta_log/.$name".*
  fi
done

for build in "$old" "$new"; do
  SPARK_EMBED_SKIP_BUILD=1 "$build/scripts/spark-embed" --help > /dev/null 2>&1
done
for round in $(seq 1 "$rounds"); do
  for side in old new; do
    build=$old
    [ "$side" = new ] && build=$new
    rm -rf "$work/table" && cp -r "$work/night1" "$work/table"
    t0=$(date +%s.%N)
    SPARK_EMBED_SKIP_BUILD=1 "$build/scripts/spark-embed" embed --progress-seconds 0 --input "$nightly/night2.jsonl" \
      --output "$work/table" --output-format delta --mode merge --delete-missing > "$work/summary.json" 2> "$work/log"
    t1=$(date +%s.%N)
    # "phases: open table and input 7.8 s, compare 6.7 s, embed and commit 14.9 s (1 commits), ..."
    phases=$(grep -o 'phases: .*' "$work/log" | sed 's/ (.*)//' | grep -oE '[0-9]+(\.[0-9]+)? s' | tr -d ' s' | paste -sd, -)
    jq -c --arg side "$side" --argjson round "$round" --argjson wall "$(echo "$t1 - $t0" | bc)" \
      --argjson phases "[$phases]" \
      '{side: $side, round: $round, wall_seconds: $wall, seconds, embedded, commits,
        open: $phases[0], compare: $phases[1], embed_and_commit: $phases[2]}' "$work/summary.json" \
      | tee -a "$work/results.jsonl"
  done
done

jq -rs '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r2: . * 100 | round / 100;
  (map(select(.side == "old")) | sort_by(.round)) as $o | (map(select(.side == "new")) | sort_by(.round)) as $n
  | ["wall_seconds", "seconds", "open", "compare", "embed_and_commit"][] as $k
  | "\($k): old median \([$o[][$k]] | median | r2), new median \([$n[][$k]] | median | r2); new - old by round \([range(0; $o | length) | ($n[.][$k] - $o[.][$k]) | r2])"
' "$work/results.jsonl"
