/*
 * catalog_schema.c: an output folder's catalog.sqlite, its tables and
 * their version, in one place.  store makes and migrates it here and
 * writes its rows (store/catalog.c); the stages before store read it
 * through the typed readers here, never by SQL of their own: ingest the
 * validators of earlier fetches (conditional GET), clean the lines found
 * repeated in earlier runs.
 *
 * A reader opens the catalog read-only while store may be writing it
 * (WAL: readers see the last commit).  No catalog yet, or an empty one
 * store is making at that moment, has nothing to read.  Anything else the
 * reader cannot use (not a database, a newer schema, its table missing or
 * not of its shape) is an error naming the file and what is wrong, so that
 * a renamed table cannot turn conditional GET off without a word.
 */
#include <sys/stat.h>

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"

/* Version 1: documents, runs, validators; 2: runs.not_modified,
 * runs.disallowed; 3: runs.skipped, documents.truncated; 4: runs.filtered,
 * runs.near_duplicate, documents.language.  Tables added
 * without a version (repeated_lines in 2, source_uris in 3) come in with
 * IF NOT EXISTS: an older catalog has none until store next opens it. */
static const char schema[] =
    "CREATE TABLE IF NOT EXISTS documents ("
    " doc_id TEXT PRIMARY KEY, uri TEXT NOT NULL, capture_time TEXT,"
    " raw_digest TEXT, text_digest TEXT NOT NULL, archive TEXT NOT NULL,"
    " member TEXT, title TEXT, run_id TEXT NOT NULL,"
    " previous TEXT REFERENCES documents(doc_id), truncated TEXT,"
    " language TEXT);"
    "CREATE INDEX IF NOT EXISTS documents_text ON documents(text_digest);"
    "CREATE INDEX IF NOT EXISTS documents_uri ON documents(uri, capture_time);"
    "CREATE TABLE IF NOT EXISTS runs ("
    " id TEXT PRIMARY KEY, started TEXT, finished TEXT, read INTEGER,"
    " stored INTEGER, duplicate INTEGER, failed INTEGER, exit_status INTEGER,"
    " not_modified INTEGER, disallowed INTEGER, skipped INTEGER,"
    " filtered INTEGER, near_duplicate INTEGER);"
    "CREATE TABLE IF NOT EXISTS validators ("
    " uri TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, fetched TEXT);"
    "CREATE TABLE IF NOT EXISTS repeated_lines (key INTEGER PRIMARY KEY);"
    /* The URL asked for, of a document that came through redirects, so
     * that --get finds it by either.  A table of its own, not a column:
     * no migration, and a catalog from before simply has none. */
    "CREATE TABLE IF NOT EXISTS source_uris ("
    " doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id),"
    " uri TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS source_uris_uri ON source_uris(uri);"
    /* Near-duplicates (minhash.c): each stored text's signature, its
     * index keys, and the earlier text a text is near.  Tables of their
     * own, as above: a catalog from before has none, and its older texts
     * are not found near anything. */
    "CREATE TABLE IF NOT EXISTS fingerprints ("
    " doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id),"
    " minhash BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS fingerprint_keys ("
    " key INTEGER NOT NULL, doc_id TEXT NOT NULL,"
    " PRIMARY KEY (key, doc_id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS near_duplicates ("
    " doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id),"
    " near_duplicate_of TEXT NOT NULL REFERENCES documents(doc_id),"
    " similarity REAL NOT NULL);";

/* From version N to N + 1, at migrations[N].  None may change the tables
 * the readers below read (validators, repeated_lines): they read those of
 * an older catalog as they are, while store migrates it. */
static const char *const migrations[CATALOG_SCHEMA] = {
	[1] =	/* the runs counted no 304s and no robots.txt refusals */
	    "BEGIN IMMEDIATE;"
	    "ALTER TABLE runs ADD COLUMN not_modified INTEGER;"
	    "ALTER TABLE runs ADD COLUMN disallowed INTEGER;"
	    "PRAGMA user_version=2;"
	    "COMMIT;",
	[2] =	/* no records skipped as no pages, no truncated captures */
	    "BEGIN IMMEDIATE;"
	    "ALTER TABLE runs ADD COLUMN skipped INTEGER;"
	    "ALTER TABLE documents ADD COLUMN truncated TEXT;"
	    "PRAGMA user_version=3;"
	    "COMMIT;",
	[3] =	/* no documents filtered out by language, no language kept,
		   no near-duplicates counted */
	    "BEGIN IMMEDIATE;"
	    "ALTER TABLE runs ADD COLUMN filtered INTEGER;"
	    "ALTER TABLE runs ADD COLUMN near_duplicate INTEGER;"
	    "ALTER TABLE documents ADD COLUMN language TEXT;"
	    "PRAGMA user_version=4;"
	    "COMMIT;",
};

