/*
 * html_score.c: which elements are the article.
 *
 * Readability's method, on the measured index: every paragraph (a <p>,
 * or a container holding only inline content) is worth a point, a point
 * per comma and a point per 100 characters up to three; its parent gets
 * that, its grandparent half, older ancestors a third of their level.
 * Containers start from their tag's bonus and class/id weight, and end
 * scaled by their share of text outside links.  The best container wins,
 * moves up when its ancestors hold the other good candidates, and takes
 * along the siblings that score near it or read like paragraphs;
 * html_text.c writes them out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "text_rules.h"

#define L (p->lim)

/* A <p>, or an element holding text and no blocks. */
static int
is_paragraph(const struct el *e)
{
	if (e->tag == GUMBO_TAG_P)
		return 1;
	if (e->flags & EF_HAS_BLOCK)
		return 0;
	return (e->tflags & (TG_PARA | TG_CONTAINER)) &&
	    e->tag != GUMBO_TAG_BODY;
}

static double
paragraph_points(int chars, int commas)
{
	int chunks = chars / html_limits.para_chunk;

	return 1 + commas + (chunks < html_limits.para_chunks ? chunks :
	    html_limits.para_chunks);
}

/* Give points to the element at a and its ancestors, fading. */
static void
credit(struct page *p, int a, double points)
{
	struct el *an;
	int level;

	for (level = 0; a >= 0 && level < 5; a = p->el[a].parent, level++) {
		an = &p->el[a];
		if (an->tag == GUMBO_TAG_HTML)
			break;
		if (!(an->flags & EF_SCORED)) {
			an->flags |= EF_SCORED;
			an->score = tag_bonus(an->tag) + class_weight(an);
		}
		an->score += points / (level == 0 ? 1 : level == 1 ? 2 :
		    level * 3);
	}
}

static void
score_paragraphs(struct page *p)
{
	struct el *e;
	double pts;
	int i;

	for (i = 0; i < p->nel; i++)
		p->el[i].mass = 0;
	for (i = 0; i < p->nel; i++) {
		e = &p->el[i];
		if (e->flags & EF_DEAD)
			continue;
		if (is_paragraph(e) && e->text >= L.para_min && e->parent >= 0) {
			pts = paragraph_points(e->text, e->commas);
			credit(p, e->parent, pts);
			e->mass += pts;
		} else if ((e->tflags & TG_CONTAINER) && e->own >= L.para_min) {
			pts = paragraph_points(e->own, e->owncommas);
			credit(p, i, pts);
			e->mass += pts;
		}
	}
	for (i = p->nel - 1; i > 0; i--)
		if (!(p->el[i].flags & EF_DEAD))
			p->el[p->el[i].parent].mass += p->el[i].mass;
}

/* A landing or service page is a run of sections, each a heading and a
 * few short paragraphs: the best of them holds little of the page's
 * paragraph mass, and the rest is spread over its ancestors' other
 * children.  Then the article is the lowest ancestor that holds most of
 * the mass, when that is no link list. */
static int
widen(const struct page *p, int t)
{
	double total = p->body > 0 ? p->el[p->body].mass : 0;
	int a;

	if (total <= 0 || p->el[t].mass >= L.widen_share * total)
		return t;
	for (a = p->el[t].parent; a > 0; a = p->el[a].parent) {
		if (p->el[a].mass >= L.widen_hold * total)
			return link_density(&p->el[a]) > L.widen_links ? t : a;
		if (a == p->body)
			break;
	}
	return t;
}

/* Scale the scores by the share of text outside links; the best five. */
static int
best_candidates(struct page *p, int top[5])
{
	struct el *e;
	int i, k, n = 0;

	for (i = 0; i < p->nel; i++) {
		e = &p->el[i];
		if (!(e->flags & EF_SCORED))
			continue;
		e->score *= 1 - link_density(e);
		for (k = n < 5 ? n++ : 5; k > 0 &&
		    p->el[top[k - 1]].score < e->score; k--)
			if (k < 5)
				top[k] = top[k - 1];
		if (k < 5)
			top[k] = i;
	}
	return n;
}

static int
contains(const struct page *p, int a, int i)
{
	return i > a && i < p->el[a].end;
}

/* When three good alternatives share an ancestor of the top candidate,
 * that ancestor holds an article split in parts. */
static int
common_ancestor(const struct page *p, int *top, int n)
{
	int a, k, alts, shared;

	for (k = 1, alts = 0; k < n; k++)
		alts += p->el[top[k]].score >= L.top_share * p->el[top[0]].score;
	if (alts < 3)
		return top[0];
	for (a = p->el[top[0]].parent; a > 0 && a != p->body;
	    a = p->el[a].parent) {
		for (k = 1, shared = 0; k < n; k++)
			shared += p->el[top[k]].score >= L.top_share *
			    p->el[top[0]].score && contains(p, a, top[k]);
		if (shared >= 3)
			return a;
	}
	return top[0];
}

static int
alive_children(const struct page *p, int a)
{
	int j, n = 0;

	for (j = a + 1; j < p->el[a].end; j = p->el[j].end)
		n += !(p->el[j].flags & EF_DEAD);
	return n;
}

/* Move up while a parent scores better, or is a mere wrapper. */
static int
climb(const struct page *p, int top)
{
	double last = p->el[top].score, floor = last / 3;
	int a;

	for (a = p->el[top].parent; a > 0 && a != p->body;
	    a = p->el[a].parent) {
		if (!(p->el[a].flags & EF_SCORED))
			continue;
		if (p->el[a].score < floor)
			break;
		if (p->el[a].score > last) {
			top = a;
			break;
		}
		last = p->el[a].score;
	}
	while ((a = p->el[top].parent) > 0 && a != p->body &&
	    alive_children(p, a) == 1)
		top = a;
	return top;
}

