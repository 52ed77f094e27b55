/*
 * find.c: finding documents again.  --list prints the catalog; --get
 * reads the latest text of a URL back from the archive the catalog names
 * (tar and zip members through libarchive, warc.gz records through
 * warc_reader), so what it prints is what is stored, not a copy.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? (const char *)s : "";
}

/* One line of --list: the columns tab-separated, each escaped (URIs and
 * titles come from pages), so that a tab or a line end in one cannot add
 * a column or a row, nor an ESC reach the terminal. */
static void
list_row(sqlite3_stmt *st, struct buf *line)
{
	const char *v;
	int i;

	buf_reset(line);
	for (i = 0; i < 4; i++) {
		if (i > 0)
			buf_putc(line, '\t');
		v = col(st, i);
		str_escape(line, v, (size_t)sqlite3_column_bytes(st, i),
		    ESCAPE_BACKSLASH);
	}
	buf_putc(line, '\n');
	fwrite(line->data, 1, line->len, stdout);
}

/* dir's catalog, read-only; NULL with err naming dir.  A folder or a
 * catalog that is not there is said so, not as SQLite's "unable to open
 * database file". */
static struct catalog *
open_catalog(const char *dir, char *err, size_t errlen)
{
	char why[PITH_ERRLEN] = "";
	struct catalog *c = NULL;
	struct stat st;
	struct buf path;

	buf_init(&path);
	buf_printf(&path, "%s/catalog.sqlite", dir);
	if (stat(dir, &st) < 0 && errno == ENOENT)
		snprintf(err, errlen, "%s: no such folder", dir);
	else if (stat(path.data, &st) < 0 && errno == ENOENT)
		snprintf(err, errlen, "%s: no catalog.sqlite: nothing is "
		    "stored here", dir);
	else if ((c = catalog_open(dir, -1, why, sizeof why)) == NULL)
		snprintf(err, errlen, "%s: %s", dir, why);
	buf_free(&path);
	return c;
}

int
find_list(const char *dir, char *err, size_t errlen)
{
	struct catalog *c = open_catalog(dir, err, errlen);
	sqlite3_stmt *st = NULL;
	struct buf line;
	int rc = -1;

	if (c == NULL)
		return -1;
	buf_init(&line);
	if (sqlite3_prepare_v2(catalog_db(c), "SELECT doc_id, capture_time,"
	    " uri, title FROM documents ORDER BY capture_time, uri, doc_id",
	    -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "catalog.sqlite: %s",
		    sqlite3_errmsg(catalog_db(c)));
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW)
		list_row(st, &line);
	rc = 0;
out:
	buf_free(&line);
	sqlite3_finalize(st);
	catalog_free(c);
	return rc;
}

/* Member name from a tar or zip archive into out.  0, or -1 with err. */
static int
read_member(const char *path, const char *name, struct buf *out, char *err,
    size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char chunk[65536];
	la_ssize_t n;
	int rc = -1;

	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK)
		goto fail;
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(e), name) != 0)
			continue;
		while ((n = archive_read_data(a, chunk, sizeof chunk)) > 0)
			buf_append(out, chunk, (size_t)n);
		if (n < 0)
			goto fail;
		rc = 0;
		goto out;
	}
	snprintf(err, errlen, "%s: %s: no such member", path, name);
	goto out;
fail:
	snprintf(err, errlen, "%s: %s", path, archive_error_string(a));
out:
	archive_read_free(a);
	return rc;
}

/* The conversion record of uri whose text has this digest. */
static int
read_record(const char *path, const char *uri, const char *digest,
    struct buf *out, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct warc_reader *w;
	struct warc_record r;
	char got[DIGEST_SHA1_LEN];
	const char *u;
	int rc = -1, more;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	w = warc_reader_new(fd, path, (size_t)1 << 30);
	warc_record_init(&r);
	while ((more = warc_read(w, &r, err, errlen)) != 0) {
		if (more < 0)
			break;
		u = warc_get(&r, "WARC-Target-URI");
		digest_sha1_b32(r.block.data ? r.block.data : "", r.block.len,
		    got);
		if (u != NULL && strcmp(u, uri) == 0 &&
		    strcmp(got, digest) == 0) {
			buf_append(out, r.block.data, r.block.len);
			rc = 0;
			break;
		}
		warc_record_reset(&r);
	}
	if (more == 0)
		snprintf(err, errlen, "%s: %s: no such record", path, uri);
	warc_record_free(&r);
	warc_reader_free(w);
	close(fd);
	return rc;
}

/* The latest document of a URL, by its final URI or the one asked for
 * before redirects; the second for a catalog from before source_uris. */
static const char *const select_latest[] = {
	"SELECT archive, member, text_digest, uri FROM documents"
	" WHERE uri=?1 OR doc_id IN (SELECT doc_id FROM source_uris"
	" WHERE uri=?1) ORDER BY capture_time DESC, rowid DESC LIMIT 1",
	"SELECT archive, member, text_digest, uri FROM documents"
	" WHERE uri=?1 ORDER BY capture_time DESC, rowid DESC LIMIT 1",
};

/* Where the latest version of a URL is; strings owned. */
struct latest {
	char *archive, *member, *text_digest;
	char *uri;		/* its final URI (a record's WARC-Target-URI) */
};

/* The latest version of uri into l: 1, 0 when there is none, -1. */
static int
latest(struct catalog *c, const char *uri, struct latest *l)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(catalog_db(c), select_latest[0], -1, &st,
	    NULL) != SQLITE_OK && sqlite3_prepare_v2(catalog_db(c),
	    select_latest[1], -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, uri, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*l = (struct latest){ xstrdup(col(st, 0)), xstrdup(col(st, 1)),
		    xstrdup(col(st, 2)), xstrdup(col(st, 3)) };
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

int
find_get(const char *dir, const char *uri, char *err, size_t errlen)
{
	struct catalog *c = open_catalog(dir, err, errlen);
	struct latest l = { NULL, NULL, NULL, NULL };
	struct buf path, text;
	int rc = -1, found;

	if (c == NULL)
		return -1;
	buf_init(&path);
	buf_init(&text);
	found = latest(c, uri, &l);
	if (found <= 0) {
		snprintf(err, errlen, "%s: not in the catalog", uri);
		rc = found == 0 ? 1 : -1;
		goto out;
	}
	buf_printf(&path, "%s%s%s", l.archive[0] == '/' ? "" : dir,
	    l.archive[0] == '/' ? "" : "/", l.archive);
	if ((l.member[0] != '\0' ? read_member(path.data, l.member, &text,
	    err, errlen) : read_record(path.data, l.uri, l.text_digest, &text,
	    err, errlen)) < 0)
		goto out;
	fwrite(text.data ? text.data : "", 1, text.len, stdout);
	rc = 0;
out:
	buf_free(&path);
	buf_free(&text);
	free(l.archive);
	free(l.member);
	free(l.text_digest);
	free(l.uri);
	catalog_free(c);
	return rc;
}
