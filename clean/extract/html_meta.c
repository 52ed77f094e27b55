/*
 * html_meta.c: what a page says about itself: title, author, published date,
 * site name, language, canonical URL and description.
 *
 * One walk over the DOM gathers the candidates of every source; each
 * field then takes the first source that has it, in the order of the
 * field's row in `sources` below (JSON-LD first: it is written for
 * machines; then OpenGraph and other <meta>; then the markup itself).
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* Where a value came from. */
enum source {
	S_LD,		/* JSON-LD of an Article, NewsArticle, BlogPosting, ... */
	S_LD_SITE,	/* JSON-LD publisher or WebSite */
	S_OG,		/* OpenGraph and article:* properties */
	S_TWITTER,	/* twitter:* cards */
	S_META,		/* <meta name=...>: author, description, date, ... */
	S_ITEMPROP,	/* microdata: itemprop=datePublished, author */
	S_MARKUP,	/* <title>, <html lang>, <link rel=canonical>, <time> */
	S_NSOURCES
};

enum field {
	F_TITLE, F_AUTHOR, F_PUBLISHED, F_SITE, F_LANGUAGE, F_CANONICAL,
	F_DESCRIPTION, F_BODY, F_PRODUCT, F_NFIELDS
};

/* The order in which each field trusts the sources. */
static const enum source order[F_NFIELDS][S_NSOURCES + 1] = {
	[F_TITLE] = { S_LD, S_OG, S_TWITTER, S_META, S_MARKUP, S_NSOURCES },
	[F_AUTHOR] = { S_LD, S_META, S_ITEMPROP, S_OG, S_TWITTER, S_MARKUP,
	    S_NSOURCES },
	[F_PUBLISHED] = { S_LD, S_OG, S_META, S_ITEMPROP, S_MARKUP,
	    S_NSOURCES },
	[F_SITE] = { S_OG, S_LD_SITE, S_META, S_TWITTER, S_NSOURCES },
	[F_LANGUAGE] = { S_MARKUP, S_META, S_LD, S_OG, S_NSOURCES },
	[F_CANONICAL] = { S_MARKUP, S_OG, S_LD, S_NSOURCES },
	[F_DESCRIPTION] = { S_META, S_OG, S_TWITTER, S_LD, S_NSOURCES },
	[F_BODY] = { S_LD, S_NSOURCES },
	[F_PRODUCT] = { S_LD, S_NSOURCES },
};

/* <meta name|property=KEY content=...>: which field and source. */
static const struct {
	const char *key;
	enum field field;
	enum source source;
} meta_keys[] = {
	{ "og:title", F_TITLE, S_OG },
	{ "og:site_name", F_SITE, S_OG },
	{ "og:description", F_DESCRIPTION, S_OG },
	{ "og:url", F_CANONICAL, S_OG },
	{ "og:locale", F_LANGUAGE, S_OG },
	{ "article:published_time", F_PUBLISHED, S_OG },
	{ "article:author", F_AUTHOR, S_OG },	/* often a profile URL */
	{ "og:article:published_time", F_PUBLISHED, S_OG },
	{ "og:article:author", F_AUTHOR, S_OG },
	{ "twitter:title", F_TITLE, S_TWITTER },
	{ "twitter:description", F_DESCRIPTION, S_TWITTER },
	{ "twitter:creator", F_AUTHOR, S_TWITTER },
	{ "twitter:site", F_SITE, S_TWITTER },
	{ "title", F_TITLE, S_META },
	{ "author", F_AUTHOR, S_META },
	{ "byl", F_AUTHOR, S_META },		/* "By Jane Doe" */
	{ "dc.creator", F_AUTHOR, S_META },
	{ "sailthru.author", F_AUTHOR, S_META },
	{ "parsely-author", F_AUTHOR, S_META },
	{ "description", F_DESCRIPTION, S_META },
	{ "dc.description", F_DESCRIPTION, S_META },
	{ "date", F_PUBLISHED, S_META },
	{ "pubdate", F_PUBLISHED, S_META },
	{ "publishdate", F_PUBLISHED, S_META },
	{ "publish-date", F_PUBLISHED, S_META },
	{ "publication_date", F_PUBLISHED, S_META },
	{ "dc.date", F_PUBLISHED, S_META },
	{ "dc.date.issued", F_PUBLISHED, S_META },
	{ "dcterms.created", F_PUBLISHED, S_META },
	{ "sailthru.date", F_PUBLISHED, S_META },
	{ "parsely-pub-date", F_PUBLISHED, S_META },
	{ "article.published", F_PUBLISHED, S_META },
	{ "datepublished", F_PUBLISHED, S_META },
	{ "application-name", F_SITE, S_META },
	{ "content-language", F_LANGUAGE, S_META },	/* http-equiv */
	{ "dc.language", F_LANGUAGE, S_META },
};

