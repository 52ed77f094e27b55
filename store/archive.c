/*
 * archive.c: one archive per run, never half-written under its final
 * name.  Members go to ".NAME.tmp" in the output folder; commit closes,
 * fsyncs, renames and fsyncs the folder.  tar.gz, tar.zst and zip are
 * libarchive's; warc.gz is our WARC writer, one gzip member per record.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

struct archive_out {
	char *dir, *format;
	char *name;			/* final file name, in dir */
	char *final_path, *tmp_path;
	int fd;				/* -1 until the first member */
	struct archive *a;		/* tar and zip */
	struct warc_writer *w;		/* warc.gz */
};

/* pith-20261123T120000Z-1234.tar.gz: sorts by time, unique per process. */
struct archive_out *
archive_out_new(const char *dir, const char *format)
{
	struct archive_out *o = xcalloc(1, sizeof *o);
	char stamp[21], compact[17];
	struct buf b;
	int i, j;

	format_utc(time(NULL), stamp);
	for (i = j = 0; stamp[i] != '\0'; i++)
		if (stamp[i] != '-' && stamp[i] != ':')
			compact[j++] = stamp[i];
	compact[j] = '\0';
	o->dir = xstrdup(dir);
	o->format = xstrdup(format);
	o->fd = -1;
	buf_init(&b);
	buf_printf(&b, "pith-%s-%ld.%s", compact, (long)getpid(), format);
	o->name = buf_steal(&b);
	buf_printf(&b, "%s/%s", dir, o->name);
	o->final_path = buf_steal(&b);
	buf_printf(&b, "%s/.%s.tmp", dir, o->name);
	o->tmp_path = buf_steal(&b);
	return o;
}

const char *
archive_out_name(struct archive_out *o)
{
	return o->name;
}

int
archive_out_is_warc(const struct archive_out *o)
{
	return strcmp(o->format, "warc.gz") == 0;
}

static int
set_format(struct archive_out *o)
{
	struct archive *a = o->a;

	if (strcmp(o->format, "zip") == 0)
		return archive_write_set_format_zip(a);
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK)
		return ARCHIVE_FATAL;
	if (strcmp(o->format, "tar.zst") == 0)
		return archive_write_add_filter_zstd(a);
	return archive_write_add_filter_gzip(a);
}

/* Create the temporary file at the first member. */
static int
open_tmp(struct archive_out *o, char *err, size_t errlen)
{
	if (o->fd >= 0)
		return 0;
	o->fd = open(o->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (o->fd < 0) {
		snprintf(err, errlen, "%s: %s", o->tmp_path, strerror(errno));
		return -1;
	}
	if (archive_out_is_warc(o)) {
		o->w = warc_writer_new(o->fd, 1);
		return 0;
	}
	o->a = archive_write_new();
	if (set_format(o) != ARCHIVE_OK ||
	    archive_write_open_fd(o->a, o->fd) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s: %s", o->tmp_path,
		    archive_error_string(o->a));
		return -1;
	}
	return 0;
}

int
archive_out_add(struct archive_out *o, const char *name, const void *data,
    size_t n, time_t mtime, char *err, size_t errlen)
{
	struct archive_entry *e;
	la_ssize_t w;
	int rc = 0;

	if (open_tmp(o, err, errlen) < 0)
		return -1;
	e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, (la_int64_t)n);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (archive_write_header(o->a, e) != ARCHIVE_OK)
		rc = -1;
	else if (n > 0 && ((w = archive_write_data(o->a, data, n)) < 0 ||
	    (size_t)w != n))
		rc = -1;
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", o->tmp_path,
		    archive_error_string(o->a) ? archive_error_string(o->a) :
		    "short write");
	archive_entry_free(e);
	return rc;
}

int
archive_out_record(struct archive_out *o, struct warc_record *r, char *err,
    size_t errlen)
{
	char why[PITH_ERRLEN];

	if (open_tmp(o, err, errlen) < 0)
		return -1;
	if (warc_write(o->w, r, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s: %s", o->tmp_path, why);
		return -1;
	}
	return 0;
}

static int
close_writer(struct archive_out *o, char *err, size_t errlen)
{
	char why[PITH_ERRLEN];

	if (o->w != NULL && warc_writer_flush(o->w, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s: %s", o->tmp_path, why);
		return -1;
	}
	if (o->a != NULL && archive_write_close(o->a) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s: %s", o->tmp_path,
		    archive_error_string(o->a));
		return -1;
	}
	return 0;
}

int
archive_out_commit(struct archive_out *o, const char **final, char *err,
    size_t errlen)
{
	int dfd;

	*final = NULL;
	if (o->fd < 0)
		return 0;			/* nothing was stored */
	if (close_writer(o, err, errlen) < 0)
		return -1;
	if (fsync(o->fd) < 0 || close(o->fd) < 0) {
		o->fd = -1;
		snprintf(err, errlen, "%s: %s", o->tmp_path, strerror(errno));
		return -1;
	}
	o->fd = -1;
	if (rename(o->tmp_path, o->final_path) < 0) {
		snprintf(err, errlen, "%s: %s", o->final_path, strerror(errno));
		return -1;
	}
	if ((dfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(o->tmp_path);
	o->tmp_path = NULL;		/* committed: abort leaves it alone */
	*final = o->name;
	return 0;
}

void
archive_out_abort(struct archive_out *o)
{
	if (o == NULL)
		return;
	if (o->a != NULL)
		archive_write_free(o->a);
	warc_writer_free(o->w);
	if (o->fd >= 0)
		close(o->fd);
	if (o->tmp_path != NULL)
		unlink(o->tmp_path);
	free(o->dir);
	free(o->format);
	free(o->name);
	free(o->final_path);
	free(o->tmp_path);
	free(o);
}
