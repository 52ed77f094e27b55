/*
 * html_guard.c: where gumbo should stop reading a page, so that hostile
 * markup costs bounded time and memory.
 *
 * Counted before parsing, tag by tag: the start tags (max-nodes) and an
 * upper bound of the nesting the tree builder will make.  Start tags that
 * can nest are pushed on a stack of names; an end tag pops what the tree
 * builder's rules for end tags would pop at most: the element it names,
 * found below elements its kind may pass (any element but a scope
 * boundary for the end tag of a "special" element such as div; only
 * non-special ones, such as span, for the others).  An end tag that
 * closes nothing ("<div></i>" again and again) so leaves the count alone:
 * gumbo ignores it and nests on.  Gumbo closes what is open at the end of
 * its input, so the part before a cut parses as it would have.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

#define NAME_MAX_LEN	15	/* longer names are compared by this much */
#define WALK_MAX	64	/* an end tag looks this far down, no further */

/* Elements that close themselves when a sibling opens, so they do not
 * nest however many are left open, and void elements: never counted.
 * Sorted, for bsearch. */
static const char *const not_nesting[] = {
	"area", "base", "br", "col", "colgroup", "command", "dd", "dt",
	"embed", "hr", "img", "input", "keygen", "li", "link", "meta",
	"optgroup", "option", "p", "param", "rb", "rp", "rt", "source",
	"tbody", "td", "tfoot", "th", "thead", "tr", "track", "wbr",
};
/* HTML's special elements (that the end tag of another element does not
 * pass), sorted. */
static const char *const special[] = {
	"address", "applet", "article", "aside", "blockquote", "body",
	"button", "caption", "center", "details", "dialog", "dir", "div", "dl",
	"fieldset", "figcaption", "figure", "footer", "form", "frameset",
	"h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "html",
	"iframe", "listing", "main", "marquee", "menu", "nav", "noembed",
	"noframes", "noscript", "object", "ol", "plaintext", "pre", "script",
	"search", "section", "select", "style", "summary", "table", "template",
	"textarea", "title", "ul", "xmp",
};
/* Elements that bound a scope: the end tag of a special element does not
 * pass them either.  Sorted. */
static const char *const scope_bound[] = {
	"applet", "caption", "html", "marquee", "object", "table", "td",
	"template", "th",
};

static int
cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

#define IN(name, list) (bsearch(name, list, sizeof list / sizeof list[0], \
	sizeof list[0], cmp_name) != NULL)

struct open_el {
	char name[NAME_MAX_LEN + 1];
	unsigned char special, bound;
};

/* The tag name at p (after '<' or "</"), lowercased into name; its
 * length, 0 when it is no tag. */
static size_t
tag_name(const char *p, const char *end, char name[NAME_MAX_LEN + 1])
{
	size_t n;

	for (n = 0; p + n < end && isalnum((unsigned char)p[n]); n++)
		if (n < NAME_MAX_LEN)
			name[n] = (char)tolower((unsigned char)p[n]);
	name[n < NAME_MAX_LEN ? n : NAME_MAX_LEN] = '\0';
	return n;
}

/* An end tag: pop what it closes at most. */
static void
close_tag(struct open_el *st, size_t *n, const char *name)
{
	int special_end = IN(name, special);
	size_t i, walked;

	for (i = *n, walked = 0; i > 0 && walked < WALK_MAX; i--, walked++) {
		if (strcmp(st[i - 1].name, name) == 0) {
			*n = i - 1;
			return;
		}
		if (special_end ? st[i - 1].bound : st[i - 1].special)
			return;
	}
}

size_t
html_input_limit(const char *s, size_t len, long max_nodes, int nest_max,
    enum html_cut *why)
{
	const char *q = s, *end = s + len;
	char name[NAME_MAX_LEN + 1];
	struct open_el *st;
	size_t ntags = 0, n = 0, cut = len;
	long nodes = 0;

	*why = CUT_NONE;
	while ((q = memchr(q, '<', (size_t)(end - q))) != NULL && ++q < end)
		ntags++;
	if (ntags < (size_t)nest_max && (max_nodes <= 0 ||
	    ntags < (size_t)max_nodes))
		return len;
	st = xmalloc(((size_t)nest_max + 1) * sizeof *st);
	for (q = s; (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++) {
		if (q + 1 < end && q[1] == '/') {
			if (tag_name(q + 2, end, name) > 0)
				close_tag(st, &n, name);
			continue;
		}
		if (tag_name(q + 1, end, name) == 0)
			continue;
		if (max_nodes > 0 && ++nodes > max_nodes) {
			*why = CUT_NODES;
			cut = (size_t)(q - s);
			break;
		}
		if (IN(name, not_nesting))
			continue;
		if (n == (size_t)nest_max) {
			*why = CUT_NEST;
			cut = (size_t)(q - s);
			break;
		}
		memcpy(st[n].name, name, sizeof name);
		st[n].special = IN(name, special);
		st[n].bound = IN(name, scope_bound);
		n++;
	}
	free(st);
	return cut;
}
