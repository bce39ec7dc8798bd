#!/usr/bin/env bash
# The main job on the bundled sample: embed data/sample/corpus.jsonl with the default model, cluster
# the embeddings (k chosen by --k auto), and write the HTML report (t-SNE map first). The cluster
# step prints one line per cluster after its summary. Outputs under out/sample/, or
# under the folder given as the first argument. Runs from the project root with relative paths, so
# the summaries name data/sample/corpus.jsonl, not a checkout's absolute path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ge 1 ]; then
  case "$1" in /*) out=$1 ;; *) out=$(pwd)/$1 ;; esac
else
  out=out/sample
fi
cd "$root"
scripts/spark-embed embed --input data/sample/corpus.jsonl --output "$out/embeddings" \
  --keep-cols text,label,source --mode overwrite
scripts/spark-embed cluster --input "$out/embeddings" --k auto --label-col label \
  --output "$out/clusters" --report "$out/report.html" --mode overwrite
echo "report: $out/report.html" >&2
