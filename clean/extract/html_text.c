/*
 * html_text.c: the chosen elements as text.
 *
 * Paragraphs, headings, list items and other blocks are each a block;
 * blocks are separated by one blank line, white space inside them is
 * collapsed, <br> is a newline, <pre> keeps its lines.  A table of data
 * is one row per line, cells separated by " | "; a table used for layout
 * is only blocks.  Captions are left out (html_rules.c says why).
 *
 * Inside the chosen elements, left_out() leaves out what readability's
 * "clean conditionally" would: link lists, image strips, forms, bylines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "text_rules.h"

#define L (p->lim)

/* Where the writer is, for left_out(). */
enum {
	IN_FIGURE = 1 << 0,
	IN_DATA_TABLE = 1 << 1,
	IN_CODE = 1 << 2
};

/* What separates the text written before from the text written next;
 * a stronger break wins over a weaker one. */
enum { BR_NONE, BR_SPACE, BR_CELL, BR_LINE, BR_PARA };
static const char *const separators[] = { "", " ", " | ", "\n", "\n\n" };

struct writer {
	struct buf *out;
	int pending;		/* BR_* before the next text */
	int pre;		/* open <pre> */
	int cells;		/* cells written in this row */
};

static void
brk(struct writer *w, int kind)
{
	if (kind > w->pending)
		w->pending = kind;
}

static void
flush(struct writer *w)
{
	if (w->pending != BR_NONE && w->out->len > 0)
		buf_puts(w->out, separators[w->pending]);
	w->pending = BR_NONE;
}

int
walk_in_data_table(const struct walk *k)
{
	return k->tables > 0 && k->tables <= 64 &&
	    (k->data_tables >> (k->tables - 1) & 1);
}

static unsigned
context(const struct walk *k)
{
	return (k->figure > 0 ? IN_FIGURE : 0) |
	    (walk_in_data_table(k) ? IN_DATA_TABLE : 0) |
	    (k->pre > 0 || k->code > 0 ? IN_CODE : 0);
}

size_t
space_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ' ' || *u == '\n' || *u == '\t' || *u == '\r' || *u == '\f')
		return 1;
	return u[0] == 0xC2 && u[1] == 0xA0 ? 2 : 0;
}

static void
put_text(struct writer *w, const char *s)
{
	size_t n, sp;

	while (*s != '\0') {
		if (w->pre > 0 && *s == '\n') {
			brk(w, BR_LINE);
			s++;
			continue;
		}
		if ((sp = space_at(s)) > 0 && w->pre == 0) {
			brk(w, BR_SPACE);
			s += sp;
			continue;
		}
		for (n = sp; s[n] != '\0' && s[n] != '\n' &&
		    (w->pre > 0 || space_at(s + n) == 0); n++)
			;
		flush(w);
		buf_append(w->out, s, n);
		s += n;
	}
}

/* ---- the walk's own state ---- */

static void
walk_open(struct walk *k, const struct el *e)
{
	switch (e->tag) {
	case GUMBO_TAG_TABLE:
		if (k->tables < 64) {
			k->data_tables &= ~((uint64_t)1 << k->tables);
			if (e->flags & EF_DATA_TABLE)
				k->data_tables |= (uint64_t)1 << k->tables;
		}
		k->tables++;
		break;
	case GUMBO_TAG_PRE:
		k->pre++;
		break;
	case GUMBO_TAG_CODE:
		k->code++;
		break;
	case GUMBO_TAG_FIGURE:
		k->figure++;
		break;
	default:
		break;
	}
}

static void
walk_close(struct walk *k, const struct el *e)
{
	switch (e->tag) {
	case GUMBO_TAG_TABLE:
		k->tables--;
		break;
	case GUMBO_TAG_PRE:
		k->pre--;
		break;
	case GUMBO_TAG_CODE:
		k->code--;
		break;
	case GUMBO_TAG_FIGURE:
		k->figure--;
		break;
	default:
		break;
	}
}

/* ---- the text writer ---- */

