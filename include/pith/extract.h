/*
 * pith/extract.h: pith's extraction as a library.  The bytes of a page
 * (HTML, or a plain-text dump of one) in; its article text, comments and
 * metadata out, as clean(1) finds them.
 *
 *	pith_extractor *x = pith_extractor_new(NULL);
 *	pith_result *r;
 *
 *	if (pith_extract_html(x, html, len, url, NULL, &r) == PITH_OK)
 *		puts(pith_result_text(r));
 *	else
 *		fprintf(stderr, "%s\n", pith_extractor_error(x));
 *	pith_result_free(r);
 *	pith_extractor_free(x);
 *
 * An extractor holds the settings and the memory its pages are parsed
 * in, reused from page to page: make one for each thread.  Extractors
 * share nothing, so threads need no lock; the library prints nothing and
 * never exits (but, as malloc fails, on exhausted memory).  See
 * pith_extract(3).
 */
#ifndef PITH_EXTRACT_H
#define PITH_EXTRACT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PITH_VERSION_MAJOR 1
#define PITH_VERSION_MINOR 1

/* The version of the library linked ("1.1"), whatever the header said. */
const char *pith_version(void);

enum pith_preset {
	PITH_BALANCED,		/* the default */
	PITH_PRECISION,		/* less boilerplate */
	PITH_RECALL		/* less text lost */
};

/* How to extract, the same for every page of an extractor; defaults as
 * clean's. */
struct pith_options {
	enum pith_preset preset;
	int comments;		/* keep the comment section apart */
	size_t max_size;	/* larger pages are refused (16 MB) */
	long max_depth;		/* deeper elements are cut (512) */
	long max_nodes;		/* more elements are cut (200,000) */
};
void pith_options_init(struct pith_options *o);

typedef struct pith_extractor pith_extractor;
/* An extractor with options o (NULL: the defaults); NULL when o is out of
 * range (max_depth 16-100000, max_nodes 1000-100000000, max_size > 0). */
pith_extractor *pith_extractor_new(const struct pith_options *o);
void pith_extractor_free(pith_extractor *x);		/* NULL-safe */
/* The body results carry besides the text (1.1): the article again as
 * markdown (GitHub's dialect: headings, lists, tables, code, quotations)
 * or as a small HTML document, with hyperlinks (flags PITH_LINKS,
 * absolute) and images (PITH_IMAGES, with their captions) when asked.
 * PITH_BODY_TEXT, the default: the text.  0, or -1 for values out of
 * range. */
enum pith_body { PITH_BODY_TEXT, PITH_BODY_MARKDOWN, PITH_BODY_HTML };
#define PITH_LINKS	1
#define PITH_IMAGES	2
int pith_extractor_set_body(pith_extractor *x, enum pith_body body,
    unsigned flags);
/* Why the extractor's last call failed, naming what was wrong; "" after
 * a success.  Owned by x, valid until its next call. */
const char *pith_extractor_error(const pith_extractor *x);

/* What a call returns. */
enum pith_status {
	PITH_OK = 0,
	PITH_EMPTY,		/* no article text found */
	PITH_BINARY,		/* the bytes are not a page or text */
	PITH_TOO_LARGE,		/* over max_size */
	PITH_BAD_CHARSET,	/* the bytes could not be decoded */
	PITH_PARSE,		/* the HTML parser failed */
	PITH_INVALID		/* a NULL where bytes or a result go */
};
/* A short English phrase for a status ("no article text found"). */
const char *pith_status_string(int status);

typedef struct pith_result pith_result;

/* Extract from len bytes of HTML.  url, the page's own address, resolves
 * its relative links (NULL: none); charset, when the page's transport
 * declared one ("iso-8859-1"), is taken before what the page says
 * (NULL: the page's own <meta>, or detected).  On PITH_OK, *out is the
 * result; on PITH_EMPTY too, its text empty (PITH_WARNING may say why);
 * on any other status *out is NULL.  pith_extractor_error says why. */
int pith_extract_html(pith_extractor *x, const void *bytes, size_t len,
    const char *url, const char *charset, pith_result **out);
/* The same for a plain-text dump of a page (one line per block). */
int pith_extract_text(pith_extractor *x, const void *bytes, size_t len,
    const char *charset, pith_result **out);
/* The same for bytes of a declared media type content_type ("text/html;
 * charset=utf-8", "text/plain", or NULL): HTML or text as the type says,
 * else as the bytes look, as clean reads its documents. */
int pith_extract(pith_extractor *x, const void *bytes, size_t len,
    const char *url, const char *content_type, pith_result **out);

enum pith_read { PITH_AS_DECLARED, PITH_AS_HTML, PITH_AS_TEXT };
/* As the three above (as: which), on the len bytes at off in block, a
 * block the caller got from malloc and gives up (an HTTP message whose
 * payload is the page): the extractor frees it, and decodes valid UTF-8
 * where it stands, so a page of many megabytes is not held twice.  The
 * block holds off + len + 1 bytes, the last of which may be
 * overwritten. */
int pith_extract_given(pith_extractor *x, enum pith_read as, void *block,
    size_t off, size_t len, const char *url, const char *content_type,
    pith_result **out);

/* What a result holds, owned by it: each valid until pith_result_free.
 * The text: blocks (paragraphs, headings, list items) separated by one
 * blank line, UTF-8 in NFC, no control characters. */
const char *pith_result_text(const pith_result *r);
/* The comment section (with the option comments), or NULL. */
const char *pith_result_comments(const pith_result *r);
/* The body of the article or its comments in the extractor's format
 * (1.1; the text when it is PITH_BODY_TEXT), *len its length (or NULL);
 * the comments' NULL when there are none. */
enum pith_part { PITH_PART_ARTICLE, PITH_PART_COMMENTS };
const char *pith_result_body(const pith_result *r, enum pith_part part,
    size_t *len);

enum pith_field {
	PITH_TITLE, PITH_AUTHOR, PITH_PUBLISHED,	/* ISO 8601 */
	PITH_SITE_NAME,
	PITH_LANGUAGE,		/* of the text, identified (CLD2): ISO 639-1
				   ("de"; ISO 639-3 where a language has no
				   two-letter code), or NULL when it cannot
				   be told (too short, mixed); 1.0 gave the
				   declared one here */
	PITH_CANONICAL_URL, PITH_DESCRIPTION,
	PITH_CHARSET_DECLARED, PITH_CHARSET_DETECTED,
	PITH_MODE,		/* "html" or "text": the path taken */
	PITH_WARNING,		/* a limit cut the page, or NULL */
	/* since 1.1 */
	PITH_DECLARED_LANGUAGE,	/* what the page says (<html lang>, a meta
				   tag), BCP 47 ("en-GB") */
	PITH_LANGUAGE_CONFIDENCE	/* of PITH_LANGUAGE, "0.00"-"1.00": the
				   share of the text in that language */
};
/* A field of the page, or NULL when it has none. */
const char *pith_result_field(const pith_result *r, enum pith_field f);

enum pith_format {		/* each with the body, not the text */
	PITH_FORMAT_TEXT,	/* the body, and a line end */
	PITH_FORMAT_JSON,	/* one object, clean's keys, and a line end */
	PITH_FORMAT_WARC	/* a WARC/1.1 conversion record (and one of
				   the comments), clean's fields */
};
/* The result written as clean -f writes it; *len its length (or NULL). */
const char *pith_result_format(pith_result *r, enum pith_format f,
    size_t *len);

void pith_result_free(pith_result *r);		/* NULL-safe */

#ifdef __cplusplus
}
#endif

#endif
