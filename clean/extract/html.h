/*
 * html.h: the HTML path of the engine, shared by its modules.  Each
 * module calls only those below it in this list:
 *
 *   html_extract.c the path: parse, read the metadata, choose the
 *                  article, write it, relaxing when it finds too little
 *   html_meta.c    metadata (title, author, date, ...) and JSON-LD
 *   html_score.c   score containers and choose the article
 *   html_markup.c  write them as markdown or HTML (--body), on the walk
 *                  of html_text.c
 *   html_text.c    walk the chosen elements, leaving out what reads as
 *                  boilerplate inside them, and write them as text
 *   html_page.c    index the parsed elements in document order, measure
 *   html_rules.c   the tables: tags, class/id tokens, thresholds
 *   html_guard.c   where gumbo stops reading a hostile page
 *   pool.c         gumbo's memory, one page at a time
 *
 * Only these files include gumbo.h.  The elements are kept in one array
 * in document (pre-)order, so an element's descendants are the indexes
 * i+1 .. end-1 and every walk is a loop over that array: no recursion,
 * no per-node allocation.
 */
#ifndef HTML_H
#define HTML_H

#include <gumbo.h>

#include "extract.h"

/* ---- tags (html_rules.c) ---- */

enum {
	TG_DROP = 1 << 0,	/* never text: script, style, forms, media */
	TG_CHROME = 1 << 1,	/* page furniture: nav, aside, footer */
	TG_BLOCK = 1 << 2,	/* text inside is a block of its own */
	TG_HEADING = 1 << 3,	/* h1 .. h6 */
	TG_PARA = 1 << 4,	/* scored as a paragraph (readability) */
	TG_LIST = 1 << 5,	/* ul, ol, dl */
	TG_CELL = 1 << 6,	/* td, th */
	TG_EMBED = 1 << 7,	/* iframe, object, embed, video */
	TG_INPUT = 1 << 8,	/* form controls */
	TG_CONTAINER = 1 << 9	/* div-like: may hold an article */
};
unsigned tag_flags(GumboTag tag);
/* The candidate bonus of a tag when it is scored (readability). */
int tag_bonus(GumboTag tag);

/* ---- class and id tokens (html_rules.c) ---- */

enum {
	TK_UNLIKELY = 1 << 0,	/* boilerplate container: dropped unless a
				   retry finds too little text */
	TK_NEGATIVE = 1 << 1,	/* lowers the score */
	TK_POSITIVE = 1 << 2,	/* raises the score */
	TK_MAYBE = 1 << 3,	/* saves an unlikely name: "sidebar-content" */
	TK_HIDDEN = 1 << 4,	/* not shown: screen-reader text, .hidden */
	TK_COMMENTS = 1 << 5,	/* a comment section */
	TK_BYLINE = 1 << 6,	/* author, date line: dropped when short */
	TK_BODY = 1 << 7,	/* names the article body itself */
	TK_CAPTION = 1 << 8,	/* image captions and credits */
	TK_EMBED = 1 << 9,	/* a quoted post (tweet): never furniture */
	TK_SOFT = 1 << 10,	/* furniture outside the article only: page
				   builders name every block "widget" */
	TK_PANEL = 1 << 11	/* a tab or accordion panel */
};
/* What the class and id attributes of an element say, as TK_* bits. */
unsigned attr_tokens(const char *cls, const char *id);
/* NULL when the token table is sorted with every token starting a-z
 * (word_tokens looks rules up by first letter), else the first token out
 * of place. */
const char *token_rules_unsorted(void);
/* The score a class or id name gives an element ("article-body" more,
 * "sidebar" less). */
struct el;
int class_weight(const struct el *e);
/* What a role attribute says (navigation, complementary: TK_UNLIKELY). */
unsigned role_tokens(const char *role);
/* key (n bytes, lowercased, trimmed) is the whole of a block that labels
 * a comment section's reply links or form ("reply", "leave a reply"). */
int is_comment_label(const char *key, size_t n);

/* ---- thresholds (html_rules.c) ---- */

