#!/usr/bin/env bash
# The main job on the bundled sample: embed data/sample/corpus.jsonl with the default model, cluster
# the embeddings (k chosen by silhouette), and write the HTML report. Outputs under out/sample/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/out/sample}
"$root/scripts/spark-embed" embed --input "$root/data/sample/corpus.jsonl" --output "$out/embeddings" \
  --keep-cols text,label,source --mode overwrite
"$root/scripts/spark-embed" cluster --input "$out/embeddings" --k auto --k-max 20 --label-col label \
  --output "$out/clusters" --report "$out/report.html" --mode overwrite
echo "report: $out/report.html" >&2
