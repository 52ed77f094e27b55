/*
 * html_page.c: the parsed page as an index of its elements.
 *
 * One iterative walk puts every element in an array in document order,
 * with what its tag, class, id, role and style say and the length of its
 * own text; one backward pass over the array adds each element's counts
 * into its parent, so every subtree's text, link text, commas and
 * paragraphs are known in linear time.  Measuring again after the relax
 * level changed is that backward pass alone.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

static const char warn_depth[] = "page deeper than max-depth: cut";
static const char warn_nodes[] = "page has more elements than max-nodes: cut";
/* 20000: html_limits.nest_max (html_rules.c); t_html checks they agree */
static const char warn_nest[] = "page nested deeper than 20000 elements: cut";

/* ---- text lengths ---- */

void
count_text(const char *s, int *chars, int *commas)
{
	const unsigned char *u = (const unsigned char *)s;
	int space = 0, n = 0, c = 0;

	for (; *u != '\0'; u++) {
		if (*u == ' ' || *u == '\n' || *u == '\t' || *u == '\r' ||
		    *u == '\f') {
			space = 1;
			continue;
		}
		if ((*u & 0xC0) == 0x80)
			continue;
		n += 1 + (space && n > 0);
		space = 0;
		if (*u == ',' || (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) ||
		    (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x81) ||
		    (u[0] == 0xD8 && u[1] == 0x8C))
			c++;
	}
	*chars += n;
	*commas += c;
}

const GumboNode *
next_after(const GumboNode *n, const GumboNode *root)
{
	const GumboNode *par;
	size_t k;

	for (;;) {
		if (n == root)
			return NULL;
		par = n->parent;
		k = n->index_within_parent + 1;
		if (k < par->v.element.children.length)
			return par->v.element.children.data[k];
		n = par;
	}
}

double
link_density(const struct el *e)
{
	return e->text > 0 ? (double)e->link / e->text : 0;
}

/* ---- the index ---- */

/* style="display: none" or "visibility: hidden". */
static int
style_hides(const char *s)
{
	static const char *const props[] = { "display", "visibility" };
	static const char *const values[] = { "none", "hidden" };
	const char *p;
	size_t i;

	for (i = 0; i < 2; i++) {
		for (p = strcasestr(s, props[i]); p != NULL;
		    p = strcasestr(p, props[i])) {	/* p is past the match,
							   never past the NUL */
			p += strlen(props[i]);
			p += strspn(p, " \t\n");
			if (*p != ':')
				continue;
			p += 1 + strspn(p + 1, " \t\n");
			if (strncasecmp(p, values[i], strlen(values[i])) == 0)
				return 1;
		}
	}
	return 0;
}

/* What the attributes say: TK_* bits; *hidden when not shown. */
static unsigned
read_attributes(const GumboElement *g, int *hidden)
{
	const char *cls = NULL, *id = NULL, *name;
	unsigned t = 0;
	unsigned k;

	for (k = 0; k < g->attributes.length; k++) {
		const GumboAttribute *a = g->attributes.data[k];

		name = a->name;
		if (strcmp(name, "class") == 0)
			cls = a->value;
		else if (strcmp(name, "id") == 0)
			id = a->value;
		else if (strcmp(name, "role") == 0)
			t |= role_tokens(a->value);
		else if (strcmp(name, "hidden") == 0)
			*hidden = 1;
		else if (strcmp(name, "aria-hidden") == 0)
			*hidden |= strcasecmp(a->value, "true") == 0;
		else if (strcmp(name, "style") == 0)
			*hidden |= style_hides(a->value);
		else if (strcmp(name, "itemprop") == 0 &&
		    strcasecmp(a->value, "articleBody") == 0)
			t |= TK_BODY | TK_POSITIVE | TK_MAYBE;
	}
	return t | attr_tokens(cls, id);
}

/* Elements that are never furniture, whatever their class says. */
static int
never_chrome(GumboTag tag)
{
	return tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY ||
	    tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_ARTICLE ||
	    tag == GUMBO_TAG_A;
}

