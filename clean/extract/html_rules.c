/*
 * html_rules.c: the tables of the HTML path.  What the extractor knows
 * about tags, class and id names and thresholds is here; the other html_*.c
 * files only combine it.  Change a table, not the code.
 */
#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* ---- thresholds ---- */

const struct html_limits html_limits = {
	.para_min = 25,		/* shorter text is a label, not a paragraph */
	.para_chunk = 100,	/* readability: a point per 100 characters */
	.para_chunks = 3,	/* ... at most three */
	.class_weight = 25,	/* "article-body" +25, "sidebar" -25 */
	.body_weight = 50,	/* itemprop=articleBody, "entry-content" */
	.retry_chars = 250,	/* less than this: try again, relaxed */
	.region_chars = 1000,	/* less than this: <main> may say more */
	.region_gain = 2,	/* twice as long: the election missed it */
	.sibling_share = 0.2,	/* siblings with a fifth of the top score */
	.top_share = 0.75,	/* readability's alternative candidates */
	.widen_share = 0.2,	/* a fifth of the page's paragraphs: one
				   section of a landing page */
	.widen_share_page = 0.3,	/* a page not an article: sections */
	.widen_hold = 0.85,	/* the ancestor holding the sections */
	.widen_links = 0.2,	/* a fifth of its text in links: menus */
	.part_links = 0.33,	/* a third of its text in links: a teaser */
	.list_links = 0.5,	/* half of its text in links */
	.para_links = 0.9,	/* all of it a link: "Read more: ..." */
	.byline_max = 100,	/* "By Jane Doe, March 3" is short */
	.caption_max = 400,	/* a caption is a sentence or two */
	.phrase_max = 200,	/* "Follow us on Twitter ..." is one line */
	.nest_max = 20000,	/* gumbo frees recursively: refuse deeper */
	.soft_prose = 150	/* a paragraph or two */
};

/* What --precision and --recall change: precision joins less to the
 * article and leaves more out inside it; recall the reverse.  Zero keeps the
 * balanced value. */
static const struct {
	double sibling_share, part_links, list_links, para_links;
	int retry_chars, phrase_max;
} presets[3] = {
	[PRESET_PRECISION] = { .sibling_share = 0.35, .part_links = 0.2,
	    .list_links = 0.35, .para_links = 0.6, .phrase_max = 300 },
	[PRESET_RECALL] = { .sibling_share = 0.1, .part_links = 0.5,
	    .list_links = 0.7, .para_links = 1.01, .retry_chars = 500,
	    .phrase_max = 100 },
};

void
html_limits_for(enum preset preset, struct html_limits *out)
{
	*out = html_limits;
	if (preset < PRESET_BALANCED || preset > PRESET_RECALL)
		return;
#define PICK(f) if (presets[preset].f) out->f = presets[preset].f
	PICK(sibling_share);
	PICK(part_links);
	PICK(list_links);
	PICK(para_links);
	PICK(retry_chars);
	PICK(phrase_max);
#undef PICK
}

/* ---- tags ---- */

