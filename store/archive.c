/*
 * archive.c: one archive per run, never half-written under its final
 * name.  Members go to ".NAME.tmp" in the output folder; commit closes,
 * fsyncs, renames and fsyncs the folder.  tar.gz, tar.zst and zip are
 * libarchive's; warc.gz is our WARC writer, one gzip member per record.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

struct archive_out {
	char *dir, *format;
	int level;			/* compression level */
	char *name;			/* final file name, in dir */
	char *final_path, *tmp_path;	/* tmp_path NULL once committed */
	int fd;
	int write_errno;		/* first failed write, 0 if none */
	struct archive *a;		/* tar and zip */
	struct warc_writer *w;		/* warc.gz */
};

/* "out/" names files "out/x", not "out//x"; "/" stays "/". */
static void
trim_slashes(char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
}

/* pith-20261123T120000Z-1234.tar.gz: sorts by time, unique per process. */
static void
set_names(struct archive_out *o, time_t now)
{
	char stamp[21], compact[21];
	struct buf b;
	int i, j;

	format_utc(now, stamp);
	for (i = j = 0; stamp[i] != '\0'; i++)
		if (stamp[i] != '-' && stamp[i] != ':')
			compact[j++] = stamp[i];
	compact[j] = '\0';
	buf_init(&b);
	buf_printf(&b, "pith-%s-%ld.%s", compact, (long)getpid(), o->format);
	o->name = buf_steal(&b);
	buf_printf(&b, "%s/%s", o->dir, o->name);
	o->final_path = buf_steal(&b);
	buf_printf(&b, "%s/.%s.tmp", o->dir, o->name);
	o->tmp_path = buf_steal(&b);
}

int
archive_is_run_name(const char *name)
{
	static const char *const patterns[] = { "pith-*.tar.gz",
	    "pith-*.tar.zst", "pith-*.zip", "pith-*.warc.gz" };
	size_t i;

	for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++)
		if (fnmatch(patterns[i], name, FNM_PERIOD) == 0)
			return 1;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
archive_list(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	*names = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (archive_is_run_name(e->d_name)) {
			*names = xrealloc(*names, (n + 1) * sizeof **names);
			(*names)[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (n > 0)
		qsort(*names, n, sizeof **names, by_name);
	return n;
}

int
archive_out_is_warc(const struct archive_out *o)
{
	return strcmp(o->format, "warc.gz") == 0;
}

const char *
archive_out_name(const struct archive_out *o)
{
	return o->name;
}

const char *
archive_out_path(const struct archive_out *o)
{
	return o->final_path;
}

/* libarchive hands us its output blocks.  A failed write is remembered
 * and found by the caller's next check, not returned: libarchive's zip
 * writer leaks its deflate state when a write fails mid-entry. */
static la_ssize_t
write_block(struct archive *a, void *cookie, const void *p, size_t n)
{
	struct archive_out *o = cookie;

	if (o->write_errno == 0 && write_all(o->fd, p, n) < 0)
		o->write_errno = errno;
	return (la_ssize_t)n;
}

/* Our write error first, else libarchive's message. */
static void
archive_fail(const struct archive_out *o, char *err, size_t errlen)
{
	const char *msg = archive_error_string(o->a);

	if (o->write_errno != 0)
		msg = strerror(o->write_errno);
	snprintf(err, errlen, "%s: %s", o->tmp_path, msg ? msg : "failed");
}

static int
set_format(struct archive_out *o)
{
	struct archive *a = o->a;

	char level[8];

	snprintf(level, sizeof level, "%d", o->level);
	if (strcmp(o->format, "zip") == 0)
		return archive_write_set_format_zip(a) != ARCHIVE_OK ?
		    ARCHIVE_FATAL : archive_write_set_format_option(a, "zip",
		    "compression-level", level);
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK)
		return ARCHIVE_FATAL;
	if (strcmp(o->format, "tar.zst") == 0)
		return archive_write_add_filter_zstd(a) != ARCHIVE_OK ?
		    ARCHIVE_FATAL : archive_write_set_filter_option(a, "zstd",
		    "compression-level", level);
	return archive_write_add_filter_gzip(a) != ARCHIVE_OK ? ARCHIVE_FATAL :
	    archive_write_set_filter_option(a, "gzip", "compression-level",
	    level);
}

/* A warc.gz archive opens, as WET files do, with a warcinfo record. */
static int
write_warcinfo(struct archive_out *o, char *err, size_t errlen)
{
	struct warc_record r;
	int rc;

	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "warcinfo");
	warc_set(&r, "WARC-Filename", o->name);
	warc_set(&r, "Content-Type", "application/warc-fields");
	buf_puts(&r.block, "software: pith-store/" PITH_VERSION "\r\n"
	    "format: WARC File Format 1.1\r\n"
	    "description: cleaned text (conversion records) and a manifest\r\n");
	rc = archive_out_record(o, &r, err, errlen);
	warc_record_free(&r);
	return rc;
}

