#!/usr/bin/env bash
# Builds Spark lines' application jars and runs embed -> join -> cluster (a pipeline) on the bundled
# sample through each Spark's own spark-submit (a SPARK_HOME of Maven-resolved jars, scripts/spark-home.sh),
# then checks the outputs against the default line's, made the same way: embeddings within 1e-6,
# identical top-k, the asked number of clusters. Prints each run's seconds.
#   scripts/smoke.sh PROFILE...   (spark-3.5, spark-4.0, spark-4.1, spark-4.2; one comparison pass for all)
# SMOKE_SAMPLE_EVERY=N runs on every Nth line of the sample instead of all 1,050 (scripts/test.sh: 3).
# SMOKE_JAVA_OPTS: JVM options for the runs' drivers and the comparison's JVM (scripts/test.sh: C1 only).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ $# -gt 0 ] || { echo "usage: scripts/smoke.sh spark-3.5|spark-4.0|spark-4.1|spark-4.2..." >&2; exit 2; }
for profile in "$@"; do
  grep -q "<id>$profile</id>" pom.xml || [ "${profile#spark-}" = "$(sed -n '/<spark.line>/{s/.*<spark.line>\(.*\)<\/spark.line>.*/\1/p;q}' pom.xml)" ] || {
    echo "smoke: no profile $profile in pom.xml" >&2; exit 2; }
done
default_line=$(sed -n '/<spark.line>/{s/.*<spark.line>\(.*\)<\/spark.line>.*/\1/p;q}' pom.xml)
version_of() { # the Spark version a profile (none: the default) builds against, read from pom.xml
  if [ -z "$1" ]; then
    sed -n '/<spark.version>/{s/.*<spark.version>\(.*\)<\/spark.version>.*/\1/p;q}' pom.xml
  else
    awk -v id="<id>$1</id>" 'index($0, id) { on = 1 } on && /<spark.version>/ { gsub(/.*<spark.version>|<\/spark.version>.*/, ""); print; exit }' pom.xml
  fi
}
export SPARK_LOCAL_IP=127.0.0.1 SPARK_EMBED_DRIVER_MEMORY=${SPARK_EMBED_DRIVER_MEMORY:-2g}
out=$root/target/smoke
k=4
every=${SMOKE_SAMPLE_EVERY:-1}
[[ "$every" =~ ^[1-9][0-9]*$ ]] || { echo "smoke: SMOKE_SAMPLE_EVERY must be a positive whole number, not '$every'" >&2; exit 2; }
input=data/sample/corpus.jsonl
tag=
if [ "$every" != 1 ]; then
  tag=-every-$every
  input=$out/sample$tag.jsonl
  mkdir -p "$out"
  awk -v n="$every" '(NR - 1) % n == 0' data/sample/corpus.jsonl > "$input.tmp" && mv "$input.tmp" "$input"
fi

# One line's run: SPARK_HOME of that version, the jar scripts/spark-embed picks for it; the three
# steps as one pipeline application (one JVM and SparkContext start instead of three).
run_line() { # $1 line, $2 Spark version, $3 output folder
  local home start
  if [ "$2" = "$default_version" ]; then home=$(scripts/spark-home.sh); else home=$(scripts/spark-home.sh --spark-version "$2"); fi
  rm -rf "$3"
  cat > "$3.config.json" <<JSON
{"output": "$3", "mode": "overwrite", "master": "local[2]",
 "embed": {"input": "$input", "keep-cols": ["text"], "progress-seconds": 0},
 "join": {"k": 5, "method": "exact"},
 "cluster": {"k": "$k", "map": "pca"}}
JSON
  start=$(date +%s)
  JAVA_OPTS=${SMOKE_JAVA_OPTS:-} SPARK_HOME=$home SPARK_EMBED_SKIP_BUILD=1 scripts/spark-embed pipeline --config "$3.config.json" > "$3.json" 2> "$3.log" ||
    { echo "smoke: Spark $1 pipeline failed:" >&2; tail -5 "$3.log" >&2; exit 1; }
  echo "smoke: Spark $1 ($2) embed -> join -> cluster: $(( $(date +%s) - start )) s ($(step_seconds "$3.json"))" >&2
  grep -q "Running Spark version $2" "$3.log" || { echo "smoke: the run did not run on Spark $2" >&2; exit 1; }
}
step_seconds() { # the pipeline summary's seconds for embed and join (the cluster step's holds nested objects)
  for step in embed join; do
    printf '%s %s s%s' "$step" "$(sed -n "s/.*\"$step\":{[^}]*\"seconds\":\([0-9.]*\).*/\1/p" "$1")" "$([ $step = join ] || echo ', ')"
  done
}
rows_per_second() { sed -n 's/.*"embed":{[^}]*"rows_per_second":\([0-9.]*\).*/\1/p' "$1"; }

