/*
 * adopt.c: archives the catalog does not name.  A run's archive is renamed
 * into place before its catalog rows commit, so a run killed between the
 * two, or whose commit failed (a full disk), leaves a complete archive
 * that no row names, and the next run would store its documents again.
 * Each run, under the lock and before its own rows, takes such archives
 * in: their rows are made from the archive itself (the ID.json members;
 * for warc.gz, its conversion records, as the run made them), each text
 * once, and the archive becomes a run of its own.  Adopted, not removed:
 * the archive is complete, and what it holds was stored.
 */
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "store.h"

#define PROVENANCE_MAX (1 << 20)	/* a larger ID.json is not ours */

/* A document into the catalog, unless its text is there.  0, or -2 with
 * err when the catalog cannot be written. */
static int
adopt_doc(struct catalog *c, const struct catalog_doc *d, struct counts *n,
    char *err, size_t errlen)
{
	n->read++;
	if (catalog_has_text(c, d->text_digest)) {
		n->duplicate++;
		return 0;
	}
	if (catalog_add(c, d, err, errlen) < 0)
		return -2;
	n->stored++;
	return 0;
}

static const char *
json_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* An ID.json member: the row its run made.  0, -1 with err (not a
 * provenance record), -2 with err. */
static int
adopt_provenance(struct catalog *c, const char *archive,
    const struct buf *json, struct counts *n, char *err, size_t errlen)
{
	json_t *p = json_loadb(json->data ? json->data : "", json->len, 0,
	    NULL);
	const char *uri = json_str(p, "final_uri");
	const char *body = json_str(p, "body");
	int f = body != NULL ? body_parse(body) : BODY_TEXT;
	char member[64];
	struct catalog_doc d = {
		.doc_id = json_str(p, "doc_id"), .uri = uri ? uri : "",
		.capture_time = json_str(p, "capture_time"),
		.raw_digest = json_str(p, "raw_digest"),
		.text_digest = json_str(p, "text_digest"),
		.title = json_str(json_object_get(p, "metadata"), "title"),
		.archive = archive, .member = member,
		.source_uri = json_str(p, "source_uri"),
		.truncated = json_str(p, "truncated"),
		.language = json_str(json_object_get(p, "metadata"),
		    "language"),
	};
	int rc = -1;

	if (d.doc_id != NULL && d.text_digest != NULL) {
		snprintf(member, sizeof member, "%s.%s", d.doc_id,
		    body_ext(f < 0 ? BODY_TEXT : (enum body_format)f));
		rc = adopt_doc(c, &d, n, err, errlen);
	} else
		snprintf(err, errlen, "a .json member without doc_id and "
		    "text_digest");
	json_decref(p);
	return rc;
}

/* DOCID.json: 20 hex digits. */
static int
is_provenance(const char *name)
{
	return strlen(name) == DOC_ID_LEN - 1 + 5 &&
	    strspn(name, "0123456789abcdef") == DOC_ID_LEN - 1 &&
	    strcmp(name + DOC_ID_LEN - 1, ".json") == 0;
}

/* The current member's data into out, PROVENANCE_MAX at most. */
static int
read_data(struct archive *a, struct buf *out, char *err, size_t errlen)
{
	char chunk[16384];
	la_ssize_t got;

	while ((got = archive_read_data(a, chunk, sizeof chunk)) > 0) {
		if (out->len + (size_t)got > PROVENANCE_MAX) {
			snprintf(err, errlen, "a .json member larger than %d "
			    "bytes", PROVENANCE_MAX);
			return -1;
		}
		buf_append(out, chunk, (size_t)got);
	}
	if (got < 0)
		snprintf(err, errlen, "%s", archive_error_string(a));
	return got < 0 ? -1 : 0;
}

/* The ID.json members of a tar or zip archive.  0, -1 with err (it
 * cannot be read), -2 with err (the catalog cannot be written). */
