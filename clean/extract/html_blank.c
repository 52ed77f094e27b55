/*
 * html_blank.c: blank out, before gumbo parses a page, what the article text
 * never needs: script and style bodies (JSON-LD kept: html_meta.c reads it),
 * svg and template contents, comments, the attributes nothing reads, long
 * data: URIs in those it keeps.
 *
 * One pass over the bytes, compacting in place.  It follows the HTML
 * tokenizer far enough never to eat content: tags are read with their
 * quoted attribute values, raw text elements (title, textarea, ...) are
 * copied as they are (one that never closes, and would hide the page,
 * ends at the next tag), a script ends at "</script" as in a browser, and
 * anything it cannot close safely (an svg that holds HTML, an unclosed
 * svg) is left for gumbo.  The empty elements stay, so the tree keeps its
 * shape.
 */
#include <string.h>
#include <strings.h>

#include "extract.h"

/* data: URIs longer than this become "data:," (inline images). */
#define DATA_URI_MAX	128

/* The attributes kept: those the rules read (html_page.c: class, id,
 * role, hidden, aria-hidden, style, itemprop), the metadata's
 * (html_meta.c: property, content, name, http-equiv, lang, xml:lang, rel,
 * href, type, datetime), those that steer gumbo's tree builder (font's
 * color, face and size end foreign content; annotation-xml's encoding;
 * input's type in a table), charset, and a link's or an image's (href,
 * src, alt), which the text may come to show.  Every other one (data-*,
 * srcset, on*, title, ...) goes with its value: on today's pages they are
 * a large part of the markup, and gumbo keeps two copies of each.  A rule
 * that reads another attribute adds it here. */
static const char *const kept_attributes[] = {
	"alt", "aria-hidden", "charset", "class", "color", "content",
	"datetime", "encoding", "face", "hidden", "href", "http-equiv", "id",
	"itemprop", "lang", "name", "property", "rel", "role", "size", "src",
	"style", "type", "xml:lang",
};

/* Elements whose body is dropped up to their end tag. */
enum body { B_KEEP, B_SCRIPT, B_STYLE, B_RAW, B_SVG, B_TEMPLATE, B_PLAIN };

static const struct {
	const char *name;
	enum body body;
} bodies[] = {
	{ "script", B_SCRIPT },		/* dropped, JSON-LD kept */
	{ "style", B_STYLE },		/* dropped */
	{ "svg", B_SVG },		/* icons: dropped when it closes cleanly */
	{ "template", B_TEMPLATE },	/* inert until scripts use it */
	{ "title", B_RAW },		/* RCDATA and RAWTEXT: copied as is, */
	{ "textarea", B_RAW },		/* a "<script>" inside is text */
	{ "xmp", B_RAW },
	{ "iframe", B_RAW },
	{ "noembed", B_RAW },
	{ "noframes", B_RAW },
	{ "plaintext", B_PLAIN },	/* text to the end of the file */
};

/* HTML start tags that end foreign content (svg) in the tree builder:
 * an svg that holds one holds page content, so it is left alone. */
static const char *const breakout[] = {
	"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
	"dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head",
	"hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
	"pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
	"table", "tt", "u", "ul", "var", "font",
};

struct tag {
	const char *start, *end;	/* '<' and just past '>' */
	const char *attributes;		/* just past the name */
	char name[16];			/* lowercased, "" when longer */
	int closing, self_closing;
	int json_ld;			/* type="application/ld+json" */
};

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
prefix_ci(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && strncasecmp(p, s, n) == 0;
}

static const char *
find(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	for (; (size_t)(end - p) >= n; p++) {
		p = memchr(p, s[0], (size_t)(end - p) - n + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, s, n) == 0)
			return p;
	}
	return NULL;
}

/* An attribute value: does it make a script JSON-LD? */
static int
is_json_ld(const char *v, size_t n)
{
	while (n > 0 && is_space((unsigned char)*v))
		v++, n--;
	while (n > 0 && is_space((unsigned char)v[n - 1]))
		n--;
	return n == 19 && strncasecmp(v, "application/ld+json", 19) == 0;
}

/* One attribute of a tag, as the tokenizer reads it. */
struct attr {
	const char *start, *end;	/* its name, and just past its value */
	size_t nlen;
	const char *value;		/* NULL: none */
	size_t vlen;
	char quote;			/* of the value, or 0 */
};

