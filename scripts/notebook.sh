#!/usr/bin/env bash
# Runs examples/notebook.jsh cell by cell in jshell with the project's jars (the launcher's
# classpath, as scripts/spark-embed uses it), from the project root. Fails when a cell throws or
# does not compile (jshell itself carries on), or when the last cell was not reached.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
launcher=jobs/target/launcher
jar=$(ls jobs/target/spark-embed-jobs-*.jar 2>/dev/null | grep -v -- '-all.jar' | head -1 || true)
if [ -z "$jar" ] || [ ! -f "$launcher/classpath.txt" ]; then
  echo "notebook: build first (mvn -DskipTests install, or scripts/spark-embed --help)" >&2
  exit 2
fi
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
remote=(-R-Xmx3g -R-Xss4m "-R-Dlog4j2.configurationFile=$root/conf/log4j2.properties")
# NOTEBOOK_JAVA_OPTS: more options for the JVM that runs the cells (scripts/test.sh: C1 only, see there).
for option in $(cat "$launcher/jvm-options.txt") ${NOTEBOOK_JAVA_OPTS:-}; do
  remote+=("-R$option")
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
jshell --feedback concise --class-path "$jar:$(cat "$launcher/classpath.txt")" "${remote[@]}" \
  "${1:-examples/notebook.jsh}" 2>&1 | tee "$log"
# jshell's concise feedback: "Error:" before a compile error, "Exception ..." for a thrown one.
if grep -qE '^(\|  )?(Error:|Exception |Caused by)' "$log"; then
  echo "notebook: a cell failed (see above)" >&2
  exit 1
fi
grep -q '^notebook: all cells ran' "$log" || { echo "notebook: the last cell was not reached" >&2; exit 1; }