/* JSON-LD @type values that describe the article itself. */
static const char *const article_types[] = {
	"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
	"AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
	"BackgroundNewsArticle", "TechArticle", "ScholarlyArticle",
	"SocialMediaPosting", "LiveBlogPosting", "Report", "Review",
};

/* Separators between a page title and the site name in <title>. */
static const char *const title_separators[] = {
	" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " // ", " : ",
};

/* JSON-LD @type values that say the page is a discussion: its posts are
 * the content, whatever their class names say (PAGE_FORUM). */
static const char *const forum_types[] = {
	"DiscussionForumPosting", "QAPage",
};

struct found {
	char *v[F_NFIELDS][S_NSOURCES];	/* owned */
	unsigned kinds;			/* PAGE_* */
};

static void
set(struct found *f, enum field field, enum source s, const char *value)
{
	char *v, *p, *q;

	if (value == NULL || f->v[field][s] != NULL)
		return;
	v = xstrdup(value + strspn(value, " \t\r\n"));
	for (p = q = v; *p != '\0'; p++) {	/* fields are one line */
		if (field != F_BODY && field != F_PRODUCT &&
		    isspace((unsigned char)*p)) {
			if (q > v && q[-1] != ' ')
				*q++ = ' ';
		} else if (!iscntrl((unsigned char)*p))
			*q++ = *p;		/* no ESC from &#27; */
	}
	while (q > v && isspace((unsigned char)q[-1]))
		q--;
	*q = '\0';
	if (q > v)
		f->v[field][s] = v;
	else
		free(v);
}

/* ---- JSON-LD ---- */

/* @type is name, or an array holding it. */
static int
type_is(const json_t *type, const char *name)
{
	const char *s;
	size_t k;

	if (json_is_array(type)) {
		for (k = 0; k < json_array_size(type); k++)
			if (type_is(json_array_get(type, k), name))
				return 1;
		return 0;
	}
	if ((s = json_string_value(type)) == NULL)
		return 0;
	if (strncmp(s, "http://schema.org/", 18) == 0 ||
	    strncmp(s, "https://schema.org/", 19) == 0)
		s = strrchr(s, '/') + 1;
	return strcmp(s, name) == 0;
}

static int
type_is_article(const json_t *type)
{
	size_t i;

	for (i = 0; i < sizeof article_types / sizeof article_types[0]; i++)
		if (type_is(type, article_types[i]))
			return 1;
	return 0;
}


/* A name: a string, an object's "name", or the first of an array; the
 * names of an array of authors are joined with ", ". */
static void
ld_names(const json_t *v, struct buf *out)
{
	const char *s;
	size_t k;

	if (json_is_array(v)) {
		for (k = 0; k < json_array_size(v) && k < 16; k++)
			ld_names(json_array_get(v, k), out);
		return;
	}
	if (json_is_object(v))
		v = json_object_get(v, "name");
	if ((s = json_string_value(v)) == NULL || *s == '\0')
		return;
	if (out->len > 0)
		buf_puts(out, ", ");
	buf_puts(out, s);
}

static void
ld_set_name(struct found *f, enum field field, enum source s,
    const json_t *v)
{
	struct buf b;

	buf_init(&b);
	ld_names(v, &b);
	if (b.len > 0)
		set(f, field, s, b.data);
	buf_free(&b);
}

static const char *
ld_url(const json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "@id");
	return json_string_value(v);
}

static void
ld_article(struct found *f, const json_t *o)
{
	const json_t *pub = json_object_get(o, "publisher");

	set(f, F_TITLE, S_LD, json_string_value(json_object_get(o, "headline")));
	set(f, F_TITLE, S_LD, json_string_value(json_object_get(o, "name")));
	ld_set_name(f, F_AUTHOR, S_LD, json_object_get(o, "author"));
	ld_set_name(f, F_AUTHOR, S_LD, json_object_get(o, "creator"));
	set(f, F_PUBLISHED, S_LD,
	    json_string_value(json_object_get(o, "datePublished")));
	set(f, F_PUBLISHED, S_LD,
	    json_string_value(json_object_get(o, "dateCreated")));
	set(f, F_DESCRIPTION, S_LD,
	    json_string_value(json_object_get(o, "description")));
	set(f, F_LANGUAGE, S_LD,
	    json_string_value(json_object_get(o, "inLanguage")));
	set(f, F_CANONICAL, S_LD, ld_url(json_object_get(o, "mainEntityOfPage")));
	set(f, F_CANONICAL, S_LD, json_string_value(json_object_get(o, "url")));
	set(f, F_BODY, S_LD, json_string_value(json_object_get(o, "articleBody")));
	if (pub != NULL)
		ld_set_name(f, F_SITE, S_LD_SITE, pub);
}

