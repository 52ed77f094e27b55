/*
 * convert.c: what clean makes of an item, as WARC records: a cleaned
 * document's conversion record (WET style) and its comments', or a
 * metadata record saying why an item was not cleaned.  Every sink takes
 * these; text and JSON are made from them.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clean.h"

static void
set_if(struct warc_record *r, const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		warc_set(r, name, value);
}

/* The conversion record of d (part NULL) or of its comments. */
static void
conversion_record(const struct settings *s, const struct document *d,
    const char *part, struct warc_record *r)
{
	const struct warc_record *src = d->src;
	const pith_result *x = d->result;
	char bytes[32], date[21], type[64];

	warc_record_reset(r);
	warc_set(r, "WARC-Type", "conversion");
	set_if(r, "WARC-Target-URI", d->uri);
	if (src != NULL && warc_get(src, "WARC-Date") != NULL)
		warc_set(r, "WARC-Date", warc_get(src, "WARC-Date"));
	else {
		format_utc(time(NULL), date);
		warc_set(r, "WARC-Date", date);
	}
	if (src != NULL)
		set_if(r, "WARC-Refers-To", warc_get(src, "WARC-Record-ID"));
	snprintf(type, sizeof type, "%s; charset=utf-8", body_type(s->body));
	warc_set(r, "Content-Type", type);
	set_if(r, PF_PART, part);
	if (src != NULL)
		set_if(r, PF_SOURCE_URI, warc_get(src, PF_SOURCE_URI));
	set_if(r, PF_SRC_TYPE, d->content_type);
	if (d->http_status > 0) {
		snprintf(bytes, sizeof bytes, "%d", d->http_status);
		warc_set(r, PF_HTTP_STATUS, bytes);
	}
	if (d->fetched)
		warc_set(r, PF_FETCHED, "live");
	set_if(r, PF_SRC_ETAG, d->etag);
	set_if(r, PF_SRC_LASTMOD, d->last_modified);
	set_if(r, PF_SRC_DIGEST, d->digest);	/* WARC output only */
	snprintf(bytes, sizeof bytes, "%zu", d->len);
	warc_set(r, PF_SRC_BYTES, bytes);
	set_if(r, PF_SRC_TRUNCATED, d->truncated);
	set_if(r, PF_CHARSET_DECL, pith_result_field(x, PITH_CHARSET_DECLARED));
	set_if(r, PF_CHARSET_DET, pith_result_field(x, PITH_CHARSET_DETECTED));
	warc_set(r, PF_CLEANER, "pith-clean/" PITH_VERSION);
	warc_set(r, PF_SETTINGS, s->digest);
	warc_set(r, PF_MODE, pith_result_field(x, PITH_MODE));
	set_if(r, PF_TITLE, pith_result_field(x, PITH_TITLE));
	set_if(r, PF_AUTHOR, pith_result_field(x, PITH_AUTHOR));
	set_if(r, PF_PUBDATE, pith_result_field(x, PITH_PUBLISHED));
	set_if(r, PF_SITE, pith_result_field(x, PITH_SITE_NAME));
	set_if(r, PF_CANONICAL, pith_result_field(x, PITH_CANONICAL_URL));
	set_if(r, PF_DESCRIPTION, pith_result_field(x, PITH_DESCRIPTION));
	set_if(r, PF_LANGUAGE, pith_result_field(x, PITH_LANGUAGE));
	set_if(r, PF_LANG_CONFIDENCE, pith_result_field(x,
	    PITH_LANGUAGE_CONFIDENCE));
	set_if(r, PF_DECLARED_LANG, pith_result_field(x,
	    PITH_DECLARED_LANGUAGE));
	set_if(r, PF_WARNING, pith_result_field(x, PITH_WARNING));
}

int
convert_document(const struct settings *s, struct document *d,
    struct warc_record *r, struct warc_record *comments)
{
	const char *c;
	size_t n;

	conversion_record(s, d, NULL, r);
	c = pith_result_body(d->result, PITH_PART_ARTICLE, &n);
	buf_append(&r->block, c, n);
	c = pith_result_body(d->result, PITH_PART_COMMENTS, &n);
	if (!s->comments || c == NULL)
		return 0;
	conversion_record(s, d, "comments", comments);
	buf_append(&comments->block, c, n);
	return 1;
}

void
convert_note(const struct warc_record *src, const char *uri,
    const char *field, const char *why, struct warc_record *r)
{
	warc_record_reset(r);
	warc_set(r, "WARC-Type", "metadata");
	set_if(r, "WARC-Target-URI", uri);
	if (src != NULL) {
		set_if(r, "WARC-Refers-To", warc_get(src, "WARC-Record-ID"));
		set_if(r, "WARC-Date", warc_get(src, "WARC-Date"));
	}
	warc_set(r, "Content-Type", "application/warc-fields");
	warc_set(r, field, why);
	buf_printf(&r->block, "%s: %s\r\n",
	    strcmp(field, PF_CLEAN_ERROR) == 0 ? "error" :
	    strcmp(field, PF_CLEAN_FILTERED) == 0 ? "filtered" : "skipped", why);
}
