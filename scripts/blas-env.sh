# Sourced by scripts/spark-embed and scripts/bench/jshell.sh: the environment native BLAS runs in.
# Spark already runs one task per core; a multi-threaded BLAS inside each task would oversubscribe.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
# OpenBLAS picks its kernels by CPU model, and the version Debian 12 ships (0.3.21) does not know
# Intel's models after Sapphire Rapids (Emerald and Granite Rapids): it falls back to its SSE3
# (Prescott) kernels, about 4x slower for the joins' matrix products (BENCHMARKS.md, "OpenBLAS on
# newer Intel CPUs"). Every Intel CPU with AVX512-BF16 runs the Cooper Lake kernels, which it knows.
# An OPENBLAS_CORETYPE already set, even empty, is left alone. (SPARK_EMBED_CPUINFO: for tests.)
cpuinfo=${SPARK_EMBED_CPUINFO:-/proc/cpuinfo}
if [ -z "${OPENBLAS_CORETYPE+set}" ] && [ -r "$cpuinfo" ] && grep -q -m1 GenuineIntel "$cpuinfo" &&
    grep -q -m1 -w avx512_bf16 "$cpuinfo"; then
  export OPENBLAS_CORETYPE=COOPERLAKE
fi
