#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need (Debian's chromium for the
# HTML report test), runs unit and integration tests with Maven, then the notebook walkthrough
# (examples/notebook.jsh in jshell against the jars the build just made), then the smoke runs of
# the other Spark lines (scripts/smoke.sh spark-3.5 spark-4.0 spark-4.2: embed -> join -> cluster
# through each line's spark-submit on every third text of the sample, checked against the default
# line's outputs).
set -euo pipefail
cd "$(dirname "$0")/.."
export SPARK_LOCAL_IP=127.0.0.1
scripts/install-chromium.sh
mvn -B -ntp verify "$@"
scripts/notebook.sh
SMOKE_SAMPLE_EVERY=3 scripts/smoke.sh spark-3.5 spark-4.0 spark-4.2
