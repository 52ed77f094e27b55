/*
 * walk.c: the files under a folder, as ingest, clean and the sharding
 * driver read one.  A folder is walked recursively in byte order of
 * names, so two runs give the same stream; hidden names are skipped;
 * symbolic links are followed, except into a folder that is already being
 * walked above them (a loop).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pith.h"

/* The folders being walked, innermost first: a loop revisits one. */
struct walk_up {
	dev_t dev;
	ino_t ino;
	const struct walk_up *up;
};

struct walk {
	walk_fn *fn;
	void *arg;
	size_t top_len;		/* of the operand: rel follows it */
};

static int
not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Byte order, not the locale's collation: the same stream everywhere. */
static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Tell the caller about path. */
static int
report(const struct walk *w, enum walk_kind kind, const char *path,
    const char *abspath, const struct stat *st, const char *why)
{
	const char *rel = path + w->top_len;
	struct walk_item it = { kind, path, abspath, rel + (*rel == '/'), st,
	    why, w->top_len == strlen(path) };

	return w->fn(w->arg, &it);
}

static void walk_path(const struct walk *, const char *, const char *,
    const struct walk_up *);

static void
walk_dir(const struct walk *w, const char *path, const char *abspath,
    const struct stat *st, const struct walk_up *up)
{
	struct walk_up here = { st->st_dev, st->st_ino, up };
	struct dirent **names;
	struct buf child, childabs;
	const struct walk_up *u;
	int i, n;

	for (u = up; u != NULL; u = u->up)
		if (u->dev == st->st_dev && u->ino == st->st_ino) {
			report(w, WALK_SKIPPED, path, abspath, st, "a link back "
			    "to a folder above it, not followed");
			return;
		}
	if (report(w, WALK_DIR, path, abspath, st, NULL) != 0)
		return;
	if ((n = scandir(path, &names, not_hidden, by_name)) < 0) {
		report(w, WALK_FAILED, path, abspath, NULL, strerror(errno));
		return;
	}
	buf_init(&child);
	buf_init(&childabs);
	for (i = 0; i < n; i++) {
		buf_reset(&child);
		buf_reset(&childabs);
		buf_printf(&child, "%s%s%s", path,
		    has_suffix(path, "/") ? "" : "/", names[i]->d_name);
		buf_printf(&childabs, "%s%s%s", abspath,
		    has_suffix(abspath, "/") ? "" : "/", names[i]->d_name);
		walk_path(w, child.data, childabs.data, &here);
		free(names[i]);
	}
	free(names);
	buf_free(&child);
	buf_free(&childabs);
}

static void
walk_path(const struct walk *w, const char *path, const char *abspath,
    const struct walk_up *up)
{
	struct stat st;

	if (stat(path, &st) < 0)
		report(w, WALK_FAILED, path, abspath, NULL, strerror(errno));
	else if (S_ISDIR(st.st_mode))
		walk_dir(w, path, abspath, &st, up);
	else if (S_ISREG(st.st_mode))
		report(w, WALK_FILE, path, abspath, &st, NULL);
	else if (up == NULL)
		report(w, WALK_FAILED, path, abspath, &st,
		    "not a file or folder");
	else
		report(w, WALK_SKIPPED, path, abspath, &st,
		    "not a regular file, skipped");
}

void
walk_tree(const char *path, walk_fn *fn, void *arg)
{
	struct walk w = { fn, arg, strlen(path) };
	char abspath[PATH_MAX];

	if (realpath(path, abspath) == NULL)
		report(&w, WALK_FAILED, path, path, NULL, strerror(errno));
	else
		walk_path(&w, path, abspath, NULL);
}
