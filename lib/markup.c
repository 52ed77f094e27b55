/*
 * markup.c: the bodies clean writes besides plain text, markdown (GitHub's
 * dialect, CommonMark) and HTML, in one place: how text is escaped in
 * them, how a plain text becomes their paragraphs, and, going back, the
 * text of one of their lines, by which the repeat filter and store see
 * a line of markup as the line of text it stands for.
 */
#include <string.h>
#include <strings.h>

#include "pith.h"

static const struct {
	const char *name, *type, *ext;
} bodies[] = {
	[BODY_TEXT] = { "text", "text/plain", "txt" },
	[BODY_MARKDOWN] = { "markdown", "text/markdown", "md" },
	[BODY_HTML] = { "html", "text/html", "html" },
};

int
body_parse(const char *s)
{
	int i;

	for (i = BODY_TEXT; i <= BODY_HTML; i++)
		if (strcmp(s, bodies[i].name) == 0)
			return i;
	return -1;
}

const char *
body_name(enum body_format f)
{
	return bodies[f].name;
}

const char *
body_type(enum body_format f)
{
	return bodies[f].type;
}

const char *
body_ext(enum body_format f)
{
	return bodies[f].ext;
}

enum body_format
body_of_type(const char *content_type)
{
	int i;
	size_t n;

	if (content_type == NULL)
		return BODY_TEXT;
	while (*content_type == ' ' || *content_type == '\t')
		content_type++;
	for (i = BODY_MARKDOWN; i <= BODY_HTML; i++) {
		n = strlen(bodies[i].type);
		if (strncasecmp(content_type, bodies[i].type, n) == 0 &&
		    strchr("; \t", content_type[n]) != NULL)
			return i;
	}
	return BODY_TEXT;
}

/* ---- escaping ---- */

void
html_escape(struct buf *out, const char *s, size_t n, int attr)
{
	size_t i, from = 0;
	const char *e;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = attr ? "&quot;" : NULL; break;
		default: e = NULL; break;
		}
		if (e == NULL)
			continue;
		buf_append(out, s + from, i - from);
		buf_puts(out, e);
		from = i + 1;
	}
	buf_append(out, s + from, n - from);
}

/* Characters that mean something wherever they stand in markdown text:
 * emphasis, code, links, raw HTML, table cells, escapes. */
static int
md_special(int c)
{
	return c != '\0' && strchr("\\`*_[]<>|~", c) != NULL;
}

/* s[0..n) at the start of a line would start a block: a heading (#, a
 * space after), a quotation, a list item (-, + or 1. and a space), a
 * thematic break or a setext underline (a run of - or =). */
size_t
md_block_start(const char *s, size_t n)
{
	size_t i = 0, d;

	while (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return n;
	for (d = i; d < n && s[d] == s[i]; d++)
		;
	if (s[i] == '>' || ((s[i] == '-' || s[i] == '=') && d == n) ||
	    (strchr("#-+", s[i]) != NULL && (d == n || s[d] == ' ') &&
	    (s[i] == '#' || d == i + 1)))
		return i;
	for (d = i; d < n && d < i + 9 && s[d] >= '0' && s[d] <= '9'; d++)
		;
	if (d > i && d < n && (s[d] == '.' || s[d] == ')') &&
	    (d + 1 == n || s[d + 1] == ' '))
		return d;
	return n;
}

void
md_escape(struct buf *out, const char *s, size_t n, int line_start)
{
	size_t i, at = line_start ? md_block_start(s, n) : n;

	for (i = 0; i < n; i++) {
		if (i == at || md_special((unsigned char)s[i]) ||
		    (s[i] == '&' && i + 1 < n && (s[i + 1] == '#' ||
		    (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
		    (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))))
			buf_putc(out, '\\');	/* & only where an entity could be */
		buf_putc(out, s[i]);
	}
}

void
url_escape(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s <= ' ' || strchr("()<>|\"`\\", *s) != NULL)
			buf_printf(out, "%%%02X", (unsigned char)*s);
		else
			buf_putc(out, *s);
	}
}

