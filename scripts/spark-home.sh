#!/usr/bin/env bash
# Prints a SPARK_HOME made of the Maven-resolved Spark jars (symlinks in jars/) and Spark's own
# launcher (bin/spark-submit, bin/spark-class: the same protocol as a Spark tarball's scripts),
# building it on first use or when scripts/local-cluster/pom.xml changes. Used to run spark-submit
# and a standalone cluster on a machine without a Spark tarball.
#   --spark-version V: another Spark release than the build's (its own folder, target/spark-home-V);
#     a 3.x release is Scala 2.12's build unless --scala-version says otherwise
#   --scala-version S: the Scala binary version of the Spark jars (2.12 or 2.13)
#   --mllib-version V: MLlib of another release (for patch releases published without MLlib)
#   --connect: with the Spark Connect server module (run its SparkConnectServer class)
#   --yarn: with Spark's YARN module (spark-submit --master yarn; HADOOP_CONF_DIR names the cluster)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
home=$root/target/spark-home
pom=$root/scripts/local-cluster/pom.xml
self=${BASH_SOURCE[0]}
mvn_args=()
scala=
while [ $# -gt 0 ]; do
  case "$1" in
    --spark-version) home=$home-$2; mvn_args+=("-Dspark.version=$2"); case "$2" in 3.*) scala=${scala:-2.12} ;; esac; shift 2 ;;
    --scala-version) scala=$2; shift 2 ;;
    --mllib-version) home=$home-mllib$2; mvn_args+=("-Dspark.mllib.version=$2"); shift 2 ;;
    --connect) home=$home-connect; mvn_args+=(-Pconnect); shift ;;
    --yarn) home=$home-yarn; mvn_args+=(-Pyarn); shift ;;
    *) echo "spark-home.sh: unknown option $1 (expected --spark-version V, --scala-version S, --mllib-version V, --connect, --yarn)" >&2; exit 2 ;;
  esac
done
if [ -n "$scala" ] && [ "$scala" != "$(sed -n '/<scala.binary.version>/{s/.*<scala.binary.version>\(.*\)<\/scala.binary.version>.*/\1/p;q}' "$root/pom.xml")" ]; then
  home=$home-scala$scala
  mvn_args+=("-Dscala.binary.version=$scala")
fi

# One builder at a time per folder: two commands started together may ask for the same one.
mkdir -p "$(dirname "$home")"
exec 9>"$home.lock"
flock 9
if [ ! -f "$home/classpath.txt" ] || [ "$pom" -nt "$home/classpath.txt" ] || [ "$root/pom.xml" -nt "$home/classpath.txt" ] ||
   [ "$self" -nt "$home/classpath.txt" ]; then
  rm -rf "$home"
  mkdir -p "$home/jars" "$home/conf" "$home/bin"
  mvn -q -B -Dstyle.color=never -f "$pom" "${mvn_args[@]}" dependency:build-classpath -Dmdep.outputFile="$home/classpath.tmp" >&2
  # The file ends without a newline: the last entry needs the -n test.
  tr ':' '\n' <"$home/classpath.tmp" | while read -r jar || [ -n "$jar" ]; do ln -s "$jar" "$home/jars/"; done
  # bin/spark-class: asks Spark's launcher (org.apache.spark.launcher.Main) for the java command,
  # which adds the JVM module flags, --driver-memory and the conf folder, then runs it.
  cat >"$home/bin/spark-class" <<'SH'
#!/usr/bin/env bash
set -euo pipefail
export SPARK_HOME=${SPARK_HOME:-$(cd "$(dirname "$0")/.." && pwd)}
scala_jar=$(ls "$SPARK_HOME"/jars/spark-core_*.jar | head -1)
scala_jar=${scala_jar##*/spark-core_}
export SPARK_SCALA_VERSION=${SPARK_SCALA_VERSION:-${scala_jar%%-*}}
# The launcher prints any messages, a NUL and a newline, then the command's words NUL-separated.
out=()
while IFS= read -d '' -r arg; do out+=("$arg"); done < <(java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
status=${out[${#out[@]}-1]}
[ -z "${out[0]}" ] || echo "${out[0]}" >&2
[ "$status" = 0 ] || exit "$status"
cmd=("${out[@]:1:${#out[@]}-2}")
cmd[0]=${cmd[0]#$'\n'}
exec "${cmd[@]}"
SH
  cat >"$home/bin/spark-submit" <<'SH'
#!/usr/bin/env bash
exec "$(dirname "$0")/spark-class" org.apache.spark.deploy.SparkSubmit "$@"
SH
  chmod +x "$home/bin/spark-class" "$home/bin/spark-submit"
  mv "$home/classpath.tmp" "$home/classpath.txt"
fi
echo "$home"
