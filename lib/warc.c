/*
 * warc.c: the WARC/1.1 record reader and writer (ISO 28500).
 *
 * The only code that knows the framing.  The reader streams: it holds one
 * record's header and block at a time, never the input, and reads plain
 * WARC or gzipped WARC (one member per record or one stream) alike.  After
 * a damaged record it reports the offset and resynchronises on the next
 * line that starts a record.  Offsets are counted in the uncompressed
 * stream, so for .warc files they are byte offsets of the file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "pith.h"

#define CHUNK 65536
#define MAX_HEADER (256 * 1024)	/* a record header larger than this is damaged */
#define FLUSH_AT (256 * 1024)	/* writer: buffered bytes before a write(2) */

/* ---- records ---- */

void
warc_record_init(struct warc_record *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->block);
}

static void
free_fields(struct warc_record *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		free(r->fields[i].name);
		free(r->fields[i].value);
	}
	r->nfields = 0;
}

void
warc_record_reset(struct warc_record *r)
{
	free_fields(r);
	buf_reset(&r->block);
	r->version[0] = '\0';
	r->offset = 0;
}

void
warc_record_free(struct warc_record *r)
{
	if (r == NULL)
		return;
	free_fields(r);
	free(r->fields);
	buf_free(&r->block);
	warc_record_init(r);
}

static struct warc_field *
find_field(const struct warc_record *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (strcasecmp(r->fields[i].name, name) == 0)
			return &r->fields[i];
	return NULL;
}

const char *
warc_get(const struct warc_record *r, const char *name)
{
	struct warc_field *f = find_field(r, name);

	return f ? f->value : NULL;
}

void
warc_add(struct warc_record *r, const char *name, const char *value)
{
	if (r->nfields == r->fields_cap) {
		r->fields_cap = r->fields_cap ? r->fields_cap * 2 : 16;
		r->fields = xrealloc(r->fields, r->fields_cap * sizeof *r->fields);
	}
	r->fields[r->nfields].name = xstrdup(name);
	r->fields[r->nfields].value = xstrdup(value);
	r->nfields++;
}

void
warc_set(struct warc_record *r, const char *name, const char *value)
{
	struct warc_field *f = find_field(r, name);
	char *copy;

	if (f == NULL) {
		warc_add(r, name, value);
		return;
	}
	copy = xstrdup(value);		/* value may point into f->value */
	free(f->value);
	f->value = copy;
}

void
warc_del(struct warc_record *r, const char *name)
{
	size_t i, j = 0;

	for (i = 0; i < r->nfields; i++) {
		if (strcasecmp(r->fields[i].name, name) == 0) {
			free(r->fields[i].name);
			free(r->fields[i].value);
		} else
			r->fields[j++] = r->fields[i];
	}
	r->nfields = j;
}

/* ---- reader: bytes ---- */

struct warc_reader {
	int fd;
	char *name;
	size_t max_block;
	int gzip;			/* -1 not known yet, 0 plain, 1 gzip */
	int zinit, zend;		/* inflate set up; input after a member end */
	z_stream z;
	unsigned char in[CHUNK];	/* raw bytes from fd */
	char *out;			/* decoded bytes: out[pos, len) unread */
	size_t pos, len;
	uint64_t offset;		/* decoded offset of out[pos] */
	int eof;			/* no more decoded bytes will come */
	int broken;			/* unreadable input (I/O or gzip): stop */
	int resync;			/* skip to the next "WARC/1." line */
	char error[PITH_ERRLEN];	/* why broken */
};

struct warc_reader *
warc_reader_new(int fd, const char *name, size_t max_block)
{
	struct warc_reader *w = xcalloc(1, sizeof *w);

	w->fd = fd;
	w->name = xstrdup(name ? name : "input");
	w->max_block = max_block;
	w->gzip = -1;
	w->out = xmalloc(CHUNK);
	return w;
}

void
warc_reader_free(struct warc_reader *w)
{
	if (w == NULL)
		return;
	if (w->zinit)
		inflateEnd(&w->z);
	free(w->name);
	free(w->out);
	free(w);
}

static ssize_t
read_raw(struct warc_reader *w, void *p, size_t n)
{
	ssize_t got;

	while ((got = read(w->fd, p, n)) < 0 && errno == EINTR)
		;
	if (got < 0) {
		snprintf(w->error, sizeof w->error, "read error: %s",
		    strerror(errno));
		w->broken = 1;
	}
	return got;
}

