/*
 * html_markup.c: the chosen elements as markdown or HTML (--body).
 *
 * The walk of html_text.c, which leaves out what the text leaves out,
 * drives a second writer: the same blocks, with what the text flattens
 * kept as markup: headings, lists with their nesting and numbers,
 * quotations, code, tables of data (GitHub's tables in markdown, a header
 * row when the table has one), and, when asked, links and images (with
 * their figures' captions).  Its words are the text's words.
 *
 * Elements open lazily: a heading, list item, table row or link is
 * written when the first text inside it comes, so what the walk leaves
 * empty leaves no trace.  Links and code spans are inline: a block inside
 * one ends it (a card that is one link is its blocks).  Inside a cell of
 * a table everything is inline.  The markdown dialect is CommonMark's
 * (lib/markup.c escapes it); the HTML is well-formed (every element
 * closed, void ones as <br />), so an XML parser reads it too.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

enum { BR_NONE, BR_SPACE, BR_LINE, BR_PARA };

enum kind {
	K_QUOTE, K_UL, K_OL, K_LI, K_DL, K_DT, K_DD, K_HEAD, K_PRE,
	K_TABLE, K_TR, K_CELL, K_FIGURE,
	K_LINK, K_CODE		/* inline */
};

struct frame {
	enum kind kind;
	int el;			/* its element */
	int opened;		/* its opening is written */
	int dead;		/* an inline frame a block broke: plain text */
	int content;		/* LI, DT, DD: a block written inside */
	size_t at;		/* where its content starts in out */
	int n;			/* OL: items; TR: cells begun; TABLE: columns */
	int done;		/* TR: cells written; TABLE: rows written */
	int head;		/* TR: its cells are th; TABLE: the first row */
	int level;		/* heading level */
	char mark[16];		/* LI: its marker ("- ", "3. ") */
	char *href;		/* LINK: owned */
};

struct mw {
	const struct page *p;
	struct buf *out;
	enum body_format f;
	int links, images;
	const char *base;
	struct frame *fr;
	int nfr, cap;
	int pending;		/* BR_* before the next content */
	int inblock;		/* a block is open */
	int para;		/* HTML: an implicit <p> is open */
	int bol;		/* markdown: the line may yet start a block */
	size_t line_at;		/* where its text starts */
	int prev_li;		/* the block before was a list item's */
};

#define MD(m) ((m)->f == BODY_MARKDOWN)

static int
is_inline(enum kind k)
{
	return k == K_LINK || k == K_CODE;
}

/* The innermost frame that is a block text can be in, or -1: a table
 * and its rows hold cells, and a cell holds all inside it (text outside
 * a cell, a caption, is a paragraph before the table). */
static int
block_frame(const struct mw *m)
{
	int i;

	for (i = m->nfr - 1; i >= 0; i--)
		if (!is_inline(m->fr[i].kind) && m->fr[i].kind != K_TABLE &&
		    m->fr[i].kind != K_TR)
			return i;
	return -1;
}

static int
in_kind(const struct mw *m, enum kind k)
{
	int i;

	for (i = m->nfr - 1; i >= 0; i--)
		if (m->fr[i].kind == k)
			return i;
	return -1;
}

static struct frame *
push(struct mw *m, enum kind k, const struct el *e)
{
	struct frame *f;

	if (m->nfr == m->cap)
		m->fr = xrealloc(m->fr, (m->cap = m->cap * 2 + 16) *
		    sizeof *m->fr);
	f = &m->fr[m->nfr++];
	*f = (struct frame){ .kind = k, .el = (int)(e - m->p->el) };
	return f;
}

static void
brk(struct mw *m, int kind)
{
	if (kind > m->pending)
		m->pending = kind;
}

/* ---- markdown's line prefixes ---- */

/* Insert n copies of c at position at of out. */
static void
insert(struct buf *out, size_t at, int c, size_t n)
{
	buf_reserve(out, n);
	memmove(out->data + at + n, out->data + at, out->len - at + 1);
	memset(out->data + at, c, n);
	out->len += n;
}


/* The prefix of a line: "> " for each quotation, a list item's marker on
 * its first line (taken) and its width in spaces after. */
