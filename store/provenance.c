/*
 * provenance.c: where a stored document came from, as JSON.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

void
doc_id(const struct warc_record *r, const char *text_digest, char out[21])
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

static void
put_str(json_t *o, const char *key, const char *value)
{
	if (value != NULL && *value != '\0')
		json_object_set_new(o, key, json_string(value));
}

static void
put_num(json_t *o, const char *key, const char *value)
{
	long long n;

	if (value != NULL && parse_num(value, 0, (long long)1 << 53, 0, &n) == 0)
		json_object_set_new(o, key, json_integer(n));
}

/* The article's metadata, as clean found it. */
static json_t *
metadata(const struct warc_record *r)
{
	static const struct { const char *json, *field; } map[] = {
		{ "title", PF_TITLE }, { "author", PF_AUTHOR },
		{ "published", PF_PUBDATE }, { "site_name", PF_SITE },
		{ "language", PF_LANGUAGE }, { "canonical_url", PF_CANONICAL },
		{ "description", PF_DESCRIPTION },
	};
	json_t *m = json_object();
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		put_str(m, map[i].json, warc_get(r, map[i].field));
	return m;
}

char *
provenance_json(const struct warc_record *r, const char *id,
    const char *text_digest, const char *archive)
{
	const char *target = warc_get(r, "WARC-Target-URI");
	const char *source = warc_get(r, PF_SOURCE_URI);
	json_t *o = json_object();
	char *s;

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
	json_object_set_new(o, "metadata", metadata(r));
	put_num(o, "bytes_in", warc_get(r, PF_SRC_BYTES));
	json_object_set_new(o, "bytes_out", json_integer((json_int_t)r->block.len));
	put_str(o, "stored_by", "pith-store/" PITH_VERSION);
	put_str(o, "archive", archive);
	s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

char *
manifest_doc(const struct warc_record *r, const char *id,
    const char *text_digest, int comments)
{
	json_t *o = json_object(), *files = json_array();
	char name[64];
	char *s;

	put_str(o, "doc_id", id);
	put_str(o, "uri", warc_get(r, "WARC-Target-URI"));
	put_str(o, "capture_time", warc_get(r, "WARC-Date"));
	put_str(o, "title", warc_get(r, PF_TITLE));
	put_str(o, "text_digest", text_digest);
	snprintf(name, sizeof name, "%s.txt", id);
	json_array_append_new(files, json_string(name));
	snprintf(name, sizeof name, "%s.json", id);
	json_array_append_new(files, json_string(name));
	if (comments) {
		snprintf(name, sizeof name, "%s.comments.txt", id);
		json_array_append_new(files, json_string(name));
	}
	json_object_set_new(o, "files", files);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

char *
manifest_failure(const struct warc_record *r, const char *stage,
    const char *why)
{
	json_t *o = json_object();
	char *s;

	put_str(o, "uri", warc_get(r, "WARC-Target-URI"));
	put_str(o, "capture_time", warc_get(r, "WARC-Date"));
	put_str(o, "stage", stage);
	put_str(o, "error", why);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}