struct html_limits {
	int para_min;		/* shortest paragraph that is scored */
	int para_chunk;		/* characters worth one point ... */
	int para_chunks;	/* ... up to this many points */
	int class_weight;	/* a positive or negative class/id */
	int body_weight;	/* an element named the article body */
	int retry_chars;	/* a shorter result is tried again, relaxed */
	int region_chars;	/* a shorter article is compared with <main>
				   (any page that is not an article is) */
	double region_gain;	/* ... which wins when this many times longer */
	double sibling_share;	/* siblings scoring this share of the top join */
	double top_share;	/* a candidate this close to the top is an
				   alternative (their common ancestor wins) */
	double widen_share;	/* a top holding less of the page's paragraph
				   mass than this ... */
	double widen_share_page;	/* ... or this, on a page that does not
					   say it is an article, */
	double widen_hold;	/* ... gives way to the lowest ancestor that
				   holds this much, */
	double widen_links;	/* unless it is more links than this */
	double part_links;	/* a part of a split article has fewer links */
	double list_links;	/* a list with more links is navigation */
	double para_links;	/* a paragraph with more links is a teaser */
	int byline_max;		/* a byline longer than this is text */
	int caption_max;	/* a "caption" longer than this is text */
	int phrase_max;		/* blocks this short are matched against the
				   boilerplate phrases of text_rules.c */
	int nest_max;		/* refuse pages nested deeper than this */
	int soft_prose;		/* a soft-named block inside the article
				   with this much paragraph text is text */
};
extern const struct html_limits html_limits;	/* the balanced preset */
/* The thresholds of a preset, into out. */
void html_limits_for(enum preset preset, struct html_limits *out);

/* ---- the guard (html_guard.c) ---- */

enum html_cut { CUT_NONE, CUT_NODES, CUT_NEST };
/* How much of s gumbo should read: all of it, or up to the start tag
 * past max_nodes (when > 0) or past nest_max levels of nesting, as an
 * upper bound of what the tree builder makes; *why says which. */
size_t html_input_limit(const char *s, size_t len, long max_nodes,
    int nest_max, enum html_cut *why);

/* ---- the element index (html_page.c) ---- */

enum {
	EF_DROP = 1 << 0,	/* never text, at any relax level */
	EF_CHROME = 1 << 1,	/* furniture: dropped unless relaxed */
	EF_CUT = 1 << 2,	/* children were not indexed (limits) */
	EF_DEAD = 1 << 3,	/* dropped or inside a dropped element */
	EF_HAS_BLOCK = 1 << 4,	/* has a block-level child */
	EF_SCORED = 1 << 5,	/* score holds a candidate score */
	EF_KEEP = 1 << 6,	/* chosen as (part of) the article */
	EF_DATA_TABLE = 1 << 7,	/* a table of data, not of layout */
	EF_TOP = 1 << 8,	/* the best candidate: never left out */
	EF_SOFT = 1 << 9,	/* furniture by a TK_SOFT name alone; without
				   EF_CHROME: kept inside the article */
	EF_PANEL = 1 << 10	/* a hidden tab or accordion panel: dropped
				   for the election, shown in the article */
};

struct el {
	const GumboNode *node;
	int parent, end;	/* parent index (-1: root); one past the
				   last descendant */
	int depth;
	GumboTag tag;
	unsigned tflags;	/* TG_* of the tag */
	unsigned tokens;	/* TK_* of class, id and role */
	unsigned flags;		/* EF_* */
	int own;		/* characters of the text children */
	int owncommas;		/* commas in them */
	/* measured over the subtree, dead parts left out */
	int text, link, commas;
	int np, nimg, nli, ninput, nembed;
	int litext;		/* text inside list items */
	int timetext;		/* text inside <time> */
	int headtext;		/* text inside h1 .. h6 */
	int datatext;		/* text inside tables of data */
	int nrows, ncells, nhead, ntable;	/* tables: rows, td, th, nested */
	float score;
	float mass;		/* paragraph points inside it, undiscounted */
};

struct page {
	GumboOutput *out;
	const struct extract_opts *o;
	struct html_limits lim;		/* the preset's thresholds */
	struct el *el;		/* owned */
	int nel, cap;
	int body;		/* index of <body>, or 0 */
	int relax;		/* 0 strict; 1 keeps furniture; 2 leaves nothing out */
	unsigned kinds;		/* PAGE_*: what the page says it is */
	const char *title;	/* the document title, to drop its heading */
	int title_chars;	/* its length, as count_text() counts */
	const char *warning;
};

/* html_page.c: index the elements of p->out (p->o's limits; cut says
 * what html_input_limit cut, for p->warning), and read <noscript> when
 * it holds the page. */
void page_index(struct page *p, enum html_cut cut);
/* Apply the profile of a page of these PAGE_* kinds to the index and the
 * thresholds: on a forum, comment sections are the content; on a page
 * that is not an article, the election widens sooner. */