static int
open_writer(struct archive_out *o, char *err, size_t errlen)
{
	if (archive_out_is_warc(o)) {
		o->w = warc_writer_new(o->fd, o->level);
		return write_warcinfo(o, err, errlen);
	}
	o->a = archive_write_new();
	if (set_format(o) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(o->a, 1) != ARCHIVE_OK ||
	    archive_write_open(o->a, o, NULL, write_block, NULL) !=
	    ARCHIVE_OK || o->write_errno != 0) {
		archive_fail(o, err, errlen);
		return -1;
	}
	return 0;
}

struct archive_out *
archive_out_new(const char *dir, const char *format, int level, time_t now,
    char *err, size_t errlen)
{
	struct archive_out *o;
	int most = strcmp(format, "tar.zst") == 0 ? 19 : 9;

	if (level < 1 || level > most) {
		snprintf(err, errlen, "level %d: %s takes 1 to %d", level,
		    format, most);
		return NULL;
	}
	if (make_dirs(dir) < 0) {
		snprintf(err, errlen, "%s: cannot create folder: %s", dir,
		    strerror(errno));
		return NULL;
	}
	o = xcalloc(1, sizeof *o);
	o->dir = xstrdup(dir);
	trim_slashes(o->dir);
	o->format = xstrdup(format);
	o->level = level;
	set_names(o, now);
	o->fd = open(o->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644);
	if (o->fd < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", dir,
		    strerror(errno));
		free(o->tmp_path);
		o->tmp_path = NULL;	/* not ours: nothing to remove */
		archive_out_free(o);
		return NULL;
	}
	if (open_writer(o, err, errlen) < 0) {
		archive_out_free(o);
		return NULL;
	}
	return o;
}

/* A regular file's entry: mode 0644, owned by 0:0.  Owned. */
static struct archive_entry *
member(const char *name, la_int64_t size, time_t mtime)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_size(e, size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	return e;
}

/* Free e; rc, or -1 with err when this or an earlier write failed. */
static int
member_end(struct archive_out *o, struct archive_entry *e, int rc,
    char *err, size_t errlen)
{
	if (o->write_errno != 0)
		rc = -1;
	if (rc < 0)
		archive_fail(o, err, errlen);
	archive_entry_free(e);
	return rc;
}

int
archive_out_add(struct archive_out *o, const char *name, const void *data,
    size_t n, time_t mtime, char *err, size_t errlen)
{
	struct archive_entry *e = member(name, (la_int64_t)n, mtime);
	la_ssize_t w = 0;
	int rc = 0;

	if (archive_write_header(o->a, e) != ARCHIVE_OK)
		rc = -1;
	else if (n > 0 && ((w = archive_write_data(o->a, data, n)) < 0 ||
	    (size_t)w != n))
		rc = -1;
	return member_end(o, e, rc, err, errlen);
}

