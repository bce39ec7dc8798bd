// Reference embeddings computed without spark-embed's code: the HuggingFace tokenizers Node
// binding, onnxruntime-node, and sentence-transformers' pooling written out here.
// Usage: node make-reference.mjs MODEL_NAME ONNX_FILE TOKENIZER_JSON POOLING MAX_TOKENS TEXTS_JSON OUT_JSON
import fs from "node:fs";
import ort from "onnxruntime-node";
import tokenizers from "tokenizers";

const [name, onnxFile, tokenizerFile, pooling, maxTokensArg, textsFile, outFile] = process.argv.slice(2);
const maxTokens = Number(maxTokensArg);
const texts = JSON.parse(fs.readFileSync(textsFile, "utf8"));

const tokenizer = tokenizers.Tokenizer.fromFile(tokenizerFile);
// sentence-transformers: tokenizer(..., truncation="longest_first", max_length=max_seq_length), no padding for one text.
tokenizer.setTruncation(maxTokens);
tokenizer.disablePadding();
const session = await ort.InferenceSession.create(onnxFile);

const out = { model: name, pooling, max_tokens: maxTokens, items: [] };
for (const text of texts) {
  const encoding = await tokenizer.encode(text);
  const ids = encoding.getIds();
  const n = ids.length;
  const feeds = {};
  const tensor = (values) => new ort.Tensor("int64", BigInt64Array.from(values.map(BigInt)), [1, n]);
  for (const input of session.inputNames) {
    if (input === "input_ids") feeds[input] = tensor(ids);
    else if (input === "attention_mask") feeds[input] = tensor(encoding.getAttentionMask());
    else if (input === "token_type_ids") feeds[input] = tensor(encoding.getTypeIds());
    else throw new Error("unexpected input " + input);
  }
  const result = await session.run(feeds);
  const hidden = result[session.outputNames[0]];
  const dim = hidden.dims[2];
  const data = hidden.data;
  const mask = encoding.getAttentionMask();
  let vec = new Float64Array(dim);
  if (pooling === "cls") {
    for (let d = 0; d < dim; d++) vec[d] = data[d];
  } else {
    let count = 0;
    for (let t = 0; t < n; t++) {
      if (!mask[t]) continue;
      count++;
      for (let d = 0; d < dim; d++) vec[d] += data[t * dim + d];
    }
    for (let d = 0; d < dim; d++) vec[d] /= Math.max(count, 1e-9);
  }
  const norm = Math.max(Math.sqrt(vec.reduce((s, v) => s + v * v, 0)), 1e-12);
  out.items.push({
    text,
    ids,
    truncated: encoding.getOverflowing().length > 0,
    embedding: Array.from(vec, (v) => Number((v / norm).toPrecision(9))),
  });
}
fs.writeFileSync(outFile, JSON.stringify(out) + "\n");
console.log(`${name}: ${out.items.length} reference embeddings -> ${outFile}`);
