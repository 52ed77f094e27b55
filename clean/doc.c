/*
 * doc.c: one document through clean: is it a page, text or binary; what
 * charset; which path; the extraction.  Nothing is written here: the
 * document is all it changes.
 */
#include <string.h>
#include <strings.h>

#include "clean.h"

void
document_init(struct document *d)
{
	memset(d, 0, sizeof *d);
	buf_init(&d->utf8);
	extract_init(&d->ex);
}

void
document_free(struct document *d)
{
	if (d == NULL)
		return;
	buf_free(&d->utf8);
	extract_free(&d->ex);
}

static int
type_is(const char *content_type, const char *prefix)
{
	return content_type != NULL &&
	    strncasecmp(content_type, prefix, strlen(prefix)) == 0;
}

/* The path for this document: forced by --mode, else the declared type
 * when it is text/plain or HTML, else what the bytes look like. */
static int
choose_html(const struct settings *s, const struct document *d,
    enum sniff_kind kind)
{
	if (s->mode == MODE_HTML)
		return 1;
	if (s->mode == MODE_TEXT)
		return 0;
	if (type_is(d->content_type, "text/plain"))
		return 0;
	if (type_is(d->content_type, "text/html") ||
	    type_is(d->content_type, "application/xhtml"))
		return kind != SNIFF_TEXT || memchr(d->data, '<',
		    d->len < 4096 ? d->len : 4096) != NULL;
	return kind == SNIFF_HTML;
}

/* The document as UTF-8 in d->utf8: in the memory of d->own when that
 * holds valid UTF-8 (d->data is then gone), so a large page is held
 * once, not twice. */
static int
decode(struct document *d, char *why, size_t whylen)
{
	int rc;

	if (d->own == NULL || d->own->data == NULL || d->data < d->own->data ||
	    d->data + d->len > d->own->data + d->own->len)
		return charset_to_utf8(d->data, d->len, d->content_type,
		    d->is_html, &d->utf8, &d->cs, why, whylen);
	rc = charset_to_utf8_buf(d->own, (size_t)(d->data - d->own->data),
	    d->len, d->content_type, d->is_html, &d->utf8, &d->cs, why, whylen);
	if (d->own->data == NULL)
		d->data = NULL;
	return rc;
}

int
clean_document(const struct settings *s, struct document *d, char *err,
    size_t errlen)
{
	enum sniff_kind kind = sniff_content(d->data, d->len);
	char why[PITH_ERRLEN];
	int rc;

	if (kind == SNIFF_BINARY) {
		snprintf(err, errlen, "binary content%s%s, not a page or text",
		    d->content_type ? " declared as " : "",
		    d->content_type ? d->content_type : "");
		return -1;
	}
	d->is_html = choose_html(s, d, kind);
	if (s->format == OUT_WARC && d->digest[0] == '\0')
		digest_sha1_b32(d->data, d->len, d->digest);	/* before
						   decode() may take the bytes */
	if (decode(d, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (d->is_html && d->utf8.data != NULL) {	/* shrinks: room for the NUL */
		d->utf8.len = html_blank(d->utf8.data, d->utf8.len);
		d->utf8.data[d->utf8.len] = '\0';
	}
	if (d->is_html)
		rc = html_extract_buf(&d->utf8, d->base, &s->opts, &d->ex, why,
		    sizeof why);
	else
		rc = text_extract(d->utf8.data ? d->utf8.data : "", d->utf8.len,
		    &s->opts, &d->ex, why, sizeof why);
	buf_free(&d->utf8);		/* a page may be many megabytes */
	if (rc < 0) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (d->ex.text.len == 0) {
		snprintf(err, errlen, "no article text found (%s path)",
		    d->is_html ? "html" : "text");
		return -1;
	}
	return 0;
}