/* Inflate more into out[len..]: one gzip member after another. */
static void
fill_gzip(struct warc_reader *w)
{
	ssize_t got;
	int rc;

	while (w->len < CHUNK && !w->eof && !w->broken) {
		if (w->z.avail_in == 0) {
			got = read_raw(w, w->in, sizeof w->in);
			if (got <= 0) {
				if (got == 0 && !w->zend && w->z.total_in > 0)
					snprintf(w->error, sizeof w->error,
					    "truncated gzip data");
				w->broken = got < 0 || (!w->zend &&
				    w->z.total_in > 0);
				w->eof = 1;
				return;
			}
			w->z.next_in = w->in;
			w->z.avail_in = (uInt)got;
		}
		if (w->zend) {			/* another member follows */
			inflateReset(&w->z);
			w->zend = 0;
		}
		w->z.next_out = (Bytef *)w->out + w->len;
		w->z.avail_out = (uInt)(CHUNK - w->len);
		rc = inflate(&w->z, Z_NO_FLUSH);
		w->len = CHUNK - w->z.avail_out;
		if (rc == Z_STREAM_END)
			w->zend = 1;
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(w->error, sizeof w->error, "corrupt gzip data "
			    "(compressed offset %lu)", (unsigned long)w->z.total_in);
			w->broken = w->eof = 1;
		}
		if (w->len > 0)
			return;
	}
}

/* Make decoded bytes available; 0 when none are left. */
static size_t
fill(struct warc_reader *w)
{
	ssize_t got;

	if (w->pos < w->len)
		return w->len - w->pos;
	w->pos = w->len = 0;
	if (w->eof)
		return 0;
	if (w->gzip == -1) {
		got = read_raw(w, w->in, 2);
		if (got == 1 && read_raw(w, w->in + 1, 1) == 1)
			got = 2;
		w->gzip = got == 2 && w->in[0] == 0x1f && w->in[1] == 0x8b;
		if (w->gzip) {
			if (inflateInit2(&w->z, 16 + MAX_WBITS) != Z_OK)
				abort();
			w->zinit = 1;
			w->z.next_in = w->in;
			w->z.avail_in = 2;
		} else if (got > 0) {
			memcpy(w->out, w->in, (size_t)got);
			w->len = (size_t)got;
			return w->len;
		} else {
			w->eof = 1;
			return 0;
		}
	}
	if (w->gzip)
		fill_gzip(w);
	else if ((got = read_raw(w, w->out, CHUNK)) > 0)
		w->len = (size_t)got;
	else
		w->eof = 1;
	return w->len - w->pos;
}

static void
consume(struct warc_reader *w, size_t n)
{
	w->pos += n;
	w->offset += n;
}

/* One line into line (without its CR LF).  1: a line; 0: end of input;
 * -1: longer than max (the rest of it is consumed). */
static int
read_line(struct warc_reader *w, struct buf *line, size_t max)
{
	size_t avail, n;
	char *nl;
	int toolong = 0;

	buf_reset(line);
	while ((avail = fill(w)) > 0) {
		nl = memchr(w->out + w->pos, '\n', avail);
		n = nl ? (size_t)(nl - (w->out + w->pos)) : avail;
		if (!toolong && line->len + n <= max)
			buf_append(line, w->out + w->pos, n);
		else
			toolong = 1;
		consume(w, n + (nl != NULL));
		if (nl != NULL)
			break;
	}
	if (avail == 0 && line->len == 0 && !toolong)
		return 0;
	if (line->len > 0 && line->data[line->len - 1] == '\r')
		line->data[--line->len] = '\0';
	return toolong ? -1 : 1;
}

/* Copy (or with keep unset, skip) n block bytes; returns bytes done. */
static size_t
read_block(struct warc_reader *w, struct buf *block, size_t n, int keep)
{
	size_t done = 0, avail, take;

	if (keep)
		buf_reserve(block, n);
	while (done < n && (avail = fill(w)) > 0) {
		take = avail < n - done ? avail : n - done;
		if (keep)
			buf_append(block, w->out + w->pos, take);
		consume(w, take);
		done += take;
	}
	return done;
}

/* The CR LF CR LF after a block; tolerate bare LFs or none. */
static void
skip_record_end(struct warc_reader *w)
{
	int i;

	for (i = 0; i < 4 && fill(w) > 0; i++) {
		if (w->out[w->pos] != '\r' && w->out[w->pos] != '\n')
			break;
		consume(w, 1);
	}
}

/* ---- reader: records ---- */

static int
fail(char *err, size_t errlen, uint64_t offset, const char *fmt, ...)
{
	char msg[PITH_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "offset %llu: %s", (unsigned long long)offset, msg);
	return -1;
}

static int
is_version_line(const struct buf *line)
{
	return line->len >= 8 && strncmp(line->data, "WARC/1.", 7) == 0 &&
	    isdigit((unsigned char)line->data[7]);
}