/* The next attribute from *pp (past the tag's name or an attribute) into
 * a: 1; 0 at the tag's '>' (*pp just past it); -1 when the file ends
 * first.  Quotes only quote after '='. */
static int
next_attr(const char **pp, const char *end, struct attr *a,
    int *self_closing)
{
	const char *p = *pp;

	while (p < end && (is_space((unsigned char)*p) || *p == '/'))
		*self_closing = *p++ == '/';
	if (p >= end)
		return -1;
	if (*p == '>') {
		*pp = p + 1;
		return 0;
	}
	*self_closing = 0;
	memset(a, 0, sizeof *a);
	a->start = p++;
	while (p < end && !is_space((unsigned char)*p) && *p != '/' &&
	    *p != '>' && *p != '=')
		p++;
	a->nlen = (size_t)(p - a->start);
	a->end = p;
	while (p < end && is_space((unsigned char)*p))
		p++;
	if (p >= end || *p != '=') {
		*pp = p;
		return 1;
	}
	for (p++; p < end && is_space((unsigned char)*p); p++)
		;
	if (p < end && (*p == '"' || *p == '\'')) {
		a->quote = *p++;
		a->value = p;
		if ((p = memchr(p, a->quote, (size_t)(end - p))) == NULL)
			return -1;
		a->vlen = (size_t)(p++ - a->value);
	} else {
		for (a->value = p; p < end && !is_space((unsigned char)*p) &&
		    *p != '>'; p++)
			;
		a->vlen = (size_t)(p - a->value);
	}
	a->end = p;
	*pp = p;
	return 1;
}

/* Read the attributes of a tag from p (just past its name) to its '>'.
 * Returns the end of the tag or NULL when the file ends first. */
static const char *
read_attributes(const char *p, const char *end, struct tag *t)
{
	struct attr a;
	int rc;

	while ((rc = next_attr(&p, end, &a, &t->self_closing)) > 0)
		if (a.nlen == 4 && strncasecmp(a.start, "type", 4) == 0 &&
		    a.value != NULL)
			t->json_ld = is_json_ld(a.value, a.vlen);
	return rc == 0 ? p : NULL;
}

/* A start or end tag at p ('<' then a letter, or "</" then a letter).
 * Returns 0, -1 when it is not a tag, or -2 when the file ends inside
 * it: then, as for a browser, the rest of the file is that broken tag. */
static int
read_tag(const char *p, const char *end, struct tag *t)
{
	size_t n = 0;

	memset(t, 0, sizeof *t);
	t->start = p++;
	if (p < end && *p == '/')
		t->closing = 1, p++;
	if (p >= end || !is_alpha((unsigned char)*p))
		return -1;
	for (; p < end && !is_space((unsigned char)*p) && *p != '/' &&
	    *p != '>'; p++, n++)
		if (n < sizeof t->name - 1)
			t->name[n] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	if (n >= sizeof t->name)
		t->name[0] = '\0';
	t->attributes = p;
	t->end = read_attributes(p, end, t);
	return t->end == NULL ? -2 : 0;
}

static enum body
body_of(const struct tag *t)
{
	size_t i;

	if (t->closing)
		return B_KEEP;
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		if (strcmp(t->name, bodies[i].name) == 0)
			return bodies[i].body;
	return B_KEEP;
}

static int
is_breakout(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof breakout / sizeof breakout[0]; i++)
		if (strcmp(name, breakout[i]) == 0)
			return 1;
	return 0;
}

/* lead ("</" or "<") then name, followed by a space, '/' or '>' (or
 * the end): the text of a tag that opens or closes a raw text element.
 * Returns where it starts, or NULL. */
static const char *
find_tag_text(const char *p, const char *end, const char *lead,
    const char *name)
{
	size_t l = strlen(lead), n = strlen(name);
	const char *q, *c;

	for (; (q = find(p, end, lead)) != NULL; p = q + l) {
		if (!prefix_ci(q + l, end, name))
			continue;
		c = q + l + n;
		if (c >= end || is_space((unsigned char)*c) || *c == '/' ||
		    *c == '>')
			return q;
	}
	return NULL;
}

static const char *
find_end_tag(const char *p, const char *end, const char *name)
{
	return find_tag_text(p, end, "</", name);
}

/* The next s (a string, or a "<script" tag text when s is NULL) from p
 * before lim, or lim when none: kept in *at, and searched again only
 * once p has passed it, so that each byte is scanned once. */
