/*
 * records.c: a WARC stream through clean.  Pages (response and resource
 * records) and text (conversion records, such as Common Crawl's WET) are
 * cleaned into conversion records; fetch failures and URLs not fetched
 * (not modified, disallowed) pass through so that store can count them.
 * Every other record is not a page (a crawler's request, revisit or
 * metadata record, its log, robots.txt, a style sheet, a 204): skipped,
 * quietly, and said to store by a metadata record, so that every record
 * is counted once.
 */
#include <string.h>
#include <strings.h>

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
http_payload(const struct cleaner *c, struct warc_record *r,
    struct http_response *h, struct document *d, char *why, size_t whylen)
{
	if (http_parse(r->block.data ? r->block.data : "", r->block.len,
	    c->max_size, h, why, whylen) < 0)
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
classify(const struct cleaner *c, struct warc_record *r,
    struct http_response *h, struct document *d, char *why, size_t whylen)
{
	const char *type = warc_get(r, "WARC-Type");
	const char *ct = warc_get(r, "Content-Type");

	d->uri = d->base = warc_get(r, "WARC-Target-URI");
	d->name = d->uri ? d->uri : "record";
	if (type != NULL && strcasecmp(type, "metadata") == 0 &&
	    (warc_get(r, PF_FETCH_ERROR) || warc_get(r, PF_CLEAN_ERROR) ||
	    warc_get(r, PF_FETCH_STATUS) || warc_get(r, PF_CLEAN_SKIPPED)))
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
	return http_payload(c, r, h, d, why, whylen);
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

/* One record; -1 only when output failed. */
static int
clean_record(struct cleaner *c, struct warc_record *r, char *err,
    size_t errlen)
{
	struct http_response h = { 0 };
	struct document d;
	char why[PITH_ERRLEN] = "", name[17];
	int rc = 0;

	document_init(&d);
	switch (classify(c, r, &h, &d, why, sizeof why)) {
	case V_SKIP:
		c->skipped++;
		rc = output_skipped(c, r, d.uri, why, err, errlen);
		break;
	case V_PASS:
		if (c->format == OUT_WARC)
			rc = warc_write(c->warc, r, err, errlen);
		break;
	case V_FAIL:
		goto failed;
	case V_CLEAN:
		if (clean_document(c, &d, why, sizeof why) < 0)
			goto failed;
		record_name(&d, name);
		rc = output_document(c, &d, r, name, err, errlen);
		c->cleaned += rc == 0;
		break;
	}
	goto out;
failed:
	msg_warnx("%s: %s", d.name, why);
	c->failed++;
	rc = output_failure(c, r, d.uri, why, err, errlen);
out:
	http_response_free(&h);
	document_free(&d);
	return rc;
}

long
clean_one_record(struct cleaner *c, struct warc_record *r, char *err,
    size_t errlen)
{
	long failed = c->failed;

	if (clean_record(c, r, err, errlen) < 0)
		return -1;
	return c->failed - failed;
}

long
clean_records(struct cleaner *c, struct warc_reader *w, const char *name,
    char *err, size_t errlen)
{
	struct warc_record r;
	char why[PITH_ERRLEN];
	long failed = c->failed;
	int rc;

	if (c->jobs > 1)
		return clean_records_jobs(c, w, name, err, errlen);
	warc_record_init(&r);
	while ((rc = warc_read(w, &r, why, sizeof why)) != 0) {
		if (rc < 0) {
			msg_warnx("%s: %s", name, why);
			c->failed++;
			continue;
		}
		if (clean_record(c, &r, err, errlen) < 0) {
			failed = -1;
			break;
		}
	}
	warc_record_free(&r);
	return failed < 0 ? -1 : c->failed - failed;
}