/* One block of plain text (lines s[0..n)) as a paragraph. */
static void
paragraph(struct buf *out, enum body_format f, const char *s, size_t n)
{
	const char *nl;
	size_t len;

	if (f == BODY_HTML)
		buf_puts(out, "<p>");
	for (;;) {
		nl = memchr(s, '\n', n);
		len = nl != NULL ? (size_t)(nl - s) : n;
		if (f == BODY_HTML)
			html_escape(out, s, len, 0);
		else
			md_escape(out, s, len, 1);
		if (nl == NULL)
			break;
		buf_puts(out, f == BODY_HTML ? "<br />" : "  ");
		buf_putc(out, '\n');
		s += len + 1, n -= len + 1;
	}
	buf_puts(out, f == BODY_HTML ? "</p>\n" : "\n");
}

void
body_paragraphs(struct buf *out, enum body_format f, const char *s,
    size_t n)
{
	const char *end = s + n, *q;

	while (s < end) {
		while (s < end && *s == '\n')
			s++;
		if (s == end)
			break;
		if ((q = memmem(s, (size_t)(end - s), "\n\n", 2)) == NULL)
			q = end;
		if (f == BODY_MARKDOWN && out->len > 0)
			buf_putc(out, '\n');
		paragraph(out, f, s, (size_t)(q - s));
		s = q;
	}
}

void
body_document(struct buf *out, enum body_format f, const char *blocks,
    size_t n, const char *title, const char *lang)
{
	if (f != BODY_HTML) {
		buf_append(out, blocks, n);
		return;
	}
	buf_puts(out, "<!DOCTYPE html>\n<html");
	if (lang != NULL && *lang != '\0' &&
	    strspn(lang, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == strlen(lang))
		buf_printf(out, " lang=\"%s\"", lang);
	buf_puts(out, ">\n<head>\n<meta charset=\"utf-8\" />\n<title>");
	if (title != NULL)
		html_escape(out, title, strlen(title), 0);
	buf_puts(out, "</title>\n</head>\n<body>\n<article>\n");
	buf_append(out, blocks, n);
	buf_puts(out, "</article>\n</body>\n</html>");
}

/* ---- a line of markup as text ---- */

/* Leading spaces and the markers of markdown blocks: quotes, list items,
 * headings. */
static const char *
md_markers(const char *s, const char *end)
{
	const char *d;

	for (;;) {
		while (s < end && *s == ' ')
			s++;
		if (s < end && *s == '>') {
			s++;
			continue;
		}
		if (s + 1 < end && strchr("-*+", *s) != NULL && s[1] == ' ') {
			s += 2;
			continue;
		}
		for (d = s; d < end && *d >= '0' && *d <= '9'; d++)
			;
		if (d > s && d + 1 < end && (*d == '.' || *d == ')') &&
		    d[1] == ' ') {
			s = d + 2;
			continue;
		}
		for (d = s; d < end && *d == '#'; d++)
			;
		if (d > s && d - s <= 6 && (d == end || *d == ' ')) {
			while (d < end && *d == ' ')
				d++;
			return d;
		}
		return s;
	}
}

/* The text of markdown s[0..n): links as their text, images, emphasis
 * and escapes gone. */
static void
md_text(const char *s, const char *end, struct buf *out)
{
	int depth = 0;

	for (; s < end; s++) {
		if (*s == '\\' && s + 1 < end && strchr("\\`*_[]<>|~#+-=.)!&",
		    s[1]) != NULL) {
			buf_putc(out, *++s);
		} else if (*s == '!' && s + 1 < end && s[1] == '[') {
			s++;		/* an image: its alt text goes */
			while (s + 1 < end && *++s != ']')
				;
			if (s + 1 < end && s[1] == '(')
				while (s + 1 < end && *++s != ')')
					;
		} else if (*s == '[') {
			depth++;
		} else if (*s == ']' && depth > 0) {
			depth--;
			if (s + 1 < end && s[1] == '(')
				while (s + 1 < end && *++s != ')')
					;
		} else if (*s != '*' && *s != '`' && *s != '_') {
			buf_putc(out, *s);
		}
	}
}

/* A line of HTML that is one element of text: <p>, <li>, <h1>-<h6>,
 * <dt>, <dd>, opened and closed on it. */
static int
html_block_line(const char *s, const char *end, size_t *taglen)
{
	static const char *const tags[] = { "p", "li", "dt", "dd", "h1",
	    "h2", "h3", "h4", "h5", "h6" };
	size_t i, t;

	if (end - s < 3 || *s != '<')
		return 0;
	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		t = strlen(tags[i]);
		if ((size_t)(end - s) > 2 * t + 5 &&
		    strncasecmp(s + 1, tags[i], t) == 0 && s[1 + t] == '>' &&
		    end[-1] == '>' && end[-2 - t] == '/' && end[-3 - t] == '<' &&
		    strncasecmp(end - 1 - t, tags[i], t) == 0) {
			*taglen = t;
			return 1;
		}
	}
	return 0;
}

