#!/usr/bin/env bash
# Spark resource discovery for GPUs: prints {"name":"gpu","addresses":["0","1",...]} from nvidia-smi.
# Point spark.executor.resource.gpu.discoveryScript (and spark.worker.resource.gpu.discoveryScript on
# standalone Workers) at this file on every GPU node; see conf/spark-defaults.conf.example.
# It lists every GPU nvidia-smi shows; a container or YARN/Kubernetes GPU isolation limits that set.
# (It does not filter by CUDA_VISIBLE_DEVICES: CUDA renumbers visible devices from 0, so the indices
# would no longer be the device ids tasks pass to ONNX Runtime.)
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery: error: nvidia-smi not found on $(hostname); is the NVIDIA driver installed?" >&2
  exit 1
fi
if ! indices=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1); then
  echo "gpu-discovery: error: nvidia-smi failed: $(echo "$indices" | head -1)" >&2
  exit 1
fi

addresses=()
while read -r index; do
  [ -n "$index" ] || continue
  if ! [[ $index =~ ^[0-9]+$ ]]; then
    echo "gpu-discovery: error: unexpected nvidia-smi output line '$index'" >&2
    exit 1
  fi
  addresses+=("\"$index\"")
done <<<"$indices"

(IFS=,; echo "{\"name\":\"gpu\",\"addresses\":[${addresses[*]}]}")