# The default line's jar (built when stale, as any scripts/spark-embed run does) and outputs are the reference.
SPARK_EMBED_CLASS_ARCHIVE=0 scripts/spark-embed --version > /dev/null
default_version=$(version_of "")
line_job() { # $1 profile: its jar built unless newer than every source (YarnClusterIT may have built the 4.0 jar), then its run
  local profile=$1 line=${1#spark-} jar
  jar=$(ls jobs/target/"$profile"/spark-embed-jobs-*-spark"$line"-all.jar 2>/dev/null | head -1 || true)
  if [ -z "$jar" ] || [ -n "$(find pom.xml udfs/pom.xml udfs/src jobs/pom.xml jobs/src/main -newer "$jar" -print -quit)" ]; then
    mvn -q -B -Dstyle.color=never -Dmaven.test.skip=true -P"$profile" package > "$out/$profile-build.log" 2>&1 ||
      { echo "smoke: building the $profile jar failed:" >&2; tail -20 "$out/$profile-build.log" >&2; exit 1; }
  fi
  run_line "$line" "$(version_of "$profile")" "$out/$profile$tag"
}
# SMOKE_JOBS=N runs up to N of the reference and the lines' builds and runs at once (each profile
# builds into its own target folder); scripts/test.sh runs two, which finished sooner here than one
# at a time (README, test time). The per-line rows/s ratios below are then not comparable.
max_jobs=${SMOKE_JOBS:-1}
[[ "$max_jobs" =~ ^[1-9][0-9]*$ ]] || { echo "smoke: SMOKE_JOBS must be a positive whole number, not '$max_jobs'" >&2; exit 2; }
mkdir -p "$out"
job_pids=()
start_job() { # runs "$@" in the background once fewer than max_jobs run
  while [ "$(jobs -rp | wc -l)" -ge "$max_jobs" ]; do wait -n || true; done
  ( "$@" ) &
  job_pids+=($!)
}
if [ ! -f "$out/reference-$default_line$tag/clusters/assignments/_SUCCESS" ] ||
   [ -n "$(find jobs/target -maxdepth 1 -name '*-all.jar' -newer "$out/reference-$default_line$tag/clusters/assignments/_SUCCESS")" ]; then
  start_job run_line "$default_line" "$default_version" "$out/reference-$default_line$tag"
fi
candidates=()
lines=()
for profile in "$@"; do
  line=${profile#spark-}
  lines+=("$line")
  if [ "$line" = "$default_line" ]; then
    candidates+=("$out/reference-$default_line$tag")
  else
    start_job line_job "$profile"
    candidates+=("$out/$profile$tag")
  fi
done
failed=0
for pid in "${job_pids[@]}"; do # all waited for, so that no run outlives the script
  wait "$pid" || failed=1
done
[ "$failed" = 0 ] || { echo "smoke: a build or run failed (above)" >&2; exit 1; }
# One jshell and Spark session compares every line's outputs with the reference's.
remote_options=()
for option in ${SMOKE_JAVA_OPTS:-}; do
  remote_options+=("-R$option")
done
verdicts=$(scripts/bench/jshell.sh scripts/smoke/compare-lines.jsh "${remote_options[@]}" -R-Dreference="$out/reference-$default_line$tag" \
  -R-Dcandidates="$(IFS=,; echo "${candidates[*]}")" -R-Dlines="$(IFS=,; echo "${lines[*]}")" -R-Dk="$k" < /dev/null 2>&1 |
  grep '^smoke:' || true)
status=0
for i in "${!lines[@]}"; do
  line=${lines[$i]}
  verdict=$(grep "^smoke: Spark $line[: ]" <<< "$verdicts" || true)
  echo "${verdict:-smoke: Spark $line: the comparison printed nothing}"
  [ -n "$verdict" ] && [[ "$verdict" != *FAILED* ]] || status=1
  # One run each, JVM start excluded (the job's own rows_per_second): indicative only, and not even
  # that when runs overlapped.
  [ "$max_jobs" = 1 ] || continue
  awk -v rows="$(wc -l < "$input")" -v line="$line" -v a="$(rows_per_second "${candidates[$i]}.json")" -v d="$default_line" \
    -v b="$(rows_per_second "$out/reference-$default_line$tag.json")" \
    'BEGIN { printf "smoke: embed on %d texts: Spark %s %.1f rows/s, Spark %s %.1f rows/s, ratio %.2f\n", rows, line, a, d, b, a / b }'
done
exit $status
