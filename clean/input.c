/*
 * input.c: what clean reads: a file or stdin holding one raw document
 * (HTML or text, possibly gzipped), or a WARC record stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "clean.h"

int
looks_like_warc_name(const char *path)
{
	return has_suffix(path, ".warc") || has_suffix(path, ".warc.gz") ||
	    has_suffix(path, ".wet") || has_suffix(path, ".wet.gz");
}

enum warc_start { NOT_WARC, IS_WARC, MORE };

/* Whether n plain bytes start a WARC record, or more must be read. */
static enum warc_start
plain_start(const char *p, size_t n)
{
	if (memcmp(p, "WARC/", n < 5 ? n : 5) != 0)
		return NOT_WARC;
	return n >= 5 ? IS_WARC : MORE;
}

/* The same of the first n bytes of a stream, plain or gzip. */
static enum warc_start
warc_start(const char *p, size_t n)
{
	struct buf in, out;
	enum warc_start rc;

	if (n < 2 || (unsigned char)p[0] != 0x1f || (unsigned char)p[1] != 0x8b)
		return plain_start(p, n);
	buf_init(&in);
	buf_init(&out);
	buf_append(&in, p, n);
	gunzip_buf(&in, &out, 16);	/* cut short or corrupt: what came */
	rc = plain_start(out.data ? out.data : "", out.len);
	buf_free(&in);
	buf_free(&out);
	return rc;
}

struct warc_reader *
file_reader(int fd, const char *name, size_t max_size)
{
	struct warc_reader *w = warc_reader_new(fd, name, max_size);

	warc_reader_foreign(w);
	return w;
}

void
file_reader_free(struct warc_reader *w, const char *name)
{
	if (w != NULL && warc_reader_dropped(w) > 0)
		msg_warnx("%s: %zu pith control fields dropped: a record read "
		    "from a file cannot steer pith", name,
		    warc_reader_dropped(w));
	warc_reader_free(w);
}

/* Clean the WARC records on fd (not owned), head being bytes already
 * read from it.  stdin is the stage before, whose control fields hold;
 * a file is data. */
static long
clean_warc_fd(struct cleaner *c, int fd, const char *name,
    const struct buf *head, char *err, size_t errlen)
{
	struct warc_reader *w;
	long failed;

	w = fd == STDIN_FILENO ? warc_reader_new(fd, name, c->max_size) :
	    file_reader(fd, name, c->max_size);
	if (head != NULL)
		warc_reader_unread(w, head->data ? head->data : "", head->len);
	failed = clean_records(c, w, name, err, errlen);
	file_reader_free(w, name);
	return failed;
}

/* Why reading a document failed (rc of read_file_max, gunzip_buf), in
 * buf; errno is read first. */
static const char *
read_error(const struct cleaner *c, int rc, char *buf, size_t n)
{
	if (rc == -2)
		snprintf(buf, n, "larger than max-size (%zu bytes): not cleaned",
		    c->max_size);
	else
		snprintf(buf, n, "%s", rc == -3 ? "corrupt gzip data" :
		    strerror(errno));
	return buf;
}

/* The first bytes of stdin into head: as many as tell whether they start
 * a record stream, which is then cleaned as it comes, record by record,
 * not once 64 kB have come.  -1 on a read error. */
static int
read_head(struct buf *head, enum warc_start *kind)
{
	size_t looked = 0;	/* bytes at the last look: each look inflates
				   the head again, so look when it doubles */
	ssize_t got;

	*kind = MORE;
	while (*kind == MORE && head->len < 65536) {
		buf_reserve(head, 65536 - head->len);
		got = read(STDIN_FILENO, head->data + head->len,
		    65536 - head->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0) {
			if (looked < head->len)
				*kind = warc_start(head->data, head->len);
			break;
		}
		head->len += (size_t)got;
		head->data[head->len] = '\0';
		if (head->len >= 2 * looked || head->len >= 65536) {
			*kind = warc_start(head->data, head->len);
			looked = head->len;
		}
	}
	if (*kind == MORE)
		*kind = NOT_WARC;
	return 0;
}

