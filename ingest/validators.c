/*
 * validators.c: the ETag and Last-Modified of each URL's last successful
 * fetch, read from an output folder's catalog.sqlite (store writes them),
 * so that a rerun asks "only if changed" (RFC 9110 §13).
 *
 * The catalog is opened read-only, and may be written by store at the
 * same time (WAL: readers see the last committed state).  No catalog, or
 * one store has not yet given its tables, means no validators.
 */
#include <sqlite3.h>
#include <stdlib.h>

#include "ingest.h"

struct validators {
	sqlite3 *db;
	sqlite3_stmt *get;	/* SELECT etag, last_modified ... uri=? */
};

static const char get_sql[] =
    "SELECT etag, last_modified FROM validators WHERE uri=?";

int
validators_open(struct validators **out, const char *dir, char *err,
    size_t errlen)
{
	struct validators *v = xcalloc(1, sizeof *v);

	*out = v;
	return catalog_query(dir, get_sql, &v->db, &v->get, err, errlen);
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
