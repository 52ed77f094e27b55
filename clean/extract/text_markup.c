/*
 * text_markup.c: markup left in plain text.  Scrapers and OCR leave tags
 * (<u>word</u>, <br>) and character references (&amp;, &nbsp;, &#8217;)
 * in their text; the words inside are the author's, so tags are unwrapped
 * and references decoded, never dropped with their words.
 */
#include <string.h>
#include <strings.h>

#include "text_rules.h"

/* Named references seen in scraped text; the rest are rare enough to be
 * left as they are. */
static const struct {
	const char *name;
	uint32_t c;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xA0 }, { "ensp", 0x2002 },
	{ "emsp", 0x2003 }, { "thinsp", 0x2009 }, { "shy", 0xAD },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "sbquo", 0x201A },
	{ "ldquo", 0x201C }, { "rdquo", 0x201D }, { "bdquo", 0x201E },
	{ "laquo", 0xAB }, { "raquo", 0xBB }, { "lsaquo", 0x2039 },
	{ "rsaquo", 0x203A }, { "bull", 0x2022 }, { "middot", 0xB7 },
	{ "copy", 0xA9 }, { "reg", 0xAE }, { "trade", 0x2122 },
	{ "euro", 0x20AC }, { "pound", 0xA3 }, { "yen", 0xA5 },
	{ "cent", 0xA2 }, { "deg", 0xB0 }, { "times", 0xD7 },
	{ "divide", 0xF7 }, { "plusmn", 0xB1 }, { "frac12", 0xBD },
	{ "frac14", 0xBC }, { "frac34", 0xBE }, { "sect", 0xA7 },
	{ "para", 0xB6 }, { "dagger", 0x2020 }, { "prime", 0x2032 },
	{ "iexcl", 0xA1 }, { "iquest", 0xBF }, { "szlig", 0xDF },
	{ "auml", 0xE4 }, { "ouml", 0xF6 }, { "uuml", 0xFC },
	{ "Auml", 0xC4 }, { "Ouml", 0xD6 }, { "Uuml", 0xDC },
	{ "aacute", 0xE1 }, { "eacute", 0xE9 }, { "iacute", 0xED },
	{ "oacute", 0xF3 }, { "uacute", 0xFA }, { "Eacute", 0xC9 },
	{ "agrave", 0xE0 }, { "egrave", 0xE8 }, { "ograve", 0xF2 },
	{ "ugrave", 0xF9 }, { "acirc", 0xE2 }, { "ecirc", 0xEA },
	{ "icirc", 0xEE }, { "ocirc", 0xF4 }, { "ucirc", 0xFB },
	{ "ccedil", 0xE7 }, { "Ccedil", 0xC7 }, { "ntilde", 0xF1 },
	{ "Ntilde", 0xD1 }, { "atilde", 0xE3 }, { "otilde", 0xF5 },
	{ "euml", 0xEB }, { "iuml", 0xEF }, { "oslash", 0xF8 },
	{ "aring", 0xE5 }, { "aelig", 0xE6 },
};

/* HTML elements seen in scraped text.  Only these are tags: "<The Palace>"
 * or "<3" are the author's words.  block: the tag's edge is a word
 * boundary and becomes a space; inline tags (<b>, <u>, <a>, <span>)
 * vanish without one. */
static const struct {
	const char *name;
	int block;
} tags[] = {
	{ "a", 0 }, { "abbr", 0 }, { "b", 0 }, { "big", 0 }, { "cite", 0 },
	{ "code", 0 }, { "del", 0 }, { "dfn", 0 }, { "em", 0 }, { "font", 0 },
	{ "i", 0 }, { "ins", 0 }, { "kbd", 0 }, { "mark", 0 }, { "q", 0 },
	{ "s", 0 }, { "samp", 0 }, { "small", 0 }, { "span", 0 },
	{ "strike", 0 }, { "strong", 0 }, { "sub", 0 }, { "sup", 0 },
	{ "time", 0 }, { "tt", 0 }, { "u", 0 }, { "var", 0 }, { "wbr", 0 },
	{ "article", 1 }, { "aside", 1 }, { "blockquote", 1 }, { "br", 1 },
	{ "caption", 1 }, { "center", 1 }, { "dd", 1 }, { "div", 1 },
	{ "dl", 1 }, { "dt", 1 }, { "figcaption", 1 }, { "figure", 1 },
	{ "footer", 1 }, { "h1", 1 }, { "h2", 1 }, { "h3", 1 }, { "h4", 1 },
	{ "h5", 1 }, { "h6", 1 }, { "header", 1 }, { "hr", 1 }, { "img", 1 },
	{ "li", 1 }, { "main", 1 }, { "nav", 1 }, { "ol", 1 }, { "p", 1 },
	{ "pre", 1 }, { "section", 1 }, { "table", 1 }, { "tbody", 1 },
	{ "td", 1 }, { "th", 1 }, { "thead", 1 }, { "tr", 1 }, { "ul", 1 },
	{ "iframe", 1 }, { "input", 1 }, { "button", 1 }, { "label", 1 },
	{ "form", 1 }, { "source", 1 }, { "video", 1 }, { "audio", 1 },
};