static int
add_element(struct page *p, const GumboNode *node, int parent, int depth)
{
	const GumboElement *g = &node->v.element;
	struct el *e;
	int hidden = 0;

	if (p->nel == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		p->el = xrealloc(p->el, (size_t)p->cap * sizeof *p->el);
	}
	e = &p->el[p->nel];
	memset(e, 0, sizeof *e);
	e->node = node;
	e->parent = parent;
	e->depth = depth;
	e->tag = node->type == GUMBO_NODE_TEMPLATE ? GUMBO_TAG_TEMPLATE :
	    g->tag;
	e->tflags = tag_flags(e->tag);
	e->tokens = read_attributes(g, &hidden);
	if ((e->tflags & TG_DROP) || (e->tokens & TK_HIDDEN) || hidden)
		e->flags |= EF_DROP;
	if ((e->tokens & TK_PANEL) && ((e->tokens & TK_HIDDEN) || hidden) &&
	    !(e->tflags & TG_DROP))
		e->flags |= EF_PANEL;
	if (((e->tflags & TG_CHROME) || ((e->tokens & (TK_UNLIKELY |
	    TK_SOFT)) && !(e->tokens & TK_MAYBE))) && !never_chrome(e->tag))
		e->flags |= EF_CHROME;
	if ((e->flags & EF_CHROME) && !(e->tflags & TG_CHROME) &&
	    !(e->tokens & TK_UNLIKELY))
		e->flags |= EF_SOFT;
	if (e->tag == GUMBO_TAG_BODY && p->body == 0)
		p->body = p->nel;
	return p->nel++;
}

struct frame {
	const GumboNode *node;
	int parent, depth;
};

/* Visit the children of element i: count its text, push its elements
 * (last first, so that they come off the stack in document order). */
static void
visit_children(struct page *p, int i, struct frame **stack, size_t *top,
    size_t *cap)
{
	const GumboVector *kids = &p->el[i].node->v.element.children;
	const GumboNode *c;
	unsigned k;

	for (k = kids->length; k-- > 0;) {
		c = kids->data[k];
		if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) {
			if (p->el[i].flags & EF_DROP)
				continue;	/* scripts: never counted */
			count_text(c->v.text.text, &p->el[i].own,
			    &p->el[i].owncommas);
		} else if (c->type == GUMBO_NODE_ELEMENT ||
		    c->type == GUMBO_NODE_TEMPLATE) {
			if (*top == *cap) {
				*cap *= 2;
				*stack = xrealloc(*stack, *cap * sizeof **stack);
			}
			(*stack)[(*top)++] = (struct frame){ c, i,
			    p->el[i].depth + 1 };
		}
	}
}

static void
index_elements(struct page *p)
{
	size_t top = 0, cap = 256;
	struct frame *stack = xmalloc(cap * sizeof *stack), f;
	int i;

	stack[top++] = (struct frame){ p->out->root, -1, 0 };
	while (top > 0) {
		f = stack[--top];
		if (p->o->max_nodes > 0 && p->nel >= p->o->max_nodes) {
			p->warning = p->warning ? p->warning : warn_nodes;
			break;
		}
		i = add_element(p, f.node, f.parent, f.depth);
		if (p->o->max_depth > 0 && f.depth >= p->o->max_depth) {
			p->el[i].flags |= EF_CUT;
			p->warning = p->warning ? p->warning : warn_depth;
			continue;
		}
		visit_children(p, i, &stack, &top, &cap);
	}
	free(stack);
	for (i = 0; i < p->nel; i++)
		p->el[i].end = i + 1;
	for (i = p->nel - 1; i > 0; i--)
		if (p->el[p->el[i].parent].end < p->el[i].end)
			p->el[p->el[i].parent].end = p->el[i].end;
}

/* A page that shows itself only to scripts (a forum's app shell) keeps
 * its text for crawlers in <noscript>: when that holds more text than the
 * rest of the body, it is the page, and is read.  Elsewhere <noscript>
 * repeats what the page shows (image fallbacks, "enable JavaScript"). */
static void
read_noscript(struct page *p)
{
	int i, j, inside = 0, outside = 0;

	for (i = 0; i < p->nel; i++) {
		if (p->el[i].tag != GUMBO_TAG_NOSCRIPT) {
			outside += p->el[i].own;
			continue;
		}
		for (j = i + 1; j < p->el[i].end; j++)
			inside += p->el[j].own;
		i = p->el[i].end - 1;
	}
	if (inside <= outside)
		return;
	for (i = 0; i < p->nel; i++)
		if (p->el[i].tag == GUMBO_TAG_NOSCRIPT)
			p->el[i].flags &= ~EF_DROP;
}

/* The text of elements from .. to-1, but for what never is text
 * (scripts) or, when shown, for what is hidden too. */
