/*
 * catalog.c: DIR/catalog.sqlite, what every run stored, and DIR/.lock,
 * so that one run at a time writes the folder.  A run's rows go in one
 * transaction, committed only after its archive is renamed into place
 * and fsynced: the catalog never names an archive that is not complete,
 * and a killed run leaves no rows, so the next run stores its documents.
 * The tables and their version are lib/catalog_schema.c's; this is
 * store's side of them: its rows, its transactions, its lock.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

#define STATEMENTS 20	/* prepared statements kept for the run */

struct catalog {
	sqlite3 *db;
	int lock_fd;
	int in_txn;
	struct {
		const char *sql;	/* a string literal */
		sqlite3_stmt *st;
	} kept[STATEMENTS];
};

/* err from c's last failure, at what (catalog_error); returns -1. */
static int
db_fail(struct catalog *c, const char *what, char *err, size_t errlen)
{
	return catalog_error(c->db, what, err, errlen);
}

/* The runs' archives in dir: how many. */
static size_t
count_archives(const char *dir)
{
	char **names;
	size_t i, n = archive_list(dir, &names);

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n;
}

/* SQLite takes an empty file for a new database: an emptied catalog (a
 * copy cut short, a file system's repair) would start the history again
 * without a word.  Refused while archives it described are there; in a
 * folder without any it is a first run's, killed as it made the file. */
static int
check_not_emptied(const char *dir, const char *path, char *err,
    size_t errlen)
{
	struct stat st;
	size_t n;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > 0 ||
	    (n = count_archives(dir)) == 0)
		return 0;
	snprintf(err, errlen, "catalog.sqlite: empty (0 bytes) while the "
	    "folder holds %zu archive%s: " CATALOG_NOT_OURS, n,
	    n == 1 ? "" : "s");
	return -1;
}

struct catalog *
catalog_open(const char *dir, int lock_fd, char *err, size_t errlen)
{
	struct catalog *c = xcalloc(1, sizeof *c);
	int write = lock_fd >= 0;
	struct buf path;

	c->lock_fd = lock_fd;
	buf_init(&path);
	buf_printf(&path, "%s/" CATALOG_FILE, dir);
	if (check_not_emptied(dir, path.data, err, errlen) < 0)
		goto fail;
	if (sqlite3_open_v2(path.data, &c->db, write ? SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		db_fail(c, "open", err, errlen);
		goto fail;
	}
	sqlite3_busy_timeout(c->db, 5000);
	if (write && (catalog_schema_apply(c->db, err, errlen) < 0 ||
	    sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)) {
		if (err[0] == '\0')
			db_fail(c, "begin", err, errlen);
		goto fail;
	}
	c->in_txn = write;
	buf_free(&path);
	return c;
fail:
	buf_free(&path);
	catalog_free(c);
	return NULL;
}

void
catalog_free(struct catalog *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < STATEMENTS; i++)
		sqlite3_finalize(c->kept[i].st);
	if (c->in_txn)
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(c->db);
	if (c->lock_fd >= 0)
		close(c->lock_fd);
	free(c);
}

sqlite3 *
catalog_db(struct catalog *c)
{
	return c->db;
}

void
catalog_sweep(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (fnmatch(".pith-*.tmp", e->d_name, FNM_PERIOD) == 0 &&
		    (keep == NULL || strcmp(e->d_name, keep) != 0))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

/* The statement of sql (a string literal), prepared once a run: store
 * runs the same few for every record, and parsing them anew each time
 * was a tenth of its work.  *kept is 0 when the caller must finalize it
 * (more statements than places to keep them). */
static sqlite3_stmt *
statement(struct catalog *c, const char *sql, int *kept)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < STATEMENTS && c->kept[i].sql != NULL; i++)
		if (c->kept[i].sql == sql || strcmp(c->kept[i].sql, sql) == 0) {
			*kept = 1;
			return c->kept[i].st;
		}
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	if ((*kept = i < STATEMENTS)) {
		c->kept[i].sql = sql;
		c->kept[i].st = st;
	}
	return st;
}

/* A statement done with: kept for the next time, or finalized. */
static void
done_with(sqlite3_stmt *st, int kept)
{
	if (kept) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else
		sqlite3_finalize(st);
}

/* Run sql with text parameters (NULL binds NULL).  SQLITE_DONE or
 * SQLITE_ROW from the first step; *out gets column 0 of a row (owned). */
static int
run_sql(struct catalog *c, const char *sql, const char **params, int n,
    char **out)
{
	sqlite3_stmt *st;
	int i, rc, kept;

	if ((st = statement(c, sql, &kept)) == NULL)
		return SQLITE_ERROR;
	for (i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out != NULL && sqlite3_column_text(st, 0))
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	done_with(st, kept);
	return rc;
}

int
catalog_has_text(struct catalog *c, const char *text_digest)
{
	const char *p[] = { text_digest };

	return run_sql(c, "SELECT 1 FROM documents WHERE text_digest=?",
	    p, 1, NULL) == SQLITE_ROW;
}

