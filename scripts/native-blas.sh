#!/usr/bin/env bash
# Installs OpenBLAS (Debian package libopenblas0-pthread) so that the netlib BLAS shipped with
# Spark MLlib uses native code for similarity joins. Without it, joins still run, on the Java
# Vector API BLAS (slower). Used by the benchmark scripts; safe to run again.
set -euo pipefail
if ldconfig -p | grep -q 'libblas.so.3'; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "native-blas: no libblas.so.3; install OpenBLAS (e.g. apt-get install libopenblas0-pthread) for faster joins" >&2
  exit 0
fi
echo "native-blas: installing libopenblas0-pthread" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >/dev/null
