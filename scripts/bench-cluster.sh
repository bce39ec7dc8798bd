#!/usr/bin/env bash
# Clustering quality on real labelled text: all 15,667 Brown corpus paragraphs (15 genres) from
# ../shared/corpora, embedded with the default model, clustered with k = 15; NMI/ARI/purity of the
# embedding clustering next to the TF-IDF + KMeans baseline, from the same run.
# With --scale EMBEDDINGS CORPUS.jsonl it also clusters a large embed output with k = 100
# (driver/executor heap 4 GB) and records the time.
#   scripts/bench-cluster.sh auto-k   how --k auto's choice (the gap statistic; the knee and the BIC beside it)
#                                     compares with the best NMI over k = 2..60 on the bundled sample,
#                                     brown_paragraphs and fortunes_en, embedded with both fp32
#                                     models (shared with bench-classify.sh's embeddings), seeds 1 2 3 (SEEDS=...),
#                                     corpora CORPORA=... (default all three); then the same choices against the
#                                     NMI corrected for chance; TABLE_ONLY=1 prints the last run's tables again
#   scripts/bench-cluster.sh map      the t-SNE map against PCA (share of 10 nearest neighbours kept, time) on the
#                                     sample and all of brown_paragraphs (both models), and on 20,000 rows drawn
#                                     from brown_paragraphs + fortunes_en (after auto-k, which embeds them)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${SPARK_EMBED_CORPORA:-$root/../shared/corpora}
work=$root/target/bench/cluster
mkdir -p "$work"
if [ "${1:-}" = map ]; then
  emb=$root/target/bench/classify
  inputs=()
  for model in all-minilm-l6-v2 bge-small-en-v1.5; do
    inputs+=("$emb/emb-sample-$model" "$emb/emb-brown_paragraphs-$model")
  done
  inputs+=("$emb/emb-brown_paragraphs-all-minilm-l6-v2,$emb/emb-fortunes_en-all-minilm-l6-v2")
  SPARK_EMBED_DRIVER_MEMORY=${SPARK_EMBED_DRIVER_MEMORY:-4g} "$root/scripts/spark-embed" bench-cluster map --sample 20000 \
    --out "$work/map.jsonl" "${inputs[@]}" >/dev/null
  echo "| input | rows | t-SNE seconds | t-SNE keeps | PCA keeps | ratio |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  jq -r '"| `\(.input | gsub("[^,]*/emb-"; ""))` | \(.rows) | \(.tsne_seconds * 10 | round / 10) | \(.tsne_neighbours_kept * 1000 | round / 1000) | \(.pca_neighbours_kept * 1000 | round / 1000) | \(.ratio * 10 | round / 10)x |"' "$work/map.jsonl"
  exit 0