/* Clean stdin: a record stream or one raw document.  Returns the number
 * of failed items, or -1 when output failed (err). */
long
clean_stdin(struct cleaner *c, char *err, size_t errlen)
{
	struct buf head, doc;
	struct document d;
	enum warc_start kind;
	char why[PITH_ERRLEN];
	long failed = 0;
	int rc;

	buf_init(&head);
	buf_init(&doc);
	if (read_head(&head, &kind) < 0) {
		msg_warnx("stdin: %s", strerror(errno));
		failed = 1;
		goto out;
	}
	if (kind == IS_WARC) {
		if (c->auto_stdin && c->format != OUT_WARC) {
			c->format = OUT_WARC;
			output_open(c);
		}
		failed = clean_warc_fd(c, STDIN_FILENO, "stdin", &head, err,
		    errlen);
		goto out;
	}
	output_check_comments(c);	/* "auto" turned out text */
	rc = read_all_fd(STDIN_FILENO, &head, c->max_size);
	if (rc == 0 && head.len == 0)
		goto out;		/* no input: nothing to do, no failure */
	if (rc == 0 && head.len >= 2 && (unsigned char)head.data[0] == 0x1f &&
	    (unsigned char)head.data[1] == 0x8b)
		rc = gunzip_buf(&head, &doc, c->max_size);
	else if (rc == 0) {
		doc = head;		/* moved, not copied */
		buf_init(&head);
	}
	if (rc < 0) {
		msg_warnx("stdin: %s", read_error(c, rc, why, sizeof why));
		failed = 1;
		goto out;
	}
	document_init(&d);
	d.name = "stdin";
	d.data = doc.data ? doc.data : "";
	d.len = doc.len;
	d.own = &doc;
	if (clean_document(c, &d, why, sizeof why) < 0) {
		msg_warnx("stdin: %s", why);
		failed = 1;
	} else if (output_document(c, &d, NULL, "stdin", err, errlen) < 0)
		failed = -1;
	else
		c->cleaned++;
	document_free(&d);
out:
	buf_free(&head);
	buf_free(&doc);
	return failed;
}

/* Clean one file; name is its output's in -o DIR.  Returns failed items,
 * or -1 (err). */
static long
clean_file(struct cleaner *c, const char *path, const char *name, char *err,
    size_t errlen)
{
	struct document d;
	struct buf data;
	char why[PITH_ERRLEN], *uri;
	long failed = 0;
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return clean_stdin(c, err, errlen);
	buf_init(&data);
	rc = looks_like_warc_name(path) ? 1 : read_file_max(path, &data,
	    c->max_size);
	if (rc == 1 || (rc == 0 && plain_start(data.data ? data.data : "",
	    data.len) == IS_WARC)) {
		buf_free(&data);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			msg_warnx("%s: %s", path, strerror(errno));
			return 1;
		}
		failed = clean_warc_fd(c, fd, path, NULL, err, errlen);
		close(fd);
		return failed;
	}
	if (rc < 0) {
		msg_warnx("%s: %s", path, read_error(c, rc, why, sizeof why));
		buf_free(&data);
		uri = file_uri(path, NULL);
		failed = output_failure(c, NULL, uri, why, err, errlen) < 0 ? -1 : 1;
		free(uri);
		return failed;
	}
	document_init(&d);
	d.name = path;
	d.uri = uri = file_uri(path, NULL);
	d.data = data.data ? data.data : "";
	d.len = data.len;
	d.own = &data;
	if (clean_document(c, &d, why, sizeof why) < 0) {
		msg_warnx("%s: %s", path, why);
		failed = output_failure(c, NULL, uri, why, err, errlen) < 0 ? -1 : 1;
	} else if (output_document(c, &d, NULL, name, err, errlen) < 0)
		failed = -1;
	else
		c->cleaned++;
	free(uri);
	document_free(&d);
	buf_free(&data);
	return failed;
}

long
clean_input(struct cleaner *c, const struct input *in, char *err,
    size_t errlen)
{
	if (in->refused != NULL) {
		msg_warnx("%s: %s", in->path, in->refused);
		return 1;
	}
	return clean_file(c, in->path, in->name, err, errlen);
}