static void
md_prefix(struct mw *m, int take)
{
	int i;
	size_t w;

	for (i = 0; i < m->nfr; i++) {
		if (m->fr[i].kind == K_QUOTE) {
			buf_puts(m->out, "> ");
		} else if (m->fr[i].kind == K_LI) {
			if (take && m->fr[i].mark[0] != ' ') {
				buf_puts(m->out, m->fr[i].mark);
				w = strlen(m->fr[i].mark);
				memset(m->fr[i].mark, ' ', w);
			} else {
				buf_puts(m->out, m->fr[i].mark);
			}
		}
	}
	m->bol = 1;
	m->line_at = m->out->len;
}

/* The line begun at m->line_at, while it may still read as the start of
 * a block ("11." then " She"): escaped where it would, once known (end:
 * the line ends here).  What the runs of text escape alone cannot see,
 * as a number and its dot may come from two elements. */
static void
md_guard(struct mw *m, int end)
{
	const char *l = m->out->data + m->line_at;
	size_t n = m->out->len - m->line_at, at, i;

	if (!m->bol || n == 0)
		return;
	if (strspn(l, "0123456789#-+=>.) ") < n) {
		m->bol = 0;		/* it cannot any more */
		return;
	}
	if (!end && l[n - 1] != ' ')
		return;			/* not yet known */
	if ((at = md_block_start(l, n)) < n) {
		insert(m->out, m->line_at + at, '\\', 1);
		for (i = 0; i < (size_t)m->nfr; i++)
			if (m->fr[i].at > m->line_at + at)
				m->fr[i].at++;
	}
	m->bol = 0;
}

/* A blank line: inside quotations and list items begun, their marks and
 * indents alone. */
static void
md_blank(struct mw *m)
{
	int i;

	md_guard(m, 1);
	buf_putc(m->out, '\n');
	for (i = 0; i < m->nfr; i++) {
		if (m->fr[i].kind == K_QUOTE)
			buf_puts(m->out, "> ");
		else if (m->fr[i].kind == K_LI && m->fr[i].mark[0] != ' ')
			break;		/* an item yet to begin */
		else if (m->fr[i].kind == K_LI)
			buf_puts(m->out, m->fr[i].mark);
	}
	while (m->out->len > 0 && m->out->data[m->out->len - 1] == ' ')
		m->out->len--;
	buf_putc(m->out, '\n');
}

/* ---- opening and closing ---- */

static void
close_para(struct mw *m)
{
	if (m->para) {
		buf_puts(m->out, "</p>\n");
		m->para = 0;
	}
}

/* The HTML of a block frame (headings and cells are written apart). */
static const struct {
	const char *open, *close;
} html_tags[] = {
	[K_QUOTE] = { "<blockquote>\n", "</blockquote>\n" },
	[K_UL] = { "<ul>\n", "</ul>\n" },
	[K_OL] = { "<ol>\n", "</ol>\n" },
	[K_LI] = { "<li>", "</li>\n" },
	[K_DL] = { "<dl>\n", "</dl>\n" },
	[K_DT] = { "<dt>", "</dt>\n" },
	[K_DD] = { "<dd>", "</dd>\n" },
	[K_PRE] = { "<pre>", "</pre>\n" },
	[K_TABLE] = { "<table>\n", "</table>\n" },
	[K_TR] = { "<tr>", "</tr>\n" },
	[K_FIGURE] = { "<figure>", "</figure>\n" },
};

static void
open_block(struct mw *m, struct frame *f)
{
	f->opened = 1;
	if (MD(m))
		return;
	close_para(m);
	if (f->kind == K_HEAD)
		buf_printf(m->out, "<h%d>", f->level);
	else if (f->kind == K_CELL)
		buf_puts(m->out, f->head ? "<th>" : "<td>");
	else
		buf_puts(m->out, html_tags[f->kind].open);
}

static void
open_inline(struct mw *m, struct frame *f)
{
	f->opened = 1;
	if (MD(m) && m->out->len > 0 && m->out->data[m->out->len - 1] == '`')
		buf_putc(m->out, ' ');	/* `a` `b`, not `a``b` */
	f->at = m->out->len;
	if (f->kind == K_CODE) {
		buf_puts(m->out, MD(m) ? "`" : "<code>");
	} else if (MD(m)) {
		buf_putc(m->out, '[');
	} else {
		buf_puts(m->out, "<a href=\"");
		html_escape(m->out, f->href, strlen(f->href), 1);
		buf_puts(m->out, "\">");
	}
}