static void
text_open(void *v, const struct walk *k, const struct el *e)
{
	struct writer *w = v;
	int data = walk_in_data_table(k);

	switch (e->tag) {
	case GUMBO_TAG_BR:
		brk(w, data ? BR_SPACE : BR_LINE);
		return;
	case GUMBO_TAG_TABLE:
		brk(w, BR_PARA);
		return;
	case GUMBO_TAG_TR:
		w->cells = 0;
		brk(w, data ? BR_LINE : BR_PARA);
		return;
	case GUMBO_TAG_TD:
	case GUMBO_TAG_TH:
		brk(w, !data ? BR_PARA : w->cells++ > 0 ? BR_CELL : BR_NONE);
		return;
	case GUMBO_TAG_PRE:
		w->pre++;
		break;
	default:
		break;
	}
	if (e->tflags & TG_BLOCK)
		brk(w, data ? BR_SPACE : BR_PARA);
}

static void
text_close(void *v, const struct walk *k, const struct el *e)
{
	struct writer *w = v;

	switch (e->tag) {
	case GUMBO_TAG_TABLE:
		brk(w, BR_PARA);
		return;
	case GUMBO_TAG_TR:
	case GUMBO_TAG_TD:
	case GUMBO_TAG_TH:
		if (walk_in_data_table(k))
			return;
		break;
	case GUMBO_TAG_PRE:
		w->pre--;
		break;
	default:
		break;
	}
	if (e->tflags & TG_BLOCK)
		brk(w, walk_in_data_table(k) ? BR_SPACE : BR_PARA);
}

static void
text_text(void *v, const struct walk *k, const char *s)
{
	(void)k;
	put_text(v, s);
}

static void
text_part(void *v)
{
	struct writer *w = v;

	*w = (struct writer){ .out = w->out, .pending = BR_PARA };
}

static const struct writer_ops text_ops = {
	text_open, text_close, text_text, text_part
};

/* ---- what is left out inside the article ---- */

/* Collapsed, case-folded equality of a heading and the title, or one
 * starting the other ("Title" and "Title: the subtitle"). */
static int
same_as_title(const char *h, const char *title)
{
	size_t nh = strlen(h), nt = strlen(title), n = nh < nt ? nh : nt;

	if (n == 0 || strncasecmp(h, title, n) != 0)
		return 0;
	return n * 10 >= (nh > nt ? nh : nt) * 6;
}

static int
heading_is_title(const struct page *p, const struct el *e)
{
	struct buf b;
	int yes;

	if (p->title == NULL)
		return 0;
	buf_init(&b);
	element_text(e->node, &b);
	yes = same_as_title(b.data ? b.data : "", p->title);
	buf_free(&b);
	return yes;
}

/* The block s[0..n), lowercased and without the spaces and punctuation
 * around it, into key (reset first). */
static void
label_key(const char *s, size_t n, struct buf *key)
{
	size_t len, end = 0;
	uint32_t c;

	buf_reset(key);
	while (n > 0) {
		c = utf8_get(s, n, &len);
		if (char_class(c) == CC_SPACE || char_class(c) == CC_PUNCT) {
			if (key->len > 0)
				utf8_put(key, c);
		} else {
			utf8_put(key, char_lower(c));
			end = key->len;
		}
		s += len, n -= len;
	}
	key->len = end;
	if (key->data != NULL)
		key->data[end] = '\0';
}

/* A short block saying what boilerplate says ("Read more: ...",
 * "Follow us on Twitter", "Tags:", "Gefällt mir"): the phrase table of
 * the text path (text_rules.c), matched on the block's text, lowercased. */
static int
says_boilerplate(const struct el *e)
{
	struct buf t, key;
	size_t i, n;
	int yes;

	buf_init(&t);
	buf_init(&key);
	element_text(e->node, &t);
	for (i = 0; i < t.len; i += n)
		utf8_put(&key, char_lower(utf8_get(t.data + i, t.len - i, &n)));
	yes = key.len > 0 && phrase_find(key.data, key.len) != NULL;
	buf_free(&t);
	buf_free(&key);
	return yes;
}

