#!/usr/bin/python3
"""bench/peers_readability.py OUTDIR PAGE.html...: readability-lxml (Debian
python3-readability) over every page in one process, as bin/clean -o runs;
writes OUTDIR/<id>.txt, the summary's blocks separated by blank lines.
bench/python imports readability_text from it."""
import os, sys
from readability import Document
import lxml.html

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre",
          "blockquote", "tr", "table", "ul", "ol", "section", "article"}

def text_of(html):
    root = lxml.html.fromstring(html)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
            el.text = "\n\n" + (el.text or "")
    lines = (" ".join(l.split()) for l in root.text_content().split("\n"))
    return "\n\n".join(l for l in lines if l)

def readability_text(raw, page):
    """The text readability-lxml finds in the bytes raw of page; a peer's
    failure is an empty page."""
    try:
        return text_of(Document(raw).summary(html_partial=True))
    except Exception as e:
        print(f"readability: {page}: {e}", file=sys.stderr)
        return ""

def main():
    out = sys.argv[1]
    for path in sys.argv[2:]:
        page = os.path.basename(path).split(".")[0]
        with open(path, "rb") as f:
            text = readability_text(f.read(), page)
        with open(os.path.join(out, page + ".txt"), "w", encoding="utf-8") as f:
            f.write(text + "\n")

if __name__ == "__main__":
    main()
