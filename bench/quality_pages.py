#!/usr/bin/env python3
"""bench/quality_pages.py: page by page, for finding what a change did.

  quality_pages.py run CLEAN OUT [SET...] [-- CLEAN-OPTIONS]
      clean every set's pages into OUT/SET/ (two processes); with the
      option "-m text", the sets' text dumps instead
  quality_pages.py diff OLD NEW [SET...]
      per set, macro F1 old -> new (shingle and word), then the pages that
      moved most, with their page type
  quality_pages.py worst OUT SET [TYPE] [N]
      the N pages of SET (of TYPE) with the lowest word F1, with P and R

The sets are ../shared/datasets; scores as tools/score_scrapinghub.py
(4-word shingles) and tools/score_wcxb.py (word F1).  Read pages to find
patterns; never write a page's id, URL or phrase into the code.
"""
import json, os, re, subprocess, sys
from collections import Counter

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("PITH_SHARED", os.path.join(TOP, "..", "shared")) + "/datasets"
SETS = ["scrapinghub", "dragnet", "readability", "cleanportaleval", "cleaneval-zh",
        "l3s-gn1", "googletrends-2017", "chaos", "wcxb-dev"]


def words(s):
    return re.findall(r"\w+", (s or "").lower())


def word_f1(pred, ref):
    p, r = words(pred), words(ref)
    if not r:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return (0.0, 0.0, 0.0)
    o = sum((Counter(p) & Counter(r)).values())
    P, R = o / len(p), o / len(r)
    return (P, R, 2 * P * R / (P + R) if P + R else 0.0)


def shingle_pr(pred, ref, n=4):
    def sh(text):
        t = re.findall(r"\w+", text or "")
        if len(t) < n:
            return Counter([tuple(t)]) if t else Counter()
        return Counter(tuple(t[i:i + n]) for i in range(len(t) - n + 1))
    t, p = sh(ref), sh(pred)
    tp = sum((t & p).values()); fp = sum((p - t).values()); fn = sum((t - p).values())
    s = tp + fp + fn
    if s == 0:
        return 1.0, 1.0
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def gold(s):
    return json.load(open(f"{DATA}/{s}/ground-truth.json", encoding="utf-8"))


def pred(out, s, i):
    f = f"{out}/{s}/{i}.txt"
    return open(f, encoding="utf-8", errors="replace").read() if os.path.exists(f) else ""


def scores(out, s):
    """{id: (shingle P, shingle R, word F1, type)}"""
    res = {}
    for i, v in gold(s).items():
        text = pred(out, s, i)
        P, R = shingle_pr(text, v["articleBody"])
        res[i] = (P, R, word_f1(text, v["articleBody"])[2], v.get("page_type", ""))
    return res


def macro(sc):
    P = sum(x[0] for x in sc.values()) / len(sc)
    R = sum(x[1] for x in sc.values()) / len(sc)
    return (2 * P * R / (P + R) if P + R else 0.0), sum(x[2] for x in sc.values()) / len(sc)


def inputs(s, text):
    d = f"{DATA}/{s}/html"
    if text:
        d = f"{DATA}/scrapinghub-dumps" if s == "scrapinghub" else f"{DATA}/{s}/dumps"
    return sorted(os.path.join(d, f) for f in os.listdir(d))


def run(clean, out, sets, opts):
    procs = []
    text = any(opts[i:i + 2] == ["-m", "text"] for i in range(len(opts))) or "--mode=text" in opts
    for s in sets:
        os.makedirs(f"{out}/{s}", exist_ok=True)
        for f in os.listdir(f"{out}/{s}"):    # a page without text writes
            os.remove(f"{out}/{s}/{f}")       # nothing: leave no old file
        files = inputs(s, text)
        half = len(files) // 2
        for part in (files[:half], files[half:]):
            procs.append(subprocess.Popen([clean] + opts + ["-o", f"{out}/{s}"] + part,
                                          stderr=subprocess.DEVNULL))
            if len(procs) == 2:
                procs.pop(0).wait()
    for p in procs:
        p.wait()


def diff(old, new, sets):
    sums = [0.0, 0.0, 0.0, 0.0]
    moved = []
    for s in sets:
        a, b = scores(old, s), scores(new, s)
        fa, wa = macro(a)
        fb, wb = macro(b)
        sums = [sums[0] + fa, sums[1] + fb, sums[2] + wa, sums[3] + wb]
        print(f"{s:18} F1 {fa:.4f} -> {fb:.4f} ({fb - fa:+.4f})   word {wa:.4f} -> {wb:.4f} ({wb - wa:+.4f})")
        for i in a:
            d = b[i][2] - a[i][2]
            if abs(d) > 0.02:
                moved.append((d, s, i, b[i][3], a[i][2], b[i][2]))
    n = len(sets)
    print(f"{'macro':18} F1 {sums[0] / n:.4f} -> {sums[1] / n:.4f} ({(sums[1] - sums[0]) / n:+.4f})"
          f"   word {sums[2] / n:.4f} -> {sums[3] / n:.4f}")
    moved.sort()
    print(f"pages moved by more than 0.02: {sum(1 for m in moved if m[0] > 0)} up, "
          f"{sum(1 for m in moved if m[0] < 0)} down")
    for m in moved[:15] + [None] + moved[-15:] if len(moved) > 30 else moved:
        if m is None:
            print("  ...")
            continue
        d, s, i, t, x, y = m
        print(f"  {s}/{i} {t}: {x:.3f} -> {y:.3f}")


def worst(out, s, kind, n):
    sc = scores(out, s)
    rows = sorted((v[2], i, v) for i, v in sc.items() if not kind or v[3] == kind)
    for f, i, v in rows[:n]:
        print(f"{s}/{i} {v[3]:13} wF1={f:.3f} sP={v[0]:.3f} sR={v[1]:.3f}")


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__.strip())
    if a[0] == "run":
        opts = a[a.index("--") + 1:] if "--" in a else []
        rest = a[3:a.index("--")] if "--" in a else a[3:]
        run(a[1], a[2], rest or SETS, opts)
    elif a[0] == "diff":
        diff(a[1], a[2], a[3:] or SETS)
    elif a[0] == "worst":
        worst(a[1], a[2], a[3] if len(a) > 3 and not a[3].isdigit() else "",
              int(a[-1]) if a[-1].isdigit() else 30)
    else:
        sys.exit(__doc__.strip())


if __name__ == "__main__":
    main()
