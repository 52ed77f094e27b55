/*
 * extract.h: the extraction engine.  Bytes of one document in, its
 * article text, comments and metadata out.  It knows nothing of files,
 * stdout, WARC records or settings files: clean/ does that around it.
 *
 *   api.c          the library's interface, include/pith/extract.h: a
 *                  document's bytes sniffed, decoded, blanked, extracted
 *   extract.c      the result of an extraction, and its final tidying
 *   html_blank.c   blanks out script, style and svg bodies before parsing
 *   html_extract.c the HTML path: parse, choose the article, write it out
 *                  as text and, when asked, as markdown or HTML (its
 *                  modules share html.h)
 *   text.c         the plain-text path: a class for each line of a dump
 *                  (its tables are text_rules.c, with text_rules.h)
 *   langid.cc      the language of the text, by CLD2 (C++, behind the C
 *                  interface of langid.h)
 */
#ifndef EXTRACT_H
#define EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "pith.h"
#include "langid.h"

enum preset { PRESET_BALANCED, PRESET_PRECISION, PRESET_RECALL };

struct pool;

/* How to extract: the same for every document of a run. */
struct extract_opts {
	enum preset preset;
	int comments;		/* collect the comment section in ex->comments */
	long max_depth;		/* deeper elements are cut (ex->warning says so) */
	long max_nodes;		/* more nodes than this are cut */
	struct pool *pool;	/* gumbo's memory, reused page to page (one
				   a thread), or NULL: malloc's */
	enum body_format body;	/* ex->body's format; BODY_TEXT: none */
	int links, images;	/* markup keeps hyperlinks, images */
};

/* pool.c: memory for gumbo, one page at a time (html.h has the rest). */
struct pool *pool_new(void);		/* owned */
void pool_free(struct pool *p);		/* NULL-safe */

/* Metadata strings are owned by the extract, NULL when not found.
 * language is the one the page declares (<html lang>, a meta tag). */
struct doc_meta {
	char *title, *author, *published, *site_name, *language;
	char *canonical_url, *description;
};

struct extract {
	struct buf text;	/* article body: paragraphs, headings and list
				   items each a block, blocks separated by one
				   blank line, no leading/trailing blank */
	struct buf comments;	/* the comment section, when asked for */
	struct buf body;	/* the text again as markdown or HTML, when
				   asked for (the whole document) */
	struct buf body_comments;	/* the comments so */
	struct doc_meta meta;
	struct langid lang;	/* of the text (code "" when not told) */
	const char *warning;	/* static: a limit cut the page, or NULL */
};

void extract_init(struct extract *ex);
void extract_free(struct extract *ex);	/* frees contents; NULL-safe */
/* Text as its readers want it, at the end of either path: no control
 * characters (a page can put ESC in with &#27;, and a terminal obeys it),
 * no soft hyphens (U+00AD marks where a word may break, and splits it for
 * whatever counts words), in Unicode's composed form (NFC: "é" one
 * character however the page spelled it).  Text, comments and the
 * metadata that is text. */
void extract_tidy(struct extract *ex);
/* c is one that NFC never changes, whatever stands beside it (a table of
 * ranges, checked against utf8proc by t_html). */
int nfc_stable_char(uint32_t c);

/* The two paths, on UTF-8.  url is the document's own address, against
 * which relative ones (a canonical link) are resolved, or NULL.  Both
 * return 0 (ex filled; text may be empty) or -1 with err. */
int html_extract(const char *html, size_t len, const char *url,
    const struct extract_opts *o, struct extract *ex, char *err,
    size_t errlen);
int text_extract(const char *text, size_t len, const struct extract_opts *o,
    struct extract *ex, char *err, size_t errlen);
/* html_extract on the bytes of html, which it frees once the tree made
 * of them is gone (gumbo's nodes point into them). */
int html_extract_buf(struct buf *html, const char *url,
    const struct extract_opts *o, struct extract *ex, char *err,
    size_t errlen);

/* html_blank.c: blank out, in place, what the text never needs (script
 * and style bodies but JSON-LD, svg and template contents, comments,
 * long data: URIs) so that gumbo parses fewer bytes.  Returns the new
 * length. */
size_t html_blank(char *html, size_t len);

#endif