/* Tags that readability cleans conditionally. */
static int
cleaned_conditionally(GumboTag tag)
{
	return tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION ||
	    tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL ||
	    tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_FORM ||
	    tag == GUMBO_TAG_FIELDSET || tag == GUMBO_TAG_DL;
}

/* Readability's _cleanConditionally, on the counts of the index. */
static int
looks_like_boilerplate(const struct page *p, const struct el *e,
    unsigned ctx)
{
	int w = class_weight(e), is_list, li;
	double ld = link_density(e);

	if (e->flags & EF_DATA_TABLE || (ctx & (IN_DATA_TABLE | IN_CODE)))
		return 0;
	if (w < 0 && e->datatext * 2 <= e->text)
		return 1;		/* unless it is a table's box: "scroll" */
	if (e->commas >= 10)
		return 0;
	is_list = e->tflags & TG_LIST || (e->text > 0 &&
	    e->litext * 10 > e->text * 9);
	li = e->nli - 100;
	if (e->nimg > 1 && e->np * 2 < e->nimg && !(ctx & IN_FIGURE))
		return 1;
	if (!is_list && li > e->np)
		return 1;
	if (e->ninput > e->np / 3)
		return 1;
	if (!is_list && e->text < 25 && (e->nimg == 0 || e->nimg > 2) &&
	    !(ctx & IN_FIGURE) && e->headtext < e->text)
		return 1;		/* short, unless it is a heading's box */
	if (!is_list && w < 25 && ld > 0.2)
		return 1;
	if (ld > L.list_links && (is_list || w >= 25))
		return 1;		/* "more stories": a list of links */
	return (e->nembed == 1 && e->text < 75) || e->nembed > 1;
}

/* Is element i, inside the chosen article, left out, the writer being
 * where ctx says? */
static int
left_out(const struct page *p, int i, unsigned ctx)
{
	const struct el *e = &p->el[i];

	if (e->flags & EF_DEAD)
		return 1;
	if (p->relax >= 2)
		return 0;
	if ((e->tokens & TK_BYLINE) && e->text < L.byline_max)
		return 1;
	if ((e->tokens & TK_CAPTION) && e->text < L.caption_max)
		return 1;		/* captions are dropped, as <figcaption> */
	if ((e->tflags & TG_BLOCK) && e->text < L.byline_max &&
	    e->timetext * 2 >= e->text && e->timetext > 0)
		return 1;		/* a date line */
	if (e->tokens & TK_EMBED)
		return 0;
	if ((e->tflags & TG_BLOCK) && !(e->flags & EF_HAS_BLOCK) &&
	    e->text < L.phrase_max && says_boilerplate(e))
		return 1;
	if (e->tflags & TG_HEADING)
		return class_weight(e) < 0 || link_density(e) > 0.5 ||
		    heading_is_title(p, e);
	if ((e->tflags & TG_BLOCK) && !(e->flags & EF_HAS_BLOCK) &&
	    e->text * 10 >= p->title_chars * 6 &&
	    e->text * 10 <= p->title_chars * 17 && heading_is_title(p, e))
		return 1;		/* the headline in a <p class=title> */
	if (e->tag == GUMBO_TAG_P && link_density(e) >= L.para_links)
		return 1;		/* a paragraph that is one link: a teaser */
	if (!cleaned_conditionally(e->tag))
		return 0;
	return looks_like_boilerplate(p, e, ctx);
}

struct wframe {
	int i;		/* the element */
	unsigned k;	/* its next child node */
	int next;	/* index of its next child element */
};

/* Element r and what is not left out below it, to the writer, walking
 * the DOM and the index side by side: the index numbers elements in the
 * order the walk meets them, so a child element is at `next`. */