/* Visit objects: the top, arrays, and @graph, a few levels deep. */
static void
ld_visit(struct found *f, const json_t *v, int depth)
{
	const json_t *type;
	size_t k;

	if (depth > 4)
		return;
	if (json_is_array(v)) {
		for (k = 0; k < json_array_size(v); k++)
			ld_visit(f, json_array_get(v, k), depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	type = json_object_get(v, "@type");
	for (k = 0; k < sizeof forum_types / sizeof forum_types[0]; k++)
		if (type_is(type, forum_types[k]))
			f->kinds |= PAGE_FORUM;
	if (type_is_article(type)) {
		ld_article(f, v);
		f->kinds |= PAGE_ARTICLE;
	}
	else if (type_is(type, "Product"))
		set(f, F_PRODUCT, S_LD,
		    json_string_value(json_object_get(v, "description")));
	else if (json_is_string(type) && (strcmp(json_string_value(type),
	    "WebSite") == 0 || strcmp(json_string_value(type),
	    "Organization") == 0 || strcmp(json_string_value(type),
	    "NewsMediaOrganization") == 0))
		set(f, F_SITE, S_LD_SITE,
		    json_string_value(json_object_get(v, "name")));
	ld_visit(f, json_object_get(v, "@graph"), depth + 1);
}

static void
read_jsonld(struct found *f, const GumboNode *script)
{
	const GumboVector *kids = &script->v.element.children;
	const GumboNode *t;
	json_t *root;

	if (kids->length == 0)
		return;
	t = kids->data[0];
	if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA)
		return;
	root = json_loads(t->v.text.text, JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, NULL);
	if (root == NULL)
		return;
	ld_visit(f, root, 0);
	json_decref(root);
}

/* ---- the markup ---- */

static const char *
get(const GumboElement *g, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&g->attributes, name);

	return a != NULL ? a->value : NULL;
}

static void
read_meta(struct found *f, const GumboElement *g)
{
	const char *key = get(g, "property"), *content = get(g, "content");
	size_t i, k;

	for (k = 0; k < 3; k++) {
		if (k == 1)
			key = get(g, "name");
		else if (k == 2)
			key = get(g, "http-equiv");
		if (key == NULL)
			continue;
		for (i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
			if (strcasecmp(key, meta_keys[i].key) == 0)
				set(f, meta_keys[i].field, meta_keys[i].source,
				    content);
	}
	if ((key = get(g, "property")) != NULL && content != NULL &&
	    strcasecmp(key, "og:type") == 0 && strcasecmp(content, "article") == 0)
		f->kinds |= PAGE_ARTICLE;
	if ((key = get(g, "itemprop")) != NULL) {
		if (strcmp(key, "datePublished") == 0)
			set(f, F_PUBLISHED, S_ITEMPROP, content);
		else if (strcmp(key, "author") == 0)
			set(f, F_AUTHOR, S_ITEMPROP, content);
	}
}

static int
has_token(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; p != NULL && (p = strcasestr(p, word)) != NULL; p += n)
		if ((p == list || isspace((unsigned char)p[-1])) &&
		    (p[n] == '\0' || isspace((unsigned char)p[n])))
			return 1;
	return 0;
}

static void
read_element(struct found *f, const GumboNode *n, struct buf *tmp)
{
	const GumboElement *g = &n->v.element;
	const char *v;

	switch (g->tag) {
	case GUMBO_TAG_HTML:
		set(f, F_LANGUAGE, S_MARKUP, get(g, "lang"));
		set(f, F_LANGUAGE, S_MARKUP, get(g, "xml:lang"));
		break;
	case GUMBO_TAG_META:
		read_meta(f, g);
		break;
	case GUMBO_TAG_LINK:
		if (has_token(get(g, "rel"), "canonical"))
			set(f, F_CANONICAL, S_MARKUP, get(g, "href"));
		break;
	case GUMBO_TAG_TITLE:
		if (f->v[F_TITLE][S_MARKUP] == NULL) {
			element_text(n, tmp);
			set(f, F_TITLE, S_MARKUP, tmp->data);
		}
		break;
	case GUMBO_TAG_SCRIPT:
		if ((v = get(g, "type")) != NULL &&
		    strcasecmp(v, "application/ld+json") == 0)
			read_jsonld(f, n);
		break;
	case GUMBO_TAG_TIME:
		set(f, F_PUBLISHED, S_MARKUP, get(g, "datetime"));
		break;
	default:
		if ((v = get(g, "itemprop")) != NULL &&
		    strcmp(v, "datePublished") == 0)
			set(f, F_PUBLISHED, S_ITEMPROP, get(g, "datetime"));
		break;
	}
}