void page_profile(struct page *p, unsigned kinds);
/* Measure again after flags or relax changed. */
void page_measure(struct page *p);
/* page_measure again, the article's choice (EF_KEEP, EF_TOP) kept. */
void page_remeasure(struct page *p);
/* Show the hidden panels (EF_PANEL) inside the chosen article (root < 0:
 * the EF_KEEP elements) or inside element root, and measure again, the
 * choice kept; page_fold hides them again. */
void page_unfold(struct page *p, int root);
void page_fold(struct page *p);
/* The node after n and its children in document order, within root;
 * NULL when the walk is done.  Walks by sibling links, no stack. */
const GumboNode *next_after(const GumboNode *n, const GumboNode *root);
/* Link characters over text characters, 0 for no text. */
double link_density(const struct el *e);
/* Add to *chars the characters of s, each run of white space counted as
 * one, and to *commas its commas (Latin, CJK, Arabic). */
void count_text(const char *s, int *chars, int *commas);

/* html_score.c: mark the article's elements EF_KEEP; 0 if none found. */
int choose_article(struct page *p);
/* Inside the article chosen, blocks that are furniture by a soft name
 * alone and hold prose are furniture no more; the number of them (the
 * page is then to be measured and chosen again). */
int keep_soft_prose(struct page *p);

/* html_text.c: write the EF_KEEP elements (and their descendants that
 * are not left out) to out, as blocks; also the subtree at i alone. */
void write_article(const struct page *p, struct buf *out);
void write_subtree(const struct page *p, int i, struct buf *out);

/* A writer of what the walk keeps: html_text.c's of text, html_markup.c's
 * of markup.  open and close come in pairs for every element not left
 * out; text is a text node's; part starts another part of the article. */
struct walk;
struct writer_ops {
	void (*open)(void *w, const struct walk *k, const struct el *e);
	void (*close)(void *w, const struct walk *k, const struct el *e);
	void (*text)(void *w, const struct walk *k, const char *s);
	void (*part)(void *w);
};
/* Where the walk is, for left_out() and the writers. */
struct walk {
	int pre, code, figure;	/* open <pre>, <code>, <figure> */
	uint64_t data_tables;	/* a bit per open table: 1 for data */
	int tables;		/* open tables */
};
int walk_in_data_table(const struct walk *k);
/* The walk of write_article (i < 0) or write_subtree (i) with writer w. */
void walk_article(const struct page *p, int i, const struct writer_ops *ops,
    void *w);

/* html_markup.c: the same as markdown or HTML blocks (o->body), links
 * resolved against base (NULL: only absolute ones kept). */
void write_markup(const struct page *p, int i, const struct extract_opts *o,
    const char *base, struct buf *out);

/* Length of the white space at s: ASCII spaces and no-break space. */
size_t space_at(const char *s);
/* Text of one element, whitespace collapsed, into out (reset first). */
void element_text(const GumboNode *node, struct buf *out);
/* Remove from a comment section's text the blocks is_comment_label()
 * says are labels. */
void drop_comment_labels(struct buf *text);

/* What the page says it is (JSON-LD @type), for the profile applied. */
enum {
	PAGE_FORUM = 1 << 0,	/* a discussion: the posts are the content */
	PAGE_ARTICLE = 1 << 1	/* an article (JSON-LD, og:type) */
};

/* html_meta.c: the metadata of the parsed page into m (url: the page's
 * own, for relative links), and the texts its JSON-LD offers as content,
 * owned, NULL when absent: an article's articleBody in *article_body, a
 * product's description in *product; what kind of page it says it is in
 * *kinds, as PAGE_* bits (any pointer may be NULL when not wanted). */
void meta_read(const GumboOutput *out, const char *url, struct doc_meta *m,
    char **article_body, char **product, unsigned *kinds);

/* pool.c: gumbo's allocator (GumboOptions allocator, deallocator and
 * userdata) for one page at a time; pool_reset after gumbo_destroy_output
 * takes every block back and keeps the memory for the next page.  Under
 * AddressSanitizer, what is not handed out is poisoned, so the pool is
 * checked as malloc would be. */
#if defined(__SANITIZE_ADDRESS__)
#define POOL_ASAN 1		/* an AddressSanitizer build (gcc) */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_ASAN 1		/* (clang) */
#endif
#endif
void pool_reset(struct pool *p);
/* Bytes of memory the pool holds (not its big blocks): after a reset, at
 * most what the next page is given, 64 MB. */
size_t pool_held(const struct pool *p);
void *pool_alloc(void *pool, size_t n);
void pool_release(void *pool, void *ptr);

#endif