static const char *
next_before(const char **at, const char *p, const char *lim, const char *s)
{
	if (*at == NULL || *at < p) {
		*at = s ? find(p, lim, s) : find_tag_text(p, lim, "<", "script");
		if (*at == NULL)
			*at = lim;
	}
	return *at;
}

/* Script data: "</script" ends it, except where "<!--" then "<script"
 * put the tokenizer in the double-escaped state, which the next
 * "</script" leaves for the escaped one; "-->" leaves either for plain
 * script data.  Linear: the
 * next "</script", "<!--", "-->" and "<script" are each remembered. */
static const char *
find_script_end(const char *p, const char *end)
{
	const char *close = NULL, *open = NULL, *dash = NULL, *inner = NULL;
	int escaped = 0;

	for (;;) {
		if ((close == NULL || close < p) &&
		    (close = find_end_tag(p, end, "script")) == NULL)
			return NULL;
		if (!escaped) {
			if (next_before(&open, p, close, "<!--") == close)
				return close;
			escaped = 1;
			p = open + 4;
		}
		next_before(&dash, p, close, "-->");
		next_before(&inner, p, close, NULL);
		if (dash < close)	/* "-->" leaves the escaped state, and */
			escaped = 0, p = dash + 3;	/* the double escaped */
		else if (inner < close)
			p = close + 8;		/* double escaped: not the end */
		else
			return close;
	}
}

/* Past the "-->" (or "--!>") that ends a comment, or NULL. */
static const char *
comment_end(const char *p, const char *end)
{
	for (; (p = find(p, end, "--")) != NULL; p++) {
		if (p + 2 < end && p[2] == '>')
			return p + 3;
		if (p + 3 < end && p[2] == '!' && p[3] == '>')
			return p + 4;
	}
	return NULL;
}

/* The end of an svg opened just before p, scanning up to end: past its
 * end tag, or NULL when it does not close or holds HTML (which the tree
 * builder would break out to). */
static const char *
svg_close(const char *p, const char *end)
{
	struct tag t;
	int depth = 1, rc;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (prefix_ci(p, end, "<!--")) {
			if ((p = comment_end(p + 4, end)) == NULL)
				return NULL;
			continue;
		}
		if (prefix_ci(p, end, "<![CDATA[")) {
			if ((p = find(p + 9, end, "]]>")) == NULL)
				return NULL;
			continue;
		}
		if ((rc = read_tag(p, end, &t)) == -2)
			return NULL;
		if (rc < 0) {
			p++;
			continue;
		}
		if (!t.closing && is_breakout(t.name))
			return NULL;
		if (strcmp(t.name, "svg") == 0 && !t.self_closing)
			depth += t.closing ? -1 : 1;
		if (depth == 0)
			return t.end;
		p = t.end;
	}
	return NULL;
}

/* svg_close within a budget.  An svg left open is scanned again from
 * each svg inside it, so the bytes scanned are charged to *budget; once
 * it is spent, svgs are left for gumbo, and "<svg><svg>..." stays linear. */
static const char *
svg_end(const char *p, const char *end, size_t *budget)
{
	const char *close;

	if ((size_t)(end - p) > *budget)
		end = p + *budget;
	close = svg_close(p, end);
	*budget -= (size_t)((close ? close : end) - p);
	return close;
}

/* Past the </template> that closes one opened just before p (nested ones
 * counted, scripts, styles and comments skipped), or end. */
static const char *
template_end(const char *p, const char *end)
{
	const char *q;
	struct tag t;
	int depth = 1, rc;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (prefix_ci(p, end, "<!--")) {
			q = comment_end(p + 4, end);
			p = q ? q : end;
			continue;
		}
		if ((rc = read_tag(p, end, &t)) == -2)
			return end;
		if (rc < 0) {
			p++;
			continue;
		}
		p = t.end;
		if (body_of(&t) == B_SCRIPT || body_of(&t) == B_STYLE) {
			q = find_end_tag(p, end, t.name);
			p = q ? q : end;
		} else if (strcmp(t.name, "template") == 0)
			depth += t.closing ? -1 : 1;
		if (depth == 0)
			return p;
	}
	return end;
}

struct out {
	char *w;
	size_t svg_budget;	/* bytes svg_end may still scan */
};

static void
put(struct out *o, const char *p, size_t n)
{
	memmove(o->w, p, n);
	o->w += n;
}

