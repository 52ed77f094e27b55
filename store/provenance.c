/*
 * provenance.c: where a stored document came from, as JSON: the ID.json
 * member and the lines of manifest.jsonl.  Keys are snake_case; absent
 * values are left out rather than written as null or "".
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

void
doc_id(const struct warc_record *r, const char *text_digest,
    char out[DOC_ID_LEN])
{
	const char *uri = warc_get(r, "WARC-Target-URI");
	const char *date = warc_get(r, "WARC-Date");
	char hex[DIGEST_SHA256_LEN];
	struct buf key;

	buf_init(&key);
	buf_puts(&key, uri ? uri : "");
	buf_putc(&key, '\0');
	buf_puts(&key, date ? date : "");
	buf_putc(&key, '\0');
	buf_puts(&key, text_digest);
	digest_sha256_hex(key.data, key.len, hex);
	memcpy(out, hex, 20);
	out[20] = '\0';
	buf_free(&key);
}

/* Length of the valid UTF-8 sequence at p, or 0. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	n = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 :
	    p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;		/* overlong, surrogate, past U+10FFFF */
	return n;
}

/* Header values are bytes; JSON wants UTF-8.  Bad bytes become U+FFFD
 * instead of the field going missing. */
static json_t *
json_string_lossy(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	json_t *j;
	struct buf b;
	size_t n;

	if ((j = json_string(s)) != NULL)
		return j;
	buf_init(&b);
	while (*p != '\0') {
		if ((n = utf8_len(p)) > 0)
			buf_append(&b, p, n);
		else
			buf_puts(&b, "\xef\xbf\xbd");
		p += n > 0 ? n : 1;
	}
	j = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return j;
}

static void
put_str(json_t *o, const char *key, const char *value)
{
	json_t *j;

	if (value != NULL && *value != '\0' &&
	    (j = json_string_lossy(value)) != NULL)
		json_object_set_new(o, key, j);
}

static void
put_num(json_t *o, const char *key, const char *value)
{
	long long n;

	if (value != NULL && parse_num(value, 0, (long long)1 << 53, 0, &n) == 0)
		json_object_set_new(o, key, json_integer(n));
}

/* A fraction from 0 to 1 ("0.97"), as a JSON number; not one, left out. */
static void
put_fraction(json_t *o, const char *key, const char *value)
{
	char *end;
	double d;

	if (value == NULL || *value == '\0')
		return;
	d = strtod(value, &end);
	if (*end == '\0' && d >= 0 && d <= 1)
		json_object_set_new(o, key, json_real(d));
}

/* The article's metadata, as clean found it: language is the text's,
 * identified, and declared_language what the page said. */
static json_t *
metadata(const struct warc_record *r)
{
	static const struct { const char *json, *field; } map[] = {
		{ "title", PF_TITLE }, { "author", PF_AUTHOR },
		{ "published", PF_PUBDATE }, { "site_name", PF_SITE },
		{ "language", PF_LANGUAGE }, { "canonical_url", PF_CANONICAL },
		{ "description", PF_DESCRIPTION },
		{ "declared_language", PF_DECLARED_LANG },
	};
	json_t *m = json_object();
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		put_str(m, map[i].json, warc_get(r, map[i].field));
	put_fraction(m, "language_confidence", warc_get(r,
	    PF_LANG_CONFIDENCE));
	return m;
}

json_t *
provenance(const struct warc_record *r, const char *id,
    const char *text_digest, const char *archive)
{
	const char *target = warc_get(r, "WARC-Target-URI");
	const char *source = warc_get(r, PF_SOURCE_URI);
	enum body_format f;
	json_t *o = json_object();

	put_str(o, "doc_id", id);
	put_str(o, "source_uri", source ? source : target);
	put_str(o, "final_uri", target);
	put_str(o, "capture_time", warc_get(r, "WARC-Date"));
	put_num(o, "http_status", warc_get(r, PF_HTTP_STATUS));
	put_str(o, "content_type", warc_get(r, PF_SRC_TYPE));
	put_str(o, "charset_declared", warc_get(r, PF_CHARSET_DECL));
	put_str(o, "charset_detected", warc_get(r, PF_CHARSET_DET));
	put_str(o, "raw_digest", warc_get(r, PF_SRC_DIGEST));
	put_str(o, "text_digest", text_digest);
	put_str(o, "source_record_id", warc_get(r, "WARC-Refers-To"));
	put_str(o, "conversion_record_id", warc_get(r, "WARC-Record-ID"));
	put_str(o, "cleaner", warc_get(r, PF_CLEANER));
	put_str(o, "settings_digest", warc_get(r, PF_SETTINGS));
	put_str(o, "mode", warc_get(r, PF_MODE));
	f = body_of_type(warc_get(r, "Content-Type"));
	if (f != BODY_TEXT)		/* the member is ID.md or ID.html */
		put_str(o, "body", body_name(f));
	json_object_set_new(o, "metadata", metadata(r));
	put_num(o, "bytes_in", warc_get(r, PF_SRC_BYTES));
	put_str(o, "truncated", warc_get(r, PF_SRC_TRUNCATED));
	json_object_set_new(o, "bytes_out", json_integer((json_int_t)r->block.len));
	put_str(o, "stored_by", "pith-store/" PITH_VERSION);
	put_str(o, "archive", archive);
	return o;
}

json_t *
manifest_doc(const struct warc_record *r, const char *id,
    const char *text_digest)
{
	json_t *o = json_object();

	put_str(o, "doc_id", id);
	put_str(o, "uri", warc_get(r, "WARC-Target-URI"));
	put_str(o, "capture_time", warc_get(r, "WARC-Date"));
	put_str(o, "title", warc_get(r, PF_TITLE));
	put_str(o, "text_digest", text_digest);
	put_str(o, "record_id", warc_get(r, "WARC-Record-ID"));
	put_str(o, "truncated", warc_get(r, PF_SRC_TRUNCATED));
	return o;
}

json_t *
manifest_failure(const struct warc_record *r, const char *stage,
    const char *why)
{
	json_t *o = json_object();

	if (r != NULL) {
		put_str(o, "uri", warc_get(r, "WARC-Target-URI"));
		put_str(o, "capture_time", warc_get(r, "WARC-Date"));
		put_str(o, "record_id", warc_get(r, "WARC-Record-ID"));
	}
	put_str(o, "stage", stage);
	put_str(o, "error", why);
	return o;
}

char *
json_pretty(const json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(4));
	size_t n;

	if (s == NULL)
		abort();		/* out of memory, as xmalloc */
	n = strlen(s);
	s = xrealloc(s, n + 2);
	memcpy(s + n, "\n", 2);
	return s;
}

void
doc_row(const struct warc_record *r, const char *id, const char *text_digest,
    const char *archive, const char *member, struct catalog_doc *d)
{
	const char *uri = warc_get(r, "WARC-Target-URI");

	*d = (struct catalog_doc){
		.doc_id = id, .text_digest = text_digest,
		.uri = uri != NULL ? uri : "",
		.capture_time = warc_get(r, "WARC-Date"),
		.raw_digest = warc_get(r, PF_SRC_DIGEST),
		.title = warc_get(r, PF_TITLE),
		.archive = archive, .member = member,
		.source_uri = warc_get(r, PF_SOURCE_URI),
		.truncated = warc_get(r, PF_SRC_TRUNCATED),
		.language = warc_get(r, PF_LANGUAGE),
	};
}