/* Indexed by tag; tags not listed are inline (0). */
static const struct tag_rule {
	unsigned flags;
	int bonus;	/* readability's initial score of a candidate */
} tags[GUMBO_TAG_LAST + 1] = {
	/* never text */
	[GUMBO_TAG_HEAD] = { TG_DROP, 0 },
	[GUMBO_TAG_TITLE] = { TG_DROP, 0 },
	[GUMBO_TAG_SCRIPT] = { TG_DROP, 0 },
	[GUMBO_TAG_STYLE] = { TG_DROP, 0 },
	[GUMBO_TAG_NOSCRIPT] = { TG_DROP, 0 },	/* repeats the page for no-JS */
	[GUMBO_TAG_TEMPLATE] = { TG_DROP, 0 },
	[GUMBO_TAG_SVG] = { TG_DROP, 0 },
	[GUMBO_TAG_MATH] = { TG_DROP, 0 },
	[GUMBO_TAG_CANVAS] = { TG_DROP, 0 },
	[GUMBO_TAG_MAP] = { TG_DROP, 0 },
	/* ruby: the reading above a word (rt) and its fallback brackets
	 * (rp) are not the text; the word is */
	[GUMBO_TAG_RT] = { TG_DROP, 0 },
	[GUMBO_TAG_RP] = { TG_DROP, 0 },
	[GUMBO_TAG_RTC] = { TG_DROP, 0 },
	/* Captions are dropped: they describe a picture the text does not
	 * carry, and readers of the text alone stumble on them. */
	[GUMBO_TAG_FIGCAPTION] = { TG_DROP | TG_BLOCK, 0 },
	[GUMBO_TAG_IFRAME] = { TG_DROP | TG_EMBED, 0 },
	[GUMBO_TAG_OBJECT] = { TG_DROP | TG_EMBED, 0 },
	[GUMBO_TAG_EMBED] = { TG_DROP | TG_EMBED, 0 },
	[GUMBO_TAG_VIDEO] = { TG_DROP | TG_EMBED, 0 },
	[GUMBO_TAG_AUDIO] = { TG_DROP | TG_EMBED, 0 },
	[GUMBO_TAG_BUTTON] = { TG_DROP | TG_INPUT, 0 },
	[GUMBO_TAG_SELECT] = { TG_DROP | TG_INPUT, 0 },
	[GUMBO_TAG_INPUT] = { TG_DROP | TG_INPUT, 0 },
	[GUMBO_TAG_TEXTAREA] = { TG_DROP | TG_INPUT, 0 },
	[GUMBO_TAG_OPTION] = { TG_DROP, 0 },
	[GUMBO_TAG_LABEL] = { TG_DROP, 0 },
	[GUMBO_TAG_DATALIST] = { TG_DROP, 0 },
	[GUMBO_TAG_MENU] = { TG_DROP | TG_BLOCK, 0 },
	/* furniture: dropped on the first try */
	[GUMBO_TAG_NAV] = { TG_CHROME | TG_BLOCK, 0 },
	[GUMBO_TAG_ASIDE] = { TG_CHROME | TG_BLOCK, 0 },
	[GUMBO_TAG_FOOTER] = { TG_CHROME | TG_BLOCK, 0 },
	[GUMBO_TAG_HEADER] = { TG_CHROME | TG_BLOCK, 0 },
	/* containers an article may live in */
	[GUMBO_TAG_BODY] = { TG_BLOCK | TG_CONTAINER, 0 },
	[GUMBO_TAG_DIV] = { TG_BLOCK | TG_CONTAINER, 5 },
	[GUMBO_TAG_ARTICLE] = { TG_BLOCK | TG_CONTAINER, 5 },
	[GUMBO_TAG_MAIN] = { TG_BLOCK | TG_CONTAINER, 5 },
	[GUMBO_TAG_SECTION] = { TG_BLOCK | TG_CONTAINER, 0 },
	[GUMBO_TAG_CENTER] = { TG_BLOCK | TG_CONTAINER, 0 },
	[GUMBO_TAG_FORM] = { TG_BLOCK | TG_CONTAINER, -3 },
	[GUMBO_TAG_FIELDSET] = { TG_BLOCK, 0 },
	[GUMBO_TAG_FIGURE] = { TG_BLOCK, 0 },
	[GUMBO_TAG_DETAILS] = { TG_BLOCK, 0 },
	[GUMBO_TAG_SUMMARY] = { TG_BLOCK, 0 },
	[GUMBO_TAG_HGROUP] = { TG_BLOCK, 0 },
	[GUMBO_TAG_ADDRESS] = { TG_BLOCK, -3 },
	[GUMBO_TAG_HR] = { TG_BLOCK, 0 },
	/* paragraphs */
	[GUMBO_TAG_P] = { TG_BLOCK | TG_PARA, 0 },
	[GUMBO_TAG_PRE] = { TG_BLOCK | TG_PARA, 3 },
	[GUMBO_TAG_BLOCKQUOTE] = { TG_BLOCK | TG_CONTAINER, 3 },
	[GUMBO_TAG_H1] = { TG_BLOCK | TG_HEADING, -5 },
	[GUMBO_TAG_H2] = { TG_BLOCK | TG_HEADING, -5 },
	[GUMBO_TAG_H3] = { TG_BLOCK | TG_HEADING, -5 },
	[GUMBO_TAG_H4] = { TG_BLOCK | TG_HEADING, -5 },
	[GUMBO_TAG_H5] = { TG_BLOCK | TG_HEADING, -5 },
	[GUMBO_TAG_H6] = { TG_BLOCK | TG_HEADING, -5 },
	/* lists */
	[GUMBO_TAG_UL] = { TG_BLOCK | TG_LIST, -3 },
	[GUMBO_TAG_OL] = { TG_BLOCK | TG_LIST, -3 },
	[GUMBO_TAG_DL] = { TG_BLOCK | TG_LIST, -3 },
	[GUMBO_TAG_LI] = { TG_BLOCK, -3 },
	[GUMBO_TAG_DT] = { TG_BLOCK, -3 },
	[GUMBO_TAG_DD] = { TG_BLOCK, -3 },
	/* tables */
	[GUMBO_TAG_TABLE] = { TG_BLOCK, 0 },
	[GUMBO_TAG_CAPTION] = { TG_BLOCK, 0 },
	[GUMBO_TAG_TR] = { TG_BLOCK, 0 },
	[GUMBO_TAG_TD] = { TG_BLOCK | TG_CELL | TG_PARA, 3 },
	[GUMBO_TAG_TH] = { TG_BLOCK | TG_CELL, -5 },
};

