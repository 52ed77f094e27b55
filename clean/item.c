/*
 * item.c: one item through clean, into the sink.  A document read from a
 * file or stdin is cleaned into a conversion record.  Of a WARC stream,
 * pages (response and resource records) and text (conversion records,
 * such as Common Crawl's WET) are cleaned into conversion records; fetch
 * failures and URLs not fetched (not modified, disallowed) pass through
 * so that store can count them.  Every other record is not a page (a
 * crawler's request, revisit or metadata record, its log, robots.txt, a
 * style sheet, a 204): skipped, quietly, and said to store by a metadata
 * record, so that every record is counted once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "clean.h"

/* Payload types that are never a page: skipped, as a crawl holds many of
 * them.  Never text/plain: the resource records ingest makes of a user's
 * text dumps are pages. */
static const char *not_documents[] = {
	"image/", "audio/", "video/", "font/", "text/css", "text/javascript",
	"application/javascript", "application/x-javascript", "application/json",
	"application/pdf", "application/zip", "application/font",
	"application/wasm",
	/* feeds and sitemaps: lists of links (XHTML is application/xhtml+xml) */
	"application/rss+xml", "application/atom+xml", "application/feed+json",
	"application/xml", "text/xml",
};

/* URI schemes of a crawler's notes about its crawl, not pages: wget's
 * metadata://gnu.org/software/wget/warc/wget.log, Heritrix's dns: and
 * whois: records.  Not every other scheme: a user's documents may be
 * named urn:isbn:... */
static const char *tool_schemes[] = { "metadata", "dns", "whois" };

/* Why a payload of this type is not a page, in why; 0 if it may be. */
static int
not_document(const char *type, char *why, size_t whylen)
{
	size_t i;

	if (type == NULL)
		return 0;
	for (i = 0; i < sizeof not_documents / sizeof not_documents[0]; i++)
		if (strncasecmp(type, not_documents[i],
		    strlen(not_documents[i])) == 0) {
			snprintf(why, whylen, "type %.*s",
			    (int)strcspn(type, "; \t"), type);
			return 1;
		}
	return 0;
}

/* The URI's scheme is s. */
static int
has_scheme(const char *uri, const char *s)
{
	size_t n = strlen(s);

	return strncasecmp(uri, s, n) == 0 && uri[n] == ':';
}

/* Why the record's URI is not a page's (a crawler's note, robots.txt),
 * in why; 0 if it may be. */
static int
not_page_uri(const char *uri, char *why, size_t whylen)
{
	const char *path;
	size_t i;

	if (uri == NULL)
		return 0;
	for (i = 0; i < sizeof tool_schemes / sizeof tool_schemes[0]; i++)
		if (has_scheme(uri, tool_schemes[i])) {
			snprintf(why, whylen, "%s: URI", tool_schemes[i]);
			return 1;
		}
	if (!has_scheme(uri, "http") && !has_scheme(uri, "https") &&
	    !has_scheme(uri, "ftp"))
		return 0;
	path = strstr(uri, "://");
	path = path ? path + 3 + strcspn(path + 3, "/?#") : "";
	if (strncmp(path, "/robots.txt", 11) != 0 ||
	    strchr("?#", path[11]) == NULL)	/* NUL too */
		return 0;
	snprintf(why, whylen, "robots.txt");
	return 1;
}

enum verdict { V_CLEAN, V_SKIP, V_FAIL, V_PASS };

/* The raw bytes are the record's block, so the record's SHA-1 block
 * digest is theirs: taken as WARC readers take digests, on trust, it
 * spares hashing the page a second time. */
static void
take_block_digest(const struct warc_record *r, struct document *d)
{
	const char *v = warc_get(r, "WARC-Block-Digest");

	if (v != NULL && strncasecmp(v, "sha1:", 5) == 0 &&
	    strlen(v) == DIGEST_SHA1_LEN - 1)
		memcpy(d->digest, v, DIGEST_SHA1_LEN);
}

/* The document is the record's block (a resource, a conversion, a
 * response holding no HTTP message). */
static enum verdict
whole_block(struct warc_record *r, const char *ct, struct document *d,
    char *why, size_t whylen)
{
	d->content_type = ct;
	d->data = r->block.data ? r->block.data : "";
	d->len = r->block.len;
	d->own = &r->block;
	take_block_digest(r, d);
	return not_document(ct, why, whylen) ? V_SKIP : V_CLEAN;
}

/* A response's HTTP message: the document is its payload. */
static enum verdict
http_payload(const struct settings *s, struct warc_record *r,
    struct http_response *h, struct document *d, char *why, size_t whylen)
{
	if (http_parse(r->block.data ? r->block.data : "", r->block.len,
	    s->max_size, h, why, whylen) < 0)
		return V_FAIL;
	if (h->status >= 400) {
		snprintf(why, whylen, "HTTP status %d", h->status);
		return V_FAIL;
	}
	if (h->status < 200 || h->status >= 300 || h->status == 204 ||
	    h->status == 205) {			/* redirects, no content */
		snprintf(why, whylen, "HTTP status %d", h->status);
		return V_SKIP;
	}
	d->content_type = http_header(h, "Content-Type");
	d->http_status = h->status;
	if (warc_get(r, PF_FETCHED) != NULL) {	/* fetched in this run */
		d->fetched = 1;
		d->etag = http_header(h, "ETag");
		d->last_modified = http_header(h, "Last-Modified");
	}
	d->data = h->payload;
	d->len = h->payload_len;
	d->own = h->decoded.data != NULL ? &h->decoded : &r->block;
	return not_document(d->content_type, why, whylen) ? V_SKIP : V_CLEAN;
}