/* "Name: value" or a continuation line; -1 if neither. */
static int
add_header_line(struct warc_record *r, struct buf *line)
{
	struct warc_field *last;
	char *colon, *value, *joined;
	size_t n;

	if ((line->data[0] == ' ' || line->data[0] == '\t') && r->nfields > 0) {
		last = &r->fields[r->nfields - 1];
		value = line->data;
		while (*value == ' ' || *value == '\t')
			value++;
		n = strlen(last->value);
		joined = xmalloc(n + strlen(value) + 2);
		snprintf(joined, n + strlen(value) + 2, "%s %s", last->value,
		    value);
		free(last->value);
		last->value = joined;
		return 0;
	}
	if ((colon = memchr(line->data, ':', line->len)) == NULL ||
	    colon == line->data)
		return -1;
	*colon = '\0';
	value = colon + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	n = strlen(value);
	while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
		value[--n] = '\0';
	warc_add(r, line->data, value);
	return 0;
}

/* Skip blank lines (and, resynchronising, anything else) up to a version
 * line.  1: found, in line; 0: end of input; -1: garbage where a record
 * should start. */
static int
find_version_line(struct warc_reader *w, struct buf *line, uint64_t *start)
{
	int rc;

	for (;;) {
		*start = w->offset;
		rc = read_line(w, line, MAX_HEADER);
		if (rc == 0)
			return 0;
		if (rc > 0 && is_version_line(line)) {
			w->resync = 0;
			return 1;
		}
		if (rc > 0 && line->len == 0)
			continue;
		if (!w->resync)
			return -1;
	}
}

static int
read_header(struct warc_reader *w, struct warc_record *r, struct buf *line,
    uint64_t start, char *err, size_t errlen)
{
	size_t total = line->len;
	int rc;

	snprintf(r->version, sizeof r->version, "%.*s",
	    (int)(line->len < sizeof r->version - 1 ? line->len :
	    sizeof r->version - 1), line->data);
	for (;;) {
		rc = read_line(w, line, MAX_HEADER);
		if (rc == 0)
			return fail(err, errlen, start, "truncated record header");
		total += line->len;
		if (rc < 0 || total > MAX_HEADER)
			return fail(err, errlen, start, "record header larger "
			    "than %d bytes", MAX_HEADER);
		if (line->len == 0)
			return 0;
		if (add_header_line(r, line) < 0)
			return fail(err, errlen, start, "malformed header line "
			    "'%.40s'", line->data);
	}
}

int
warc_read(struct warc_reader *w, struct warc_record *r, char *err,
    size_t errlen)
{
	struct buf line;
	const char *cl;
	long long length;
	uint64_t start;
	size_t got;
	int rc;

	warc_record_reset(r);
	buf_init(&line);
	rc = find_version_line(w, &line, &start);
	if (rc < 0) {
		w->resync = 1;
		rc = fail(err, errlen, start, "expected a WARC/1.x record, "
		    "found '%.30s'", line.data ? line.data : "");
		goto out;
	}
	if (rc == 0) {
		if (w->broken) {
			rc = fail(err, errlen, w->offset, "%s", w->error);
			w->broken = 0;		/* say it once */
		}
		goto out;
	}
	r->offset = start;
	if ((rc = read_header(w, r, &line, start, err, errlen)) < 0) {
		w->resync = 1;
		goto out;
	}
	cl = warc_get(r, "Content-Length");
	if (cl == NULL || parse_num(cl, 0, (long long)1 << 50, 0, &length) < 0) {
		w->resync = 1;
		rc = fail(err, errlen, start, "missing or bad Content-Length");
		goto out;
	}
	if ((unsigned long long)length > w->max_block) {
		read_block(w, &r->block, (size_t)length, 0);
		skip_record_end(w);
		rc = fail(err, errlen, start, "record block of %lld bytes is "
		    "larger than the limit (%zu)", length, w->max_block);
		goto out;
	}
	got = read_block(w, &r->block, (size_t)length, 1);
	if (got < (size_t)length) {
		rc = fail(err, errlen, start, "truncated record: %zu of %lld "
		    "block bytes", got, length);
		goto out;
	}
	skip_record_end(w);
	rc = 1;
out:
	buf_free(&line);
	return rc;
}

/* ---- writer ---- */

struct warc_writer {
	int fd;
	int gzip;
	struct buf out;
	struct buf head;
};

struct warc_writer *
warc_writer_new(int fd, int gzip)
{
	struct warc_writer *w = xcalloc(1, sizeof *w);

	w->fd = fd;
	w->gzip = gzip;
	buf_init(&w->out);
	buf_init(&w->head);
	return w;
}

void
warc_writer_free(struct warc_writer *w)
{
	if (w == NULL)
		return;
	buf_free(&w->out);
	buf_free(&w->head);
	free(w);
}

int
warc_writer_flush(struct warc_writer *w, char *err, size_t errlen)
{
	if (w->out.len > 0 && write_all(w->fd, w->out.data, w->out.len) < 0) {
		snprintf(err, errlen, "write error: %s", strerror(errno));
		buf_reset(&w->out);
		return -1;
	}
	buf_reset(&w->out);
	return 0;
}

