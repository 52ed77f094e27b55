/*
 * validators.c: the ETag and Last-Modified of each URL's last successful
 * fetch, read from an output folder's catalog.sqlite (store writes them),
 * so that a rerun asks "only if changed" (RFC 9110 §13).
 *
 * The catalog is opened read-only, and may be written by store at the
 * same time (WAL: readers see the last committed state).  No catalog, or
 * one store has not yet given its tables, means no validators.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest.h"

struct validators {
	sqlite3 *db;
	sqlite3_stmt *get;	/* SELECT etag, last_modified ... uri=? */
};

static const char get_sql[] =
    "SELECT etag, last_modified FROM validators WHERE uri=?";

/* A failure to read the catalog: said in err, and the handle closed. */
static int
give_up(struct validators *v, const char *path, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", path, v->db ? sqlite3_errmsg(v->db) :
	    "out of memory");
	sqlite3_close(v->db);
	v->db = NULL;
	return -1;
}

int
validators_open(struct validators **out, const char *dir, char *err,
    size_t errlen)
{
	struct validators *v = xcalloc(1, sizeof *v);
	struct stat sb;
	char path[4096];
	int rc;

	*out = v;
	snprintf(path, sizeof path, "%s/catalog.sqlite", dir);
	if (stat(path, &sb) < 0 && errno == ENOENT)
		return 0;		/* a first run */
	if (sqlite3_open_v2(path, &v->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return give_up(v, path, err, errlen);
	sqlite3_busy_timeout(v->db, 5000);
	rc = sqlite3_prepare_v2(v->db, get_sql, -1, &v->get, NULL);
	if (rc == SQLITE_ERROR && strstr(sqlite3_errmsg(v->db),
	    "no such table") != NULL) {
		sqlite3_close(v->db);	/* store is creating it right now */
		v->db = NULL;
		return 0;
	}
	if (rc != SQLITE_OK)
		return give_up(v, path, err, errlen);
	return 0;
}

/* Column i of the current row, owned, or NULL when empty. */
static char *
column(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL && *s != '\0' ? xstrdup((const char *)s) : NULL;
}

void
validators_get(struct validators *v, const char *uri, char **etag,
    char **last_modified)
{
	*etag = *last_modified = NULL;
	if (v == NULL || v->get == NULL)
		return;
	sqlite3_bind_text(v->get, 1, uri, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(v->get) == SQLITE_ROW) {
		*etag = column(v->get, 0);
		*last_modified = column(v->get, 1);
	}
	sqlite3_reset(v->get);
	sqlite3_clear_bindings(v->get);
}

void
validators_free(struct validators *v)
{
	if (v == NULL)
		return;
	sqlite3_finalize(v->get);
	sqlite3_close(v->db);
	free(v);
}
