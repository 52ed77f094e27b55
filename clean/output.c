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
	if (d->fetched)
		warc_set(r, PF_FETCHED, "live");
	set_if(r, PF_SRC_ETAG, d->etag);
	set_if(r, PF_SRC_LASTMOD, d->last_modified);
	set_if(r, PF_SRC_DIGEST, d->digest);	/* WARC output only */
	snprintf(bytes, sizeof bytes, "%zu", d->len);
	warc_set(r, PF_SRC_BYTES, bytes);
	set_if(r, PF_SRC_TRUNCATED, d->truncated);
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
	set_if(r, PF_WARNING, d->ex.warning);
}

/* Which JSON key holds which field of a conversion record; a count is
 * a JSON number. */
static const struct { const char *key, *field; int count; } json_fields[] = {
	{ "uri", "WARC-Target-URI", 0 },
	{ "source_record_id", "WARC-Refers-To", 0 },
	{ "capture_time", "WARC-Date", 0 },	/* only with a source record */
	{ "mode", PF_MODE, 0 },
	{ "title", PF_TITLE, 0 },
	{ "author", PF_AUTHOR, 0 },
	{ "published", PF_PUBDATE, 0 },
	{ "site_name", PF_SITE, 0 },
	{ "language", PF_LANGUAGE, 0 },
	{ "canonical_url", PF_CANONICAL, 0 },
	{ "description", PF_DESCRIPTION, 0 },
	{ "charset_declared", PF_CHARSET_DECL, 0 },
	{ "charset_detected", PF_CHARSET_DET, 0 },
	{ "warning", PF_WARNING, 0 },
	{ "truncated", PF_SRC_TRUNCATED, 0 },
	{ "repeated_lines", PF_REPEATED, 1 },
};

/* A document as one JSON object, from its conversion record and that of
 * its comments (or NULL).  A document read from a file has no source
 * record, and its record's date is only the time of cleaning: left out.
 * jansson refuses invalid UTF-8; our text is valid by construction, so a
 * NULL here is a bug upstream, not bad input. */