/* A field value with CR and LF made spaces: no header injection. */
static void
put_field(struct buf *b, const char *name, const char *value)
{
	const char *p;

	buf_puts(b, name);
	buf_puts(b, ": ");
	for (p = value; *p != '\0'; p++)
		buf_putc(b, *p == '\r' || *p == '\n' ? ' ' : *p);
	buf_puts(b, "\r\n");
}

/* The digests and identity a record must carry. */
static void
complete(struct warc_record *r)
{
	char digest[DIGEST_SHA1_LEN], id[WARC_ID_LEN], date[21], len[32];
	const char *type = warc_get(r, "WARC-Type");
	const char *ct = warc_get(r, "Content-Type");
	const char *block = r->block.data ? r->block.data : "";
	const char *body;

	if (r->version[0] == '\0')
		snprintf(r->version, sizeof r->version, "WARC/1.1");
	if (warc_get(r, "WARC-Record-ID") == NULL) {
		warc_new_id(id);
		warc_set(r, "WARC-Record-ID", id);
	}
	if (warc_get(r, "WARC-Date") == NULL) {
		format_utc(time(NULL), date);
		warc_set(r, "WARC-Date", date);
	}
	digest_sha1_b32(block, r->block.len, digest);
	warc_set(r, "WARC-Block-Digest", digest);
	if (type != NULL && strcasecmp(type, "response") == 0 && ct != NULL &&
	    strncasecmp(ct, "application/http", 16) == 0 &&
	    warc_get(r, "WARC-Payload-Digest") == NULL &&
	    (body = memmem(block, r->block.len, "\r\n\r\n", 4)) != NULL) {
		body += 4;
		digest_sha1_b32(body, r->block.len - (size_t)(body - block),
		    digest);
		warc_set(r, "WARC-Payload-Digest", digest);
	}
	snprintf(len, sizeof len, "%zu", r->block.len);
	warc_set(r, "Content-Length", len);
}

static void
serialise_header(const struct warc_record *r, struct buf *b)
{
	static const char *first[] = { "WARC-Type", "WARC-Record-ID",
	    "WARC-Date" };
	const char *v;
	size_t i, j;

	buf_reset(b);
	buf_printf(b, "%s\r\n", r->version);
	for (i = 0; i < 3; i++)
		if ((v = warc_get(r, first[i])) != NULL)
			put_field(b, first[i], v);
	for (i = 0; i < r->nfields; i++) {
		for (j = 0; j < 3; j++)
			if (strcasecmp(r->fields[i].name, first[j]) == 0)
				break;
		if (j == 3)
			put_field(b, r->fields[i].name, r->fields[i].value);
	}
	buf_puts(b, "\r\n");
}

/* Compress head, block and the record end into one gzip member. */
static int
deflate_member(struct warc_writer *w, const struct warc_record *r)
{
	struct { const void *p; size_t n; } part[3] = {
		{ w->head.data, w->head.len },
		{ r->block.data ? r->block.data : "", r->block.len },
		{ "\r\n\r\n", 4 },
	};
	z_stream z;
	int i, rc = Z_OK;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	for (i = 0; i < 3; i++) {
		z.next_in = (Bytef *)part[i].p;
		z.avail_in = (uInt)part[i].n;
		do {
			buf_reserve(&w->out, CHUNK);
			z.next_out = (Bytef *)w->out.data + w->out.len;
			z.avail_out = CHUNK;
			rc = deflate(&z, i == 2 ? Z_FINISH : Z_NO_FLUSH);
			w->out.len += CHUNK - z.avail_out;
			w->out.data[w->out.len] = '\0';
		} while (z.avail_out == 0 || (i == 2 && rc != Z_STREAM_END));
	}
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

int
warc_write(struct warc_writer *w, struct warc_record *r, char *err,
    size_t errlen)
{
	complete(r);
	serialise_header(r, &w->head);
	if (w->gzip) {
		if (deflate_member(w, r) < 0) {
			snprintf(err, errlen, "gzip compression failed");
			return -1;
		}
	} else {
		buf_append(&w->out, w->head.data, w->head.len);
		if (r->block.len > FLUSH_AT) {
			if (warc_writer_flush(w, err, errlen) < 0)
				return -1;
			if (write_all(w->fd, r->block.data, r->block.len) < 0) {
				snprintf(err, errlen, "write error: %s",
				    strerror(errno));
				return -1;
			}
		} else
			buf_append(&w->out, r->block.data ? r->block.data : "",
			    r->block.len);
		buf_append(&w->out, "\r\n\r\n", 4);
	}
	if (w->out.len >= FLUSH_AT)
		return warc_writer_flush(w, err, errlen);
	return 0;
}