unsigned
tag_flags(GumboTag tag)
{
	return tag <= GUMBO_TAG_LAST ? tags[tag].flags : 0;
}

int
tag_bonus(GumboTag tag)
{
	return tag <= GUMBO_TAG_LAST ? tags[tag].bonus : 0;
}

/* ---- class and id tokens ---- */

/*
 * A class or id is split into words at anything that is not a letter or
 * digit and where camelCase turns ("socialShare": social, share), and each
 * lowercased word is looked up here.  W: the whole word; P: a word that
 * starts with it ("sharing" by "shar").  Kept sorted by token (a unit
 * test checks) for the binary search.
 */
enum { W, P };

#define UN (TK_UNLIKELY | TK_NEGATIVE)
static const struct token_rule {
	const char *token;
	int match;
	unsigned tokens;
} token_rules[] = {
	{ "accordion", P, TK_PANEL },	/* a panel opened by its heading */
	{ "ad", W, UN },		/* ad, ad-slot, top-ad */
	{ "adbox", W, UN },
	{ "ads", W, UN },
	{ "adsense", P, UN },
	{ "adslot", P, UN },
	{ "adunit", P, UN },
	{ "adv", W, UN },
	{ "advert", P, UN },		/* advert, advertisement */
	{ "advertentie", P, UN },	/* nl */
	{ "agegate", W, UN },
	{ "alert", W, UN },
	{ "and", W, TK_MAYBE },		/* readability's "and": "nav-and-body" */
	{ "anzeige", P, UN },		/* de: ad */
	{ "art", W, TK_POSITIVE },	/* "art-body" */
	{ "article", P, TK_POSITIVE | TK_MAYBE },
	{ "articolo", W, TK_POSITIVE },	/* it */
	{ "articulo", W, TK_POSITIVE },	/* es */
	{ "artigo", W, TK_POSITIVE },	/* pt */
	{ "artikel", P, TK_POSITIVE },	/* de, nl */
	{ "artykul", P, TK_POSITIVE },	/* pl */
	{ "auteur", P, TK_BYLINE },	/* fr */
	{ "author", P, TK_BYLINE },
	{ "autor", P, TK_BYLINE },	/* de, es, pl, pt */
	{ "banner", P, UN },
	{ "bio", W, UN },		/* author-bio boxes */
	{ "blog", W, TK_POSITIVE },
	{ "body", W, TK_POSITIVE | TK_MAYBE },
	{ "breadcrumb", P, UN },
	{ "btn", W, UN },
	{ "button", P, UN },
	{ "byline", P, TK_BYLINE },
	{ "caption", P, TK_CAPTION | TK_NEGATIVE },
	{ "carousel", P, UN },
	{ "cmp", W, TK_SOFT },	/* consent management
					   platforms; components ("cmp-text") */
	{ "collaps", P, TK_PANEL },	/* collapse, collapsible */
	{ "column", W, TK_MAYBE },
	{ "combx", W, UN },
	{ "comentario", P, UN | TK_COMMENTS },	/* es, pt */
	{ "comment", P, UN | TK_COMMENTS },	/* comments, commentlist */
	{ "commentaire", P, UN | TK_COMMENTS },	/* fr */
	{ "commentary", W, 0 },	/* opinion pieces, not comments */
	{ "commenti", W, UN | TK_COMMENTS },	/* it */
	{ "commento", W, UN | TK_COMMENTS },
	{ "community", W, UN },
	{ "compartilhar", W, UN },	/* pt: share */
	{ "compartir", W, UN },		/* es: share */
	{ "condividi", P, UN },		/* it: share */
	{ "consent", P, UN },
	{ "contact", W, TK_NEGATIVE },
	{ "contenido", W, TK_POSITIVE | TK_MAYBE },	/* es */
	{ "content", P, TK_POSITIVE | TK_MAYBE },
	{ "contenu", W, TK_POSITIVE | TK_MAYBE },	/* fr */
	{ "contenuto", W, TK_POSITIVE | TK_MAYBE },	/* it */
	{ "conteudo", W, TK_POSITIVE | TK_MAYBE },	/* pt */
	{ "cookie", P, UN },		/* cookie banners */
	{ "copyright", W, UN },
	{ "correlat", P, UN },		/* it: correlati */
	{ "credit", P, TK_CAPTION | TK_NEGATIVE },
	{ "dateline", W, TK_BYLINE },
	{ "dfp", W, UN },		/* DoubleClick ad slots */
	{ "discussion", W, UN | TK_COMMENTS },
	{ "disqus", P, UN | TK_COMMENTS },
	{ "donate", P, UN },
	{ "embed", P, TK_EMBED },	/* social-media-embed: quoted posts */
	{ "entry", W, TK_POSITIVE },	/* hentry, entry-content */
	{ "extra", W, UN },
	{ "facebook", P, TK_NEGATIVE },	/* likewise embedded posts */
	{ "fb", W, UN },
	{ "follow", W, UN },
	{ "foot", W, UN },
	{ "footer", P, UN },
	{ "footnote", P, TK_NEGATIVE },
	{ "gallery", W, TK_NEGATIVE },
	{ "gdpr", W, UN },
	{ "header", W, UN },
	{ "hentry", W, TK_POSITIVE },
	{ "inhalt", P, TK_POSITIVE | TK_MAYBE },	/* de */
	{ "inhoud", W, TK_POSITIVE | TK_MAYBE },	/* nl */
	{ "komentar", P, UN | TK_COMMENTS },	/* pl, cs, id */
	{ "kommentar", P, UN | TK_COMMENTS },	/* de, sv, no, da */
	{ "legal", W, UN },
	{ "lightbox", P, UN },
	{ "login", W, UN },
	{ "main", W, TK_POSITIVE | TK_MAYBE },
	{ "masthead", W, UN },
	{ "media", W, TK_NEGATIVE },
	{ "menu", P, UN },		/* menu, menubar, menue (de) */
	{ "meta", W, TK_NEGATIVE },
	{ "modal", W, UN },
	{ "most", W, UN },		/* most read, most viewed, most shared */
	{ "mostpopular", P, UN },
	{ "mostread", P, UN },
	{ "mostview", P, UN },
	{ "nav", P, UN },		/* nav, navbar, navigation */
	{ "newsletter", P, UN },
	{ "outbrain", P, UN },
	{ "overlay", W, UN },
	{ "pager", W, UN },
	{ "pagination", W, UN },
	{ "panel", W, TK_PANEL },
	{ "partage", P, UN },		/* fr: share */
	{ "paywall", P, UN },
	{ "popular", W, UN },		/* most popular */
	{ "popup", P, UN },
	{ "post", W, TK_POSITIVE },
	{ "print", W, UN },
	{ "promo", P, UN },
	{ "prose", W, TK_POSITIVE },
	{ "pubblicita", P, UN },	/* it: ad */
	{ "publicidad", P, UN },	/* es */
	{ "publicidade", P, UN },	/* pt */
	{ "publicite", P, UN },		/* fr */
	{ "reacties", W, UN | TK_COMMENTS },	/* nl */
	{ "recommend", P, UN },		/* recommended stories */
	{ "reklam", P, UN },		/* pl, cs, sv, tr: ad */
	{ "relacionad", P, UN },	/* es, pt: related */
	{ "related", P, UN },
	{ "remark", W, UN },
	{ "replies", W, UN | TK_COMMENTS },
	{ "respond", W, UN | TK_COMMENTS },	/* WordPress comment form */
	{ "rss", W, UN },
	{ "scroll", W, TK_NEGATIVE },
	{ "search", W, UN },
	{ "shadow", W, TK_MAYBE },
	{ "shar", P, UN },		/* share, sharing, sharedaddy */
	{ "shopping", W, TK_NEGATIVE },
	{ "shoutbox", W, UN },
	{ "sidebar", P, UN },
	{ "signup", W, UN },
	{ "skip", W, UN },		/* "skip to content" links */
	{ "skyscraper", W, UN },
	{ "social", P, UN },
	{ "sponsor", P, UN },		/* sponsored content */
	{ "story", P, TK_POSITIVE },	/* story, storybody */
	{ "subscri", P, UN },		/* subscribe, subscription */
	{ "supplemental", W, UN },
	{ "tab", W, TK_PANEL },		/* tab, tab-content, tabs */
	{ "tabcontent", W, TK_PANEL },
	{ "taboola", P, UN },
	{ "tabpane", W, TK_PANEL },
	{ "tabpanel", W, TK_PANEL },
	{ "tabs", W, TK_PANEL },
	{ "tag", W, TK_NEGATIVE },
	{ "tags", W, UN },
	{ "teaser", P, TK_NEGATIVE },
	{ "teilen", W, UN },		/* de: share */
	{ "text", W, TK_POSITIVE },
	{ "toolbar", P, UN },
	{ "tools", W, UN },
	{ "trending", W, UN },
	{ "tweet", P, TK_EMBED },	/* twitter-tweet */
	{ "twitter", P, TK_NEGATIVE },	/* share links, but also embedded tweets */
	{ "verwandt", P, UN },		/* de: related */
	{ "werbung", P, UN },		/* de: ad */
	{ "widget", P, TK_SOFT },	/* sidebars; page builders'
						   blocks of text too */
	{ "zergnet", P, UN },
};

