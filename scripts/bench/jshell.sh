#!/usr/bin/env bash
# Runs a jshell script on the project's classpath with Spark's JVM flags: scripts/bench/jshell.sh
# SCRIPT.jsh [-R-Dname=value ...]. Needs `mvn install` (jobs/target/launcher and the jobs jar).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script=$1
shift
launcher=$root/jobs/target/launcher
jar=$(ls "$root"/jobs/target/spark-embed-jobs-*.jar | grep -v -- '-all.jar' | head -1)
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck source=scripts/blas-env.sh
. "$root/scripts/blas-env.sh"
# Flags go to jshell's execution JVM (-R), which runs the script; one flag per word.
# shellcheck disable=SC2046
exec jshell --class-path "$jar:$(cat "$launcher/classpath.txt")" $(sed 's/\(\S\+\)/-R\1/g' "$launcher/jvm-options.txt") \
  "$@" "$script"