/* Is s (n bytes) a known element name; *block tells which kind. */
static int
known_tag(const char *s, size_t n, int *block)
{
	size_t t;

	for (t = 0; t < sizeof tags / sizeof tags[0]; t++)
		if (strlen(tags[t].name) == n &&
		    strncasecmp(s, tags[t].name, n) == 0) {
			*block = tags[t].block;
			return 1;
		}
	return 0;
}

/* Longest tag and reference recognised; longer runs are left as text. */
enum { TAG_MAX = 400, REF_MAX = 10 };

static int
is_alpha(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Length of a tag or comment at s, or 0 if s does not start one.
 * *block is set when the tag separates words. */
static size_t
tag_len(const char *s, size_t n, int *block)
{
	size_t i, name;
	const char *end;

	*block = 0;
	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		end = memmem(s + 4, n - 4 < TAG_MAX ? n - 4 : TAG_MAX, "-->", 3);
		return end ? (size_t)(end - s) + 3 : 0;
	}
	i = n > 1 && s[1] == '/' ? 2 : 1;
	for (name = i; i < n && (is_alpha(s[i]) || (s[i] >= '0' &&
	    s[i] <= '9')); i++)
		;
	if (!known_tag(s + name, i - name, block))
		return 0;
	if (i < n && s[i] != '>' && s[i] != ' ' && s[i] != '/' && s[i] != '\t')
		return 0;		/* "<bold" is not "<b" */
	for (; i < n && i < TAG_MAX && s[i] != '>' && s[i] != '<'; i++)
		;
	if (i >= n || s[i] != '>')
		return 0;
	return i + 1;
}

/* Decode a character reference at s into *c; its length, or 0. */
static size_t
ref_len(const char *s, size_t n, uint32_t *c)
{
	size_t i = 1, k;
	uint32_t v = 0;
	int base = 10, digits = 0;

	if (n > 2 && s[1] == '#') {
		i = 2;
		if (s[i] == 'x' || s[i] == 'X')
			base = 16, i++;
		for (; i < n && i < REF_MAX + 2 && digits < 8; i++, digits++) {
			int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
			    base == 16 && is_alpha(s[i]) && (s[i] | 0x20) <= 'f' ?
			    (s[i] | 0x20) - 'a' + 10 : -1;
			if (d < 0)
				break;
			v = v * base + d;
		}
		if (digits == 0 || i >= n || s[i] != ';')
			return 0;
		*c = v == 0 || v > 0x10FFFF ? 0xFFFD : v;
		return i + 1;
	}
	for (; i < n && i <= REF_MAX && is_alpha(s[i]); i++)
		;
	k = i - 1;
	if (k == 0 || i >= n || s[i] != ';')
		return 0;
	for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++)
		if (strlen(entities[e].name) == k &&
		    memcmp(entities[e].name, s + 1, k) == 0) {
			*c = entities[e].c;
			return i + 1;
		}
	return 0;
}

void
text_unmarkup(const char *s, size_t n, struct buf *out)
{
	size_t i = 0, k;
	uint32_t c;
	int block;

	while (i < n) {
		if (s[i] == '<' && (k = tag_len(s + i, n - i, &block)) > 0) {
			if (block)
				buf_putc(out, ' ');
			i += k;
		} else if (s[i] == '&' && (k = ref_len(s + i, n - i, &c)) > 0) {
			utf8_put(out, c);
			i += k;
		} else
			buf_putc(out, s[i++]);
	}
}