/* Whole class names that hide text from sighted readers. */
static const char *const hidden_classes[] = {
	"hidden", "hide", "sr-only", "visually-hidden", "visuallyhidden",
	"screen-reader-text", "screenreader-only", "element-invisible",
	"offscreen", "off-screen", "u-hidden", "is-hidden", "d-none",
};

/* Whole class names or ids that name the article body (trafilatura's
 * and newspaper's first guesses). */
static const char *const body_names[] = {
	"article-body", "article-content", "article-text", "articlebody",
	"articlecontent", "body-text", "entry-content", "entry-body",
	"post-body", "post-content", "post-entry", "post-text",
	"postbody", "postcontent", "story-body", "story-content",
	"story-text", "storybody", "article__body", "article__content",
	"c-article-body", "rich-text", "td-post-content", "field-body",
	"main-content", "articletext", "text-content", "content-body",
};

/* Blocks of a comment section that are the furniture of its reply links
 * and form, not comments: the whole block, lowercased, give or take
 * spaces and punctuation ("Reply ↓").  Comment sections only: in an
 * article, "Reply" may be a heading. */
static const char *const comment_labels[] = {
	"reply",			/* the link under each comment */
	"leave a reply",		/* WordPress's form heading */
	"cancel reply",
	"reply to this comment",
	"log in to reply",
	"leave a comment",
	"post comment",
	"submit comment",
	"antworten",			/* de */
	"antwort abbrechen",
	"schreibe einen kommentar",
	"répondre",			/* fr */
	"annuler la réponse",
	"laisser un commentaire",
	"responder",			/* es, pt */
	"deja una respuesta",
	"cancelar respuesta",
	"deixe uma resposta",
	"cancelar resposta",
	"rispondi",			/* it */
	"annulla risposta",
	"lascia un commento",
	"beantwoorden",			/* nl */
	"laat een reactie achter",
	"ответить",			/* ru */
	"отменить ответ",
	"odpowiedz",			/* pl */
};