/* The longest run of backticks in s[0..n). */
static size_t
backticks(const char *s, size_t n)
{
	size_t i, run = 0, max = 0;

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	return max;
}

static void
close_inline(struct mw *m, struct frame *f)
{
	size_t run;

	if (!f->opened || f->dead)
		return;
	if (f->kind == K_CODE && !MD(m)) {
		buf_puts(m->out, "</code>");
	} else if (f->kind == K_CODE) {	/* a longer fence than inside */
		run = backticks(m->out->data + f->at + 1,
		    m->out->len - f->at - 1);
		if (run > 0) {
			insert(m->out, f->at + 1, '`', run);
			insert(m->out, f->at + run + 1, ' ', 1);
			buf_putc(m->out, ' ');
			for (; run > 0; run--)
				buf_putc(m->out, '`');
		}
		buf_putc(m->out, '`');
	} else if (MD(m)) {
		buf_puts(m->out, "](");
		url_escape(m->out, f->href);
		buf_putc(m->out, ')');
	} else {
		buf_puts(m->out, "</a>");
	}
}

/* A block begins inside open inline frames: they end here. */
static void
break_inlines(struct mw *m)
{
	int i;

	for (i = 0; i < m->nfr; i++)
		if (is_inline(m->fr[i].kind) && !m->fr[i].dead) {
			close_inline(m, &m->fr[i]);
			m->fr[i].dead = 1;
		}
}

/* The cells of a markdown row from s (after its prefix) to end: its
 * unescaped pipes, less one. */
static int
md_cells(const char *s, const char *end)
{
	int cells = -1;
	size_t bs = 0;

	for (; s < end; s++) {
		if (*s == '|' && bs % 2 == 0)
			cells++;
		bs = *s == '\\' ? bs + 1 : 0;
	}
	return cells;
}

/* A markdown table's rows, from t->at on, as GitHub's table: rows padded
 * to the widest, and the header row's delimiter after the first, or an
 * empty header row first when the table has none. */
static void
md_table(struct mw *m, const struct frame *t)
{
	struct buf rows, prefix;
	const char *s, *end, *nl, *bar;
	size_t at = m->out->len;
	int cells, i, first = 1;

	buf_init(&rows);
	buf_init(&prefix);
	md_prefix(m, 0);		/* the prefix of a row but the first */
	buf_append(&prefix, m->out->data + at, m->out->len - at);
	m->out->len = at;
	m->bol = 0;
	for (s = m->out->data + t->at, end = m->out->data + at; s < end;
	    s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (rows.len > 0)
			buf_putc(&rows, '\n');
		if ((bar = memchr(s, '|', (size_t)(nl - s))) == NULL) {
			buf_append(&rows, s, (size_t)(nl - s));
			continue;	/* not a row (a heading among rows) */
		}
		buf_append(&rows, s, (size_t)(bar - s));	/* its prefix */
		for (i = 0; first && !t->head && i < 2; i++) {
			buf_putc(&rows, '|');	/* an empty header row */
			for (cells = 0; cells < t->n; cells++)
				buf_puts(&rows, i == 0 ? "  |" : " --- |");
			buf_putc(&rows, '\n');
			buf_append(&rows, prefix.data, prefix.len);
		}
		buf_append(&rows, bar, (size_t)(nl - bar));
		for (cells = md_cells(bar, nl); cells < t->n; cells++)
			buf_puts(&rows, " |");
		if (first && t->head) {	/* the header row's delimiter */
			buf_putc(&rows, '\n');
			buf_append(&rows, prefix.data, prefix.len);
			buf_putc(&rows, '|');
			for (cells = 0; cells < t->n; cells++)
				buf_puts(&rows, " --- |");
		}
		first = 0;
	}
	m->out->len = t->at;
	buf_append(m->out, rows.data, rows.len);
	buf_free(&rows);
	buf_free(&prefix);
}

