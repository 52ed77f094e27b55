/*
 * t_body: the article as markdown and as HTML (pith_extractor_set_body,
 * clean --body), through the library's interface, and lib/markup.c:
 * escaping, paragraphs, and the text a line of markup stands for.
 */
#include <stdlib.h>
#include <string.h>

#include "pith/extract.h"
#include "pith.h"
#include "tap.h"

#define PAGE_HEAD "<!doctype html><html lang=en><head><title>Night " \
    "trains compared</title></head><body><nav><a href=/>Home</a> " \
    "<a href=/a>About</a></nav><article>"
#define PAGE_TAIL "</article><footer>Copyright 2026</footer></body></html>"

/* Prose enough for the article to be chosen. */
#define PROSE "<p>There are now five night trains to the coast, more than " \
    "at any time since the nineties, and we compared them on the numbers " \
    "that matter to travellers, as the timetable came out.</p>"

/* The body of html as format with flags, owned; NULL on failure. */
static char *
body(const char *html, enum pith_body format, unsigned flags)
{
	pith_extractor *x = pith_extractor_new(NULL);
	pith_result *r = NULL;
	const char *s;
	char *copy = NULL;

	if (pith_extractor_set_body(x, format, flags) == 0 &&
	    pith_extract_html(x, html, strlen(html),
	    "https://example.org/news/trains.html", NULL, &r) == PITH_OK &&
	    (s = pith_result_body(r, PITH_PART_ARTICLE, NULL)) != NULL)
		copy = strdup(s);
	pith_result_free(r);
	pith_extractor_free(x);
	return copy;
}

static void
has(const char *s, const char *want, const char *what)
{
	if (!ok(s != NULL && strstr(s, want) != NULL, "%s", what))
		printf("#   in: '%s'\n# want: '%s'\n", s ? s : "(null)", want);
}

static void
lacks(const char *s, const char *unwanted, const char *what)
{
	if (!ok(s != NULL && strstr(s, unwanted) == NULL, "%s", what))
		printf("#   in: '%s'\n# unwanted: '%s'\n", s ? s : "(null)",
		    unwanted);
}

static void
test_markdown_structure(void)
{
	char *md = body(PAGE_HEAD PROSE
	    "<h2>The timetable</h2>" PROSE
	    "<ul><li>Nordlicht<ul><li>couchettes</li><li>seats</li></ul></li>"
	    "<li>Marina</li></ul>"
	    "<ol><li>Book early.</li><li>Check again ten days ahead.</li></ol>"
	    "<blockquote><p>A night train is a hotel that moves.</p></blockquote>"
	    "<pre>vaultline keys rotate\n  --label ```2026```</pre>"
	    "<p>Run <code>a`b</code> first.</p>" PAGE_TAIL,
	    PITH_BODY_MARKDOWN, 0);

	has(md, "\n\n## The timetable\n\n", "markdown: a heading");
	has(md, "\n\n- Nordlicht\n  - couchettes\n  - seats\n- Marina\n",
	    "markdown: a nested list, tight, indented under its item");
	has(md, "1. Book early.\n2. Check again ten days ahead.",
	    "markdown: an ordered list keeps its numbers");
	has(md, "> A night train is a hotel that moves.",
	    "markdown: a quotation");
	has(md, "````\nvaultline keys rotate\n  --label ```2026```\n````",
	    "markdown: code verbatim, in a fence longer than its backticks");
	has(md, "Run `` a`b `` first.", "markdown: a code span around a "
	    "backtick");
	lacks(md, "Home", "markdown: the navigation is left out, as in text");
	free(md);
}

