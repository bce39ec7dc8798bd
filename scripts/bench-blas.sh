#!/usr/bin/env bash
# Native BLAS against netlib's Java BLAS (BENCHMARKS.md, "Native BLAS"): bench-join.sh's self-joins
# (exact and ivf, top-10, SIZE rows, default 100,000), run alternately with the native library and
# with the Java fallback, ROUNDS times (default 1). The Java runs name a library no machine has
# (-Ddev.ludovic.netlib.blas.nativeLib), which is what a machine without libblas.so.3 gets.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/target/bench/blas
mkdir -p "$work"
"$root/scripts/native-blas.sh"
for round in $(seq 1 "${ROUNDS:-1}"); do
  for blas in native java; do
    opts=""
    [ "$blas" = java ] && opts="-Ddev.ludovic.netlib.blas.nativeLib=libno-such-blas.so.3"
    JAVA_OPTS="$opts ${JAVA_OPTS:-}" "$root/scripts/bench-join.sh" --sizes "${SIZE:-100000}" --methods exact,ivf \
      >/dev/null 2>"$work/$blas-$round.log"
    cp "$root/target/bench/bench-join.json" "$work/$blas-$round.json"
  done
done
echo "| round | BLAS | exact seconds | ivf seconds |"
echo "| ---: | --- | ---: | ---: |"
for round in $(seq 1 "${ROUNDS:-1}"); do
  for blas in native java; do
    jq -r --arg r "$round" --arg b "$blas" '.sizes[] | "| \($r) | \($b) | \(.exact.seconds) | \(.ivf.seconds) |"' "$work/$blas-$round.json"
  done
done
