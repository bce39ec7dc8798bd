#!/usr/bin/env python3
"""What a GPU gives all-minilm-l6-v2 under spark-embed's batching, on a machine without Java.

Runs the model's own weights (prepare.py) in PyTorch as a stand-in for ONNX Runtime's CUDA
execution provider, which could not run there (see BENCHMARKS.md, "GPU"). It measures, on the
same texts as bench-embed: one text per call (the naive way), spark-embed's BatchPlanner (length
sorted, rows and padded-token budget) at several budgets, unsorted fixed-size batches, and
sentence-transformers' own encode(); and checks the embeddings against the parity fixture.
Each batch's result is copied back to the host, as the embed stage does.

  python3 scripts/bench/gpu/bench.py PREPARED_DIR PARITY_JSON OUT_JSON
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (spark-embed's ModelCard)
WINDOW = 8192  # spark-embed's default window
DEVICE = "cuda"
QUICK = os.environ.get("BENCH_QUICK") == "1"  # a smoke run: 600 texts per corpus, one repeat
REPEATS = 1 if QUICK else 3  # the median of three is reported


def load_model(prepared):
    config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                        intermediate_size=1536, max_position_embeddings=512, type_vocab_size=2,
                        hidden_act="gelu", layer_norm_eps=1e-12)
    model = BertModel(config, add_pooling_layer=False)
    weights = np.load(f"{prepared}/weights-fp16.npz")
    state = {k: torch.from_numpy(weights[k].astype(np.float32)) for k in weights.files}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"weights do not fit BertModel: missing {missing}, unexpected {unexpected}")
    return model.eval().to(DEVICE)


def tokenizer_of(prepared):
    tok = Tokenizer.from_file(f"{prepared}/tokenizer.json")
    tok.enable_truncation(max_length=MAX_TOKENS)
    tok.no_padding()
    return tok


def plan(lengths, max_rows, max_tokens):
    """spark-embed's BatchPlanner, window by window."""
    batches = []
    for w in range(0, len(lengths), WINDOW):
        order = sorted(range(w, min(w + WINDOW, len(lengths))), key=lambda i: lengths[i])
        start = 0
        while start < len(order):
            end = start + 1
            while (end < len(order) and end - start < max_rows
                   and (end - start + 1) * lengths[order[end]] <= max_tokens):
                end += 1
            batches.append(order[start:end])
            start = end
    return batches


@torch.inference_mode()
def embed(model, ids, batches):
    out = {}
    for batch in batches:
        width = max(len(ids[i]) for i in batch)
        input_ids = np.zeros((len(batch), width), np.int64)
        mask = np.zeros((len(batch), width), np.int64)
        for r, i in enumerate(batch):
            input_ids[r, : len(ids[i])] = ids[i]
            mask[r, : len(ids[i])] = 1
        input_ids, mask = torch.from_numpy(input_ids).to(DEVICE), torch.from_numpy(mask).to(DEVICE)
        hidden = model(input_ids=input_ids, attention_mask=mask,
                       token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
        m = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = F.normalize((hidden * m).sum(1) / m.sum(1).clamp(min=1e-9), dim=1)
        rows = pooled.float().cpu().numpy()  # back to the host per call, as the embed stage needs
        for r, i in enumerate(batch):
            out[i] = rows[r]
    return np.stack([out[i] for i in sorted(out)])  # in input order


def timed(fn, repeats):
    times = []
    result = None
    for _ in range(repeats):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        result = fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def parity(model, tok, parity_json, st_model):
    items = json.load(open(parity_json))["items"]
    texts = [it["text"] for it in items]
    ids = [e.ids for e in tok.encode_batch(texts)]
    ids_equal = sum(ids[i] == it["ids"] for i, it in enumerate(items))
    ours = embed(model, ids, [[i] for i in range(len(ids))])
    ref = np.array([it["embedding"] for it in items])
    report = {"texts": len(items), "token_ids_equal": ids_equal,
              "min_cosine_planner_path": float(min(np.sum(ours * ref, 1) / np.linalg.norm(ref, axis=1)))}
    if st_model is not None:
        st = st_model.encode(texts, batch_size=8, convert_to_numpy=True)
        st_ids = [st_model.tokenize([t])["input_ids"][0].tolist() for t in texts]
        report["sentence_transformers_token_ids_equal"] = sum(st_ids[i] == it["ids"] for i, it in enumerate(items))
        report["min_cosine_sentence_transformers"] = float(
            min(np.sum(st * ref, 1) / np.linalg.norm(st, axis=1) / np.linalg.norm(ref, axis=1)))
    return report


def sentence_transformer(prepared, model):
    """sentence-transformers itself over the same weights and tokenizer (saved as a local model)."""
    try:
        from sentence_transformers import SentenceTransformer, models
        from transformers import PreTrainedTokenizerFast
        path = "/tmp/minilm-st"
        model.save_pretrained(path)
        PreTrainedTokenizerFast(tokenizer_file=f"{prepared}/tokenizer.json", unk_token="[UNK]", pad_token="[PAD]",
                                cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]",
                                model_max_length=512).save_pretrained(path)
        modules = [models.Transformer(path, max_seq_length=MAX_TOKENS),
                   models.Pooling(384, pooling_mode="mean"), models.Normalize()]
        return SentenceTransformer(modules=modules, device=DEVICE), None
    except Exception as e:  # report and measure the rest
        return None, f"{type(e).__name__}: {e}"


