/*
 * html_extract.c: the HTML path, main-content extraction on the gumbo
 * DOM.
 *
 * The page is parsed once and indexed (html_page.c); html_meta.c reads
 * what it says about itself, html_score.c chooses the article and
 * html_text.c writes it out.  When that finds too little, the same index
 * is measured again with the furniture kept (relax 1), then with nothing
 * left out (relax 2); when even that is short, the page's <main> is a
 * second opinion.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* ---- the extraction ---- */

/* The URL the page's links are relative to: its first <base href>,
 * against its own URL (HTML's document base URL), or its own.  Owned. */
static char *
page_base(const struct page *p, const char *url)
{
	const GumboAttribute *a;
	int i;

	for (i = 0; i < p->nel; i++) {
		if (p->el[i].tag != GUMBO_TAG_BASE)
			continue;
		a = gumbo_get_attribute(&p->el[i].node->v.element.attributes,
		    "href");
		if (a != NULL && a->value[0] != '\0')
			return url_resolve(a->value, url);
	}
	return url != NULL ? xstrdup(url) : NULL;
}

/* Choose and write the article, relaxing until it is long enough; the
 * longest attempt wins, and is written again as markup when asked (into
 * ex->body, links resolved against url). */
static void
extract_article(struct page *p, const char *url, struct extract *ex)
{
	struct buf try, tmp, *text = &ex->text;

	buf_init(&try);
	for (p->relax = 0; p->relax <= 2; p->relax++) {
		page_measure(p);
		buf_reset(&try);
		if (choose_article(p)) {
			if (p->relax == 0)
				keep_soft_prose(p);
			page_unfold(p, -1);
			write_article(p, &try);
		}
		if (try.len > text->len) {	/* swapped, not copied */
			tmp = *text;
			*text = try;
			try = tmp;
			if (p->o->body != BODY_TEXT) {
				buf_reset(&ex->body);
				write_markup(p, -1, p->o, url, &ex->body);
			}
		}
		page_fold(p);
		if ((int)text->len >= p->lim.retry_chars)
			break;
	}
	buf_free(&try);
}

/* The page's <main> when it holds text with the furniture dropped, else 0
 * (measured at relax 0). */
static int
main_element(const struct page *p)
{
	int i;

	for (i = 0; i < p->nel; i++)
		if (p->el[i].tag == GUMBO_TAG_MAIN &&
		    !(p->el[i].flags & EF_DEAD) && p->el[i].text > 0)
			return i;
	return 0;
}

/* A second extraction, built differently: the page's own <main>, less
 * the furniture and nothing else left out, wins when it is region_gain
 * times longer than the election's.  Listings, collections and wiki
 * lists are many short items whose links readability's cleaning prunes,
 * and the election then settles on a promotion box; service and product
 * pages are sections of which the election takes one.  A page that says
 * it is an article is asked only when the election found little. */
static void
main_fallback(struct page *p, const char *base, struct extract *ex)
{
	struct buf alt, *text = &ex->text;
	int m;

	if ((p->kinds & PAGE_ARTICLE) && (int)text->len >= p->lim.region_chars)
		return;
	p->relax = 0;
	page_measure(p);
	if ((m = main_element(p)) == 0)
		return;
	page_unfold(p, m);
	p->el[m].flags |= EF_TOP;
	p->relax = 2;		/* the dead stay dead; nothing else goes */
	buf_init(&alt);
	write_subtree(p, m, &alt);
	if (alt.len > text->len * p->lim.region_gain) {
		buf_take(text, &alt);
		if (p->o->body != BODY_TEXT) {	/* the body follows */
			buf_reset(&ex->body);
			write_markup(p, m, p->o, base, &ex->body);
		}
	}
	buf_free(&alt);
	page_fold(p);
}

/* The comment section: the largest element named so that is not inside
 * another one, written out whole, but for its forms (the reply
 * form: notes, labels) and the blocks that only label its links. */
static void
extract_comments(struct page *p, const char *url, struct extract *ex)
{
	int i, best = -1;

	p->relax = 2;
	page_measure(p);
	for (i = 0; i < p->nel; i++) {
		if (!(p->el[i].tokens & TK_COMMENTS) ||
		    (p->el[i].flags & EF_DEAD))
			continue;
		if (best < 0 || p->el[i].text > p->el[best].text)
			best = i;
		i = p->el[i].end - 1;
	}
	if (best < 0)
		return;
	for (i = best + 1; i < p->el[best].end; i++)
		if (p->el[i].tag == GUMBO_TAG_FORM)
			p->el[i].flags |= EF_DEAD;
	write_subtree(p, best, &ex->comments);
	drop_comment_labels(&ex->comments);
	if (p->o->body != BODY_TEXT)
		write_markup(p, best, p->o, url, &ex->body_comments);
}

