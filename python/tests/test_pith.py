"""test_pith.py: the Python module pith as a user meets it.

    python3 -m unittest discover -s python/tests     (pith installed)

The pages are written here, or read from the checkout's samples/; nothing
touches the network.
"""
import concurrent.futures
import json
import os
import random
import subprocess
import threading
import unittest

import pith

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(TOP, "samples")

PAGE = """<!doctype html><html lang=en><head><title>Harbour reopens | Tide</title>
<meta property=og:site_name content=Tide><meta name=author content="Ann Lee">
<link rel=canonical href=/news/harbour></head><body>
<nav><a href=/>Home</a> <a href=/world>World</a></nav><article>
<h1>Harbour reopens</h1>
<p>The harbour reopened on Tuesday after three days of repairs to the sea
wall, the port authority said in a statement to fishermen.</p>
<p>Fishing boats were the first to leave, followed by the morning ferry,
which had been moored at the inner quay since the storm.</p></article>
<section class=comments id=comments><h2>3 comments</h2>
<div class=comment><p>Great news for the town, finally the boats are out
again and the quay is busy.</p></div>
<div class=comment><p>My uncle fishes from that quay and says the new wall
looks stronger than the old one ever did.</p></div></section>
<footer>Copyright 2026 Tide. All rights reserved.</footer></body></html>"""

# recall keeps the linked line between the paragraphs; precision does not.
EMBEDS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Town's new slogan draws ridicule online</title></head><body>
<div class="article-content">
<p>The town council unveiled its new tourism slogan on Monday, and within
hours it had become the most mocked phrase on social media in the region,
with thousands of replies.</p>
<p><a href="/2019/10/old-slogan">The town's last slogan was retired after
only a year</a></p>
<p>The mayor defended the campaign, saying that people were talking about
the town for the first time in years, which, she said, was exactly what the
money was meant to buy.</p>
<p>Follow us on Twitter and Facebook for the latest news.</p>
</div></body></html>"""

DUMP = """Menu

Home | News | Sport

The harbour reopened on Tuesday after three days of repairs to the sea wall, the port authority said in a statement.

Fishing boats were the first to leave, followed by the morning ferry, which had been moored at the inner quay since the storm began.

Copyright 2026 Tide
"""

CAFE = """<html><head><meta charset="windows-1251"><title>Caf\u00e9</title></head>
<body><article><p>The caf\u00e9 on the square re-opened its terrace this
week, and the cr\u00e8me br\u00fbl\u00e9e is back on the menu for the summer,
its owner said.</p><p>Regulars queued from eight in the morning for a table
in the sun, and the first tray of pastries was gone by nine.</p></article>
</body></html>"""


def sample_pages():
    """The checkout's sample pages and dumps, as (name, bytes, mode)."""
    out = []
    for name in sorted(os.listdir(SAMPLES)):
        with open(os.path.join(SAMPLES, name), "rb") as f:
            out.append((name, f.read(), "html" if name.endswith(".html") else "text"))
    return out


