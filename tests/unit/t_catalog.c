/*
 * t_catalog: the catalog's schema and its readers (lib/catalog_schema.c):
 * a new catalog, an old one migrated, one newer refused; the readers of
 * validators and repeated lines on each kind of catalog, and what they
 * say when they cannot read it.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith.h"
#include "tap.h"

static char top[] = "/tmp/t_catalog.XXXXXX";

/* top/name, made, holding catalog.sqlite after sql (NULL: no catalog;
 * "": an empty file); owned. */
static char *
folder(const char *name, const char *sql)
{
	struct buf dir, path;
	sqlite3 *db;
	FILE *fp;

	buf_init(&dir);
	buf_init(&path);
	buf_printf(&dir, "%s/%s", top, name);
	make_dirs(dir.data);
	buf_printf(&path, "%s/" CATALOG_FILE, dir.data);
	if (sql != NULL && *sql == '\0' && (fp = fopen(path.data, "w")) != NULL)
		fclose(fp);
	else if (sql != NULL && sqlite3_open(path.data, &db) == SQLITE_OK) {
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			printf("# %s: %s\n", name, sqlite3_errmsg(db));
		sqlite3_close(db);
	}
	buf_free(&path);
	return buf_steal(&dir);
}

/* A catalog made by catalog_schema_apply, then sql. */
static char *
store_folder(const char *name, const char *sql)
{
	char *dir = folder(name, "SELECT 1"), err[PITH_ERRLEN] = "";
	struct buf path;
	sqlite3 *db;

	buf_init(&path);
	buf_printf(&path, "%s/" CATALOG_FILE, dir);
	if (sqlite3_open(path.data, &db) != SQLITE_OK ||
	    catalog_schema_apply(db, err, sizeof err) < 0 ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# %s: %s %s\n", name, err, sqlite3_errmsg(db));
	sqlite3_close(db);
	buf_free(&path);
	return dir;
}

/* Column 0 of sql's first row on dir's catalog, as an int; -1: none. */
static int
int_of(const char *dir, const char *sql)
{
	struct buf path;
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int v = -1;

	buf_init(&path);
	buf_printf(&path, "%s/" CATALOG_FILE, dir);
	if (sqlite3_open(path.data, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	buf_free(&path);
	return v;
}

/* What the validators reader says of dir: "" when it opened, else err;
 * *opened says whether it has a reader. */
static const char *
open_says(const char *dir, int repeated, int *opened)
{
	static char err[PITH_ERRLEN];
	struct validators_reader *v = NULL;
	struct repeated_reader *k = NULL;
	int rc;

	err[0] = '\0';
	rc = repeated ? catalog_repeated_open(dir, &k, err, sizeof err) :
	    catalog_validators_open(dir, &v, err, sizeof err);
	*opened = v != NULL || k != NULL;
	if (rc == 0 && err[0] != '\0')
		snprintf(err, sizeof err, "0 with a message");
	if (rc < 0 && *opened)
		snprintf(err, sizeof err, "-1 with a reader");
	catalog_validators_free(v);
	catalog_repeated_free(k);
	return err;
}

/* "DIR/catalog.sqlite: " + rest, for the messages; static. */
static const char *
said(const char *dir, const char *rest)
{
	static char want[1024];

	snprintf(want, sizeof want, "%s/" CATALOG_FILE ": %s", dir, rest);
	return want;
}

static void
test_new(void)
{
	char *dir = store_folder("new", "INSERT INTO validators VALUES"
	    " ('http://a.example/it''s', '\"e1\"', '', '2026-01-01');"
	    "INSERT INTO repeated_lines VALUES (42);");
	struct validators_reader *v;
	struct repeated_reader *k;
	char err[PITH_ERRLEN] = "", *etag, *lm;

	ok(int_of(dir, "PRAGMA user_version") == CATALOG_SCHEMA,
	    "a new catalog has the schema version");
	ok(int_of(dir, "SELECT count(*) FROM sqlite_master WHERE type='table'"
	    " AND name IN ('documents', 'runs', 'validators',"
	    " 'repeated_lines', 'source_uris')") == 5, "and every table");
	ok(catalog_validators_open(dir, &v, err, sizeof err) == 0 && v != NULL,
	    "validators: opened");
	catalog_validators_get(v, "http://a.example/it's", &etag, &lm);
	is_str(etag, "\"e1\"", "validators: the ETag of a URI with a quote");
	ok(lm == NULL, "validators: an empty Last-Modified is none");
	free(etag);
	free(lm);
	catalog_validators_get(v, "http://b.example/", &etag, &lm);
	ok(etag == NULL && lm == NULL, "validators: none for another URI");
	catalog_validators_free(v);
	catalog_validators_get(NULL, "http://a.example/", &etag, &lm);
	ok(etag == NULL && lm == NULL, "validators: a NULL reader has none");
	ok(catalog_repeated_open(dir, &k, err, sizeof err) == 0 && k != NULL,
	    "repeated lines: opened");
	ok(catalog_repeated_has(k, 42) && !catalog_repeated_has(k, 43),
	    "repeated lines: the key kept, not another");
	ok(!catalog_repeated_has(NULL, 42), "repeated lines: a NULL reader");
	catalog_repeated_free(k);
	free(dir);
}

/* A catalog of schema 1 (tests/old_catalog.py's tables, cut short):
 * validators, no repeated_lines. */
static const char v1[] = "CREATE TABLE documents (doc_id TEXT PRIMARY KEY,"
    " uri TEXT NOT NULL, capture_time TEXT, raw_digest TEXT,"
    " text_digest TEXT NOT NULL, archive TEXT NOT NULL, member TEXT,"
    " title TEXT, run_id TEXT NOT NULL, previous TEXT);"
    "CREATE TABLE runs (id TEXT PRIMARY KEY, started TEXT, finished TEXT,"
    " read INTEGER, stored INTEGER, duplicate INTEGER, failed INTEGER,"
    " exit_status INTEGER);"
    "CREATE TABLE validators (uri TEXT PRIMARY KEY, etag TEXT,"
    " last_modified TEXT, fetched TEXT);"
    "INSERT INTO validators VALUES ('http://old.example/', '\"o\"', NULL,"
    " NULL);"
    "PRAGMA user_version=1;";

static void
test_readers(void)
{
	char *none = folder("none", NULL), *empty = folder("empty", "");
	char *old = folder("old", v1), *junk = folder("junk", NULL);
	char *newer = store_folder("newer", "PRAGMA user_version=5");
	char *renamed = store_folder("renamed", "ALTER TABLE validators"
	    " RENAME TO fetch_validators");
	char *bare = folder("bare", "CREATE TABLE validators (uri TEXT)");
	char want[PITH_ERRLEN], path[PITH_ERRLEN];
	int opened;
	FILE *fp;

	snprintf(path, sizeof path, "%s/" CATALOG_FILE, junk);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("not a database, not at all, but long enough to be read "
		    "as one: SQLite wants a 100-byte header before it says so."
		    "...........................................", fp);
		fclose(fp);
	}
	is_str(open_says(none, 0, &opened), "", "no catalog: nothing said");
	ok(!opened, "no catalog: no reader");
	is_str(open_says(empty, 1, &opened), "", "an empty catalog (store "
	    "making it): nothing said");
	ok(!opened, "an empty catalog: no reader");
	is_str(open_says(old, 0, &opened), "", "schema 1: its validators");
	ok(opened, "schema 1: read as it is");
	is_str(open_says(old, 1, &opened), said(old, "schema version 1, from "
	    "before the repeated_lines table (store's next run adds it)"),
	    "schema 1: no repeated lines, said");
	snprintf(want, sizeof want, "schema version 5, newer than this "
	    "program reads (%d)", CATALOG_SCHEMA);
	is_str(open_says(newer, 0, &opened), said(newer, want),
	    "a newer schema: said");
	is_str(open_says(newer, 1, &opened), said(newer, want),
	    "a newer schema: said by both readers");
	is_str(open_says(renamed, 0, &opened), said(renamed, "schema version "
	    "4 but no validators table (not as store made it)"),
	    "a renamed table: said");
	is_str(open_says(renamed, 1, &opened), "",
	    "a renamed table: the other reader is not concerned");
	is_str(open_says(bare, 0, &opened), said(bare, "no schema version "
	    "(user_version 0): not a catalog store made"),
	    "no schema version: said");
	is_str(open_says(junk, 0, &opened), said(junk,
	    "file is not a database"), "not a database: SQLite's word");
	ok(!opened, "and no reader");
	free(none);
	free(empty);
	free(old);
	free(junk);
	free(newer);
	free(renamed);
	free(bare);
}

static void
test_apply(void)
{
	char *old = folder("migrate", v1), *newer;
	char err[PITH_ERRLEN] = "", path[PITH_ERRLEN];
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/" CATALOG_FILE, old);
	ok(sqlite3_open(path, &db) == SQLITE_OK &&
	    catalog_schema_apply(db, err, sizeof err) == 0,
	    "schema 1: brought up to date");
	sqlite3_close(db);
	ok(int_of(old, "PRAGMA user_version") == CATALOG_SCHEMA,
	    "schema 1: now of this version");
	ok(int_of(old, "SELECT count(*) FROM validators") == 1,
	    "schema 1: its rows kept");
	ok(int_of(old, "SELECT count(skipped) + count(not_modified) FROM runs")
	    == 0, "schema 1: the runs' new columns");
	newer = store_folder("too-new", "PRAGMA user_version=9");
	snprintf(path, sizeof path, "%s/" CATALOG_FILE, newer);
	ok(sqlite3_open(path, &db) == SQLITE_OK &&
	    catalog_schema_apply(db, err, sizeof err) < 0,
	    "a newer schema: refused");
	sqlite3_close(db);
	is_str(err, "catalog.sqlite: schema version 9 is newer than this "
	    "store (4)", "a newer schema: said");
	ok(int_of(newer, "PRAGMA user_version") == 9, "and left as it is");
	ok(catalog_error(NULL, "open", err, sizeof err) == -1, "catalog_error "
	    "returns -1");
	is_str(err, "catalog.sqlite: open: out of memory", "no handle");
	free(old);
	free(newer);
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(top) == NULL)
		return 2;
	test_new();
	test_readers();
	test_apply();
	snprintf(cmd, sizeof cmd, "rm -rf %s", top);
	if (system(cmd) != 0)
		return 2;
	return done();
}
