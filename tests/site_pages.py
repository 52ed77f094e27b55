#!/usr/bin/env python3
"""tests/site_pages.py [reverse|later]: a WARC of resource records from a
few hosts whose pages share a paragraph that reads like prose (an "about
us" blurb), for the cross-document repetition tests.  Deterministic; with
"reverse" the same records come in the opposite order; "later" gives a
next run's new pages instead: one of town.example, one of few.example.

  town.example  4 HTML pages with the blurb inside the article
  blog.example  4 plain-text dumps with the blurb between paragraphs
  few.example   2 HTML pages: too few for the blurb to count as repeated
  copy.example  3 copies of one article: kept whole, not emptied
"""
import random, sys

WORDS = ("the river town council said on monday that the new bridge would "
         "open in spring after years of delays and rising costs while residents "
         "who had waited for a safer crossing welcomed the news but asked why "
         "the budget had doubled since the first plans were shown to them").split()
BLURB = ("The Town Courier has covered the valley since 1921 and is owned by its "
         "readers, who meet every spring to choose which stories we follow next.")
rnd = random.Random(7)

def para():
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(30, 50))]
    return " ".join(words).capitalize() + "."

def html(paras):
    ps = "".join(f"<p>{p}</p>\n" for p in paras)
    return ("<html><head><title>Story</title></head><body><nav><a href=/>Home</a>"
            f"</nav><article><h1>Story</h1>{ps}</article><footer>Town</footer>"
            "</body></html>")

def record(n, uri, ctype, body):
    body = body.encode()
    head = (f"WARC/1.1\r\nWARC-Type: resource\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
            f"WARC-Date: 2026-03-04T05:06:07Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body + b"\r\n\r\n"

pages = []
for i in range(4):
    pages.append((f"https://www.town.example/news/{i}", "text/html; charset=utf-8",
                  html([para(), para(), BLURB, para()])))
for i in range(4):
    pages.append((f"http://blog.example/post-{i}", "text/plain; charset=utf-8",
                  "\n\n".join(["Blog", para(), BLURB, para(), para()])))
for i in range(2):
    pages.append((f"https://few.example/{i}", "text/html", html([para(), BLURB, para()])))
same = [para(), para(), para()]
for i in range(3):
    pages.append((f"https://copy.example/a?v={i}", "text/html",
                  html(same + [f"Updated {i} hours ago with more on the story."])))
if sys.argv[1:] == ["reverse"]:
    pages.reverse()
if sys.argv[1:] == ["later"]:
    pages = [("https://town.example/news/9", "text/html", html([para(), BLURB, para()])),
             ("https://few.example/9", "text/html", html([para(), BLURB, para()]))]
for n, page in enumerate(pages):
    sys.stdout.buffer.write(record(n, *page))