/* JSON-LD's articleBody stands in when the page itself gave much less:
 * pages that fill the body in with scripts still describe it there.
 * Returns 1 when it did. */
static int
jsonld_fallback(char *body, struct buf *text)
{
	int chars = 0, commas = 0, have = 0;

	if (body == NULL)
		return 0;
	count_text(body, &chars, &commas);
	count_text(text->data ? text->data : "", &have, &commas);
	if (chars >= html_limits.retry_chars * 2 && have * 2 < chars) {
		buf_reset(text);
		buf_puts(text, body);
		return 1;
	}
	return 0;
}

/* A product page keeps its description in its JSON-LD, and often shows
 * it only in a tab the election leaves: when the text does not hold it,
 * it goes first. */
static void
product_description(const char *desc, struct buf *text, enum body_format f,
    struct buf *body)
{
	struct buf head;
	size_t n;

	if (desc == NULL || *desc == '\0')
		return;
	n = strlen(desc) < 40 ? strlen(desc) : 40;
	if (text->data != NULL && memmem(text->data, text->len, desc, n))
		return;
	buf_init(&head);
	buf_puts(&head, desc);
	if (text->len > 0) {
		buf_puts(&head, "\n\n");
		buf_append(&head, text->data, text->len);
	}
	buf_take(text, &head);
	if (f == BODY_TEXT)
		return;
	body_paragraphs(&head, f, desc, strlen(desc));
	if (body->len > 0 && f == BODY_MARKDOWN)
		buf_putc(&head, '\n');
	buf_append(&head, body->data, body->len);
	buf_take(body, &head);
}

/* own, when not NULL, holds html and is freed with the tree: gumbo's
 * nodes point into the bytes they were parsed from. */
static int
extract(const char *html, size_t len, struct buf *own, const char *url,
    const struct extract_opts *o, struct extract *ex, char *err,
    size_t errlen)
{
	GumboOptions go = kGumboDefaultOptions;
	struct pool *pool = o->pool;
	struct page p = { 0 };
	enum html_cut cut;
	char *body = NULL, *product = NULL, *base;
	int commas = 0;

	len = html_input_limit(html, len, o->max_nodes, html_limits.nest_max,
	    &cut);
	go.max_errors = 0;
	if (pool != NULL) {	/* pages of every size: less than malloc takes */
		go.allocator = pool_alloc;
		go.deallocator = pool_release;
		go.userdata = pool;
	}
	if ((p.out = gumbo_parse_with_options(&go, html, len)) == NULL) {
		if (pool != NULL)
			pool_reset(pool);
		buf_free(own);
		snprintf(err, errlen, "HTML parser failed");
		return -1;
	}
	p.o = o;
	html_limits_for(o->preset, &p.lim);
	page_index(&p, cut);
	meta_read(p.out, url, &ex->meta, &body, &product, &p.kinds);
	page_profile(&p, p.kinds);
	p.title = ex->meta.title;
	if (p.title != NULL)
		count_text(p.title, &p.title_chars, &commas);
	base = o->body != BODY_TEXT ? page_base(&p, url) : NULL;
	extract_article(&p, base, ex);
	main_fallback(&p, base, ex);
	if (jsonld_fallback(body, &ex->text) && o->body != BODY_TEXT) {
		buf_reset(&ex->body);
		body_paragraphs(&ex->body, o->body, ex->text.data,
		    ex->text.len);
	}
	product_description(product, &ex->text, o->body, &ex->body);
	free(body);
	free(product);
	if (o->comments)
		extract_comments(&p, base, ex);
	free(base);
	extract_tidy(ex);
	ex->warning = p.warning;
	free(p.el);
	gumbo_destroy_output(&go, p.out);
	if (pool != NULL)
		pool_reset(pool);
	buf_free(own);
	return 0;
}

int
html_extract(const char *html, size_t len, const char *url,
    const struct extract_opts *o, struct extract *ex, char *err,
    size_t errlen)
{
	return extract(html, len, NULL, url, o, ex, err, errlen);
}

int
html_extract_buf(struct buf *html, const char *url,
    const struct extract_opts *o, struct extract *ex, char *err,
    size_t errlen)
{
	return extract(html->data ? html->data : "", html->len, html, url, o,
	    ex, err, errlen);
}