int
catalog_add(struct catalog *c, const struct catalog_doc *d, char *err,
    size_t errlen)
{
	const char *q[] = { d->uri };
	char *previous = NULL;
	int rc;

	run_sql(c, "SELECT doc_id FROM documents WHERE uri=? "
	    "ORDER BY capture_time DESC, rowid DESC LIMIT 1", q, 1, &previous);
	{
		const char *p[] = { d->doc_id, d->uri, d->capture_time,
		    d->raw_digest, d->text_digest, d->archive, d->member,
		    d->title, d->run_id ? d->run_id : d->archive, previous,
		    d->truncated, d->language };

		rc = run_sql(c, "INSERT OR IGNORE INTO documents (doc_id, uri,"
		    " capture_time, raw_digest, text_digest, archive, member,"
		    " title, run_id, previous, truncated, language)"
		    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", p, 12, NULL);
	}
	free(previous);
	if (rc == SQLITE_DONE && d->source_uri != NULL &&
	    strcmp(d->source_uri, d->uri) != 0) {
		const char *s[] = { d->doc_id, d->source_uri };

		rc = run_sql(c, "INSERT OR IGNORE INTO source_uris (doc_id, uri)"
		    " VALUES (?,?)", s, 2, NULL);
	}
	if (rc != SQLITE_DONE)
		return db_fail(c, "insert", err, errlen);
	return 0;
}

/* The signature of doc_id, into m; 0 when it has none. */
static int
signature_of(struct catalog *c, const char *doc_id, struct minhash *m)
{
	sqlite3_stmt *st;
	int kept, found = 0;

	if ((st = statement(c, "SELECT minhash FROM fingerprints WHERE "
	    "doc_id=?", &kept)) == NULL)
		return 0;
	sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == (int)sizeof m->h) {
		memcpy(m->h, sqlite3_column_blob(st, 0), sizeof m->h);
		found = 1;
	}
	done_with(st, kept);
	return found;
}

double
catalog_near(struct catalog *c, const struct minhash *m,
    char near[DOC_ID_LEN])
{
	uint64_t keys[MINHASH_BANDS];
	struct minhash other;
	sqlite3_stmt *st;
	double best = 0, s;
	int b, kept;
	char id[DOC_ID_LEN];

	near[0] = '\0';
	minhash_bands(m, keys);
	for (b = 0; b < MINHASH_BANDS; b++) {
		if ((st = statement(c, "SELECT doc_id FROM fingerprint_keys "
		    "WHERE key=?", &kept)) == NULL)
			return 0;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)keys[b]);
		while (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(id, sizeof id, "%s",
			    (const char *)sqlite3_column_text(st, 0));
			if (strcmp(id, near) == 0)
				continue;	/* seen in an earlier band */
			/* a statement of its own: st is still stepping */
			if (!signature_of(c, id, &other))
				continue;
			if ((s = minhash_similarity(m, &other)) > best) {
				best = s;
				memcpy(near, id, DOC_ID_LEN);
			}
		}
		done_with(st, kept);
	}
	return best;
}

int
catalog_fingerprint(struct catalog *c, const char *doc_id,
    const struct minhash *m, const char *near, double similarity,
    char *err, size_t errlen)
{
	uint64_t keys[MINHASH_BANDS];
	sqlite3_stmt *st;
	int b, kept, rc;

	if ((st = statement(c, "INSERT OR IGNORE INTO fingerprints "
	    "(doc_id, minhash) VALUES (?,?)", &kept)) == NULL)
		return db_fail(c, "insert", err, errlen);
	sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, m->h, (int)sizeof m->h, SQLITE_STATIC);
	rc = sqlite3_step(st);
	done_with(st, kept);
	minhash_bands(m, keys);
	for (b = 0; rc == SQLITE_DONE && b < MINHASH_BANDS; b++) {
		if ((st = statement(c, "INSERT OR IGNORE INTO fingerprint_keys "
		    "(key, doc_id) VALUES (?,?)", &kept)) == NULL)
			return db_fail(c, "insert", err, errlen);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)keys[b]);
		sqlite3_bind_text(st, 2, doc_id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		done_with(st, kept);
	}
	if (rc == SQLITE_DONE && near != NULL) {
		if ((st = statement(c, "INSERT OR IGNORE INTO near_duplicates "
		    "(doc_id, near_duplicate_of, similarity) VALUES (?,?,?)",
		    &kept)) == NULL)
			return db_fail(c, "insert", err, errlen);
		sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, near, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, similarity);
		rc = sqlite3_step(st);
		done_with(st, kept);
	}
	if (rc != SQLITE_DONE)
		return db_fail(c, "insert", err, errlen);
	return 0;
}

