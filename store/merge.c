/*
 * merge.c: store --merge, the catalogs of shards into one.  Each shard
 * ran as its own output folder (its archives and catalog); the merged
 * catalog gets a row for every document whose text it does not hold yet,
 * naming the shard's archive in place, so nothing is copied and a second
 * merge of the same shards adds nothing.
 */
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"

/* How the merged catalog in dir names files of src: "shard-0-of-4/" when
 * src is inside dir, else src's absolute path and "/" (real paths, so
 * "out/../out/shard-0-of-4" is inside too).  Owned, or NULL with err. */
static char *
archive_prefix(const char *dir, const char *src, char *err, size_t errlen)
{
	char top[PATH_MAX], in[PATH_MAX];
	struct buf p;
	size_t n;

	if (realpath(dir, top) == NULL || realpath(src, in) == NULL) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	n = strlen(top);
	buf_init(&p);
	if (strncmp(in, top, n) == 0 && in[n] == '/')
		buf_printf(&p, "%s/", in + n + 1);
	else if (strcmp(in, top) != 0)		/* dir itself: "" */
		buf_printf(&p, "%s/", in);
	return buf_steal(&p);
}

static const char *
text_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* One row of src's catalog into c, unless its text is there already. */
static int
merge_row(struct catalog *c, sqlite3_stmt *st, const char *prefix,
    struct counts *n, char *err, size_t errlen)
{
	const char *archive = text_col(st, 5);
	struct catalog_doc d = {
		.doc_id = text_col(st, 0), .uri = text_col(st, 1),
		.capture_time = text_col(st, 2), .raw_digest = text_col(st, 3),
		.text_digest = text_col(st, 4), .member = text_col(st, 6),
		.title = text_col(st, 7), .run_id = text_col(st, 8),
		.truncated = text_col(st, 9), .language = text_col(st, 10),
		.source_uri = text_col(st, 11),
	};
	struct buf path;
	int rc;

	n->read++;
	if (catalog_has_text(c, d.text_digest)) {
		n->duplicate++;
		return 0;
	}
	buf_init(&path);
	buf_printf(&path, "%s%s", archive[0] == '/' ? "" : prefix, archive);
	d.archive = path.data;
	if ((rc = catalog_add(c, &d, err, errlen)) == 0)
		n->stored++;
	buf_free(&path);
	return rc;
}

/* Every row of st into c, inside a savepoint: a shard read halfway adds
 * nothing, so the next merge takes it whole.  0, -1 (reading from failed),
 * -2 (writing c failed), with err. */