static const char *
attr(const struct el *e, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(
	    &e->node->v.element.attributes, name);

	return a != NULL ? a->value : NULL;
}

/* A short paragraph joins when it has no links and ends a sentence. */
static int
reads_like_sentence(const struct el *e)
{
	struct buf b;
	int yes;

	buf_init(&b);
	element_text(e->node, &b);
	yes = b.len > 0 && (strstr(b.data, ". ") != NULL ||
	    b.data[b.len - 1] == '.');
	buf_free(&b);
	return yes;
}

static int
sibling_joins(const struct page *p, int top, int j)
{
	const struct el *s = &p->el[j], *t = &p->el[top];
	const char *sc = attr(s, "class"), *tc = attr(t, "class");
	double bonus = 0, floor = fmax(10, t->score * L.sibling_share);

	if (s->flags & EF_DEAD)
		return 0;
	if (sc != NULL && tc != NULL && *tc != '\0' && strcmp(sc, tc) == 0)
		bonus = t->score * 0.2;
	if ((s->flags & EF_SCORED) && s->score + bonus >= floor)
		return 1;
	if (!is_paragraph(s) || s->text == 0)
		return 0;
	if (s->text > 80)
		return link_density(s) < 0.25;
	return s->link == 0 && reads_like_sentence(s);
}

/* An article split by ads or rails into parts that are not siblings:
 * elsewhere, elements of the top candidate's tag and class that hold
 * prose join it. */
static void
join_parts(struct page *p, int t)
{
	const char *tc = attr(&p->el[t], "class"), *c;
	const struct el *e;
	int j;

	if (tc == NULL || *tc == '\0')
		return;
	for (j = 0; j < p->nel; j++) {
		e = &p->el[j];
		if (e->flags & (EF_KEEP | EF_DEAD)) {
			j = e->end - 1;
			continue;
		}
		if (e->tag != p->el[t].tag || contains(p, j, t) ||
		    e->text < L.para_min || link_density(e) > L.part_links)
			continue;
		if ((c = attr(e, "class")) != NULL && strcmp(c, tc) == 0) {
			p->el[j].flags |= EF_KEEP;
			j = e->end - 1;
		}
	}
}

int
choose_article(struct page *p)
{
	int top[5], n, t, a, j;

	score_paragraphs(p);
	n = best_candidates(p, top);
	if (n == 0) {
		if (p->body == 0 || (p->el[p->body].flags & EF_DEAD))
			return 0;
		p->el[p->body].flags |= EF_KEEP | EF_TOP;
		return 1;
	}
	t = widen(p, climb(p, common_ancestor(p, top, n)));
	p->el[t].flags |= EF_TOP;
	a = p->el[t].parent;
	if (a < 0 || t == p->body) {
		p->el[t].flags |= EF_KEEP;
		return 1;
	}
	for (j = a + 1; j < p->el[a].end; j = p->el[j].end)
		if (j == t || sibling_joins(p, t, j))
			p->el[j].flags |= EF_KEEP;
	join_parts(p, t);
	return 1;
}

/* Does the dead subtree at i hold prose: paragraphs of some length,
 * mostly outside links, and less than twice the article's text (a
 * gallery's slides are more)?  Its counts were not measured (it is dead), so they
 * are taken from its elements' own text, furniture left out. */
static int
holds_prose(const struct page *p, int i, int article)
{
	const struct el *e;
	int j, para = 0, text = 0, link = 0, pend = 0, aend = 0;

	for (j = i + 1; j < p->el[i].end; j++) {
		e = &p->el[j];
		if ((e->flags & EF_DROP) ||
		    (e->flags & (EF_CHROME | EF_SOFT)) == EF_CHROME) {
			j = e->end - 1;
			continue;
		}
		if (e->tag == GUMBO_TAG_P && j >= pend)
			pend = e->end;
		if (e->tag == GUMBO_TAG_A && j >= aend)
			aend = e->end;
		text += e->own;
		para += j < pend ? e->own : 0;
		link += j < aend ? e->own : 0;
	}
	return para >= L.soft_prose && link * 4 < text && text < 2 * article;
}

/* Blocks inside the kept element k that are furniture by a soft name
 * alone and hold prose: furniture no more.  How many. */
static int
revive_soft(struct page *p, int k, int article)
{
	struct el *e;
	int i, n = 0;

	for (i = k + 1; i < p->el[k].end; i++) {
		e = &p->el[i];
		if (!(e->flags & EF_DEAD) || (p->el[e->parent].flags & EF_DEAD))
			continue;
		if ((e->flags & EF_SOFT) && !(e->flags & EF_DROP) &&
		    holds_prose(p, i, article)) {
			e->flags &= ~(EF_CHROME | EF_DEAD);
			n++;
			continue;
		}
		i = e->end - 1;
	}
	return n;
}

int
keep_soft_prose(struct page *p)
{
	int k, n = 0, article = 0;

	for (k = 0; k < p->nel; k++)
		if (p->el[k].flags & EF_KEEP) {
			article += p->el[k].text;
			k = p->el[k].end - 1;
		}
	for (k = 0; k < p->nel; k++)
		if (p->el[k].flags & EF_KEEP)
			n += revive_soft(p, k, article);
	if (n > 0)
		page_remeasure(p);
	return n;
}