static void
test_markdown_tables(void)
{
	char *md = body(PAGE_HEAD PROSE
	    "<table><tr><th>Train</th><th>Departs</th></tr>"
	    "<tr><td>Nordlicht | 301</td><td>21:04</td></tr>"
	    "<tr><td>Marina</td><td>19:58</td><td>late</td></tr></table>"
	    PROSE "<table><tr><td>Fare</td><td>49</td><td>59</td></tr>"
	    "<tr><td>Child</td><td>15</td><td>19</td></tr>"
	    "<tr><td>Dog</td><td>5</td><td>9</td></tr>"
	    "<tr><td>Bike</td><td>10</td><td>12</td></tr></table>" PAGE_TAIL,
	    PITH_BODY_MARKDOWN, 0);

	has(md, "| Train | Departs | |\n| --- | --- | --- |\n"
	    "| Nordlicht \\| 301 | 21:04 | |\n| Marina | 19:58 | late |",
	    "markdown: a header row, its delimiter, rows padded to the "
	    "widest, a pipe in a cell escaped");
	has(md, "|  |  |  |\n| --- | --- | --- |\n| Fare | 49 | 59 |\n"
	    "| Child | 15 | 19 |",
	    "markdown: a table without a header row gets an empty one");
	free(md);
}

static void
test_markdown_escapes(void)
{
	char *md = body(PAGE_HEAD PROSE
	    "<p><b>11</b>. She supported the cause, with *stars* and "
	    "_lines_ [not links] &amp;amp; &lt;b&gt;.</p>"
	    "<p>- not a list item, but a dash.</p>"
	    "<h3>Notes on C# ##</h3>" PROSE PAGE_TAIL,
	    PITH_BODY_MARKDOWN, 0);

	has(md, "11\\. She supported", "markdown: a number and its dot from "
	    "two elements do not start a list");
	has(md, "\\*stars\\* and \\_lines\\_ \\[not links\\] \\&amp; \\<b\\>.",
	    "markdown: emphasis, links, entities and tags escaped");
	has(md, "\\- not a list item", "markdown: a dash at a line's start");
	has(md, "### Notes on C# \\##\n", "markdown: a heading's last #s "
	    "kept (not read as its closing sequence)");
	free(md);
}

static void
test_links_images(void)
{
	const char *page = PAGE_HEAD PROSE
	    "<p>See <a href=\"../timetable?y=2026#top\">the timetable</a>, "
	    "<a href=\"javascript:void(0)\">this</a>, "
	    "<a href=\"mailto:desk@example.org\">write</a> and "
	    "<a href=\"https://example.com/a (b)\">more</a>.</p>"
	    "<figure><img src=\"/img/train.jpg\" alt=\"A [green] train\">"
	    "<figcaption>The Marina at dawn.</figcaption></figure>"
	    PROSE PAGE_TAIL;
	char *md = body(page, PITH_BODY_MARKDOWN, PITH_LINKS | PITH_IMAGES);
	char *plain = body(page, PITH_BODY_MARKDOWN, 0);
	char *html = body(page, PITH_BODY_HTML, PITH_LINKS | PITH_IMAGES);

	has(md, "[the timetable](https://example.org/timetable?y=2026#top)",
	    "links: resolved against the page's URL");
	has(md, ", this, [write](mailto:desk@example.org)",
	    "links: javascript: is text; mailto: kept");
	has(md, "[more](https://example.com/a%20%28b%29)",
	    "links: spaces and brackets percent-encoded");
	has(md, "![A \\[green\\] train](https://example.org/img/train.jpg)\n\n"
	    "*The Marina at dawn.*", "images: absolute, alt escaped, the "
	    "figure's caption after it");
	lacks(plain, "](", "without --links and --images: neither");
	free(plain);
	plain = body("<html><head><base href=\"/archive/2026/\"><title>T"
	    "</title></head><body><article>" PROSE "<p>See <a href=\"a.html\">"
	    "the notes</a>.</p>" PROSE "</article></body></html>",
	    PITH_BODY_MARKDOWN, PITH_LINKS);
	has(plain, "[the notes](https://example.org/archive/2026/a.html)",
	    "links: resolved against the page's <base href>");
	free(plain);
	plain = body(page, PITH_BODY_MARKDOWN, 0);
	lacks(plain, "Marina at dawn", "without --images: no caption (as "
	    "the text)");
	has(html, "<a href=\"https://example.org/timetable?y=2026#top\">the "
	    "timetable</a>", "html: a link");
	has(html, "<figure><img src=\"https://example.org/img/train.jpg\" "
	    "alt=\"A [green] train\" /><figcaption>The Marina at dawn."
	    "</figcaption></figure>", "html: a figure with its caption");
	free(md);
	free(plain);
	free(html);
}