static int
is_kept(const struct attr *a)
{
	size_t i;

	for (i = 0; i < sizeof kept_attributes / sizeof kept_attributes[0];
	    i++)
		if (strlen(kept_attributes[i]) == a->nlen &&
		    strncasecmp(a->start, kept_attributes[i], a->nlen) == 0)
			return 1;
	return 0;
}

/* A quoted value that is a data: URI longer than DATA_URI_MAX. */
static int
is_long_data_uri(const struct attr *a)
{
	return a->quote != 0 && a->vlen > DATA_URI_MAX &&
	    strncmp(a->value, "data:", 5) == 0;
}

/* Copy a tag without the attributes nothing reads, and long data: URIs
 * in those it keeps as "data:,". */
static void
put_tag(struct out *o, const struct tag *t)
{
	const char *p = t->attributes, *from = t->start;
	struct attr a;
	int self_closing = 0;

	while (!t->closing && next_attr(&p, t->end, &a, &self_closing) > 0) {
		if (!is_kept(&a)) {
			put(o, from, (size_t)(a.start - from));
			from = a.end;
		} else if (a.value != NULL && is_long_data_uri(&a)) {
			put(o, from, (size_t)(a.value - from));
			put(o, "data:,", 6);
			from = a.value + a.vlen;
		}
	}
	put(o, from, (size_t)(t->end - from));
}

/* The next '<' that starts a tag, an end tag or a comment, or end. */
static const char *
next_markup(const char *p, const char *end)
{
	for (; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
		if (p + 1 < end && (is_alpha((unsigned char)p[1]) ||
		    p[1] == '/' || p[1] == '!'))
			return p;
	return end;
}

/* The element opened by tag t: its body up to and with its end tag,
 * copied or dropped.  Returns where the scan goes on. */
static const char *
blank_element(struct out *o, const struct tag *t, const char *end)
{
	const char *p = t->end, *close;

	/* A title (or textarea, ...) that never closes is, for a browser,
	 * the rest of the file: the page shows nothing.  Such a file was
	 * cut or broken on its way; as a recovering parser (libxml2) does,
	 * the element ends at the next markup, here dropped with its text. */
	if (body_of(t) == B_RAW && find_end_tag(p, end, t->name) == NULL)
		return next_markup(p, end);
	put_tag(o, t);
	switch (body_of(t)) {
	case B_SCRIPT:
		if (t->json_ld || t->self_closing)
			return p;
		close = find_script_end(p, end);
		return close ? close : end;	/* unclosed: script to the end */
	case B_STYLE:
		close = find_end_tag(p, end, "style");
		return close ? close : end;
	case B_RAW:
		close = find_end_tag(p, end, t->name);	/* found above */
		put(o, p, (size_t)(close - p));
		return close;
	case B_PLAIN:
		put(o, p, (size_t)(end - p));
		return end;
	case B_SVG:
		if (t->self_closing ||
		    (close = svg_end(p, end, &o->svg_budget)) == NULL)
			return p;
		put(o, "</svg>", 6);
		return close;
	case B_TEMPLATE:
		close = template_end(p, end);
		if (close < end || (close == end && end - p >= 11 &&
		    prefix_ci(end - 11, end, "</template>")))
			put(o, "</template>", 11);
		return close;
	default:
		return p;
	}
}

/* A comment: "<!---->" when it closes (and is longer), nothing to the
 * end of the file when it does not (as a browser reads it). */
static const char *
blank_comment(struct out *o, const char *p, const char *end)
{
	const char *close;

	if (prefix_ci(p + 4, end, ">"))
		close = p + 5;
	else if (prefix_ci(p + 4, end, "->"))
		close = p + 6;
	else
		close = comment_end(p + 4, end);
	if (close == NULL)
		return end;
	if (close - p > 7)
		put(o, "<!---->", 7);
	else
		put(o, p, (size_t)(close - p));
	return close;
}

size_t
html_blank(char *html, size_t len)
{
	const char *p = html, *end = html + len, *lt;
	struct out o = { html, 4 * len + 65536 };
	struct tag t;
	int rc;

	while (p < end && (lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
		put(&o, p, (size_t)(lt - p));
		p = lt;
		if (prefix_ci(p, end, "<!--"))
			p = blank_comment(&o, p, end);
		else if ((rc = read_tag(p, end, &t)) == 0)
			p = blank_element(&o, &t, end);
		else if (rc == -2)
			break;			/* the rest is copied as it is */
		else
			put(&o, p++, 1);
	}
	if (p < end)
		put(&o, p, (size_t)(end - p));
	return (size_t)(o.w - html);
}