FILE *
archive_out_spool(struct archive_out *o, char *err, size_t errlen)
{
	struct buf path;
	FILE *f;
	int fd;

	fd = open(o->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {			/* a file system without O_TMPFILE */
		buf_init(&path);
		buf_printf(&path, "%s/.pith-spool-XXXXXX", o->dir);
		if ((fd = mkostemp(path.data, O_CLOEXEC)) >= 0)
			unlink(path.data);
		buf_free(&path);
	}
	if (fd < 0 || (f = fdopen(fd, "w+")) == NULL) {
		snprintf(err, errlen, "%s: temporary file: %s", o->dir,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

/* The bytes in f, which must be seekable; -1 with errno. */
static off_t
file_size(FILE *f)
{
	if (fflush(f) != 0 || fseeko(f, 0, SEEK_END) != 0)
		return -1;
	return ftello(f);
}

/* read_pieces' callback: a piece of a member's data. */
static int
put_data(void *a, const char *p, size_t n)
{
	return archive_write_data(a, p, n) == (la_ssize_t)n ? 0 : -1;
}

int
archive_out_add_files(struct archive_out *o, const char *name,
    FILE *const *parts, size_t n, time_t mtime, char *err, size_t errlen)
{
	struct archive_entry *e;
	off_t size = 0, k;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if ((k = file_size(parts[i])) < 0) {
			snprintf(err, errlen, "%s: %s", name, strerror(errno));
			return -1;
		}
		size += k;
	}
	e = member(name, (la_int64_t)size, mtime);
	if (archive_write_header(o->a, e) != ARCHIVE_OK)
		rc = -1;
	else if ((rc = read_pieces(parts, n, put_data, o->a)) == -2) {
		archive_entry_free(e);
		snprintf(err, errlen, "%s: read error: %s", name,
		    strerror(errno));
		return -1;
	}
	return member_end(o, e, rc, err, errlen);
}

int
archive_out_record_files(struct archive_out *o, struct warc_record *r,
    FILE *const *parts, size_t n, char *err, size_t errlen)
{
	char why[PITH_ERRLEN];

	if (warc_write_files(o->w, r, parts, n, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s: %s", o->tmp_path, why);
		return -1;
	}
	return 0;
}

int
archive_out_record(struct archive_out *o, struct warc_record *r, char *err,
    size_t errlen)
{
	char why[PITH_ERRLEN];

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
	if (o->a != NULL && (archive_write_close(o->a) != ARCHIVE_OK ||
	    o->write_errno != 0)) {
		archive_fail(o, err, errlen);
		return -1;
	}
	return 0;
}

/* The rename is only durable once the folder's entry is on disk too. */
static int
sync_dir(const char *dir)
{
	int dfd, rc;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(dfd);
	if (rc < 0 && (errno == EINVAL || errno == EROFS))
		rc = 0;		/* folders that cannot be synced */
	close(dfd);
	return rc;
}

int
archive_out_commit(struct archive_out *o, char *err, size_t errlen)
{
	char *tmp;
	int fd = o->fd;

	if (close_writer(o, err, errlen) < 0)
		goto fail;
	o->fd = -1;
	if (fsync(fd) < 0) {
		snprintf(err, errlen, "%s: fsync: %s", o->tmp_path,
		    strerror(errno));
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		snprintf(err, errlen, "%s: %s", o->tmp_path, strerror(errno));
		goto fail;
	}
	if (rename(o->tmp_path, o->final_path) < 0) {
		snprintf(err, errlen, "%s: %s", o->final_path, strerror(errno));
		goto fail;
	}
	tmp = o->tmp_path;
	o->tmp_path = NULL;		/* committed: free leaves it alone */
	free(tmp);
	if (sync_dir(o->dir) < 0) {
		snprintf(err, errlen, "%s: fsync: %s", o->dir, strerror(errno));
		unlink(o->final_path);
		return -1;
	}
	return 0;
fail:
	if (o->tmp_path != NULL)
		unlink(o->tmp_path);
	return -1;
}

void
archive_out_unlink_tmp(const struct archive_out *o)
{
	if (o != NULL && o->tmp_path != NULL)
		unlink(o->tmp_path);
}

void
archive_out_free(struct archive_out *o)
{
	if (o == NULL)
		return;
	o->write_errno = ECANCELED;	/* what libarchive still flushes */
	if (o->a != NULL)		/* on free is dropped */
		archive_write_free(o->a);
	warc_writer_free(o->w);
	if (o->fd >= 0)
		close(o->fd);
	archive_out_unlink_tmp(o);
	free(o->dir);
	free(o->format);
	free(o->name);
	free(o->final_path);
	free(o->tmp_path);
	free(o);
}
