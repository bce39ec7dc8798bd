#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need (Debian's chromium for the
# HTML report test), runs unit and integration tests with Maven, then the notebook walkthrough
# (examples/notebook.jsh in jshell against the jars the build just made) beside the smoke runs of
# the other Spark lines (scripts/smoke.sh spark-3.5 spark-4.0 spark-4.2: embed -> join -> cluster
# through each line's spark-submit on every third text of the sample, checked against the default
# line's outputs). The walkthrough and the smoke runs share only the built jars; side by side they
# finished sooner here than one after the other (README, test time).
set -euo pipefail
cd "$(dirname "$0")/.."
export SPARK_LOCAL_IP=127.0.0.1
scripts/install-chromium.sh
mvn -B -ntp verify "$@"
mkdir -p target
# Their JVMs live a minute or less: C1 alone compiles enough and leaves the cores to the work (the
# phase took 172 s against 270 s with the JVM's default compilers; README, test time).
fast_start=-XX:TieredStopAtLevel=1
NOTEBOOK_JAVA_OPTS=$fast_start scripts/notebook.sh > target/notebook.log 2>&1 &
notebook=$!
smoke_status=0
SMOKE_JAVA_OPTS=$fast_start SMOKE_JOBS=2 SMOKE_SAMPLE_EVERY=3 scripts/smoke.sh spark-3.5 spark-4.0 spark-4.2 || smoke_status=$?
notebook_status=0
wait "$notebook" || notebook_status=$?
cat target/notebook.log
[ "$notebook_status" = 0 ] || echo "test: the notebook walkthrough failed (exit $notebook_status)" >&2
[ "$smoke_status" = 0 ] || echo "test: the smoke runs failed (exit $smoke_status)" >&2
[ "$notebook_status" = 0 ] && [ "$smoke_status" = 0 ]
