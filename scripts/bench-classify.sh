#!/usr/bin/env bash
# Classification benchmarks (BENCHMARKS.md, "Classification").
#   scripts/bench-classify.sh eval    embeddings vs TF-IDF on brown_paragraphs (by genre) and fortunes_en (by
#                                     label), both fp32 built-in models, seeds 1 2 3 (MODELS=..., SEEDS=... to change);
#                                     the corpora come from ../shared/corpora, embedded once into target/bench/classify
#   scripts/bench-classify.sh scale   100,000 x 384 synthetic rows, 20 classes: training in a 4 GB driver heap, then
#                                     applying against reading + writing the same rows (extra flags go to bench-classify;
#                                     --apply-rows 4000000 for the throughput figures, 6 GB of input)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
work=$root/target/bench/classify
mkdir -p "$work"
export SPARK_EMBED_DRIVER_MEMORY=${SPARK_EMBED_DRIVER_MEMORY:-4g}
part=${1:-eval}
[ $# -gt 0 ] && shift

if [ "$part" = scale ]; then
  exec "$root/scripts/spark-embed" bench-classify --work "$work/scale" --out "$root/target/bench/bench-classify-scale.json" "$@"
fi
[ "$part" = eval ] || { echo "usage: $0 eval|scale" >&2; exit 2; }

models=${MODELS:-all-minilm-l6-v2 bge-small-en-v1.5}
seeds=${SEEDS:-1 2 3}
for corpus in brown_paragraphs fortunes_en; do
  [ -f "$work/$corpus.jsonl" ] || xzcat "$corpora/$corpus.jsonl.xz" > "$work/$corpus.jsonl"
  for model in $models; do
    emb=$work/emb-$corpus-$model
    [ -f "$emb/_summary.json" ] || "$root/scripts/spark-embed" embed --input "$work/$corpus.jsonl" --model "$model" \
      --keep-cols text,label --output "$emb" --mode overwrite --progress-seconds 0
    for seed in $seeds; do
      out=$work/train-$corpus-$model-s$seed
      # fortunes_en has a 2-row label (pratchett): --min-class-rows 10 leaves it out and reports it.
      [ -f "$out/_summary.json" ] || "$root/scripts/spark-embed" classify --train "$emb" --label-col label \
        --min-class-rows 10 --seed "$seed" --output "$out" --mode overwrite
    done
  done
done

echo "| corpus | model | classes | test rows | seeds | embeddings accuracy | embeddings macro-F1 | TF-IDF accuracy | TF-IDF macro-F1 |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for corpus in brown_paragraphs fortunes_en; do
  for model in $models; do
    for seed in $seeds; do cat "$work/train-$corpus-$model-s$seed/_summary.json"; done | jq -rs --arg c "$corpus" --arg m "$model" '
      def ms(f): (map(f)) as $x | ($x | add / length) as $mean
        | (if ($x | length) > 1 then (($x | map((. - $mean) * (. - $mean)) | add) / (($x | length) - 1) | sqrt) else 0 end) as $sd
        | "\($mean * 1000 | round / 1000) ± \($sd * 1000 | round / 1000)";
      "| `\($c)` | `\($m)` | \(.[0].classes) | \(.[0].test_rows) | \(length) | \(ms(.embedding.accuracy)) | \(ms(.embedding.macro_f1)) | \(ms(.tfidf_baseline.accuracy)) | \(ms(.tfidf_baseline.macro_f1)) |"'
  done
done