fi
if [ "${1:-}" = auto-k ]; then
  emb=$root/target/bench/classify
  mkdir -p "$emb"
  inputs=()
  for model in all-minilm-l6-v2 bge-small-en-v1.5; do
    for corpus in ${CORPORA:-sample brown_paragraphs fortunes_en}; do
      out=$emb/emb-$corpus-$model
      if [ ! -f "$out/_summary.json" ]; then
        if [ "$corpus" = sample ]; then input=$root/data/sample/corpus.jsonl; else
          input=$emb/$corpus.jsonl
          [ -f "$input" ] || xzcat "$corpora/$corpus.jsonl.xz" > "$input"
        fi
        "$root/scripts/spark-embed" embed --input "$input" --model "$model" --keep-cols text,label --output "$out" \
          --mode overwrite --progress-seconds 0
      fi
      inputs+=("$out")
    done
  done
  for seed in ${SEEDS:-1 2 3}; do
    [ -n "${TABLE_ONLY:-}" ] && break # TABLE_ONLY=1: print the table of the last run again
    SPARK_EMBED_DRIVER_MEMORY=${SPARK_EMBED_DRIVER_MEMORY:-4g} "$root/scripts/spark-embed" bench-cluster auto-k --k-min 2 --k-max 60 \
      --seed "$seed" --out "$work/autok-s$seed.jsonl" "${inputs[@]}" >/dev/null
  done
  echo "| corpus | model | seed | rows | chosen k (gap) | NMI there | best NMI (k) | ratio | highest gap's k | Tibshirani's rule (NMI ratio) | knee (NMI ratio) | BIC's k (NMI ratio) | Calinski–Harabasz's k | sweep s | references s |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for seed in ${SEEDS:-1 2 3}; do
    jq -r '(.input | sub(".*/emb-"; "")) as $n | ($n | sub("-(all-minilm-l6-v2|bge-small-en-v1.5)$"; "")) as $c
      | . as $r | def at($k): ($r.curve[] | select(.k == $k) | .nmi) / $r.best_nmi * 1000 | round / 1000;
      # Tibshirani et al.: the first k whose gap is at least the next k gap minus its standard error
      ([range(0; (.curve | length) - 1) as $i | select(.curve[$i].gap >= .curve[$i + 1].gap - .curve[$i + 1].gap_se)
        | .curve[$i].k] | first // $r.curve[-1].k) as $tib
      | "| `\($c)` | `\($n | ltrimstr($c + "-"))` | \(.seed) | \(.rows) | \(.k) | \(.nmi * 1000 | round / 1000) | \(.best_nmi * 1000 | round / 1000) (\(.best_k)) | \(.ratio * 1000 | round / 1000) | \(.highest_gap_k) | \($tib) (\(at($tib))) | \(.knee_k) (\(at(.knee_k))) | \(.bic_k) (\(at(.bic_k))) | \(.curve | max_by(.ch) | .k) | \(.sweep_seconds * 10 | round / 10) | \(.reference_seconds * 10 | round / 10) |"' \
      "$work/autok-s$seed.jsonl"
  done
  # The same choices against the NMI corrected for chance (AutoKStudy: the NMI of the same cluster
  # sizes dealt at random, 20 shuffles; adjusted = (NMI - chance) / (1 - chance)).
  echo
  echo "| corpus | model | seed | chosen k | NMI ratio | chance NMI at chosen k | at k = 60 | adjusted there | best adjusted (k) | adjusted ratio |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for seed in ${SEEDS:-1 2 3}; do
    jq -r 'select(.ami != null) | (.input | sub(".*/emb-"; "")) as $n | ($n | sub("-(all-minilm-l6-v2|bge-small-en-v1.5)$"; "")) as $c
      | . as $r | def at($k): ($r.curve[] | select(.k == $k));
      "| `\($c)` | `\($n | ltrimstr($c + "-"))` | \(.seed) | \(.k) | \(.ratio * 1000 | round / 1000) | \(at(.k).chance_nmi * 1000 | round / 1000) | \(.curve[-1].chance_nmi * 1000 | round / 1000) | \(.ami * 1000 | round / 1000) | \(.best_ami * 1000 | round / 1000) (\(.best_ami_k)) | \(.ami_ratio * 1000 | round / 1000) |"' \
      "$work/autok-s$seed.jsonl"
  done
  exit 0
fi
"$root/scripts/native-blas.sh"
if [ ! -f "$work/brown-emb/_summary.json" ]; then
  xzcat "$corpora/brown_paragraphs.jsonl.xz" > "$work/brown_paragraphs.jsonl"
  "$root/scripts/spark-embed" embed --input "$work/brown_paragraphs.jsonl" --output "$work/brown-emb" \
    --keep-cols text,label --mode overwrite
fi
"$root/scripts/spark-embed" cluster --input "$work/brown-emb" --k 15 --label-col label \
  --output "$work/brown-clusters" --report "$work/brown-report.html" --mode overwrite
if [ "${1:-}" = "--scale" ]; then
  SPARK_EMBED_DRIVER_MEMORY=4g /usr/bin/time -v "$root/scripts/spark-embed" cluster --input "$2" --text "$3" --k 100 \
    --output "$work/scale-clusters" --mode overwrite 2> "$work/scale-clusters.time"
  grep -E 'Elapsed|Maximum resident' "$work/scale-clusters.time" >&2
fi
