/*
 * clean.h: the modules of the clean stage.
 *
 *   main.c     options, input kinds (files, stdin, WARC records), output
 *   extract.c  the result of an extraction, shared by both paths
 *   html.c     main-content extraction on the gumbo DOM
 *   meta.c     title, author, date, ... from JSON-LD, OpenGraph, <meta>
 *   text.c     line classification for plain-text dumps
 */
#ifndef CLEAN_H
#define CLEAN_H

#include "pith.h"

enum preset { PRESET_BALANCED, PRESET_PRECISION, PRESET_RECALL };

struct clean_opts {
	enum preset preset;
	int comments;		/* collect the comment section in ex->comments */
	long max_depth;		/* deeper elements are cut (ex->warning says so) */
	long max_nodes;		/* more nodes than this are cut */
	const char *url;	/* the document's URL, or NULL; borrowed */
};

/* Metadata strings are owned by the extract, NULL when not found. */
struct doc_meta {
	char *title, *author, *published, *site_name, *language;
	char *canonical_url, *description;
};

struct extract {
	struct buf text;	/* article body: paragraphs, headings and list
				   items each a block, blocks separated by one
				   blank line, no leading/trailing blank */
	struct buf comments;	/* the comment section, when asked for */
	struct doc_meta meta;
	const char *warning;	/* static: a limit cut the page, or NULL */
};

void extract_init(struct extract *ex);
void extract_free(struct extract *ex);	/* frees contents; NULL-safe */

/* Both return 0 (ex filled; text may be empty) or -1 with err. */
int html_extract(const char *html, size_t len, const struct clean_opts *o,
    struct extract *ex, char *err, size_t errlen);
int text_extract(const char *text, size_t len, const struct clean_opts *o,
    struct extract *ex, char *err, size_t errlen);

/* meta.c: fill ex->meta from the parsed document (a GumboOutput *; void
 * here so that only html.c and meta.c include gumbo.h). */
void meta_from_dom(const void *gumbo_output, const struct clean_opts *o,
    struct doc_meta *m);

#endif
