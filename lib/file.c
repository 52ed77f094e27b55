/*
 * file.c: files and descriptors: whole reads (gunzipped when gzip), reads
 * in pieces, full writes, atomic writes and syncs, and the names of
 * documents read from files.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "pith.h"

int
read_pieces(FILE *const *f, size_t n,
    int (*fn)(void *arg, const char *p, size_t len), void *arg)
{
	char piece[65536];
	size_t i, got;

	for (i = 0; i < n; i++) {
		if (fseeko(f[i], 0, SEEK_SET) != 0)
			return -2;
		while ((got = fread(piece, 1, sizeof piece, f[i])) > 0)
			if (fn(arg, piece, got) < 0)
				return -1;
		if (ferror(f[i]))
			return -2;
	}
	return 0;
}

/* All of fd into b; -2 once more than max bytes came.  A regular
 * file's size is known, so its bytes come in one read into a buffer of
 * that size, not into one that doubles (and is copied) as it grows. */
int
read_all_fd(int fd, struct buf *b, size_t max)
{
	struct stat st;
	size_t room = 65536;
	ssize_t n;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		room = (uint64_t)st.st_size < max ? (size_t)st.st_size + 1 :
		    max + 1;
	buf_reserve(b, room);
	for (;;) {
		if (b->len + 1 >= b->cap)
			buf_reserve(b, 65536);
		room = b->cap - b->len - 1;
		n = read(fd, b->data + b->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (b->len > max)
			return -2;
	}
}

int
gunzip_buf(const struct buf *in, struct buf *out, size_t max)
{
	z_stream z;
	int rc = Z_OK;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return -3;
	z.next_in = (Bytef *)in->data;
	z.avail_in = (uInt)in->len;
	while (z.avail_in > 0 || rc != Z_STREAM_END) {
		buf_reserve(out, 65536);
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->data);
		out->data[out->len] = '\0';
		if (out->len > max)
			rc = -2;
		else if (rc == Z_STREAM_END && z.avail_in > 0)
			rc = inflateReset(&z) == Z_OK ? Z_OK : -3;
		else if (rc == Z_STREAM_END)
			break;
		else if (rc != Z_OK)
			rc = -3;
		if (rc < 0 && rc != Z_OK)
			break;
	}
	inflateEnd(&z);
	return rc == Z_STREAM_END || rc == Z_OK ? 0 : rc == -2 ? -2 : -3;
}

int
read_file_max(const char *path, struct buf *b, size_t max)
{
	struct buf raw;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	buf_init(&raw);
	rc = read_all_fd(fd, &raw, max);
	close(fd);
	if (rc == 0 && raw.len >= 2 && (unsigned char)raw.data[0] == 0x1f &&
	    (unsigned char)raw.data[1] == 0x8b)
		rc = gunzip_buf(&raw, b, max);
	else if (rc == 0 && b->len == 0)
		buf_take(b, &raw);
	else if (rc == 0)
		buf_append(b, raw.data ? raw.data : "", raw.len);
	buf_free(&raw);
	return rc;
}

int
write_all(int fd, const void *p, size_t n)
{
	struct iovec iov = { (void *)p, n };

	return writev_all(fd, &iov, 1);
}

/* A pipe as large as an unprivileged process may make it (1 MB on
 * Linux): a writer ahead of a slow reader then blocks, and wakes, once a
 * pipe-full rather than once every 64 kB.  Anything else is left alone,
 * and so is a pipe that cannot grow. */
void
widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
	(void)fd;
#endif
}

int
writev_all(int fd, struct iovec *iov, int n)
{
	ssize_t w;
	size_t done;

	while (n > 0) {
		w = writev(fd, iov, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		for (done = (size_t)w; n > 0 && done >= iov->iov_len; n--, iov++)
			done -= iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + done;
			iov->iov_len -= done;
		}
	}
	return 0;
}

int
write_file_atomic(const char *path, const void *p, size_t n, int flags)
{
	struct buf tmp;
	char *dir;
	int fd, saved;

	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    flags & ATOMIC_PRIVATE ? 0600 : 0644);
	if (fd < 0)
		goto fail;
	if (write_all(fd, p, n) < 0 ||
	    (!(flags & ATOMIC_SYNC_LATER) && fsync(fd) < 0)) {
		saved = errno;
		close(fd);
		unlink(tmp.data);
		errno = saved;
		goto fail;
	}
	if (close(fd) < 0 || rename(tmp.data, path) < 0) {
		saved = errno;
		unlink(tmp.data);
		errno = saved;
		goto fail;
	}
	if (!(flags & ATOMIC_SYNC_LATER)) {
		dir = xstrdup(path);
		fsync_dir(dirname(dir));
		free(dir);
	}
	buf_free(&tmp);
	return 0;
fail:
	buf_free(&tmp);
	return -1;
}

/* fn (fsync or syncfs) on the folder dir. */
static int
sync_folder(const char *dir, int (*fn)(int))
{
	int dfd, rc;

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fn(dfd);
	close(dfd);
	return rc;
}

int
fsync_dir(const char *dir)
{
	return sync_folder(dir, fsync);
}

int
sync_folder_fs(const char *dir)
{
	return sync_folder(dir, syncfs);
}

/* s lost suffix (compared without case) from its end: 1, or 0 when it
 * did not end so or is nothing else. */
static int
strip_suffix(char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	if (n > m && has_suffix(s, suffix)) {
		s[n - m] = '\0';
		return 1;
	}
	return 0;
}

char *
doc_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *s = xstrdup(slash ? slash + 1 : path);

	strip_suffix(s, ".gz");
	if (!strip_suffix(s, ".html") && !strip_suffix(s, ".htm"))
		strip_suffix(s, ".txt");
	return s;
}

/* Octets a file URI keeps as they are (RFC 3986 unreserved, sub-delims,
 * ':' '@' and the path separator); every other is %XX. */
static int
uri_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("-._~!$&'()*+,;=:@/", c) != NULL);
}

/* s appended to b, percent-encoded. */
static void
put_encoded(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (uri_safe((unsigned char)*s))
			buf_putc(b, *s);
		else
			buf_printf(b, "%%%02X", (unsigned char)*s);
	}
}

/* path, absolute, appended to b: its real path, links resolved, or when
 * it has none (it is gone, or a folder on the way cannot be read) the
 * working folder's path and path. */
static void
put_absolute(struct buf *b, const char *path)
{
	char real[PATH_MAX], cwd[PATH_MAX];

	if (realpath(path, real) != NULL)
		buf_puts(b, real);
	else if (path[0] != '/' && getcwd(cwd, sizeof cwd) != NULL)
		buf_printf(b, "%s%s%s", cwd, strcmp(cwd, "/") ? "/" : "", path);
	else
		buf_puts(b, path);
}

char *
file_uri(const char *path, const char *member)
{
	struct buf abs, uri;

	buf_init(&abs);
	buf_init(&uri);
	put_absolute(&abs, path);
	buf_puts(&uri, "file://");
	put_encoded(&uri, abs.data);
	if (member != NULL) {
		buf_putc(&uri, '#');
		put_encoded(&uri, member);
	}
	buf_free(&abs);
	return buf_steal(&uri);
}

const char *
tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

const char *
read_failure(int rc, size_t max, char *buf, size_t n)
{
	if (rc == -2)
		snprintf(buf, n, "larger than max-size (%zu bytes): not cleaned",
		    max);
	else
		snprintf(buf, n, "%s", rc == -3 ? "corrupt gzip data" :
		    strerror(errno));
	return buf;
}