def main(prepared, parity_json, out_json):
    torch.set_float32_matmul_precision("highest")  # fp32 as ONNX Runtime computes it, no TF32
    torch.manual_seed(0)
    model = load_model(prepared)
    tok = tokenizer_of(prepared)
    st_model, st_error = sentence_transformer(prepared, model)
    results = {"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
               "sentence_transformers_error": st_error, "parity": parity(model, tok, parity_json, st_model),
               "corpora": {}}
    print(json.dumps(results, indent=1), flush=True)
    half = None
    for corpus in ("short", "long"):
        texts = [json.loads(line)["text"] for line in open(f"{prepared}/{corpus}.jsonl")][: 600 if QUICK else None]
        t0 = time.perf_counter()
        ids = [e.ids for e in tok.encode_batch(texts)]
        tokenize_s = time.perf_counter() - t0
        lengths = [len(x) for x in ids]
        real = sum(lengths)
        rows = {}

        def record(name, seconds, batches, n=len(texts), tokens=real):
            padded = sum(len(b) * max(lengths[i] for i in b) for b in batches) if batches else None
            rows[name] = {"texts_per_s": round(n / seconds, 1), "seconds": round(seconds, 3),
                          "calls": len(batches) if batches else None,
                          "padding_efficiency": round(tokens / padded, 3) if padded else None}
            print(f"{corpus:5s} {name:28s} {n / seconds:10.1f} texts/s", flush=True)

        embed(model, ids, plan(lengths[:2000], 64, 256)[:50])  # warm-up: kernels, allocator
        n_one = min(2000, len(ids))
        one = [[i] for i in range(n_one)]
        s, _ = timed(lambda: embed(model, ids, one), 1)
        record(f"one_text_per_call(first_{n_one})", s, one, n_one, sum(lengths[:n_one]))
        reference = None
        for max_rows, max_tokens in ((64, 256), (64, 1024), (128, 4096), (256, 16384), (512, 32768),
                                     (1024, 65536), (4096, 262144)):
            batches = plan(lengths, max_rows, max_tokens)
            s, vectors = timed(lambda: embed(model, ids, batches), REPEATS)
            record(f"planner_{max_rows}x{max_tokens}", s, batches)
            if reference is None:
                reference = vectors
            else:
                rows[f"planner_{max_rows}x{max_tokens}"]["max_abs_diff_vs_64x256"] = float(
                    np.abs(vectors - reference).max())
        unsorted = [list(range(i, min(i + 256, len(ids)))) for i in range(0, len(ids), 256)]
        s, _ = timed(lambda: embed(model, ids, unsorted), REPEATS)
        record("unsorted_256_rows", s, unsorted)
        if st_model is not None:
            for bs in (32, 256):
                s, _ = timed(lambda: st_model.encode(texts, batch_size=bs, convert_to_numpy=True), REPEATS)
                record(f"sentence_transformers_encode_bs{bs}(incl_tokenize)", s, None)
        if half is None:
            import copy
            half = copy.deepcopy(model).half()
        batches = plan(lengths, 1024, 65536)
        s, _ = timed(lambda: embed(half, ids, batches), REPEATS)
        record("fp16_planner_1024x65536", s, batches)
        results["corpora"][corpus] = {"texts": len(texts), "mean_tokens": round(real / len(texts), 1),
                                      "tokenize_s_all_threads": round(tokenize_s, 3), "runs": rows}
    json.dump(results, open(out_json, "w"), indent=1)
    print(json.dumps(results["corpora"], indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