static int
copy_rows(struct catalog *c, struct catalog *from, sqlite3_stmt *st,
    const char *prefix, struct counts *n, char *err, size_t errlen)
{
	struct counts before = *n;
	int rc = 0, step = SQLITE_DONE;

	if (sqlite3_exec(catalog_db(c), "SAVEPOINT shard", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "catalog.sqlite: %s",
		    sqlite3_errmsg(catalog_db(c)));
		return -2;
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (merge_row(c, st, prefix, n, err, errlen) < 0)
			rc = -2;
	if (rc == 0 && step != SQLITE_DONE) {
		snprintf(err, errlen, "catalog.sqlite: %s",
		    sqlite3_errmsg(catalog_db(from)));
		rc = -1;
	}
	if (rc < 0) {
		sqlite3_exec(catalog_db(c), "ROLLBACK TO shard", NULL, NULL,
		    NULL);
		*n = before;
	}
	sqlite3_exec(catalog_db(c), "RELEASE shard", NULL, NULL, NULL);
	return rc;
}

/* The shard's repeated lines, for clean --catalog on the merged folder;
 * a shard catalog from before the table has none.  0, or -2 with err
 * when c cannot be written. */
static int
copy_repeated(struct catalog *c, struct catalog *from, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	struct buf keys;
	int rc = 0;

	if (sqlite3_prepare_v2(catalog_db(from), "SELECT key FROM"
	    " repeated_lines", -1, &st, NULL) != SQLITE_OK)
		return 0;
	buf_init(&keys);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&keys, "%016llx\n", (unsigned long long)
		    sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	if (keys.len > 0 && catalog_repeated(c, keys.data, keys.len, err,
	    errlen) < 0)
		rc = -2;
	buf_free(&keys);
	return rc;
}

/* doc_id is among c's documents. */
static int
has_document(struct catalog *c, const char *doc_id)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(catalog_db(c), "SELECT 1 FROM documents WHERE"
	    " doc_id=?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

/* The shard's fingerprints, and which of its texts are near-duplicates:
 * as the shard found them among its own, else as found now among the
 * shards merged before it.  A shard from before the tables has none.
 * 0, or -2 with err when c cannot be written. */
static int
copy_fingerprints(struct catalog *c, struct catalog *from, char *err,
    size_t errlen)
{
	char near[DOC_ID_LEN], id[DOC_ID_LEN];
	struct minhash m;
	sqlite3_stmt *st;
	double sim;
	int rc = 0;

	if (sqlite3_prepare_v2(catalog_db(from), "SELECT f.doc_id, f.minhash,"
	    " n.near_duplicate_of, n.similarity FROM fingerprints f"
	    " LEFT JOIN near_duplicates n USING (doc_id) ORDER BY f.rowid",
	    -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(id, sizeof id, "%s", text_col(st, 0));
		if (sqlite3_column_bytes(st, 1) != (int)sizeof m.h ||
		    !has_document(c, id))
			continue;
		memcpy(m.h, sqlite3_column_blob(st, 1), sizeof m.h);
		if (text_col(st, 2) != NULL) {
			snprintf(near, sizeof near, "%s", text_col(st, 2));
			sim = sqlite3_column_double(st, 3);
		} else if ((sim = catalog_near(c, &m, near)) < NEAR_MIN)
			near[0] = '\0';
		if (catalog_fingerprint(c, id, &m, near[0] ? near : NULL, sim,
		    err, errlen) < 0)
			rc = -2;
	}
	sqlite3_finalize(st);
	return rc;
}

/* A folder without a catalog: a shard with no sources, whose marker
 * (pipeline's DIR/shard-I-of-N/done) says "sources 0", merges as
 * nothing (1); anything else is not a shard's output, or not yet (0). */
static int
empty_shard(const char *src)
{
	struct buf path;
	char *line = NULL;
	size_t cap = 0;
	FILE *fp;
	int empty = 0;

	buf_init(&path);
	buf_printf(&path, "%s/done", src);
	if ((fp = fopen(path.data, "r")) != NULL) {
		while (!empty && getline(&line, &cap, fp) > 0)
			empty = strcmp(line, "sources 0\n") == 0;
		fclose(fp);
	}
	free(line);
	buf_free(&path);
	return empty;
}

/* src/catalog.sqlite is there (or cannot be told: catalog_open says). */
static int
has_catalog(const char *src)
{
	struct buf path;
	struct stat sb;
	int rc;

	buf_init(&path);
	buf_printf(&path, "%s/catalog.sqlite", src);
	rc = stat(path.data, &sb) == 0 || errno != ENOENT;
	buf_free(&path);
	return rc;
}

/* The shard's documents, oldest first, with the capture's truncation,
 * the text's language and the URL asked for; a catalog from before
 * source_uris (or before schema 3, which added truncated, or 4, which
 * added language) gives NULL for them.  0 with *st, or
 * -1. */
static int
select_documents(struct catalog *from, sqlite3_stmt **st)
{
	static const char *const source[] = {
		"s.uri FROM documents d LEFT JOIN source_uris s USING (doc_id)",
		"NULL FROM documents d",
	};
	/* columns of schema 4; 3 (no language); 2 (no truncated either) */
	static const char *const later[] = { "d.truncated, d.language",
	    "d.truncated, NULL", "NULL, NULL" };
	char sql[320];
	size_t i;

	for (i = 0; i < 6; i++) {
		snprintf(sql, sizeof sql, "SELECT d.doc_id, d.uri,"
		    " d.capture_time, d.raw_digest, d.text_digest, d.archive,"
		    " d.member, d.title, d.run_id, %s, %s"
		    " ORDER BY d.capture_time, d.rowid", later[i / 2],
		    source[i % 2]);
		if (sqlite3_prepare_v2(catalog_db(from), sql, -1, st, NULL) ==
		    SQLITE_OK)
			return 0;
	}
	return -1;
}

int
merge_catalog(struct catalog *c, const char *dir, const char *src,
    struct counts *n, char *err, size_t errlen)
{
	struct catalog *from;
	sqlite3_stmt *st = NULL;
	char *prefix;
	int rc = -1;

	if (!has_catalog(src)) {
		if (empty_shard(src))
			return 0;	/* nothing to merge */
		snprintf(err, errlen, "catalog.sqlite: none here: not a "
		    "shard's output, or a shard not run yet");
		return -1;
	}
	if ((prefix = archive_prefix(dir, src, err, errlen)) == NULL)
		return -1;
	if ((from = catalog_open(src, -1, err, errlen)) == NULL)
		goto out;
	if (select_documents(from, &st) == 0)
		rc = copy_rows(c, from, st, prefix, n, err, errlen);
	else
		snprintf(err, errlen, "catalog.sqlite: %s",
		    sqlite3_errmsg(catalog_db(from)));
	if (rc == 0)
		rc = copy_repeated(c, from, err, errlen);
	if (rc == 0)
		rc = copy_fingerprints(c, from, err, errlen);
out:
	sqlite3_finalize(st);
	catalog_free(from);
	free(prefix);
	return rc;
}