static void
close_block(struct mw *m, struct frame *f)
{
	size_t run;

	if (!f->opened)
		return;
	if (!MD(m)) {
		close_para(m);
		if (f->kind == K_HEAD)
			buf_printf(m->out, "</h%d>\n", f->level);
		else if (f->kind == K_CELL)
			buf_puts(m->out, f->head ? "</th>" : "</td>");
		else
			buf_puts(m->out, html_tags[f->kind].close);
		return;
	}
	if (f->kind == K_PRE) {		/* a fence longer than inside */
		run = backticks(m->out->data + f->at, m->out->len - f->at);
		buf_putc(m->out, '\n');
		md_prefix(m, 0);
		buf_puts(m->out, "```");
		if (run >= 3) {
			insert(m->out, (size_t)f->n, '`', run - 2);
			for (; run >= 3; run--)
				buf_putc(m->out, '`');
		}
	} else if (f->kind == K_HEAD) {	/* "... #" would close it */
		for (run = m->out->len; run > 0 &&
		    m->out->data[run - 1] == '#'; run--)
			;
		if (run < m->out->len && m->out->data[run - 1] == ' ')
			insert(m->out, run, '\\', 1);
	} else if (f->kind == K_CELL) {
		buf_puts(m->out, " |");
	} else if (f->kind == K_TABLE) {
		md_table(m, f);
	}
}

/* ---- content ---- */

/* Open the row and cell content goes into, with the empty cells before
 * it. */
static void
open_cell(struct mw *m, int c)
{
	struct frame *cell = &m->fr[c], *tr = c > 0 &&
	    m->fr[c - 1].kind == K_TR ? &m->fr[c - 1] : NULL;
	int t = in_kind(m, K_TABLE);
	struct frame *table = t >= 0 ? &m->fr[t] : NULL;

	int i;

	if (table != NULL && !table->opened) {
		break_inlines(m);
		close_para(m);
		for (i = 0; i <= t; i++)
			if (!m->fr[i].opened && !is_inline(m->fr[i].kind))
				open_block(m, &m->fr[i]);
		if (MD(m) && m->out->len > 0)
			md_blank(m);
		table->at = m->out->len;
		m->prev_li = 0;
	}
	if (tr != NULL && !tr->opened) {
		if (MD(m)) {
			if (table != NULL && table->done > 0)
				buf_putc(m->out, '\n');
			md_prefix(m, 1);
			buf_putc(m->out, '|');
		}
		open_block(m, tr);
		if (table != NULL)
			table->done++;
	}
	if (tr != NULL)
		for (; tr->done < tr->n - 1; tr->done++)
			buf_puts(m->out, MD(m) ? " |" : "<td></td>");
	open_block(m, cell);
	if (MD(m))
		buf_putc(m->out, ' ');
	if (tr != NULL)
		tr->done++;
	m->inblock = 1;
	m->pending = BR_NONE;
}

/* Start a new block for content: frames opened, markdown's blank line
 * and prefix, HTML's implicit paragraph. */
static void
new_block(struct mw *m, int b)
{
	struct frame *f = b >= 0 ? &m->fr[b] : NULL;
	int i, li = f != NULL && f->kind == K_LI && f->mark[0] != ' ';

	break_inlines(m);
	close_para(m);
	for (i = 0; i <= b; i++)	/* (tables open at their first cell) */
		if (!m->fr[i].opened && !is_inline(m->fr[i].kind) &&
		    m->fr[i].kind != K_TABLE && m->fr[i].kind != K_TR)
			open_block(m, &m->fr[i]);
	if (MD(m)) {
		if (m->out->len > 0) {
			if (li && m->prev_li) {
				md_guard(m, 1);
				buf_putc(m->out, '\n');
			}
			else
				md_blank(m);
		}
		md_prefix(m, 1);
		if (f != NULL && f->kind == K_HEAD) {
			for (i = 0; i < f->level; i++)
				buf_putc(m->out, '#');
			buf_putc(m->out, ' ');
			m->bol = 0;	/* "## 1. x" is a heading */
		} else if (f != NULL && f->kind == K_PRE) {
			f->n = (int)m->out->len;	/* the fence */
			buf_puts(m->out, "```\n");
			md_prefix(m, 0);
			f->at = m->out->len;
			m->bol = 0;
		}
	} else if (f == NULL || f->kind == K_QUOTE) {
		buf_puts(m->out, "<p>");
		m->para = 1;
	} else if ((f->kind == K_LI || f->kind == K_DT || f->kind == K_DD) &&
	    f->content) {
		buf_puts(m->out, "<br />");
	}
	if (f != NULL)
		f->content = 1;
	m->prev_li = in_kind(m, K_LI) >= 0;
	m->inblock = 1;
}

