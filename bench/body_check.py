#!/usr/bin/env python3
"""bench/body_check.py: the markdown and HTML bodies of every page hold
the text's words, and render.

  body_check.py CLEAN [SET...]

Cleans every page of the sets (../shared/datasets) three times: as text,
as markdown and as HTML (both --links --images).  Each markdown body is
rendered by cmark-gfm (GitHub's tables), each HTML body parsed by a
strict XML parser (it is written well-formed); the text of either, all
white space and table bars aside, must be the text's, character for
character (but the captions of images).  Prints per set the pages checked and those that differ, with
the first difference; exits 1 when any page fails.
"""
import html.parser, os, re, subprocess, sys, tempfile
import xml.dom.minidom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality_pages as qp


# Not the text's: the head, and the captions --images adds (as <em> in
# markdown, the only emphasis pith writes).
SKIP = ("title", "head", "figcaption", "em")


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in SKIP

    def handle_endtag(self, tag):
        self.skip -= tag in SKIP

    def handle_data(self, d):
        if not self.skip:
            self.parts.append(d)


def squeeze(s):
    return re.sub(r"[\s|]+", "", s)


def html_text(s):
    p = Text()
    p.feed(s)
    return "".join(p.parts)


def first_difference(a, b):
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return f"at {n}: text {a[max(0, n - 30):n + 30]!r} / body {b[max(0, n - 30):n + 30]!r}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    clean, sets = sys.argv[1], sys.argv[2:] or qp.SETS
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for kind, opts in (("text", []), ("markdown", ["--body", "markdown", "--links", "--images"]),
                           ("html", ["--body", "html", "--links", "--images"])):
            qp.run(clean, f"{tmp}/{kind}", sets, opts)
        for s in sets:
            n = fails = 0
            first = ""
            for f in sorted(os.listdir(f"{tmp}/text/{s}")):
                if not f.endswith(".txt") or f.endswith(".comments.txt"):
                    continue
                i = f[:-4]
                text = squeeze(open(f"{tmp}/text/{s}/{f}", encoding="utf-8").read())
                md = open(f"{tmp}/markdown/{s}/{i}.md", encoding="utf-8").read()
                doc = open(f"{tmp}/html/{s}/{i}.html", encoding="utf-8").read()
                rendered = subprocess.run(["cmark-gfm", "-e", "table"], input=md.encode(),
                                          capture_output=True, check=True).stdout.decode()
                why = ""
                try:
                    xml.dom.minidom.parseString(doc.replace("<!DOCTYPE html>", "", 1).encode())
                except Exception as e:
                    why = f"HTML does not parse: {e}"
                for name, body in (("markdown", html_text(rendered)), ("html", html_text(doc))):
                    if not why and squeeze(body) != text:
                        why = f"{name} " + first_difference(text, squeeze(body))
                n += 1
                if why:
                    fails += 1
                    first = first or f"{i}: {why}"
                    if os.environ.get("VERBOSE"):
                        print(f"  {s}/{i}: {why}")
            print(f"{s:18} {n:5} pages, {fails} differ{'  first: ' + first if first else ''}")
            bad += fails
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