int
catalog_error(struct sqlite3 *db, const char *what, char *err, size_t errlen)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;

	/* SQLite's lock on the file is not pith's .lock: whoever holds it
	 * is not a pith run, and waiting for the next one will not help.
	 * A file that is not a database is not store's to replace. */
	snprintf(err, errlen, CATALOG_FILE ": %s: %s%s", what,
	    db ? sqlite3_errmsg(db) : "out of memory",
	    code == SQLITE_BUSY ? " (by another program, not a pith run)" :
	    code == SQLITE_NOTADB ? ": " CATALOG_NOT_OURS : "");
	return -1;
}

/* db's user_version, or -1 when it cannot be read. */
static int
schema_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int version = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return version;
}

/* An older catalog brought up to CATALOG_SCHEMA, a step at a time: 0,
 * or -1 with err, that step rolled back. */
static int
migrate(sqlite3 *db, int version, char *err, size_t errlen)
{
	char what[64];

	for (; version >= 1 && version < CATALOG_SCHEMA; version++)
		if (sqlite3_exec(db, migrations[version], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			snprintf(what, sizeof what, "migrating schema %d to %d",
			    version, version + 1);
			catalog_error(db, what, err, errlen);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	return 0;
}

int
catalog_schema_apply(struct sqlite3 *db, char *err, size_t errlen)
{
	int version;
	char sql[64];

	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL;", NULL, NULL, NULL) != SQLITE_OK)
		return catalog_error(db, "pragmas", err, errlen);
	if ((version = schema_version(db)) > CATALOG_SCHEMA) {
		snprintf(err, errlen, CATALOG_FILE ": schema version %d is "
		    "newer than this store (%d)", version, CATALOG_SCHEMA);
		return -1;
	}
	if (migrate(db, version, err, errlen) < 0)
		return -1;
	/* Tables added since a catalog was made come in with IF NOT EXISTS;
	 * all in one transaction, which writes (and syncs) only if it must. */
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d;COMMIT",
	    CATALOG_SCHEMA);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK || sqlite3_exec(db, schema, NULL, NULL, NULL) !=
	    SQLITE_OK || sqlite3_exec(db, version == CATALOG_SCHEMA ?
	    "COMMIT" : sql, NULL, NULL, NULL) != SQLITE_OK) {
		catalog_error(db, "schema", err, errlen);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* ---- the readers ---- */

/* What one reader reads: a table and the one query it asks of it. */
struct query {
	const char *table;
	const char *sql;	/* bound parameters only */
};

static const struct query validators_query = { "validators",
    "SELECT etag, last_modified FROM validators WHERE uri=?" };
static const struct query repeated_query = { "repeated_lines",
    "SELECT 1 FROM repeated_lines WHERE key=?" };

/* An open catalog and the prepared query of one reader. */
struct reader {
	sqlite3 *db;
	sqlite3_stmt *st;
};

struct validators_reader {
	struct reader r;
};

struct repeated_reader {
	struct reader r;
};

/* Whether db, open on path, can answer q: 1 yes, 0 nothing to read (an
 * empty catalog: a first run's store is making it), -1 with err.  The
 * version and the tables are read in one statement, so from one commit
 * of a store making or migrating the catalog at the same time. */
static int
check_schema(sqlite3 *db, const char *path, const struct query *q,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int version = 0, tables = 0, has = 0, rc;

	rc = sqlite3_prepare_v2(db, "SELECT"
	    " (SELECT user_version FROM pragma_user_version),"
	    " (SELECT count(*) FROM sqlite_master),"
	    " (SELECT count(*) FROM sqlite_master WHERE type='table'"
	    " AND name=?)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, q->table, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			version = sqlite3_column_int(st, 0);
			tables = sqlite3_column_int(st, 1);
			has = sqlite3_column_int(st, 2);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
	else if (version == 0 && tables == 0)
		return 0;
	else if (version == 0)
		snprintf(err, errlen, "%s: no schema version (user_version 0): "
		    "not a catalog store made", path);
	else if (version > CATALOG_SCHEMA)
		snprintf(err, errlen, "%s: schema version %d, newer than this "
		    "program reads (%d)", path, version, CATALOG_SCHEMA);
	else if (!has && version < CATALOG_SCHEMA)
		snprintf(err, errlen, "%s: schema version %d, from before the "
		    "%s table (store's next run adds it)", path, version,
		    q->table);
	else if (!has)
		snprintf(err, errlen, "%s: schema version %d but no %s table "
		    "(not as store made it)", path, version, q->table);
	else
		return 1;
	return -1;
}

/* Open dir's catalog read-only and prepare q in r: 0 with r->st, or
 * with r->st NULL when there is nothing to read; -1 with err. */
static int
reader_open(struct reader *r, const char *dir, const struct query *q,
    char *err, size_t errlen)
{
	struct buf path;
	struct stat sb;
	int rc = 0;

	buf_init(&path);
	buf_printf(&path, "%s/" CATALOG_FILE, dir);
	if (stat(path.data, &sb) < 0 && errno == ENOENT)
		goto out;		/* a first run */
	if (sqlite3_open_v2(path.data, &r->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path.data, r->db ?
		    sqlite3_errmsg(r->db) : "out of memory");
		rc = -1;
		goto out;
	}
	sqlite3_busy_timeout(r->db, 5000);
	if ((rc = check_schema(r->db, path.data, q, err, errlen)) == 1 &&
	    sqlite3_prepare_v2(r->db, q->sql, -1, &r->st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path.data,
		    sqlite3_errmsg(r->db));
		rc = -1;
	}
out:
	if (rc <= 0) {
		sqlite3_finalize(r->st);
		sqlite3_close(r->db);
		r->db = NULL;
		r->st = NULL;
	}
	buf_free(&path);
	return rc < 0 ? -1 : 0;
}

/* Finalize r's query and close its catalog; r itself is the caller's. */
static void
reader_close(struct reader *r)
{
	sqlite3_finalize(r->st);
	sqlite3_close(r->db);
}

int
catalog_validators_open(const char *dir, struct validators_reader **out,
    char *err, size_t errlen)
{
	struct validators_reader v = { { NULL, NULL } };
	int rc = reader_open(&v.r, dir, &validators_query, err, errlen);

	*out = v.r.st != NULL ? memcpy(xmalloc(sizeof v), &v, sizeof v) : NULL;
	return rc;
}

/* Column i of the current row, owned, or NULL when empty. */
static char *
column(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL && *s != '\0' ? xstrdup((const char *)s) : NULL;
}

void
catalog_validators_get(struct validators_reader *v, const char *uri,
    char **etag, char **last_modified)
{
	sqlite3_stmt *st;

	*etag = *last_modified = NULL;
	if (v == NULL)
		return;
	st = v->r.st;
	sqlite3_bind_text(st, 1, uri, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*etag = column(st, 0);
		*last_modified = column(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

void
catalog_validators_free(struct validators_reader *v)
{
	if (v == NULL)
		return;
	reader_close(&v->r);
	free(v);
}

int
catalog_repeated_open(const char *dir, struct repeated_reader **out,
    char *err, size_t errlen)
{
	struct repeated_reader k = { { NULL, NULL } };
	int rc = reader_open(&k.r, dir, &repeated_query, err, errlen);

	*out = k.r.st != NULL ? memcpy(xmalloc(sizeof k), &k, sizeof k) : NULL;
	return rc;
}

int
catalog_repeated_has(struct repeated_reader *k, uint64_t key)
{
	int found;

	if (k == NULL)
		return 0;
	sqlite3_bind_int64(k->r.st, 1, (sqlite3_int64)key);
	found = sqlite3_step(k->r.st) == SQLITE_ROW;
	sqlite3_reset(k->r.st);
	return found;
}

void
catalog_repeated_free(struct repeated_reader *k)
{
	if (k == NULL)
		return;
	reader_close(&k->r);
	free(k);
}