int
is_comment_label(const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof comment_labels / sizeof comment_labels[0]; i++)
		if (strlen(comment_labels[i]) == n &&
		    memcmp(comment_labels[i], key, n) == 0)
			return 1;
	return 0;
}

/* Where each first letter's rules start in token_rules (sorted, every
 * token a-z first): letter c's are [rule_start[c], rule_start[c + 1]). */
static unsigned char rule_start[27];
static pthread_once_t rules_indexed = PTHREAD_ONCE_INIT;
_Static_assert(sizeof token_rules / sizeof token_rules[0] < 256,
    "rule_start holds indexes below 256");

static void
index_rules(void)
{
	size_t i, nr = sizeof token_rules / sizeof token_rules[0];
	int c;

	for (c = 0, i = 0; c < 27; c++) {
		while (i < nr && token_rules[i].token[0] - 'a' < c)
			i++;
		rule_start[c] = (unsigned char)i;
	}
}

/* The rule for word (lowercase, n bytes): the longest rule that is the
 * word or, for P rules, a prefix of it ("commentary" over "comment"),
 * from the few rules of its first letter. */
static unsigned
word_tokens(const char *w, size_t n)
{
	const struct token_rule *r;
	size_t i, k, best = 0;
	unsigned t = 0;
	int c = w[0] - 'a';

	pthread_once(&rules_indexed, index_rules);
	if (n < 2 || c < 0 || c >= 26)
		return 0;
	for (i = rule_start[c]; i < rule_start[c + 1]; i++) {
		r = &token_rules[i];
		k = strlen(r->token);
		if (k > best && k <= n && memcmp(w, r->token, k) == 0 &&
		    (r->match == P || k == n))
			best = k, t = r->tokens;
	}
	return t;
}