/* Every element, in document order, by sibling links (no stack). */
static void
read_document(struct found *f, const GumboNode *root)
{
	const GumboNode *n = root;
	struct buf tmp;

	buf_init(&tmp);
	for (;;) {
		if (n->type == GUMBO_NODE_ELEMENT) {
			read_element(f, n, &tmp);
			if (n->v.element.children.length > 0) {
				n = n->v.element.children.data[0];
				continue;
			}
		}
		if ((n = next_after(n, root)) == NULL)
			break;
	}
	buf_free(&tmp);
}

/* ---- cleaning the values ---- */

/* "Headline | Site" less the site name, when the site name is known. */
static char *
strip_site(char *title, const char *site)
{
	size_t i, n, ns;
	char *p;

	if (title == NULL || site == NULL)
		return title;
	ns = strlen(site);
	for (i = 0; i < sizeof title_separators / sizeof title_separators[0];
	    i++) {
		n = strlen(title_separators[i]);
		for (p = title; (p = strstr(p, title_separators[i])) != NULL;
		    p += n) {
			if (strcasecmp(p + n, site) == 0 && p > title) {
				*p = '\0';
				return title;
			}
			if (strncasecmp(title, site, ns) == 0 && title + ns == p) {
				memmove(title, p + n, strlen(p + n) + 1);
				return title;
			}
		}
	}
	return title;
}

/* A date as ISO 8601: "2019-11-19", "2019-11-19T08:00:00-05:00";
 * "2019/11/19" and "20191119" are rewritten; anything else is NULL. */
static char *
iso_date(const char *s)
{
	char out[40];
	size_t n;
	int y, m, d;

	if (s == NULL)
		return NULL;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 ||
	    sscanf(s, "%4d/%2d/%2d", &y, &m, &d) == 3 ||
	    (strlen(s) >= 8 && sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3)) {
		if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
			return NULL;
		snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
		if (strlen(s) > 11 && s[4] == '-' &&
		    (s[10] == 'T' || s[10] == ' ')) {	/* "2019-1-5" is 8 */
			n = strcspn(s + 11, " \t\r\n");
			if (n > 0 && n < 25)
				snprintf(out + 10, sizeof out - 10, "T%.*s",
				    (int)n, s + 11);
		}
		return xstrdup(out);
	}
	return NULL;
}

/* "en_US" and "EN-us" as "en-US": the language lowercase, a region of
 * two letters uppercase. */
static char *
language_tag(const char *s)
{
	char *t;
	size_t i, dash;

	if (s == NULL || (i = strcspn(s, " ,;")) == 0)
		return NULL;
	t = xstrndup(s, i);
	dash = strcspn(t, "-_");
	for (i = 0; t[i] != '\0'; i++) {
		if (t[i] == '_')
			t[i] = '-';
		if (i < dash)
			t[i] = (char)tolower((unsigned char)t[i]);
		else if (strlen(t + dash) == 3)
			t[i] = (char)toupper((unsigned char)t[i]);
	}
	return t;
}

/* An author given as a profile URL or "@handle" is not a name. */
static int
is_name(const char *s)
{
	return strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0 &&
	    s[0] != '@';
}

static char *
take(struct found *f, enum field field)
{
	const enum source *s;
	char *v;

	for (s = order[field]; *s != S_NSOURCES; s++) {
		if ((v = f->v[field][*s]) == NULL)
			continue;
		if (field == F_AUTHOR && !is_name(v))
			continue;
		f->v[field][*s] = NULL;
		return v;
	}
	return NULL;
}

static void
found_free(struct found *f)
{
	int i, s;

	for (i = 0; i < F_NFIELDS; i++)
		for (s = 0; s < S_NSOURCES; s++)
			free(f->v[i][s]);
}

static char *
strip_at(char *s)
{
	if (s != NULL && s[0] == '@')
		memmove(s, s + 1, strlen(s));
	return s;
}

void
meta_read(const GumboOutput *out, const char *url, struct doc_meta *m,
    char **article_body, char **product, unsigned *kinds)
{
	struct found f = { 0 };
	char *v;

	read_document(&f, out->root);
	m->site_name = strip_at(take(&f, F_SITE));
	m->title = strip_site(take(&f, F_TITLE), m->site_name);
	m->author = take(&f, F_AUTHOR);
	v = take(&f, F_PUBLISHED);
	m->published = iso_date(v);
	free(v);
	v = take(&f, F_LANGUAGE);
	m->language = language_tag(v);
	free(v);
	if ((v = take(&f, F_CANONICAL)) != NULL) {
		m->canonical_url = url_resolve(v, url);
		free(v);
	}
	m->description = take(&f, F_DESCRIPTION);
	if (article_body != NULL)
		*article_body = take(&f, F_BODY);
	if (product != NULL)
		*product = take(&f, F_PRODUCT);
	if (kinds != NULL)
		*kinds = f.kinds;
	found_free(&f);
}