/* Verbatim: inside <pre> or a code span. */
static int
raw(const struct mw *m)
{
	int i;

	for (i = 0; i < m->nfr; i++)
		if ((m->fr[i].kind == K_PRE || m->fr[i].kind == K_CODE) &&
		    !m->fr[i].dead)
			return 1;
	return 0;
}

/* What comes before content: the block it starts or the break before
 * it, and the inline frames it is inside. */
static void
begin(struct mw *m)
{
	int b = block_frame(m), c = in_kind(m, K_CELL), i;
	int fresh = 0;

	for (i = 0; i <= b; i++)
		if (!m->fr[i].opened && m->fr[i].kind != K_TABLE &&
		    m->fr[i].kind != K_TR)
			fresh = 1;
	if (c >= 0) {
		if (!m->fr[c].opened)
			open_cell(m, c);
		else if (m->pending != BR_NONE)
			buf_putc(m->out, ' ');
	} else if (b >= 0 && m->fr[b].kind == K_PRE && !fresh) {
		if (m->pending >= BR_LINE) {	/* code: blocks are lines */
			buf_putc(m->out, '\n');
			if (MD(m))
				md_prefix(m, 0);
		} else if (m->pending == BR_SPACE) {
			buf_putc(m->out, ' ');
		}
	} else if (!m->inblock || m->pending == BR_PARA || fresh) {
		new_block(m, b);
	} else if (m->pending == BR_LINE) {
		if (b >= 0 && m->fr[b].kind == K_HEAD) {
			buf_putc(m->out, ' ');
		} else if (MD(m)) {
			md_guard(m, 1);
			buf_puts(m->out, "  \n");
			md_prefix(m, 0);
		} else {
			buf_puts(m->out, "<br />\n");
		}
	} else if (m->pending == BR_SPACE) {
		buf_putc(m->out, ' ');
	}
	m->pending = BR_NONE;
	if (MD(m) && !raw(m))
		md_guard(m, 0);		/* before a link's "[" */
	for (i = 0; i < m->nfr; i++)
		if (is_inline(m->fr[i].kind) && !m->fr[i].opened &&
		    !m->fr[i].dead)
			open_inline(m, &m->fr[i]);
}

static void
put_run(struct mw *m, const char *s, size_t n)
{
	begin(m);
	if (!MD(m)) {
		html_escape(m->out, s, n, 0);
		return;
	}
	if (raw(m)) {
		m->bol = 0;		/* code is as it is, but a cell's | */
		for (; n > 0; s++, n--) {
			if (*s == '|' && in_kind(m, K_CELL) >= 0)
				buf_putc(m->out, '\\');
			buf_putc(m->out, *s);
		}
		return;
	}
	md_guard(m, 0);
	md_escape(m->out, s, n, 0);
}

static void
mw_text(void *v, const struct walk *k, const char *s)
{
	struct mw *m = v;
	size_t n, sp;
	int pre = k->pre > 0;

	while (*s != '\0') {
		if (pre && *s == '\n') {
			if (m->inblock && in_kind(m, K_PRE) >= 0) {
				begin(m);
				buf_putc(m->out, '\n');
				if (MD(m))
					md_prefix(m, 0);
			} else {
				brk(m, BR_LINE);
			}
			s++;
			continue;
		}
		if ((sp = space_at(s)) > 0 && !pre) {
			brk(m, BR_SPACE);
			s += sp;
			continue;
		}
		for (n = sp; s[n] != '\0' && s[n] != '\n' &&
		    (pre || space_at(s + n) == 0); n++)
			;
		put_run(m, s, n);
		s += n;
	}
}