class Extract(unittest.TestCase):
    def test_text_of_a_page(self):
        text = pith.extract(PAGE)
        self.assertIsInstance(text, str)
        self.assertIn("The harbour reopened on Tuesday", text)
        self.assertIn("\n\nFishing boats were the first to leave", text)
        self.assertNotIn("World", text)
        self.assertNotIn("All rights reserved", text)
        self.assertFalse(text.endswith("\n"))

    def test_samples_as_clean_gives_them(self):
        """Every sample, as `clean -f json` gives it: the same dict."""
        clean = os.path.join(os.environ.get("PITH_BIN", os.path.join(TOP, "bin")), "clean")
        if not os.access(clean, os.X_OK):
            self.skipTest(f"{clean} not built")
        with_comments = 0
        for name, raw, _ in sample_pages():
            path = os.path.join(SAMPLES, name)
            for flags, kw in (([], {}), (["--comments", "--preset", "recall"],
                                         {"comments": True, "preset": "recall"})):
                out = subprocess.run([clean, "-f", "json"] + flags + [path],
                                     capture_output=True, check=True).stdout
                want = json.loads(out)
                got = pith.extract_json(raw, want["uri"], mode="auto", **kw)
                self.assertEqual(got, want, (name, flags))
                with_comments += "comments" in got
        self.assertGreater(with_comments, 0)    # blog-comments.html has some

    def test_none_when_no_article(self):
        for page in (b"", "", "<html><body></body></html>",
                     "   \n", "<html><head><title>A title</title><script>var a = 1;</script></head>"
                     "<body><img src=a.png></body></html>"):
            self.assertIsNone(pith.extract(page), repr(page))
            self.assertIsNone(pith.extract(page, format="json"), repr(page))
            self.assertIsNone(pith.extract_json(page), repr(page))

    def test_json_keys(self):
        url = "https://tide.example/2026/harbour"
        d = pith.extract_json(PAGE, url)
        self.assertEqual(d["uri"], url)
        self.assertEqual(d["mode"], "html")
        self.assertEqual(d["title"], "Harbour reopens")
        self.assertEqual(d["author"], "Ann Lee")
        self.assertEqual(d["site_name"], "Tide")
        self.assertEqual(d["language"], "en")    # identified from the text
        self.assertGreater(d["language_confidence"], 0.5)
        self.assertLessEqual(d["language_confidence"], 1)
        self.assertEqual(d["declared_language"], "en")  # <html lang=en>
        self.assertEqual(d["canonical_url"], "https://tide.example/news/harbour")
        self.assertEqual(d["text"], pith.extract(PAGE, url))
        self.assertNotIn("published", d)        # the page has none
        self.assertNotIn("comments", d)
        s = pith.extract(PAGE, url, format="json")
        self.assertIsInstance(s, str)
        self.assertTrue(s.startswith('{"uri":'))
        self.assertEqual(json.loads(s), d)

    def test_comments_apart(self):
        self.assertNotIn("uncle fishes", pith.extract(PAGE))
        d = pith.extract_json(PAGE, comments=True)
        self.assertIn("uncle fishes", d["comments"])
        self.assertNotIn("uncle fishes", d["text"])
        self.assertIn("morning ferry", d["text"])
        text = pith.extract(PAGE, comments=True)
        self.assertEqual(text, d["text"] + "\n\n" + d["comments"])

    def test_presets_differ(self):
        linked = "last slogan was retired"
        recall = pith.extract(EMBEDS, preset="recall")
        precision = pith.extract(EMBEDS, preset="precision")
        self.assertIn(linked, recall)
        self.assertNotIn(linked, precision)
        self.assertIn("mayor defended the campaign", precision)
        self.assertEqual(pith.extract(EMBEDS), pith.extract(EMBEDS, preset="balanced"))

    def test_str_and_bytes_the_same(self):
        for name in ("japanese-article.html", "russian-blog.html", "spanish-news.html"):
            with open(os.path.join(SAMPLES, name), "rb") as f:
                raw = f.read()
            want = pith.extract(raw)
            self.assertTrue(want, name)
            self.assertEqual(pith.extract(raw.decode("utf-8")), want, name)
            self.assertEqual(pith.extract(bytearray(raw)), want, name)
            self.assertEqual(pith.extract(memoryview(raw)), want, name)

    def test_declared_charset_decodes_latin1(self):
        raw = CAFE.encode("iso-8859-1")
        self.assertNotIn("caf\u00e9", pith.extract(raw))     # read as the <meta> says
        text = pith.extract(raw, charset="iso-8859-1")
        self.assertIn("The caf\u00e9 on the square", text)
        self.assertIn("cr\u00e8me br\u00fbl\u00e9e", text)
        d = pith.extract_json(raw, charset="ISO-8859-1")
        self.assertEqual(d["charset_declared"], "iso-8859-1")
        self.assertEqual(d["text"], text)
        self.assertEqual(pith.extract(CAFE), text)            # a str is UTF-8

    def test_modes(self):
        self.assertEqual(pith.extract_json(DUMP, mode="text")["mode"], "text")
        self.assertEqual(pith.extract_json(DUMP, mode="auto")["mode"], "text")
        self.assertEqual(pith.extract_json(PAGE, mode="auto")["mode"], "html")
        text = pith.extract(DUMP.encode(), mode="text")
        self.assertIn("morning ferry", text)
        self.assertNotIn("Home | News", text)
        self.assertEqual(pith.extract_json(DUMP, "https://t.example/", mode="text")["uri"],
                         "https://t.example/")

    def test_markdown_and_html(self):
        page = PAGE.replace("</article>", "<h2>What next</h2><ul><li>Inspect the "
                            "<a href=/wall>wall</a></li><li>Reopen the quay</li></ul></article>")
        md = pith.extract(page, "https://t.example/news/1", format="markdown", links=True)
        self.assertIn("\n\n## What next\n\n- Inspect the [wall](https://t.example/wall)\n"
                      "- Reopen the quay", md)
        doc = pith.extract(page, format="html")
        self.assertTrue(doc.startswith("<!DOCTYPE html>"), doc[:40])
        self.assertIn("<li>Inspect the wall</li>", doc)
        self.assertEqual(pith.extract(page), pith.extract(page, format="text"))
        self.assertNotIn("## What next", pith.extract(page))

    def test_bad_arguments_raise(self):
        for kw in ({"format": "xml"}, {"preset": "fast"}, {"mode": "pdf"},
                   {"charset": "latin 1"}, {"charset": ""}):
            with self.assertRaises(ValueError, msg=repr(kw)):
                pith.extract(PAGE.encode(), **kw)
        with self.assertRaisesRegex(ValueError, "unknown preset 'fast' \\(balanced, precision, recall\\)"):
            pith.extract_json(PAGE, preset="fast")
        with self.assertRaisesRegex(ValueError, "charset is for bytes"):
            pith.extract(PAGE, charset="utf-8")
        with self.assertRaises(TypeError):
            pith.extract(None)
        with self.assertRaises(TypeError):
            pith.extract(42)
        with self.assertRaises(TypeError):
            pith.extract(PAGE, None, "json")         # keywords only after url
        with self.assertRaises(TypeError):
            pith.extract_json(PAGE, format="json")
        with self.assertRaises(TypeError):
            pith.extract(PAGE, preset=None)
        with self.assertRaises(UnicodeEncodeError):
            pith.extract("\ud800 a lone surrogate")

    def test_page_that_cannot_be_read_raises(self):
        png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"
        with self.assertRaisesRegex(pith.Error, "binary"):
            pith.extract(png)
        self.assertTrue(issubclass(pith.Error, ValueError))
        big = b"<p>" + b"a" * (16 << 20)
        with self.assertRaisesRegex(pith.Error, "max-size"):
            pith.extract(big)

    def test_signature_and_version(self):
        import inspect
        self.assertEqual(str(inspect.signature(pith.extract)),
                         "(html, url=None, *, format='text', preset='balanced', "
                         "comments=False, charset=None, mode='html', links=False, "
                         "images=False)")
        self.assertEqual(pith.__version__, "1.1")