static void
html_text(const char *s, const char *end, struct buf *out)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' },
	};
	size_t i, n;

	while (s < end) {
		if (*s == '<') {
			while (s < end && *s != '>')
				s++;
			s++;
			continue;
		}
		for (i = 0; *s == '&' && i < 4; i++) {
			n = strlen(ents[i].ent);
			if ((size_t)(end - s) >= n &&
			    strncmp(s, ents[i].ent, n) == 0)
				break;
		}
		if (*s == '&' && i < 4) {
			buf_putc(out, ents[i].c);
			s += strlen(ents[i].ent);
		} else {
			buf_putc(out, *s++);
		}
	}
}

/* A markdown fence: three or more backticks (or tildes) at the line's
 * start, after the prefixes of quotes and lists. */
static size_t
fence_at(const char *s, const char *end)
{
	const char *p = md_markers(s, end), *q = p;

	while (q < end && *q == '`')
		q++;
	return q - p >= 3 ? (size_t)(q - p) : 0;
}

int
body_line_text(struct body_lines *st, const char *s, size_t n,
    struct buf *out)
{
	const char *end = s + n, *p;
	size_t t, f;

	buf_reset(out);
	if (st->format == BODY_TEXT) {
		buf_append(out, s, n);
		return 1;
	}
	if (st->format == BODY_MARKDOWN) {
		if ((f = fence_at(s, end)) > 0) {	/* code: kept whole */
			if (st->fence == 0)
				st->fence = f;
			else if (f >= st->fence)
				st->fence = 0;
			return 0;
		}
		if (st->fence > 0)
			return 0;
		p = md_markers(s, end);
		if (p < end && *p == '|')
			return 0;	/* a table's row: its columns would go */
		md_text(p, end, out);
		return out->len > 0;
	}
	if (st->pre) {			/* inside <pre>: kept whole */
		if (memmem(s, n, "</pre>", 6) != NULL)
			st->pre = 0;
		return 0;
	}
	if ((p = memmem(s, n, "<pre", 4)) != NULL &&
	    memmem(p, (size_t)(end - p), "</pre>", 6) == NULL)
		st->pre = 1;
	if (!html_block_line(s, end, &t))
		return 0;
	html_text(s + t + 2, end - t - 3, out);
	return out->len > 0;
}

void
body_text(enum body_format f, const char *s, size_t n, struct buf *out)
{
	struct body_lines st = { f, 0, 0 };
	struct buf line;
	const char *end = s + n, *nl;

	if (f == BODY_HTML) {		/* every tag out, and the head */
		if ((nl = memmem(s, n, "</head>", 7)) != NULL)
			s = nl;
		html_text(s, end, out);
		return;
	}
	buf_init(&line);		/* markdown: a line's text, or code
					   and rows as they are */
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (body_line_text(&st, s, (size_t)(nl - s), &line))
			buf_append(out, line.data, line.len);
		else
			buf_append(out, s, (size_t)(nl - s));
		buf_putc(out, '\n');
		if (nl == end)
			break;
	}
	buf_free(&line);
}
