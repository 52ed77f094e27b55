/*
 * catalog_schema.c: an output folder's catalog.sqlite, its tables and
 * their version, in one place.  store makes and migrates it here and
 * writes its rows (store/catalog.c).
 */
#include <sqlite3.h>
#include <stdio.h>

#include "pith.h"

/* Version 1: documents, runs, validators; 2: runs.not_modified,
 * runs.disallowed; 3: runs.skipped, documents.truncated.  Tables added
 * without a version (repeated_lines in 2, source_uris in 3) come in with
 * IF NOT EXISTS: an older catalog has none until store next opens it. */
static const char schema[] =
    "CREATE TABLE IF NOT EXISTS documents ("
    " doc_id TEXT PRIMARY KEY, uri TEXT NOT NULL, capture_time TEXT,"
    " raw_digest TEXT, text_digest TEXT NOT NULL, archive TEXT NOT NULL,"
    " member TEXT, title TEXT, run_id TEXT NOT NULL,"
    " previous TEXT REFERENCES documents(doc_id), truncated TEXT);"
    "CREATE INDEX IF NOT EXISTS documents_text ON documents(text_digest);"
    "CREATE INDEX IF NOT EXISTS documents_uri ON documents(uri, capture_time);"
    "CREATE TABLE IF NOT EXISTS runs ("
    " id TEXT PRIMARY KEY, started TEXT, finished TEXT, read INTEGER,"
    " stored INTEGER, duplicate INTEGER, failed INTEGER, exit_status INTEGER,"
    " not_modified INTEGER, disallowed INTEGER, skipped INTEGER);"
    "CREATE TABLE IF NOT EXISTS validators ("
    " uri TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, fetched TEXT);"
    "CREATE TABLE IF NOT EXISTS repeated_lines (key INTEGER PRIMARY KEY);"
    /* The URL asked for, of a document that came through redirects, so
     * that --get finds it by either.  A table of its own, not a column:
     * no migration, and a catalog from before simply has none. */
    "CREATE TABLE IF NOT EXISTS source_uris ("
    " doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id),"
    " uri TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS source_uris_uri ON source_uris(uri);";

/* From version N to N + 1, at migrations[N]. */
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