/* What to do with a record, why when it is not cleaned, and for pages,
 * where the document is. */
static enum verdict
classify(const struct settings *s, struct warc_record *r,
    struct http_response *h, struct document *d, char *why, size_t whylen)
{
	const char *type = warc_get(r, "WARC-Type");
	const char *ct = warc_get(r, "Content-Type");

	d->uri = d->base = warc_get(r, "WARC-Target-URI");
	d->name = d->uri ? d->uri : "record";
	if (type != NULL && strcasecmp(type, "metadata") == 0 &&
	    (warc_get(r, PF_FETCH_ERROR) || warc_get(r, PF_CLEAN_ERROR) ||
	    warc_get(r, PF_FETCH_STATUS) || warc_get(r, PF_CLEAN_SKIPPED) ||
	    warc_get(r, PF_CLEAN_FILTERED)))
		return V_PASS;
	if (type == NULL || (strcasecmp(type, "response") != 0 &&
	    strcasecmp(type, "resource") != 0 &&
	    strcasecmp(type, "conversion") != 0)) {
		snprintf(why, whylen, type ? "%.32s record" : "no WARC-Type",
		    type);
		return V_SKIP;
	}
	if (warc_get(r, PF_PART) != NULL) {
		snprintf(why, whylen, "comments part");	/* of a cleaned page */
		return V_SKIP;
	}
	if (not_page_uri(d->uri, why, whylen))
		return V_SKIP;
	d->truncated = warc_get(r, "WARC-Truncated");
	if (strcasecmp(type, "response") != 0 ||
	    (ct != NULL && strncasecmp(ct, "application/http", 16) != 0))
		return whole_block(r, ct, d, why, whylen);
	return http_payload(s, r, h, d, why, whylen);
}

/* The -o DIR name of a record's document: a digest of its URI. */
static void
record_name(const struct document *d, char name[17])
{
	char hex[DIGEST_SHA256_LEN];
	const char *uri = d->uri ? d->uri : "";

	digest_sha256_hex(uri, strlen(uri), hex);
	memcpy(name, hex, 16);
	name[16] = '\0';
}


/* A metadata record saying what became of src (or of the file uri):
 * field PF_CLEAN_ERROR or PF_CLEAN_SKIPPED, and why. */
static int
note(struct sink *out, const struct warc_record *src, const char *uri,
    const char *field, const char *why, char *err, size_t errlen)
{
	struct warc_record r;
	int rc;

	if (src == NULL && uri == NULL)
		return 0;	/* stdin's document: nothing to name it by */
	warc_record_init(&r);
	convert_note(src, uri, field, why, &r);
	rc = sink_write(out, &r, NULL, NULL, err, errlen);
	warc_record_free(&r);
	return rc;
}

/* Why d's text is left out (its language is not one of [clean]
 * languages), in why; 0 when it is kept.  A text whose language cannot
 * be told (too short, mixed) is kept: a few words are no evidence, and
 * the same text would come and go as CLD2 is updated. */
static int
filtered_out(const struct settings *s, const struct document *d, char *why,
    size_t whylen)
{
	const char *lang = pith_result_field(d->result, PITH_LANGUAGE);
	size_t i;

	if (s->nlanguages == 0 || lang == NULL)
		return 0;
	for (i = 0; i < s->nlanguages; i++)
		if (strcmp(s->languages[i], lang) == 0)
			return 0;
	snprintf(why, whylen, "language %s", lang);
	return 1;
}

/* Clean d and write it out under name; 1 when it failed (said, and
 * noted), 0 when written or left out for its language (noted), -1 with
 * err when out failed. */
static long
clean_to_sink(const struct settings *s, struct document *d, const char *name,
    struct sink *out, char *err, size_t errlen)
{
	struct warc_record r, comments;
	char why[PITH_ERRLEN];
	int rc, has_comments;

	rc = clean_document(s, d, why, sizeof why);
	if (d->result != NULL &&		/* a limit cut the page */
	    pith_result_field(d->result, PITH_WARNING) != NULL)
		msg_warnx("%s: %s", d->name,
		    pith_result_field(d->result, PITH_WARNING));
	if (rc < 0) {
		msg_warnx("%s: %s", d->name, why);
		return note(out, d->src, d->uri, PF_CLEAN_ERROR, why, err,
		    errlen) < 0 ? -1 : 1;
	}
	if (filtered_out(s, d, why, sizeof why)) {
		if (msg_level() == MSG_VERBOSE)
			msg_note("%s: left out: %s", d->name, why);
		return note(out, d->src, d->uri, PF_CLEAN_FILTERED, why, err,
		    errlen) < 0 ? -1 : 0;
	}
	warc_record_init(&r);
	warc_record_init(&comments);
	has_comments = convert_document(s, d, &r, &comments);
	rc = sink_write(out, &r, has_comments ? &comments : NULL, name, err,
	    errlen);
	warc_record_free(&r);
	warc_record_free(&comments);
	return rc < 0 ? -1 : 0;
}