static void
walk_element(const struct page *p, int r, struct walk *k,
    const struct writer_ops *ops, void *w)
{
	size_t top = 0, cap = 64;
	struct wframe *st, *f;
	const GumboVector *kids;
	const GumboNode *c;
	int j;

	if ((p->el[r].flags & EF_TOP) ? (p->el[r].flags & EF_DEAD) != 0 :
	    left_out(p, r, context(k)))
		return;
	st = xmalloc(cap * sizeof *st);
	walk_open(k, &p->el[r]);
	ops->open(w, k, &p->el[r]);
	st[top++] = (struct wframe){ r, 0, r + 1 };
	while (top > 0) {
		f = &st[top - 1];
		kids = &p->el[f->i].node->v.element.children;
		if (f->k >= kids->length || (p->el[f->i].flags & EF_CUT)) {
			ops->close(w, k, &p->el[f->i]);
			walk_close(k, &p->el[f->i]);
			top--;
			continue;
		}
		c = kids->data[f->k++];
		if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
		    c->type == GUMBO_NODE_WHITESPACE) {
			ops->text(w, k, c->v.text.text);
			continue;
		}
		if (c->type != GUMBO_NODE_ELEMENT &&
		    c->type != GUMBO_NODE_TEMPLATE)
			continue;
		if ((j = f->next) >= p->nel || p->el[j].node != c)
			break;		/* past max-nodes */
		f->next = p->el[j].end;
		if (left_out(p, j, context(k)))
			continue;
		if (top == cap)
			st = xrealloc(st, (cap *= 2) * sizeof *st);
		walk_open(k, &p->el[j]);
		ops->open(w, k, &p->el[j]);
		st[top++] = (struct wframe){ j, 0, j + 1 };
	}
	free(st);
}

void
walk_article(const struct page *p, int i, const struct writer_ops *ops,
    void *w)
{
	struct walk k = { 0 };

	if (i >= 0) {
		walk_element(p, i, &k, ops, w);
		return;
	}
	for (i = 0; i < p->nel;) {
		if (!(p->el[i].flags & EF_KEEP)) {
			i++;
			continue;
		}
		walk_element(p, i, &k, ops, w);
		k = (struct walk){ 0 };
		ops->part(w);
		i = p->el[i].end;
	}
}

void
write_article(const struct page *p, struct buf *out)
{
	struct writer w = { .out = out };

	walk_article(p, -1, &text_ops, &w);
}

void
write_subtree(const struct page *p, int i, struct buf *out)
{
	struct writer w = { .out = out };

	walk_article(p, i, &text_ops, &w);
}

/* Text of a small subtree (a heading, a short paragraph): the DOM is
 * walked by sibling links, so no stack is needed. */
void
element_text(const GumboNode *root, struct buf *out)
{
	struct writer w = { .out = out };
	const GumboNode *n = root;

	buf_reset(out);
	for (;;) {
		if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE)
			put_text(&w, n->v.text.text);
		if ((n->type == GUMBO_NODE_ELEMENT) &&
		    n->v.element.children.length > 0 && (n == root ||
		    !(tag_flags(n->v.element.tag) & TG_DROP))) {
			n = n->v.element.children.data[0];
			continue;
		}
		if ((n = next_after(n, root)) == NULL)
			return;
		brk(&w, BR_SPACE);
	}
}

void
drop_comment_labels(struct buf *text)
{
	struct buf out, key;
	const char *p = text->data, *end, *q;
	size_t n;

	if (p == NULL)
		return;		/* (NULL + 0 is undefined) */
	end = p + text->len;
	buf_init(&out);
	buf_init(&key);
	for (; p < end; p = q + (q < end ? 2 : 0)) {
		if ((q = strstr(p, "\n\n")) == NULL)
			q = end;
		n = (size_t)(q - p);
		label_key(p, n < 64 ? n : 0, &key);
		if (n < 64 && is_comment_label(key.data, key.len))
			continue;
		if (out.len > 0)
			buf_puts(&out, "\n\n");
		buf_append(&out, p, n);
	}
	buf_free(&key);
	buf_free(text);
	*text = out;
}
