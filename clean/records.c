/*
 * records.c: a WARC stream through clean.  Pages (response and resource
 * records) and text (conversion records, such as Common Crawl's WET) are
 * cleaned into conversion records; fetch failures and URLs not fetched
 * (not modified, disallowed) pass through so that store can count them;
 * everything else is skipped.
 */
#include <string.h>
#include <strings.h>

#include "clean.h"

/* HTTP payload types that are never a page: skipped quietly, as a crawl
 * holds many of them. */
static const char *not_documents[] = {
	"image/", "audio/", "video/", "font/", "text/css", "text/javascript",
	"application/javascript", "application/x-javascript", "application/json",
	"application/pdf", "application/zip", "application/font",
	"application/wasm",
};

static int
is_not_document(const char *type)
{
	size_t i;

	if (type == NULL)
		return 0;
	for (i = 0; i < sizeof not_documents / sizeof not_documents[0]; i++)
		if (strncasecmp(type, not_documents[i],
		    strlen(not_documents[i])) == 0)
			return 1;
	return 0;
}

enum verdict { V_CLEAN, V_SKIP, V_FAIL, V_PASS };

/* What to do with a record, and for pages, where the document is. */
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

static enum verdict
classify(const struct cleaner *c, struct warc_record *r,
    struct http_response *h, struct document *d, char *why, size_t whylen)
{
	const char *type = warc_get(r, "WARC-Type");
	const char *ct = warc_get(r, "Content-Type");

	if (type == NULL)
		return V_SKIP;
	d->uri = warc_get(r, "WARC-Target-URI");
	d->name = d->uri ? d->uri : "record";
	if (strcasecmp(type, "metadata") == 0)
		return warc_get(r, PF_FETCH_ERROR) || warc_get(r, PF_CLEAN_ERROR)
		    || warc_get(r, PF_FETCH_STATUS) ? V_PASS : V_SKIP;
	if (strcasecmp(type, "resource") == 0 ||
	    strcasecmp(type, "conversion") == 0) {
		if (warc_get(r, PF_PART) != NULL)
			return V_SKIP;		/* comments of a cleaned page */
		d->content_type = ct;
		d->data = r->block.data ? r->block.data : "";
		d->len = r->block.len;
		d->own = &r->block;
		take_block_digest(r, d);
		return is_not_document(ct) ? V_SKIP : V_CLEAN;
	}
	if (strcasecmp(type, "response") != 0)
		return V_SKIP;
	if (ct != NULL && strncasecmp(ct, "application/http", 16) != 0) {
		d->content_type = ct;
		d->data = r->block.data ? r->block.data : "";
		d->len = r->block.len;
		d->own = &r->block;
		take_block_digest(r, d);
		return V_CLEAN;
	}
	if (http_parse(r->block.data ? r->block.data : "", r->block.len,
	    c->max_size, h, why, whylen) < 0)
		return V_FAIL;
	if (h->status < 200 || (h->status >= 300 && h->status < 400))
		return V_SKIP;			/* redirects, not modified */
	if (h->status >= 400) {
		snprintf(why, whylen, "HTTP status %d", h->status);
		return V_FAIL;
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
	return is_not_document(d->content_type) ? V_SKIP : V_CLEAN;
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
		break;
	case V_PASS:
		if (c->format == OUT_WARC)
			rc = warc_write(c->warc, r, err, errlen);
		break;
	case V_FAIL:
		goto failed;
	case V_CLEAN:
		c->opts.url = d.uri;
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
	c->opts.url = NULL;
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