/* A link's or an image's address, absolute and of the web, or NULL. */
static char *
address(const struct mw *m, const GumboNode *node, const char *attr,
    int mail)
{
	const GumboAttribute *a = gumbo_get_attribute(
	    &node->v.element.attributes, attr);
	char *u;

	if (a == NULL || a->value[0] == '\0')
		return NULL;
	u = url_resolve(a->value, m->base);
	if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0 ||
	    (mail && strncmp(u, "mailto:", 7) == 0))
		return u;
	free(u);
	return NULL;
}

static void
image(struct mw *m, const struct el *e)
{
	const GumboAttribute *alt = gumbo_get_attribute(
	    &e->node->v.element.attributes, "alt");
	const char *a = alt != NULL ? alt->value : "";
	char *src;

	if ((src = address(m, e->node, "src", 0)) == NULL)
		return;
	begin(m);
	if (MD(m)) {
		md_guard(m, 0);
		buf_puts(m->out, "![");
		md_escape(m->out, a, strlen(a), 0);
		buf_puts(m->out, "](");
		url_escape(m->out, src);
		buf_putc(m->out, ')');
	} else {
		buf_puts(m->out, "<img src=\"");
		html_escape(m->out, src, strlen(src), 1);
		buf_puts(m->out, "\" alt=\"");
		html_escape(m->out, a, strlen(a), 1);
		buf_puts(m->out, "\" />");
	}
	free(src);
}

/* Length of the Unicode space that ends s[0..n), or 0: a caption's
 * emphasis may not end in one. */
static size_t
space_before(const char *s, size_t n)
{
	static const char *const spaces[] = { " ", "\xc2\xa0", "\xe2\x80\xaf",
	    "\xe2\x80\x89", "\xe2\x80\x8a", "\xe3\x80\x80" };
	size_t i, k;

	for (i = 0; i < sizeof spaces / sizeof spaces[0]; i++) {
		k = strlen(spaces[i]);
		if (n >= k && memcmp(s + n - k, spaces[i], k) == 0)
			return k;
	}
	return 0;
}

/* A figure's caption, which the walk leaves out, after its image. */
static void
caption(struct mw *m, const struct frame *f)
{
	const struct el *e = &m->p->el[f->el];
	struct buf t;
	size_t n;
	int i;

	for (i = f->el + 1; i < e->end; i++)
		if (m->p->el[i].tag == GUMBO_TAG_FIGCAPTION)
			break;
	if (i >= e->end || !f->opened)
		return;
	buf_init(&t);
	element_text(m->p->el[i].node, &t);
	while (t.len > 0 && (n = space_before(t.data, t.len)) > 0)
		t.len -= n;
	if (t.len > 0 && MD(m)) {
		brk(m, BR_PARA);
		begin(m);
		buf_putc(m->out, '*');
		md_escape(m->out, t.data, t.len, 0);
		buf_putc(m->out, '*');
	} else if (t.len > 0) {
		close_para(m);
		buf_puts(m->out, "<figcaption>");
		html_escape(m->out, t.data, t.len, 0);
		buf_puts(m->out, "</figcaption>");
	}
	buf_free(&t);
}

