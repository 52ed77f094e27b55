#!/usr/bin/env python3
"""tests/shingles.py EXPECTED_DIR GOT_DIR MIN: per-file 4-word-shingle
precision and recall (the scorer's measure) of GOT_DIR/NAME.txt against
EXPECTED_DIR/NAME.txt, as TAP lines; both must reach MIN."""
import os, re, sys
from collections import Counter

def shingles(text, n=4):
    w = re.findall(r"\w+", text)
    return Counter(tuple(w[i:i + n]) for i in range(max(len(w) - n + 1, 1))) if w else Counter()

exp, got, least = sys.argv[1], sys.argv[2], float(sys.argv[3])
n = 0
for f in sorted(os.listdir(exp)):
    if not f.endswith(".txt"):
        continue
    e = shingles(open(os.path.join(exp, f), encoding="utf-8").read())
    path = os.path.join(got, f)
    g = shingles(open(path, encoding="utf-8").read()) if os.path.exists(path) else Counter()
    tp = sum((e & g).values())
    p, r = tp / max(sum(g.values()), 1), tp / max(sum(e.values()), 1)
    n += 1
    print(f"{'ok' if p >= least and r >= least else 'not ok'} {n} - {f}: P={p:.2f} R={r:.2f} (>= {least})")
print(f"1..{n}")
