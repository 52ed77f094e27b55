/*
 * catalog_ro.c: one query on an output folder's catalog.sqlite, opened
 * read-only, for the stages before store (ingest's validators, clean's
 * repeated lines).  store may write the catalog at the same time (WAL:
 * readers see the last committed state).  No catalog, or one whose table
 * store has not created yet, is not an error: there is nothing to read.
 */
#include <sys/stat.h>

#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include "pith.h"

int
catalog_query(const char *dir, const char *sql, struct sqlite3 **db,
    struct sqlite3_stmt **st, char *err, size_t errlen)
{
	char path[4096];
	struct stat sb;
	int rc;

	*db = NULL;
	*st = NULL;
	snprintf(path, sizeof path, "%s/catalog.sqlite", dir);
	if (stat(path, &sb) < 0 && errno == ENOENT)
		return 0;		/* a first run */
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(*db, 5000);
	rc = sqlite3_prepare_v2(*db, sql, -1, st, NULL);
	if (rc == SQLITE_ERROR && strstr(sqlite3_errmsg(*db),
	    "no such table") != NULL) {
		sqlite3_close(*db);	/* an older store, or one creating it */
		*db = NULL;
		return 0;
	}
	if (rc == SQLITE_OK)
		return 0;
fail:
	snprintf(err, errlen, "%s: %s", path, *db ? sqlite3_errmsg(*db) :
	    "out of memory");
	sqlite3_close(*db);
	*db = NULL;
	return -1;
}