static int
in_list(const char *s, size_t n, const char *const *list, size_t nlist)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (strlen(list[i]) == n && strncasecmp(s, list[i], n) == 0)
			return 1;
	return 0;
}

/* One class name or id: the whole name, then its words. */
static unsigned
name_tokens(const char *s, size_t n)
{
	char w[32];
	size_t i, k = 0;
	unsigned t = 0;

	if (in_list(s, n, hidden_classes, sizeof hidden_classes /
	    sizeof hidden_classes[0]))
		return TK_HIDDEN;
	if (in_list(s, n, body_names, sizeof body_names / sizeof body_names[0]))
		t |= TK_BODY | TK_POSITIVE | TK_MAYBE;
	for (i = 0; i <= n; i++) {
		int c = i < n ? (unsigned char)s[i] : 0;
		int split = !isalnum(c) || (k > 0 && isupper(c) &&
		    islower((unsigned char)s[i - 1]));

		if (split && k > 0) {
			t |= word_tokens(w, k);
			k = 0;
		}
		if (isalnum(c) && k < sizeof w - 1)
			w[k++] = (char)tolower(c);
	}
	return t;
}

/* name_tokens depends on the name alone, and a page repeats its class
 * names (one per menu item, per comment): a direct-mapped memo of the
 * last name seen in each slot skips the word splitting and searches. */
