#!/usr/bin/env bash
# Prints a SPARK_HOME made of the Maven-resolved Spark jars (symlinks in jars/), building it on
# first use or when scripts/local-cluster/pom.xml changes. Used to run spark-submit and a standalone
# cluster on a machine without a Spark tarball.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
home=$root/target/spark-home
pom=$root/scripts/local-cluster/pom.xml

if [ ! -f "$home/classpath.txt" ] || [ "$pom" -nt "$home/classpath.txt" ] || [ "$root/pom.xml" -nt "$home/classpath.txt" ]; then
  rm -rf "$home"
  mkdir -p "$home/jars" "$home/conf"
  mvn -q -B -Dstyle.color=never -f "$pom" dependency:build-classpath -Dmdep.outputFile="$home/classpath.tmp" >&2
  tr ':' '\n' <"$home/classpath.tmp" | while read -r jar; do ln -s "$jar" "$home/jars/"; done
  mv "$home/classpath.tmp" "$home/classpath.txt"
fi
echo "$home"
