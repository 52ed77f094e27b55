#!/usr/bin/env python3
"""langid_pages.py: clean's identified language against what is known of
the labelled sets' pages, from clean -f json files (one per set, named
SET.jsonl).  A page's label is its declared language's primary subtag
(<html lang>), or, for a set whose pages are all in one language
(../shared/datasets/README.md), that language when the page declares
none.  Prints, per label: pages, right, wrong (and as what), none; then
the pages whose declaration and text disagree.

    bench/langid_pages.py DIR
"""
import collections, json, os, sys

ONE_LANGUAGE = {"scrapinghub": "en", "dragnet": "en", "cleanportaleval": "en",
                "cleaneval-zh": "zh", "l3s-gn1": "en", "googletrends-2017": "en",
                "chaos": "en", "wcxb-dev": "en"}


def main():
    d = sys.argv[1]
    tally = collections.defaultdict(lambda: collections.Counter())
    wrong_as = collections.defaultdict(collections.Counter)
    disagree = collections.Counter()
    for f in sorted(os.listdir(d)):
        if not f.endswith(".jsonl"):
            continue
        s = f[:-6]
        for line in open(os.path.join(d, f)):
            p = json.loads(line)
            declared = (p.get("declared_language") or "").lower().replace("_", "-")
            label = declared.split("-")[0] or ONE_LANGUAGE.get(s)
            if not label or len(label) > 3:
                continue
            got = p.get("language")
            short = len(p["text"]) < 200
            key = label
            tally[key]["pages"] += 1
            tally[key]["short" if short else "long"] += 1
            if got is None:
                tally[key]["none"] += 1
            elif got == label:
                tally[key]["right"] += 1
            else:
                tally[key]["wrong"] += 1
                wrong_as[key][got] += 1
            if declared and got and got != label:
                disagree[(s, label, got)] += 1
    total = collections.Counter()
    print(f"{'label':6} {'pages':>6} {'right':>7} {'wrong':>7} {'none':>7}  wrong as")
    for k in sorted(tally, key=lambda k: -tally[k]["pages"]):
        t = tally[k]
        total.update(t)
        print(f"{k:6} {t['pages']:6} {100*t['right']/t['pages']:6.1f}% "
              f"{100*t['wrong']/t['pages']:6.1f}% {100*t['none']/t['pages']:6.1f}%  "
              + " ".join(f"{g}:{n}" for g, n in wrong_as[k].most_common(5)))
    t = total
    print(f"{'all':6} {t['pages']:6} {100*t['right']/t['pages']:6.1f}% "
          f"{100*t['wrong']/t['pages']:6.1f}% {100*t['none']/t['pages']:6.1f}%")
    print("declared and identified disagree (set, declared, identified: pages):")
    for (s, a, b), n in disagree.most_common(15):
        print(f"  {s} {a} {b}: {n}")


main()