int
catalog_validators(struct catalog *c, const char *uri, const char *etag,
    const char *last_modified, const char *fetched, int keep, char *err,
    size_t errlen)
{
	const char *p[] = { uri, etag, last_modified, fetched };

	if (run_sql(c, keep ?
	    "INSERT INTO validators (uri, etag, last_modified, fetched)"
	    " VALUES (?,?,?,?) ON CONFLICT(uri) DO UPDATE SET"
	    " etag=coalesce(excluded.etag, etag),"
	    " last_modified=coalesce(excluded.last_modified, last_modified),"
	    " fetched=excluded.fetched" :
	    "INSERT OR REPLACE INTO validators (uri, etag, last_modified,"
	    " fetched) VALUES (?,?,?,?)", p, 4, NULL) != SQLITE_DONE)
		return db_fail(c, "validators", err, errlen);
	return 0;
}

int
catalog_repeated(struct catalog *c, const char *keys, size_t len, char *err,
    size_t errlen)
{
	const char *p = keys, *end = keys + len;
	sqlite3_stmt *st;
	char *stop;
	int rc = SQLITE_DONE, kept;

	if ((st = statement(c, "INSERT OR IGNORE INTO repeated_lines (key)"
	    " VALUES (?)", &kept)) == NULL)
		return db_fail(c, "repeated lines", err, errlen);
	while (p < end && rc == SQLITE_DONE) {
		unsigned long long key = strtoull(p, &stop, 16);

		if (stop > p && stop <= end) {
			sqlite3_bind_int64(st, 1, (sqlite3_int64)key);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
		}
		p = memchr(stop, '\n', (size_t)(end - stop));
		p = p ? p + 1 : end;
	}
	done_with(st, kept);
	if (rc != SQLITE_DONE)
		return db_fail(c, "repeated lines", err, errlen);
	return 0;
}

int
catalog_knows(struct catalog *c, const char *archive)
{
	const char *p[] = { archive };

	/* runs.id is indexed: a run's id is its archive's name.  Rows that
	 * name it without a run (merged, or older) are looked for only when
	 * that fails: an orphan, or nearly. */
	return run_sql(c, "SELECT 1 FROM runs WHERE id=?", p, 1, NULL) ==
	    SQLITE_ROW || run_sql(c, "SELECT 1 FROM documents WHERE archive=?",
	    p, 1, NULL) == SQLITE_ROW;
}

/* The run's row.  status NULL: an adopted archive's, whose run's start,
 * failures and exit status are not known (NULL). */
static int
note_run(struct catalog *c, const char *run_id, const char *started,
    time_t finished, const struct counts *n, const char *status)
{
	char end[32], num[9][24];
	const char *p[] = { run_id, started, end, num[0], num[1], num[2],
	    status ? num[3] : NULL, status, status ? num[4] : NULL,
	    status ? num[5] : NULL, status ? num[6] : NULL,
	    status ? num[7] : NULL, status ? num[8] : NULL };

	format_utc(finished, end);
	snprintf(num[0], sizeof num[0], "%ld", n->read);
	snprintf(num[1], sizeof num[1], "%ld", n->stored);
	snprintf(num[2], sizeof num[2], "%ld", n->duplicate);
	snprintf(num[3], sizeof num[3], "%ld", n->failed);
	snprintf(num[4], sizeof num[4], "%ld", n->not_modified);
	snprintf(num[5], sizeof num[5], "%ld", n->disallowed);
	snprintf(num[6], sizeof num[6], "%ld", n->skipped);
	snprintf(num[7], sizeof num[7], "%ld", n->filtered);
	snprintf(num[8], sizeof num[8], "%ld", n->near_duplicate);
	return run_sql(c, "INSERT OR REPLACE INTO runs (id, started, finished,"
	    " read, stored, duplicate, failed, exit_status, not_modified,"
	    " disallowed, skipped, filtered, near_duplicate)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", p, 13, NULL) ==
	    SQLITE_DONE ? 0 : -1;
}

/* End the transaction (COMMIT or ROLLBACK) and begin the next. */
static int
restart(struct catalog *c, const char *end, char *err, size_t errlen)
{
	if (sqlite3_exec(c->db, end, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(c, end, err, errlen);
	c->in_txn = 0;
	if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_fail(c, "begin", err, errlen);
	c->in_txn = 1;
	return 0;
}

int
catalog_adopted(struct catalog *c, const char *archive, time_t written,
    const struct counts *n, char *err, size_t errlen)
{
	if (note_run(c, archive, NULL, written, n, NULL) < 0)
		return db_fail(c, "adopting", err, errlen);
	return restart(c, "COMMIT", err, errlen);
}

int
catalog_discard(struct catalog *c, char *err, size_t errlen)
{
	return restart(c, "ROLLBACK", err, errlen);
}

int
catalog_commit(struct catalog *c, const char *run_id, time_t started,
    const struct counts *n, int status, char *err, size_t errlen)
{
	char start[32], st[8];

	format_utc(started, start);
	snprintf(st, sizeof st, "%d", status);
	if (note_run(c, run_id, start, time(NULL), n, st) < 0 ||
	    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(c, "commit", err, errlen);
	c->in_txn = 0;
	return 0;
}
