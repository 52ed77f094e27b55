/*
 * local.c: files and folders.
 *
 * A file is one document (".gz" content is inflated: page.html.gz is one
 * page), unless its name says archive or WARC.  A folder is walked as
 * walk_tree does (lib/walk.c): recursively, in byte order of names,
 * hidden names skipped, symbolic links followed but not in a loop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ingest.h"

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

/* One thing the walk met; folders are all walked. */
static int
walked(void *arg, const struct walk_item *it)
{
	struct ingest *in = arg;

	if (it->kind == WALK_FILE)
		file_add(in, it->path, it->abspath, it->st);
	else if (it->kind == WALK_FAILED)
		item_failed(in, it->path, "%s", it->why);
	else if (it->kind == WALK_SKIPPED)
		msg_warnx("%s: %s", it->path, it->why);
	return 0;
}

void
local_add(struct ingest *in, const char *path)
{
	walk_tree(path, walked, in);
}
