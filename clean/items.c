/*
 * items.c: the item stream, one loop over the inputs for every way of
 * running clean (mblaze's blaze822_loop): the inputs in order, each a
 * document or the records of a WARC stream, told apart by their first
 * bytes, not by their names alone.  A file's document is read by
 * whoever cleans it (a -j worker); stdin's is read here, as it can be
 * read only once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clean.h"

/* Bytes read of a file to tell whether it holds WARC records. */
#define SNIFF_BYTES 4096


struct items {
	const struct inputs *in;	/* borrowed */
	size_t next;			/* the next input */
	size_t max_size;
	struct warc_reader *reader;	/* the WARC stream read, or NULL */
	const char *reader_name;	/* borrowed */
	int reader_fd;			/* opened here, or -1 (stdin) */
	struct warc_record rec;
	int stdin_sniffed;		/* head holds stdin's first bytes */
	enum warc_start stdin_kind;
	struct buf head, data;
	char why[PITH_ERRLEN];
};

enum warc_start
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

/* The regular file holds WARC records; one that cannot be read does not
 * (its reader says why).  A pipe is not read here: what is read of it is
 * gone, and a slow one would hold up the run (item.c tells). */
static int
holds_warc(const char *path)
{
	char p[SNIFF_BYTES];
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, p, sizeof p);
	close(fd);
	return n > 0 && warc_start(p, (size_t)n) == IS_WARC;
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

/* Read stdin's first bytes, once for each "-"; -1 with why on error. */
static int
sniff_stdin(struct items *it)
{
	if (it->stdin_sniffed)
		return 0;
	buf_reset(&it->head);
	if (read_head(&it->head, &it->stdin_kind) < 0) {
		snprintf(it->why, sizeof it->why, "%s", strerror(errno));
		return -1;
	}
	it->stdin_sniffed = 1;
	return 0;
}

int
items_stdin_is_warc(struct items *it)
{
	return sniff_stdin(it) == 0 && it->stdin_kind == IS_WARC;
}

static int
failed(struct item *out, const char *path, const char *why)
{
	*out = (struct item){ .kind = ITEM_FAILED, .path = path, .why = why };
	return 1;
}

/* stdin: its records from now on (0), its document (1, an item), or
 * nothing when it is empty (0). */
static int
stdin_item(struct items *it, struct item *out)
{
	int rc;

	if (sniff_stdin(it) < 0)
		return failed(out, "stdin", it->why);
	it->stdin_sniffed = 0;		/* a second "-" reads again */
	if (it->stdin_kind == IS_WARC) {
		it->reader = warc_reader_new(STDIN_FILENO, "stdin",
		    it->max_size);	/* the stage before: its fields hold */
		warc_reader_unread(it->reader, it->head.data ?
		    it->head.data : "", it->head.len);
		it->reader_name = "stdin";
		it->reader_fd = -1;
		return 0;
	}
	rc = read_all_fd(STDIN_FILENO, &it->head, it->max_size);
	buf_reset(&it->data);
	if (rc == 0 && it->head.len == 0)
		return 0;		/* no input: nothing to do, no failure */
	if (rc == 0 && it->head.len >= 2 &&
	    (unsigned char)it->head.data[0] == 0x1f &&
	    (unsigned char)it->head.data[1] == 0x8b)
		rc = gunzip_buf(&it->head, &it->data, it->max_size);
	else if (rc == 0)
		buf_take(&it->data, &it->head);	/* moved, not copied */
	if (rc < 0) {
		return failed(out, "stdin", read_failure(rc, it->max_size,
		    it->why, sizeof it->why));
	}
	*out = (struct item){ .kind = ITEM_DATA, .path = "stdin",
	    .name = "stdin", .data = &it->data };
	return 1;
}

/* The WARC file path from now on (0), or why it cannot be (1, an item). */
static int
open_records(struct items *it, const char *path, struct item *out)
{
	if ((it->reader_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(it->why, sizeof it->why, "%s", strerror(errno));
		return failed(out, path, it->why);
	}
	/* a file is data, not a stage's output: it loses pith's control
	 * fields */
	it->reader = warc_reader_new(it->reader_fd, path, it->max_size);
	warc_reader_foreign(it->reader);
	it->reader_name = path;
	return 0;
}

/* Close the WARC stream read, saying how many control fields it lost. */
static void
close_records(struct items *it)
{
	warc_reader_say_dropped(it->reader);
	warc_reader_free(it->reader);
	if (it->reader_fd >= 0)
		close(it->reader_fd);
	it->reader = NULL;
}

struct items *
items_open(const struct inputs *in, size_t max_size)
{
	struct items *it = xcalloc(1, sizeof *it);

	it->in = in;
	it->max_size = max_size;
	warc_record_init(&it->rec);
	buf_init(&it->head);
	buf_init(&it->data);
	return it;
}

int
items_next(struct items *it, struct item *out)
{
	const struct input *in;
	int rc;

	for (;;) {
		if (it->reader != NULL) {
			rc = warc_read(it->reader, &it->rec, it->why,
			    sizeof it->why);
			if (rc > 0) {
				*out = (struct item){ .kind = ITEM_RECORD,
				    .path = it->reader_name,
				    .record = &it->rec };
				return 1;
			}
			if (rc < 0)
				return failed(out, it->reader_name, it->why);
			close_records(it);
			continue;
		}
		if (it->next >= it->in->n)
			return 0;
		in = &it->in->v[it->next++];
		if (in->refused != NULL)
			return failed(out, in->path, in->refused);
		if (strcmp(in->path, "-") == 0)
			rc = stdin_item(it, out);
		else if (looks_like_warc_name(in->path) ||
		    holds_warc(in->path))
			rc = open_records(it, in->path, out);
		else {
			*out = (struct item){ .kind = ITEM_FILE,
			    .path = in->path, .name = in->name };
			rc = 1;
		}
		if (rc > 0)
			return 1;
	}
}

void
items_free(struct items *it)
{
	if (it == NULL)
		return;
	if (it->reader != NULL)
		close_records(it);
	warc_record_free(&it->rec);
	buf_free(&it->head);
	buf_free(&it->data);
	free(it);
}