static void
test_html_document(void)
{
	char *html = body(PAGE_HEAD PROSE "<h2>Fares &amp; <i>tips</i></h2>"
	    "<ul><li>One<br>two</li></ul><div>Loose text in a div, which "
	    "is a paragraph of its own in the body.</div>"
	    "<table><tr><th>A</th><td>1</td></tr></table>" PAGE_TAIL,
	    PITH_BODY_HTML, 0);

	has(html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	    "charset=\"utf-8\" />\n<title>Night trains compared</title>\n"
	    "</head>\n<body>\n<article>\n<p>There are", "html: a whole "
	    "document, its title and language");
	has(html, "<h2>Fares &amp; tips</h2>\n", "html: a heading, escaped");
	has(html, "<li>One<br />\ntwo</li>", "html: a line break");
	has(html, "<p>Loose text in a div", "html: text in a div is a "
	    "paragraph");
	has(html, "<tr><th>A</th><td>1</td></tr>", "html: a table row");
	has(html, "</article>\n</body>\n</html>", "html: closed");
	free(html);
}

static void
test_text_path(void)
{
	pith_extractor *x = pith_extractor_new(NULL);
	pith_result *r = NULL;
	const char dump[] = "Home | News | Sport\n\n"
	    "The harbour reopened on Tuesday after three days of repairs to "
	    "the sea wall, the port authority said in a statement.\n\n"
	    "Fishing boats were the first to leave, followed by the morning "
	    "ferry, which had been moored at the inner quay since the storm "
	    "on Saturday.\n";
	const char *s;

	pith_extractor_set_body(x, PITH_BODY_MARKDOWN, 0);
	if (pith_extract_text(x, dump, sizeof dump - 1, NULL, &r) == PITH_OK &&
	    (s = pith_result_body(r, PITH_PART_ARTICLE, NULL)) != NULL)
		has(s, "statement.\n\nFishing boats", "a text dump in "
		    "markdown: its paragraphs");
	else
		ok(0, "a text dump in markdown: its paragraphs");
	is_str(pith_result_text(r), "The harbour reopened on Tuesday after "
	    "three days of repairs to the sea wall, the port authority said "
	    "in a statement.\n\nFishing boats were the first to leave, "
	    "followed by the morning ferry, which had been moored at the "
	    "inner quay since the storm on Saturday.",
	    "the text stays the text whatever the body");
	pith_result_free(r);
	ok(pith_extractor_set_body(x, (enum pith_body)7, 0) == -1 &&
	    pith_extractor_set_body(x, PITH_BODY_HTML, 8) == -1,
	    "set_body: a body or flag out of range is refused");
	pith_extractor_free(x);
}

static void
test_formats(void)
{
	pith_extractor *x = pith_extractor_new(NULL);
	pith_result *r = NULL;
	const char page[] = PAGE_HEAD PROSE "<h2>More</h2>" PROSE PAGE_TAIL;
	const char *s;

	pith_extractor_set_body(x, PITH_BODY_MARKDOWN, 0);
	if (pith_extract_html(x, page, sizeof page - 1, NULL, NULL, &r) !=
	    PITH_OK) {
		ok(0, "formats: extracted");
		pith_extractor_free(x);
		return;
	}
	s = pith_result_format(r, PITH_FORMAT_WARC, NULL);
	has(s, "Content-Type: text/markdown; charset=utf-8\r\n",
	    "WARC: the conversion record says its body is markdown");
	has(s, "\r\n\r\nThere are now", "WARC: the body is the markdown");
	s = pith_result_format(r, PITH_FORMAT_JSON, NULL);
	has(s, "\"body\":\"markdown\"", "JSON: says the body is markdown");
	has(s, "## More", "JSON: text holds the markdown");
	s = pith_result_format(r, PITH_FORMAT_TEXT, NULL);
	has(s, "\n\n## More\n\n", "text format: the body");
	pith_result_free(r);
	pith_extractor_free(x);
}