static int
adopt_members(struct catalog *c, const char *path, const char *archive,
    struct counts *n, char *err, size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct buf json;
	int rc = 0, next = ARCHIVE_FATAL;

	buf_init(&json);
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, path, 65536) == ARCHIVE_OK)
		while (rc == 0 &&
		    (next = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
			if (!is_provenance(archive_entry_pathname(e)))
				continue;
			json.len = 0;
			rc = read_data(a, &json, err, errlen);
			if (rc == 0)
				rc = adopt_provenance(c, archive, &json, n, err,
				    errlen);
		}
	if (rc == 0 && next != ARCHIVE_EOF) {
		snprintf(err, errlen, "%s", archive_error_string(a));
		rc = -1;
	}
	buf_free(&json);
	archive_read_free(a);
	return rc;
}

/* The documents' conversion records of a warc.gz archive (not their
 * comments parts), catalogued as records.c does.  0, -1, -2 with err. */
static int
adopt_records(struct catalog *c, const char *path, const char *archive,
    struct counts *n, char *err, size_t errlen)
{
	char digest[DIGEST_SHA1_LEN], id[DOC_ID_LEN], why[PITH_ERRLEN];
	struct warc_reader *w;
	struct warc_record r;
	struct catalog_doc d;
	const char *type;
	int fd, rc = 0, more;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	w = warc_reader_new(fd, archive, (size_t)1 << 30);
	warc_record_init(&r);
	while (rc == 0 && (more = warc_read(w, &r, why, sizeof why)) > 0) {
		type = warc_get(&r, "WARC-Type");
		if (type != NULL && strcasecmp(type, "conversion") == 0 &&
		    warc_get(&r, PF_PART) == NULL) {
			digest_sha1_b32(r.block.data ? r.block.data : "",
			    r.block.len, digest);
			doc_id(&r, digest, id);
			doc_row(&r, id, digest, archive, NULL, &d);
			rc = adopt_doc(c, &d, n, err, errlen);
		}
		warc_record_reset(&r);
	}
	if (rc == 0 && more < 0) {
		snprintf(err, errlen, "%s", why);
		rc = -1;
	}
	warc_record_free(&r);
	warc_reader_free(w);
	close(fd);
	return rc;
}

static int
is_warc(const char *name)
{
	size_t n = strlen(name);

	return n > 8 && strcmp(name + n - 8, ".warc.gz") == 0;
}

/* One archive no row names: adopted and committed, or said and left
 * (nothing of it kept).  0, or -1 with err when the catalog fails. */
static int
adopt_one(struct catalog *c, const char *dir, const char *name, char *err,
    size_t errlen)
{
	struct counts n = { 0 };
	char path[PATH_MAX], why[PITH_ERRLEN] = "";
	struct stat st;
	int rc = -1;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (stat(path, &st) < 0)
		snprintf(why, sizeof why, "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(why, sizeof why, "not a file");
	else if (is_warc(name))
		rc = adopt_records(c, path, name, &n, why, sizeof why);
	else
		rc = adopt_members(c, path, name, &n, why, sizeof why);
	if (rc == 0 && n.read == 0) {
		snprintf(why, sizeof why, "it holds no documents");
		rc = -1;
	}
	if (rc == -2) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (rc < 0) {
		msg_warnx("%s: not in the catalog, and cannot be read: %s: left as "
		    "it is", path, why);
		return catalog_discard(c, err, errlen);
	}
	if (catalog_adopted(c, name, st.st_mtime, &n, err, errlen) < 0)
		return -1;
	msg_warnx("%s: adopted %ld document%s the catalog did not name%s", path,
	    n.stored, n.stored == 1 ? "" : "s", n.duplicate > 0 ? " (the "
	    "others are catalogued from another archive)" : "");
	return 0;
}

int
adopt_archives(struct catalog *c, const char *dir, char *err, size_t errlen)
{
	char **names;
	size_t i, n = archive_list(dir, &names);
	int rc = 0;

	for (i = 0; i < n; i++) {
		if (rc == 0 && !catalog_knows(c, names[i]))
			rc = adopt_one(c, dir, names[i], err, errlen);
		free(names[i]);
	}
	free(names);
	return rc;
}