static char *
record_json(const struct warc_record *main, const struct warc_record *comments)
{
	int has_source = warc_get(main, "WARC-Refers-To") != NULL;
	json_t *o = json_object();
	const char *v;
	size_t i;
	char *s;

	for (i = 0; i < sizeof json_fields / sizeof json_fields[0]; i++) {
		v = warc_get(main, json_fields[i].field);
		if (strcmp(json_fields[i].key, "capture_time") == 0 && !has_source)
			continue;
		if (json_fields[i].count && v != NULL)
			json_object_set_new(o, json_fields[i].key,
			    json_integer(strtol(v, NULL, 10)));
		else
			json_put(o, json_fields[i].key, v);
	}
	json_object_set_new(o, "text", json_stringn(main->block.data ?
	    main->block.data : "", main->block.len));
	if (comments != NULL)
		json_object_set_new(o, "comments", json_stringn(
		    comments->block.data, comments->block.len));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
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

/* Text or JSON into DIR/<name>.<ext>, atomically; the folders of a name
 * kept from below a folder operand are made.  An input is never replaced
 * (operands.c refuses the files that would; this catches any other). */
static int
write_into_dir(struct cleaner *c, const char *name, const char *ext,
    const char *p, size_t n, char *err, size_t errlen)
{
	const char *slash = strrchr(name, '/');
	struct buf path;
	size_t cut;
	int rc = 0;

	buf_init(&path);
	buf_printf(&path, "%s/%s", c->outdir, name);
	if (slash != NULL) {		/* DIR/blog, for DIR/blog/index */
		cut = path.len - strlen(slash);
		path.data[cut] = '\0';
		if ((rc = make_dirs(path.data)) < 0)
			snprintf(err, errlen, "%s: %s", path.data,
			    strerror(errno));
		path.data[cut] = '/';
	}
	buf_printf(&path, ".%s", ext);
	if (rc == 0 && inputs_has(c->inputs, path.data)) {
		snprintf(err, errlen, "%s is an input: not overwritten",
		    path.data);
		rc = -1;
	} else if (rc == 0 && (rc = write_file_atomic(path.data, p, n,
	    ATOMIC_SYNC_LATER)) < 0)
		snprintf(err, errlen, "%s: %s", path.data, strerror(errno));
	buf_free(&path);
	return rc;
}

/* Into -o DIR: NAME.txt or NAME.json, and in text its comments in
 * NAME.comments.txt (JSON holds them). */
static int
write_document(struct cleaner *c, const char *name, const struct buf *out,
    struct warc_record *comments, char *err, size_t errlen)
{
	int rc;

	rc = write_into_dir(c, name, c->format == OUT_JSON ? "json" : "txt",
	    out->data, out->len, err, errlen);
	if (rc < 0 || c->format != OUT_TEXT || comments == NULL)
		return rc;
	buf_putc(&comments->block, '\n');
	rc = write_into_dir(c, name, "comments.txt", comments->block.data,
	    comments->block.len, err, errlen);
	comments->block.data[--comments->block.len] = '\0';
	return rc;
}

/* Write a document, given as its conversion record and that of its
 * comments (or NULL), in c->format: on stdout, or as DIR/<name>.txt|json. */
int
output_record(struct cleaner *c, struct warc_record *main,
    struct warc_record *comments, const char *name, char *err, size_t errlen)
{
	struct buf json_line, *out = &main->block;
	char *json;
	int rc;

	if (c->format == OUT_WARC) {
		rc = warc_write(c->warc, main, err, errlen);
		if (rc == 0 && comments != NULL)
			rc = warc_write(c->warc, comments, err, errlen);
		return rc;
	}
	buf_init(&json_line);
	if (c->format == OUT_JSON) {
		json = record_json(main, comments);
		buf_puts(&json_line, json);
		free(json);
		out = &json_line;
	}
	buf_putc(out, '\n');	/* the text itself, not a copy: pages are big */
	if (c->outdir != NULL)
		rc = write_document(c, name, out, comments, err, errlen);
	else if (c->format == OUT_TEXT && c->written > 0 &&
	    write_stdout(c, "\f\n", 2, err, errlen) < 0)
		rc = -1;
	else
		rc = write_stdout(c, out->data, out->len, err, errlen);
	if (out == &main->block)
		main->block.data[--main->block.len] = '\0';
	buf_free(&json_line);
	if (rc == 0 && c->outdir == NULL)
		c->written++;
	return rc;
}

void
output_check_comments(const struct cleaner *c)
{
	if (c->opts.comments && c->format == OUT_TEXT && c->outdir == NULL)
		msg_errx(PITH_EXIT_USAGE, "--comments: text on stdout has no "
		    "place for comments: use -f json, -f warc or -o DIR");
}

/* A failed write into the spool says where the spool is. */
static void
spool_error(char *err, size_t errlen)
{
	char *why = xstrdup(err);

	snprintf(err, errlen, "the repeat spool in %s: %s (--repeat-docs 0 "
	    "streams without it)", repeat_spool_dir(), why);
	free(why);
}

/* From here on, documents go into the repeat spool (flushed first: what
 * went out before stays before). */
int
output_spool(struct cleaner *c, char *err, size_t errlen)
{
	if (c->spooling)
		return 0;
	if ((c->warc != NULL && warc_writer_flush(c->warc, err, errlen) < 0) ||
	    repeat_spool(c->repeat, err, errlen) < 0)
		return -1;
	c->spooling = 1;
	return 0;
}

/* A document goes out as its conversion record (and its comments'), at
 * once, or into the repeat spool with the name it will be written under:
 * from the first document with a host on, as only those can lose lines.
 * The records take d's text and comments rather than copy them. */
int
output_document(struct cleaner *c, struct document *d,
    const struct warc_record *src, const char *name, char *err,
    size_t errlen)
{
	struct warc_record main, comments;
	int has_comments = c->opts.comments && d->ex.comments.len > 0;
	int rc;

	warc_record_init(&main);
	warc_record_init(&comments);
	conversion_record(c, d, src, NULL, &main);
	buf_take(&main.block, &d->ex.text);
	if (has_comments) {
		conversion_record(c, d, src, "comments", &comments);
		buf_take(&comments.block, &d->ex.comments);
	}
	if (c->repeat != NULL && !c->spooling &&
	    repeat_has_host(warc_get(&main, "WARC-Target-URI")) &&
	    output_spool(c, err, errlen) < 0)
		rc = -1;
	else if (c->spooling) {
		warc_set(&main, SPOOL_NAME, name);
		rc = warc_write(c->warc, &main, err, errlen);
		if (rc == 0 && has_comments)
			rc = warc_write(c->warc, &comments, err, errlen);
		if (rc < 0)
			spool_error(err, errlen);
	} else
		rc = output_record(c, &main, has_comments ? &comments : NULL,
		    name, err, errlen);
	warc_record_free(&main);
	warc_record_free(&comments);
	return rc;
}

/* A metadata record about src for store: field says what became of it
 * (failed, skipped), and why; label begins the block's line. */
static int
output_note(struct cleaner *c, const struct warc_record *src,
    const char *uri, const char *field, const char *label, const char *why,
    char *err, size_t errlen)
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
	warc_set(&r, field, why);
	buf_printf(&r.block, "%s: %s\r\n", label, why);
	rc = warc_write(c->warc, &r, err, errlen);
	warc_record_free(&r);
	return rc;
}

int
output_failure(struct cleaner *c, const struct warc_record *src,
    const char *uri, const char *why, char *err, size_t errlen)
{
	return output_note(c, src, uri, PF_CLEAN_ERROR, "error", why, err,
	    errlen);
}

int
output_skipped(struct cleaner *c, const struct warc_record *src,
    const char *uri, const char *why, char *err, size_t errlen)
{
	return output_note(c, src, uri, PF_CLEAN_SKIPPED, "skipped", why, err,
	    errlen);
}

void
output_open(struct cleaner *c)
{
	char err[PITH_ERRLEN];

	if (c->repeat_docs > 0 && c->repeat == NULL) {
		if ((c->repeat = repeat_new(c->repeat_docs, c->catalog, err,
		    sizeof err)) == NULL)
			msg_errx(PITH_EXIT_USAGE, "%s", err);
	}
	if (c->warc == NULL && (c->format == OUT_WARC || c->repeat != NULL))
		c->warc = warc_writer_new(STDOUT_FILENO, 0);
}

int
output_finish(struct cleaner *c, char *err, size_t errlen)
{
	if (c->warc != NULL && warc_writer_flush(c->warc, err, errlen) < 0) {
		if (c->spooling)
			spool_error(err, errlen);
		return -1;
	}
	if (c->repeat != NULL) {
		if (repeat_finish(c->repeat, c, err, errlen) < 0)
			return -1;
		repeat_free(c->repeat);
		c->repeat = NULL;
		c->spooling = 0;
		if (c->warc != NULL &&
		    warc_writer_flush(c->warc, err, errlen) < 0)
			return -1;
	}
	return 0;
}
