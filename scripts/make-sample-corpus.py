#!/usr/bin/env python3
"""Rebuilds data/sample/corpus.jsonl from ../shared/corpora: 50 Brown paragraphs from each of the
15 genres and 300 fortunes, chosen with a fixed seed. Brown: redistribution permitted; fortunes:
BSD / public domain (see ../shared/corpora/README.md)."""
import json, lzma, random, sys
from collections import defaultdict
from pathlib import Path

root = Path(__file__).resolve().parent.parent
corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "corpora"
rng = random.Random(2026)

by_genre = defaultdict(list)
with lzma.open(corpora / "brown_paragraphs.jsonl.xz", "rt", encoding="utf-8") as f:
    for line in f:
        row = json.loads(line)
        if 80 <= len(row["text"]) <= 1500:
            by_genre[row["label"]].append(row)
rows = []
for genre in sorted(by_genre):
    for row in rng.sample(by_genre[genre], 50):
        rows.append({"id": row["id"], "text": row["text"], "label": row["label"], "source": "brown"})

with lzma.open(corpora / "fortunes_en.jsonl.xz", "rt", encoding="utf-8") as f:
    fortunes = [json.loads(line) for line in f]
for row in rng.sample([r for r in fortunes if len(r["text"]) <= 600], 300):
    rows.append({"id": row["id"], "text": row["text"], "label": row["label"], "source": "fortunes"})

rng.shuffle(rows)
out = root / "data" / "sample" / "corpus.jsonl"
with open(out, "w", encoding="utf-8") as f:
    for row in rows:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"{len(rows)} rows -> {out} ({out.stat().st_size} bytes)")