/* lib/markup.c: the text a line of markup stands for. */
static void
test_lines(void)
{
	struct body_lines md = { BODY_MARKDOWN, 0, 0 }, h = { BODY_HTML, 0, 0 };
	struct buf t;
	int r;

	buf_init(&t);
	r = body_line_text(&md, "  - [Share](https://x.org/s) on \\*X\\*", 37,
	    &t);
	ok(r == 1 && strcmp(t.data, "Share on *X*") == 0,
	    "markdown line: marker, link and escapes out");
	ok(body_line_text(&md, "> ## Related", 12, &t) == 1 &&
	    strcmp(t.data, "Related") == 0, "markdown line: quote, heading");
	ok(body_line_text(&md, "| a | b |", 9, &t) == 0,
	    "markdown line: a table row is not text that could go");
	ok(body_line_text(&md, "```", 3, &t) == 0 &&
	    body_line_text(&md, "Related", 7, &t) == 0 &&
	    body_line_text(&md, "```", 3, &t) == 0 &&
	    body_line_text(&md, "Related", 7, &t) == 1,
	    "markdown line: code between fences stays");
	ok(body_line_text(&h, "<p>Fish &amp; chips</p>", 23, &t) == 1 &&
	    strcmp(t.data, "Fish & chips") == 0, "html line: a paragraph");
	ok(body_line_text(&h, "<li>One<ul>", 11, &t) == 0 &&
	    body_line_text(&h, "<title>Home</title>", 19, &t) == 0,
	    "html line: not a whole block, or not the body's");
	ok(body_line_text(&h, "<pre>a", 6, &t) == 0 &&
	    body_line_text(&h, "<p>b</p>", 8, &t) == 0 &&
	    body_line_text(&h, "c</pre>", 7, &t) == 0 &&
	    body_line_text(&h, "<p>b</p>", 8, &t) == 1,
	    "html line: inside <pre> stays");
	buf_reset(&t);
	body_text(BODY_MARKDOWN, "## A [b](http://c.org/d)\n\n- e\n", 29, &t);
	is_str(t.data, "A b\n\ne\n", "body_text: markdown's words");
	buf_reset(&t);
	body_text(BODY_HTML, "<html><head><title>T</title></head><body>"
	    "<p>x &lt; y</p></body></html>", 71, &t);
	is_str(t.data, "x < y", "body_text: HTML's words, not the head's");
	buf_reset(&t);
	body_paragraphs(&t, BODY_HTML, "a < b\nc\n\n#d", 11);
	is_str(t.data, "<p>a &lt; b<br />\nc</p>\n<p>#d</p>\n",
	    "paragraphs: HTML, line breaks kept");
	buf_reset(&t);
	body_paragraphs(&t, BODY_MARKDOWN, "1. a\n\n# b", 9);
	is_str(t.data, "1\\. a\n\n\\# b\n", "paragraphs: markdown, what "
	    "would start a block escaped");
	is_int(body_of_type("text/markdown; charset=utf-8"), BODY_MARKDOWN,
	    "a Content-Type names its body");
	is_int(body_of_type("text/markdownx"), BODY_TEXT,
	    "only the whole type name");
	buf_free(&t);
}

int
main(void)
{
	test_markdown_structure();
	test_markdown_tables();
	test_markdown_escapes();
	test_links_images();
	test_html_document();
	test_text_path();
	test_formats();
	test_lines();
	return done();
}