static void
mw_open(void *v, const struct walk *k, const struct el *e)
{
	struct mw *m = v;
	struct frame *f;
	int cell = in_kind(m, K_CELL) >= 0, l;
	char *href;

	switch (e->tag) {
	case GUMBO_TAG_BR:
		brk(m, BR_LINE);
		return;
	case GUMBO_TAG_IMG:
		if (m->images)
			image(m, e);
		return;
	case GUMBO_TAG_A:	/* (in code, a link is its text) */
		if (m->links && in_kind(m, K_CODE) < 0 && k->pre == 0 &&
		    (href = address(m, e->node, "href", 1)) != NULL)
			push(m, K_LINK, e)->href = href;
		return;
	case GUMBO_TAG_CODE:	/* (code in code is its text) */
		if (k->pre == 0 && in_kind(m, K_CODE) < 0)
			push(m, K_CODE, e);
		return;
	default:
		break;
	}
	if (cell) {
		if (e->tflags & TG_BLOCK)
			brk(m, BR_SPACE);
		return;
	}
	switch (e->tag) {
	case GUMBO_TAG_BLOCKQUOTE:
		push(m, K_QUOTE, e);
		break;
	case GUMBO_TAG_UL:
		push(m, K_UL, e);
		break;
	case GUMBO_TAG_OL:
		push(m, K_OL, e);
		break;
	case GUMBO_TAG_LI:
		l = in_kind(m, K_OL) > in_kind(m, K_UL) ?
		    in_kind(m, K_OL) : -1;
		f = push(m, K_LI, e);
		if (l >= 0)
			snprintf(f->mark, sizeof f->mark, "%d. ",
			    ++m->fr[l].n);
		else
			strcpy(f->mark, "- ");
		break;
	case GUMBO_TAG_DL:
		push(m, K_DL, e);
		break;
	case GUMBO_TAG_DT:
		push(m, K_DT, e);
		break;
	case GUMBO_TAG_DD:
		push(m, K_DD, e);
		break;
	case GUMBO_TAG_PRE:
		push(m, K_PRE, e);
		break;
	case GUMBO_TAG_FIGURE:
		if (m->images)
			push(m, K_FIGURE, e);
		break;
	case GUMBO_TAG_TABLE:
		if (walk_in_data_table(k))
			push(m, K_TABLE, e);
		break;
	case GUMBO_TAG_TR:
		if (walk_in_data_table(k))
			push(m, K_TR, e)->head = 1;
		break;
	case GUMBO_TAG_TD:
	case GUMBO_TAG_TH:
		if (walk_in_data_table(k) && m->nfr > 0 &&
		    m->fr[m->nfr - 1].kind == K_TR) {
			m->fr[m->nfr - 1].n++;
			if (e->tag == GUMBO_TAG_TD)
				m->fr[m->nfr - 1].head = 0;
			push(m, K_CELL, e)->head = e->tag == GUMBO_TAG_TH;
			return;
		}
		break;
	default:
		if (e->tflags & TG_HEADING)
			push(m, K_HEAD, e)->level = e->tag - GUMBO_TAG_H1 + 1;
		break;
	}
	if (e->tflags & TG_BLOCK)
		brk(m, BR_PARA);
}

static void
pop(struct mw *m)
{
	struct frame *f = &m->fr[--m->nfr];
	struct frame *up = m->nfr > 0 ? &m->fr[m->nfr - 1] : NULL;

	if (is_inline(f->kind)) {
		close_inline(m, f);
		free(f->href);
		return;
	}
	if (f->kind == K_FIGURE) {
		m->nfr++;		/* the caption is inside */
		caption(m, f);
		m->nfr--;
	}
	if (f->kind == K_CELL && !f->opened && up != NULL && up->opened) {
		buf_puts(m->out, MD(m) ? " |" : "<td></td>");
		up->done++;
		return;
	}
	if (f->kind == K_TR && up != NULL && up->kind == K_TABLE &&
	    f->opened) {
		if (f->done > up->n)
			up->n = f->done;
		if (up->done == 1)
			up->head = f->head;
	}
	close_block(m, f);
	if (f->kind != K_CELL && f->kind != K_TR)
		m->pending = BR_PARA;
}

static void
mw_close(void *v, const struct walk *k, const struct el *e)
{
	struct mw *m = v;

	(void)k;
	if (m->nfr > 0 && m->fr[m->nfr - 1].el == (int)(e - m->p->el))
		pop(m);
	else if (e->tflags & TG_BLOCK)
		brk(m, in_kind(m, K_CELL) >= 0 ? BR_SPACE : BR_PARA);
}

static void
mw_part(void *v)
{
	struct mw *m = v;

	while (m->nfr > 0)
		pop(m);
	brk(m, BR_PARA);
}

static const struct writer_ops markup_ops = {
	mw_open, mw_close, mw_text, mw_part
};

void
write_markup(const struct page *p, int i, const struct extract_opts *o,
    const char *base, struct buf *out)
{
	struct mw m = { .p = p, .out = out, .f = o->body, .links = o->links,
	    .images = o->images, .base = base };

	walk_article(p, i, &markup_ops, &m);
	while (m.nfr > 0)
		pop(&m);
	close_para(&m);
	if (MD(&m))
		md_guard(&m, 1);
	free(m.fr);
}