#define NAME_MEMO 1024
static struct {
	unsigned char len;	/* 0: empty slot */
	char name[63];
	unsigned tokens;
} name_memo[NAME_MEMO];

static unsigned
name_tokens_memo(const char *s, size_t n)
{
	unsigned slot = fnv1a(s, n) % NAME_MEMO;

	if (n >= sizeof name_memo[0].name)
		return name_tokens(s, n);
	if (name_memo[slot].len != n || memcmp(name_memo[slot].name, s, n) != 0) {
		name_memo[slot].tokens = name_tokens(s, n);
		name_memo[slot].len = (unsigned char)n;
		memcpy(name_memo[slot].name, s, n);
	}
	return name_memo[slot].tokens;
}

static unsigned
attr_names(const char *s)
{
	unsigned t = 0;
	size_t n;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		s += strspn(s, " \t\r\n\f");
		n = strcspn(s, " \t\r\n\f");
		if (n > 0 && n < 64)
			t |= name_tokens_memo(s, n);
		s += n;
	}
	return t;
}

/* NULL when the token table is sorted and every token starts with a-z
 * (as word_tokens needs), else the first token out of place (for the
 * unit test). */
const char *
token_rules_unsorted(void)
{
	size_t i, n = sizeof token_rules / sizeof token_rules[0];

	for (i = 0; i < n; i++)
		if ((i > 0 && strcmp(token_rules[i - 1].token,
		    token_rules[i].token) >= 0) ||
		    token_rules[i].token[0] < 'a' || token_rules[i].token[0] > 'z')
			return token_rules[i].token;
	return NULL;
}

unsigned
attr_tokens(const char *cls, const char *id)
{
	unsigned t = attr_names(cls) | attr_names(id);

	/* A post quoted in the article is part of it, whatever the
	 * "social" or "widget" beside it says. */
	if (t & TK_EMBED)
		t &= ~(TK_UNLIKELY | TK_NEGATIVE | TK_SOFT);
	return t;
}

/* ARIA roles of page furniture. */
static const struct {
	const char *role;
	unsigned tokens;
} roles[] = {
	{ "navigation", UN },
	{ "menu", UN },
	{ "menubar", UN },
	{ "complementary", UN },	/* sidebars */
	{ "contentinfo", UN },		/* the page footer */
	{ "banner", UN },		/* the page header */
	{ "search", UN },
	{ "alert", UN },
	{ "alertdialog", UN },
	{ "dialog", UN },
	{ "tabpanel", TK_PANEL },
	{ "main", TK_POSITIVE | TK_MAYBE },
	{ "article", TK_POSITIVE | TK_MAYBE },
};

unsigned
role_tokens(const char *role)
{
	size_t i;

	if (role == NULL)
		return 0;
	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcasecmp(role, roles[i].role) == 0)
			return roles[i].tokens;
	return 0;
}

int
class_weight(const struct el *e)
{
	int w = 0;

	if (e->tokens & TK_POSITIVE)
		w += html_limits.class_weight;
	if ((e->tokens & TK_NEGATIVE) || ((e->tokens & TK_SOFT) &&
	    (e->flags & (EF_SOFT | EF_CHROME)) != EF_SOFT))
		w -= html_limits.class_weight;	/* a soft name, unless kept */
	if (e->tokens & TK_BODY)
		w += html_limits.body_weight;
	return w;
}