class Threads(unittest.TestCase):
    OPTIONS = ({}, {"preset": "precision", "comments": True},
               {"preset": "recall"}, {"format": "json"})

    def jobs(self):
        """Every sample page with every option set: (key, html, kwargs)."""
        out = []
        for name, raw, mode in sample_pages() + [("embeds", EMBEDS, "html"),
                                                 ("page", PAGE, "html")]:
            for i, kw in enumerate(self.OPTIONS):
                out.append(((name, i), raw, dict(kw, mode=mode)))
        return out

    def test_threads_give_what_one_gives(self):
        jobs = self.jobs()
        want = {key: pith.extract(raw, **kw) for key, raw, kw in jobs}
        self.assertGreater(sum(v is not None for v in want.values()), 40)
        nthreads = 8
        start = threading.Barrier(nthreads)

        def worker(seed):
            order = jobs * 3
            random.Random(seed).shuffle(order)
            start.wait()
            return [(key, pith.extract(raw, **kw)) for key, raw, kw in order]

        with concurrent.futures.ThreadPoolExecutor(nthreads) as pool:
            results = list(pool.map(worker, range(nthreads)))
        for got in results:
            self.assertEqual(len(got), 3 * len(jobs))
            for key, text in got:
                self.assertEqual(text, want[key], key)

    def test_extractors_freed_with_their_thread(self):
        """Each thread's extractors (a pool of parser memory each) go
        as it exits: 100 threads, one after the other, leave resident
        memory about where it was (kept, they would add 30 MB or more)."""
        try:
            with open("/proc/self/statm") as f:
                f.read()
        except OSError:
            self.skipTest("no /proc/self/statm")

        def resident():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

        with open(os.path.join(SAMPLES, "news-article.html"), "rb") as f:
            raw = f.read()

        def work():
            for kw in self.OPTIONS:
                pith.extract(raw, **kw)

        def in_threads(n):
            for _ in range(n):
                t = threading.Thread(target=work)
                t.start()
                t.join()

        in_threads(10)
        before = resident()
        in_threads(100)
        grown = resident() - before
        self.assertLess(grown, 12 << 20, f"{grown / 1e6:.1f} MB more after 100 threads")


if __name__ == "__main__":
    unittest.main()
