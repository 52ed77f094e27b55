/*
 * output.c: what clean writes for a document: its text, a JSON object, or
 * a WARC conversion record (WET style), on stdout or into -o DIR.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"

static const char *
charset_declared(const struct document *d)
{
	return d->cs.declared[0] ? d->cs.declared : NULL;
}

static void
json_put(json_t *o, const char *key, const char *value)
{
	if (value != NULL && *value != '\0')
		json_object_set_new(o, key, json_string(value));
}

/* jansson refuses invalid UTF-8; our text is valid by construction, so a
 * NULL here is a bug upstream, not bad input. */
static char *
document_json(const struct cleaner *c, const struct document *d,
    const struct warc_record *src)
{
	const struct doc_meta *m = &d->ex.meta;
	json_t *o = json_object();
	char *s;

	json_put(o, "uri", d->uri);
	json_put(o, "source_record_id", src ? warc_get(src, "WARC-Record-ID") : NULL);
	json_put(o, "capture_time", src ? warc_get(src, "WARC-Date") : NULL);
	json_put(o, "mode", d->is_html ? "html" : "text");
	json_put(o, "title", m->title);
	json_put(o, "author", m->author);
	json_put(o, "published", m->published);
	json_put(o, "site_name", m->site_name);
	json_put(o, "language", m->language);
	json_put(o, "canonical_url", m->canonical_url);
	json_put(o, "description", m->description);
	json_put(o, "charset_declared", charset_declared(d));
	json_put(o, "charset_detected", d->cs.detected);
	json_put(o, "warning", d->ex.warning);
	json_object_set_new(o, "text", json_stringn(d->ex.text.data ?
	    d->ex.text.data : "", d->ex.text.len));
	if (c->opts.comments && d->ex.comments.len > 0)
		json_object_set_new(o, "comments", json_stringn(
		    d->ex.comments.data, d->ex.comments.len));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static void
set_if(struct warc_record *r, const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		warc_set(r, name, value);
}

/* The conversion record of d (part NULL) or of its comments. */
static void
conversion_record(const struct cleaner *c, const struct document *d,
    const struct warc_record *src, const char *part, struct warc_record *r)
{
	const struct doc_meta *m = &d->ex.meta;
	const struct buf *text = part ? &d->ex.comments : &d->ex.text;
	char bytes[32], date[21];

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
	warc_set(r, "Content-Type", "text/plain; charset=utf-8");
	set_if(r, PF_PART, part);
	if (src != NULL)
		set_if(r, PF_SOURCE_URI, warc_get(src, PF_SOURCE_URI));
	set_if(r, PF_SRC_TYPE, d->content_type);
	if (d->http_status > 0) {
		snprintf(bytes, sizeof bytes, "%d", d->http_status);
		warc_set(r, PF_HTTP_STATUS, bytes);
	}
	warc_set(r, PF_SRC_DIGEST, d->digest);
	snprintf(bytes, sizeof bytes, "%zu", d->len);
	warc_set(r, PF_SRC_BYTES, bytes);
	set_if(r, PF_CHARSET_DECL, charset_declared(d));
	set_if(r, PF_CHARSET_DET, d->cs.detected);
	warc_set(r, PF_CLEANER, "pith-clean/" PITH_VERSION);
	warc_set(r, PF_SETTINGS, c->settings);
	warc_set(r, PF_MODE, d->is_html ? "html" : "text");
	set_if(r, PF_TITLE, m->title);
	set_if(r, PF_AUTHOR, m->author);
	set_if(r, PF_PUBDATE, m->published);
	set_if(r, PF_SITE, m->site_name);
	set_if(r, PF_CANONICAL, m->canonical_url);
	set_if(r, PF_DESCRIPTION, m->description);
	set_if(r, PF_LANGUAGE, m->language);
	buf_append(&r->block, text->data ? text->data : "", text->len);
}

static int
write_stdout(struct cleaner *c, const char *p, size_t n, char *err,
    size_t errlen)
{
	if (write_all(STDOUT_FILENO, p, n) < 0) {
		snprintf(err, errlen, "stdout: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Text or JSON into DIR/<name>.<ext>, atomically. */
static int
write_into_dir(struct cleaner *c, const char *name, const char *ext,
    const char *p, size_t n, char *err, size_t errlen)
{
	struct buf path;
	int rc;

	buf_init(&path);
	buf_printf(&path, "%s/%s.%s", c->outdir, name, ext);
	rc = write_file_atomic(path.data, p, n);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path.data, strerror(errno));
	buf_free(&path);
	return rc;
}

static int
output_warc(struct cleaner *c, const struct document *d,
    const struct warc_record *src, char *err, size_t errlen)
{
	struct warc_record r;
	int rc;

	warc_record_init(&r);
	conversion_record(c, d, src, NULL, &r);
	rc = warc_write(c->warc, &r, err, errlen);
	if (rc == 0 && c->opts.comments && d->ex.comments.len > 0) {
		conversion_record(c, d, src, "comments", &r);
		rc = warc_write(c->warc, &r, err, errlen);
	}
	warc_record_free(&r);
	return rc;
}

int
output_document(struct cleaner *c, const struct document *d,
    const struct warc_record *src, const char *name, char *err,
    size_t errlen)
{
	struct buf text;
	char *json;
	int rc;

	if (c->format == OUT_WARC)
		return output_warc(c, d, src, err, errlen);
	buf_init(&text);
	if (c->format == OUT_JSON) {
		json = document_json(c, d, src);
		buf_puts(&text, json);
		free(json);
	} else {
		buf_append(&text, d->ex.text.data, d->ex.text.len);
	}
	buf_putc(&text, '\n');
	if (c->outdir != NULL)
		rc = write_into_dir(c, name, c->format == OUT_JSON ? "json" :
		    "txt", text.data, text.len, err, errlen);
	else if (c->format == OUT_TEXT && c->written > 0 &&
	    write_stdout(c, "\f\n", 2, err, errlen) < 0)
		rc = -1;
	else
		rc = write_stdout(c, text.data, text.len, err, errlen);
	buf_free(&text);
	if (rc == 0 && c->outdir == NULL)
		c->written++;
	return rc;
}

int
output_failure(struct cleaner *c, const struct warc_record *src,
    const char *uri, const char *why, char *err, size_t errlen)
{
	struct warc_record r;
	int rc;

	if (c->format != OUT_WARC || c->warc == NULL)
		return 0;
	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "metadata");
	set_if(&r, "WARC-Target-URI", uri);
	if (src != NULL) {
		set_if(&r, "WARC-Refers-To", warc_get(src, "WARC-Record-ID"));
		set_if(&r, "WARC-Date", warc_get(src, "WARC-Date"));
	}
	warc_set(&r, "Content-Type", "application/warc-fields");
	warc_set(&r, PF_CLEAN_ERROR, why);
	buf_printf(&r.block, "error: %s\r\n", why);
	rc = warc_write(c->warc, &r, err, errlen);
	warc_record_free(&r);
	return rc;
}

int
output_finish(struct cleaner *c, char *err, size_t errlen)
{
	if (c->warc != NULL && warc_writer_flush(c->warc, err, errlen) < 0)
		return -1;
	return 0;
}