static int
text_between(const struct page *p, int from, int to, int shown)
{
	int i, n = 0;

	for (i = from; i < to; i++) {
		if ((p->el[i].tflags & TG_DROP) ||
		    (shown && (p->el[i].flags & EF_DROP)))
			i = p->el[i].end - 1;
		else
			n += p->el[i].own;
	}
	return n;
}

/* A page that shows itself only by script (a framework streaming its
 * parts into hidden holders, a wrapper hidden until the fonts load)
 * hides more text in one element than it shows: that element is shown,
 * what is hidden inside it not.  A hidden tab or comment section is not
 * such a holder. */
static void
read_hidden_page(struct page *p)
{
	struct el *e;
	int i, shown = text_between(p, 0, p->nel, 1);

	for (i = 0; i < p->nel; i++) {
		e = &p->el[i];
		if (!(e->flags & EF_DROP))
			continue;
		if (!(e->tflags & TG_DROP) &&
		    !(e->tokens & (TK_PANEL | TK_COMMENTS)) &&
		    text_between(p, i + 1, e->end, 0) > shown)
			e->flags &= ~EF_DROP;
		i = e->end - 1;
	}
}

/* A forum thread's posts sit in elements named "comment", "replies",
 * "discussion": when the page says it is a discussion, those names are
 * neither furniture nor a bad sign.  A page that does not say it is an
 * article (a service, product or landing page) is a run of sections: the
 * election widens when its choice holds under widen_share_page of the
 * page's paragraphs. */
void
page_profile(struct page *p, unsigned kinds)
{
	struct el *e;
	int i;

	if (!(kinds & PAGE_ARTICLE))
		p->lim.widen_share = p->lim.widen_share_page;
	if (!(kinds & PAGE_FORUM))
		return;
	for (i = 0; i < p->nel; i++) {
		e = &p->el[i];
		if (!(e->tokens & TK_COMMENTS))
			continue;
		e->tokens &= ~(TK_COMMENTS | TK_UNLIKELY | TK_NEGATIVE);
		if (!(e->tflags & TG_CHROME))
			e->flags &= ~EF_CHROME;
	}
}

/* A table of data (a header cell, or ten rows, and no table inside) is
 * never furniture for its class: "sticky-header", "table-scroll" name how
 * it is shown.  Only tables so named are looked into. */
static void
keep_data_tables(struct page *p)
{
	struct el *e;
	int i, j, th, tr, nested;

	for (i = 0; i < p->nel; i++) {
		e = &p->el[i];
		if (e->tag != GUMBO_TAG_TABLE || !(e->flags & EF_CHROME))
			continue;
		for (j = i + 1, th = tr = nested = 0; j < e->end; j++) {
			th += p->el[j].tag == GUMBO_TAG_TH;
			tr += p->el[j].tag == GUMBO_TAG_TR;
			nested += p->el[j].tag == GUMBO_TAG_TABLE;
		}
		if (!nested && (th > 0 || tr >= 10))
			e->flags &= ~(EF_CHROME | EF_SOFT);
	}
}

/* ---- measuring ---- */

static int
dropped(const struct page *p, const struct el *e)
{
	return (e->flags & EF_DROP) ||
	    (p->relax < 1 && (e->flags & EF_CHROME));
}

/* Dead: dropped, or inside something dropped.  Parents come first. */
static void
mark_dead(struct page *p)
{
	struct el *e;
	int i;

	for (i = 0; i < p->nel; i++) {
		e = &p->el[i];
		e->flags &= ~(EF_DEAD | EF_HAS_BLOCK | EF_SCORED | EF_KEEP |
		    EF_TOP);
		if (dropped(p, e) ||
		    (e->parent >= 0 && (p->el[e->parent].flags & EF_DEAD)))
			e->flags |= EF_DEAD;
		e->text = e->own;
		e->commas = e->owncommas;
		e->link = e->np = e->nimg = e->nli = e->ninput = 0;
		e->nembed = e->nrows = e->ncells = e->nhead = 0;
		e->ntable = e->litext = e->timetext = e->headtext = 0;
		e->datatext = 0;
		e->score = 0;
	}
}

