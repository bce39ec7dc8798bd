#!/usr/bin/env bash
# Recall@10 vs. probes for IVF quantisers of 316, 632 and 1000 lists on 100k real embeddings,
# 1,000 sampled queries, all on the driver (no Spark stages): how the IVF defaults were chosen.
# Needs the embeddings that scripts/bench-join.sh caches (target/bench/join/emb-100000).
# CURVES="lists:sampleRows:iterations:probes,probes;..." picks other quantisers.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
embeddings=${1:-$root/target/bench/join/emb-100000}
"$root/scripts/bench/jshell.sh" "$root/scripts/bench/ivf-recall-curve.jsh" -R-Xmx6g -R-Dembeddings="$embeddings" \
  ${CURVES:+-R-Dcurves="$CURVES"} 2>&1 | grep '^lists'
