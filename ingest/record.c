/*
 * record.c: the records ingest writes, and the one place it writes them.
 *
 *   resource   a local document: file, or member of an archive
 *   response   a fetched URL (transfer.c builds the HTTP message)
 *   metadata   a URL that could not be fetched: Pith-Fetch-Error; or
 *              was not, for a good reason: Pith-Fetch-Status
 *
 * The WARC framing itself (IDs, lengths, digests) is warc.c's.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

void
item_failed(struct ingest *in, const char *name, const char *fmt, ...)
{
	char why[PITH_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	emit_fetch_error(in, name, why, NULL);
}

void
emit(struct ingest *in, struct warc_record *r)
{
	char err[PITH_ERRLEN];

	if (warc_write(in->out, r, err, sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "stdout: %s", err);
	in->written++;
}

static const char *
content_type_of(const void *p, size_t n)
{
	switch (sniff_content(p, n)) {
	case SNIFF_HTML:
		return "text/html";
	case SNIFF_TEXT:
		return "text/plain";
	default:
		return "application/octet-stream";	/* clean reports it */
	}
}

static void
set_now(struct warc_record *r)
{
	char date[21];

	format_utc(time(NULL), date);
	warc_set(r, "WARC-Date", date);
}

void
emit_resource(struct ingest *in, const char *uri, struct buf *doc,
    time_t mtime)
{
	struct warc_record r;
	char date[21];

	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "resource");
	warc_set(&r, "WARC-Target-URI", uri);
	set_now(&r);
	warc_set(&r, "Content-Type", content_type_of(doc->data ? doc->data : "",
	    doc->len));
	if (mtime > 0) {
		format_utc(mtime, date);
		warc_set(&r, "Pith-Last-Modified", date);
	}
	buf_take(&r.block, doc);
	emit(in, &r);
	warc_record_free(&r);
}

/* "name: value" in a block of WARC fields, on one line whatever value
 * holds. */
static void
block_field(struct buf *block, const char *name, const char *value)
{
	buf_printf(block, "%s: ", name);
	str_escape(block, value, strlen(value), 0);
	buf_puts(block, "\r\n");
}

/* The metadata record of a URL not fetched: field says why, in short. */
static void
emit_fetch_note(struct warc_record *r, const char *url, const char *field,
    const char *value)
{
	warc_set(r, "WARC-Type", "metadata");
	warc_set(r, "WARC-Target-URI", url);
	if (warc_get(r, "WARC-Date") == NULL)
		set_now(r);
	warc_set(r, "Content-Type", "application/warc-fields");
	warc_set(r, field, value);
}

void
emit_fetch_error(struct ingest *in, const char *name, const char *reason,
    const char *detail)
{
	struct warc_record r;
	int has_detail = detail != NULL && *detail != '\0';

	warc_record_init(&r);
	emit_fetch_note(&r, name, PF_FETCH_ERROR, reason);
	block_field(&r.block, "error", reason);
	if (has_detail)
		block_field(&r.block, "detail", detail);
	emit(in, &r);
	warc_record_free(&r);
	in->failed++;
	progress_clear(in);
	msg_warnx("%s: %s%s%s%s", name, reason, has_detail ? " (" : "",
	    has_detail ? detail : "", has_detail ? ")" : "");
}

/* Not a failure: a note, which -q leaves out. */
void
emit_fetch_status(struct ingest *in, struct warc_record *r, const char *url,
    const char *status, const char *why)
{
	emit_fetch_note(r, url, PF_FETCH_STATUS, status);
	block_field(&r->block, "status", status);
	if (why != NULL)
		block_field(&r->block, "reason", why);
	emit(in, r);
	if (why != NULL) {
		progress_clear(in);
		msg_note("%s: %s", url, why);
	}
	warc_record_reset(r);
	if (strcmp(status, FETCH_NOT_MODIFIED) == 0)
		in->not_modified++;
	else
		in->disallowed++;
}