/* Add a finished element's counts into its parent. */
static void
add_to_parent(struct el *par, const struct el *e)
{
	if (e->flags & EF_DEAD) {
		/* form controls and embeds are dropped, yet say what their
		 * parent is, unless that parent went with them */
		if (!(e->flags & EF_DROP) || (par->flags & EF_DEAD))
			return;
		par->ninput += (e->tflags & TG_INPUT) != 0;
		par->nembed += (e->tflags & TG_EMBED) != 0;
		return;
	}
	par->ninput += e->ninput;
	par->nembed += e->nembed;
	if (e->tflags & TG_BLOCK)
		par->flags |= EF_HAS_BLOCK;
	par->text += e->text;
	par->link += e->link;
	par->commas += e->commas;
	par->np += e->np + (e->tag == GUMBO_TAG_P);
	par->nimg += e->nimg + (e->tag == GUMBO_TAG_IMG);
	par->nli += e->nli + (e->tag == GUMBO_TAG_LI);
	par->litext += e->tag == GUMBO_TAG_LI ? e->text : e->litext;
	par->timetext += e->tag == GUMBO_TAG_TIME ? e->text : e->timetext;
	par->headtext += e->tflags & TG_HEADING ? e->text : e->headtext;
	par->datatext += e->flags & EF_DATA_TABLE ? e->text : e->datatext;
	par->nrows += e->nrows + (e->tag == GUMBO_TAG_TR);
	par->ncells += e->ncells + (e->tag == GUMBO_TAG_TD);
	par->nhead += e->nhead + (e->tag == GUMBO_TAG_TH ||
	    e->tag == GUMBO_TAG_THEAD || e->tag == GUMBO_TAG_CAPTION);
	par->ntable += e->ntable + (e->tag == GUMBO_TAG_TABLE);
}

void
page_measure(struct page *p)
{
	struct el *e;
	int i;

	mark_dead(p);
	for (i = p->nel - 1; i >= 0; i--) {
		e = &p->el[i];
		if (e->tag == GUMBO_TAG_A)
			e->link = e->text;
		if (e->tag == GUMBO_TAG_TABLE && e->ntable == 0 &&
		    (e->nhead > 0 || e->nrows >= 10 || e->ncells > 10))
			e->flags |= EF_DATA_TABLE;
		else
			e->flags &= ~EF_DATA_TABLE;
		if (e->parent >= 0)
			add_to_parent(&p->el[e->parent], e);
	}
}

void
page_remeasure(struct page *p)
{
	unsigned *keep;
	int i;

	keep = xmalloc((size_t)p->nel * sizeof *keep);
	for (i = 0; i < p->nel; i++)
		keep[i] = p->el[i].flags & (EF_KEEP | EF_TOP);
	page_measure(p);
	for (i = 0; i < p->nel; i++)
		p->el[i].flags |= keep[i];
	free(keep);
}

/* A panel holding a field to fill in is a form that waits for a click
 * ("text me the ingredients", "log in"), not text. */
static int
holds_field(const struct page *p, int i)
{
	int j;

	for (j = i + 1; j < p->el[i].end; j++)
		if (p->el[j].tag == GUMBO_TAG_INPUT ||
		    p->el[j].tag == GUMBO_TAG_SELECT ||
		    p->el[j].tag == GUMBO_TAG_TEXTAREA)
			return 1;
	return 0;
}

/* A tab or accordion panel is hidden until a reader opens it, and holds
 * the page's text as much as the open one (product details, a service's
 * answers): inside the article it is shown.  It takes no part in the
 * election, where it would often be a modal's or a menu's. */
void
page_unfold(struct page *p, int root)
{
	int i, end = root >= 0 ? p->el[root].end : 0, n = 0;

	for (i = root >= 0 ? root + 1 : 0; i < p->nel && (root < 0 ||
	    i < end); i++) {
		if (root < 0 && (p->el[i].flags & EF_KEEP) && p->el[i].end > end)
			end = p->el[i].end;
		if ((p->el[i].flags & EF_PANEL) && i < end &&
		    !holds_field(p, i)) {
			p->el[i].flags &= ~EF_DROP;
			n++;
		}
	}
	if (n > 0)
		page_remeasure(p);
}

void
page_fold(struct page *p)
{
	int i;

	for (i = 0; i < p->nel; i++)
		if (p->el[i].flags & EF_PANEL)
			p->el[i].flags |= EF_DROP;
}

void
page_index(struct page *p, enum html_cut cut)
{
	p->warning = cut == CUT_NODES ? warn_nodes : cut == CUT_NEST ?
	    warn_nest : NULL;
	index_elements(p);
	keep_data_tables(p);
	read_noscript(p);
	read_hidden_page(p);
}