/* One record; its failed items (0 or 1), or -1 when output failed. */
static long
clean_record(const struct settings *s, struct warc_record *r,
    struct sink *out, char *err, size_t errlen)
{
	struct http_response h = { 0 };
	struct document d;
	char why[PITH_ERRLEN] = "", name[17];
	long rc = 0;

	document_init(&d);
	d.src = r;
	switch (classify(s, r, &h, &d, why, sizeof why)) {
	case V_SKIP:
		rc = note(out, r, d.uri, PF_CLEAN_SKIPPED, why, err, errlen);
		break;
	case V_PASS:
		rc = sink_write(out, r, NULL, NULL, err, errlen);
		break;
	case V_FAIL:
		msg_warnx("%s: %s", d.name, why);
		rc = note(out, r, d.uri, PF_CLEAN_ERROR, why, err, errlen);
		rc = rc < 0 ? -1 : 1;
		break;
	case V_CLEAN:
		record_name(&d, name);
		rc = clean_to_sink(s, &d, name, out, err, errlen);
		break;
	}
	http_response_free(&h);
	document_free(&d);
	return rc;
}

/* The records of a file that items.c could not look into before it was
 * read (a pipe): from its bytes in data, through a memory file.  Failed
 * items, or -1 (err). */
static long
clean_records_in(const struct settings *s, const char *path,
    const struct buf *data, struct sink *out, char *err, size_t errlen)
{
	struct warc_record r;
	struct warc_reader *w;
	char why[PITH_ERRLEN];
	long n, failed = 0;
	int fd, rc;

	if ((fd = memfd_create("clean-records", MFD_CLOEXEC)) < 0 ||
	    write_all(fd, data->data, data->len) < 0 ||
	    lseek(fd, 0, SEEK_SET) < 0) {
		msg_warnx("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	w = warc_reader_new(fd, path, s->max_size);
	warc_reader_foreign(w);		/* a file: data, not a stage's output */
	warc_record_init(&r);
	while ((rc = warc_read(w, &r, why, sizeof why)) != 0) {
		if (rc < 0) {
			msg_warnx("%s: %s", path, why);
			failed++;
		} else if ((n = clean_record(s, &r, out, err, errlen)) < 0) {
			failed = -1;
			break;
		} else
			failed += n;
	}
	warc_reader_say_dropped(w);
	warc_record_free(&r);
	warc_reader_free(w);
	close(fd);
	return failed;
}

/* The document in the file path, out under name; its failed items, or
 * -1 (err). */
static long
clean_file(const struct settings *s, const char *path, const char *name,
    struct sink *out, char *err, size_t errlen)
{
	struct document d;
	struct buf data;
	char why[PITH_ERRLEN], *uri = file_uri(path, NULL);
	long failed;
	int rc;

	buf_init(&data);
	if ((rc = read_file_max(path, &data, s->max_size)) < 0) {
		msg_warnx("%s: %s", path, read_failure(rc, s->max_size, why,
		    sizeof why));
		failed = note(out, NULL, uri, PF_CLEAN_ERROR, why, err,
		    errlen) < 0 ? -1 : 1;
	} else if (plain_start(data.data ? data.data : "", data.len) ==
	    IS_WARC) {
		failed = clean_records_in(s, path, &data, out, err, errlen);
	} else {
		document_init(&d);
		d.name = path;
		d.uri = uri;
		d.data = data.data ? data.data : "";
		d.len = data.len;
		d.own = &data;
		failed = clean_to_sink(s, &d, name, out, err, errlen);
		document_free(&d);
	}
	free(uri);
	buf_free(&data);
	return failed;
}

/* The document read from stdin, in data. */
static long
clean_data(const struct settings *s, const struct item *it, struct sink *out,
    char *err, size_t errlen)
{
	struct document d;
	long failed;

	document_init(&d);
	d.name = it->path;
	d.data = it->data->data ? it->data->data : "";
	d.len = it->data->len;
	d.own = it->data;
	failed = clean_to_sink(s, &d, it->name, out, err, errlen);
	document_free(&d);
	return failed;
}

long
clean_item(const struct settings *s, const struct item *it,
    struct sink *out, char *err, size_t errlen)
{
	switch (it->kind) {
	case ITEM_FILE:
		return clean_file(s, it->path, it->name, out, err, errlen);
	case ITEM_DATA:
		return clean_data(s, it, out, err, errlen);
	case ITEM_RECORD:
		return clean_record(s, it->record, out, err, errlen);
	case ITEM_FAILED:
		break;
	}
	msg_warnx("%s: %s", it->path, it->why);
	return 1;
}
