/*
 * local.c: files and folders.
 *
 * A file is one document (".gz" content is inflated: page.html.gz is one
 * page), unless its name says archive or WARC.  A folder is walked
 * recursively in byte order of names, so two runs give the same stream;
 * hidden names are skipped; symbolic links are followed, except into a
 * folder that is already being walked above them (a loop).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ingest.h"

/* The folders being walked, innermost first: a loop revisits one. */
struct walk {
	dev_t dev;
	ino_t ino;
	const struct walk *up;
};

int
is_archive_name(const char *path)
{
	static const char *const suffixes[] = {
		".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".zip",
	};
	size_t i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (has_suffix(path, suffixes[i]))
			return 1;
	return 0;
}

int
is_warc_name(const char *path)
{
	return has_suffix(path, ".warc") || has_suffix(path, ".warc.gz");
}

static void
document_add(struct ingest *in, const char *path, const char *abspath,
    const struct stat *st)
{
	struct buf doc;
	char *uri;
	int rc;

	buf_init(&doc);
	rc = (size_t)st->st_size > in->max_size && !has_suffix(path, ".gz") ?
	    -2 : read_file_max(path, &doc, in->max_size);
	if (rc == -1)
		item_failed(in, path, "%s", strerror(errno));
	else if (rc == -2)
		item_failed(in, path, "larger than max-size (%zu bytes), "
		    "skipped", in->max_size);
	else if (rc == -3)
		item_failed(in, path, "corrupt gzip data, skipped");
	else {
		uri = file_uri(abspath, NULL);
		emit_resource(in, uri, &doc, st->st_mtime);
		free(uri);
	}
	buf_free(&doc);
}

static void
file_add(struct ingest *in, const char *path, const char *abspath,
    const struct stat *st)
{
	if (is_warc_name(path))
		warc_passthrough(in, path);
	else if (is_archive_name(path))
		archive_add(in, path, abspath);
	else
		document_add(in, path, abspath, st);
}

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

static void walk_path(struct ingest *, const char *, const char *,
    const struct walk *);

static void
walk_dir(struct ingest *in, const char *path, const char *abspath,
    const struct stat *st, const struct walk *up)
{
	struct walk here = { st->st_dev, st->st_ino, up };
	struct dirent **names;
	struct buf child, childabs;
	const struct walk *w;
	int i, n;

	for (w = up; w != NULL; w = w->up)
		if (w->dev == st->st_dev && w->ino == st->st_ino) {
			msg_warnx("%s: a link back to a folder above it, "
			    "not followed", path);
			return;
		}
	if ((n = scandir(path, &names, not_hidden, by_name)) < 0) {
		item_failed(in, path, "%s", strerror(errno));
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
		walk_path(in, child.data, childabs.data, &here);
		free(names[i]);
	}
	free(names);
	buf_free(&child);
	buf_free(&childabs);
}

static void
walk_path(struct ingest *in, const char *path, const char *abspath,
    const struct walk *up)
{
	struct stat st;

	if (stat(path, &st) < 0)
		item_failed(in, path, "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		walk_dir(in, path, abspath, &st, up);
	else if (S_ISREG(st.st_mode))
		file_add(in, path, abspath, &st);
	else if (up == NULL)
		item_failed(in, path, "not a file or folder");
	else
		msg_warnx("%s: not a regular file, skipped", path);
}

void
local_add(struct ingest *in, const char *path)
{
	char abspath[PATH_MAX];

	if (realpath(path, abspath) == NULL) {
		item_failed(in, path, "%s", strerror(errno));
		return;
	}
	walk_path(in, path, abspath, NULL);
}
