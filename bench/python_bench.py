#!/usr/bin/python3
"""bench/python_bench.py SRC GT SCORER WORK: what bench/python runs, in
the venv where pith is installed.  SRC holds the pages (<id>.html.gz),
GT is their ground truth, SCORER the shared scorer (GT DIR -> P, R, F1);
the texts go to WORK/<extractor>/<id>.txt."""
import concurrent.futures
import gzip
import os
import re
import subprocess
import sys
import time
from importlib import metadata

import pith

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def load(src):
    """The pages of src as (id, bytes), by id."""
    return [(name[:-len(".html.gz")], gzip.open(os.path.join(src, name)).read())
            for name in sorted(os.listdir(src)) if name.endswith(".html.gz")]


def pith_text(raw):
    """pith's text of a page: "" for no article (or a page it refuses)."""
    try:
        return pith.extract(raw) or ""
    except pith.Error:
        return ""


def best_cpu(fn, pages, runs):
    """fn over every page, runs times: the least CPU seconds (all
    threads), the wall seconds of that run, and the texts."""
    best = None
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        texts = [fn(raw, page) for page, raw in pages]
        c, w = time.process_time() - c, time.perf_counter() - w
        if best is None or c < best[0]:
            best = (c, w, texts)
    return best


def score(scorer, gt, folder, pages, texts):
    """The scorer's 'P=... R=... F1=...' for texts, written into folder."""
    os.makedirs(folder)
    for (page, _), text in zip(pages, texts):
        with open(os.path.join(folder, page + ".txt"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
    out = subprocess.run([sys.executable, scorer, gt, folder], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"^scrapinghub: pages=\d+ ", "", out.strip())


def quality(args, pages):
    """Each extractor over every page: CPU per page and F1."""
    src, gt, scorer, work = args
    extractors = [(f"pith {pith.__version__} (pith.extract)",
                   lambda raw, page: pith_text(raw))]
    try:
        from peers_readability import readability_text
        extractors.append((f"readability-lxml {metadata.version('readability-lxml')}",
                           readability_text))
    except ImportError:
        print("readability-lxml: skipped: apt-get install python3-readability")
    print(f"{len(pages)} scrapinghub pages, Python {sys.version.split()[0]} "
          f"({sys._base_executable}), one thread, best of 3 by CPU time:")
    for i, (label, fn) in enumerate(extractors):
        cpu, wall, texts = best_cpu(fn, pages, 3)
        s = score(scorer, gt, os.path.join(work, str(i)), pages, texts)
        print(f"  {label:34} CPU {1000 * cpu / len(pages):6.2f} ms/page  "
              f"wall {wall:5.2f} s  {len(pages) / cpu:5.0f} pages/s (CPU)  {s}")


def threads(pages, copies=5, runs=5):
    """pith from 1 thread and from a pool of 2, the runs taking turns:
    the least wall time of each, and whether the texts are the same."""
    raws = [raw for _, raw in pages] * copies
    wall = {1: None, 2: None}
    texts = {}
    for _ in range(runs):
        for n in (1, 2):
            w = time.perf_counter()
            if n == 1:
                got = [pith_text(raw) for raw in raws]
            else:
                with concurrent.futures.ThreadPoolExecutor(n) as pool:
                    got = list(pool.map(pith_text, raws))
            w = time.perf_counter() - w
            wall[n] = w if wall[n] is None else min(wall[n], w)
            texts[n] = got
    print(f"pith over the pages x{copies} ({len(raws)}), best of {runs} by wall time:")
    for n in (1, 2):
        print(f"  {n} thread{'s' if n > 1 else ' '}  wall {wall[n]:5.2f} s  "
              f"{len(raws) / wall[n]:5.0f} pages/s" +
              (f"  speed-up {wall[1] / wall[2]:.2f}x, same texts: "
               f"{'yes' if texts[1] == texts[2] else 'NO'}" if n > 1 else ""))
    return texts[1] == texts[2]


def main():
    args = sys.argv[1:5]
    pages = load(args[0])
    quality(args, pages)
    return 0 if threads(pages) else 1


if __name__ == "__main__":
    sys.exit(main())
