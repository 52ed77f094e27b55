/*
 * sink.c: where clean's records go.  A sink is a handle with write, flush
 * and free (as curl's OutStruct, or libarchive's write callbacks), so
 * nothing depends on what file descriptor 1 is at the moment:
 *
 *   stream  stdout: text (a document a block, "\f\n" between documents),
 *           JSON (an object a line) or WARC records
 *   dir     -o DIR: a file a document, written atomically
 *   buffer  a -j worker's: records packed into memory for the parent,
 *           which replays them into its own sink, in input order
 *
 * repeat.c adds a sink that filters another.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>
#include <unistd.h>

#include "clean.h"

int
sink_write(struct sink *s, struct warc_record *r,
    struct warc_record *comments, const char *name, char *err,
    size_t errlen)
{
	return s->write(s, r, comments, name, err, errlen);
}

int
sink_flush(struct sink *s, char *err, size_t errlen)
{
	return s->flush != NULL ? s->flush(s, err, errlen) : 0;
}

void
sink_free(struct sink *s)
{
	if (s != NULL)
		s->free(s);
}

/* A record about an item, not a document: text and JSON leave it out. */
static int
is_note(const struct warc_record *r)
{
	const char *type = warc_get(r, "WARC-Type");

	return type == NULL || strcasecmp(type, "conversion") != 0;
}

/* ---- JSON ---- */

static void
json_put(json_t *o, const char *key, const char *value)
{
	if (value != NULL && *value != '\0')
		json_object_set_new(o, key, json_string(value));
}

/* Which JSON key holds which field of a conversion record; a count (1)
 * or a fraction (2) is a JSON number. */
static const struct { const char *key, *field; int count; } json_fields[] = {
	{ "uri", "WARC-Target-URI", 0 },
	{ "source_record_id", "WARC-Refers-To", 0 },
	{ "capture_time", "WARC-Date", 0 },	/* only with a source record */
	{ "mode", PF_MODE, 0 },
	{ "title", PF_TITLE, 0 },
	{ "author", PF_AUTHOR, 0 },
	{ "published", PF_PUBDATE, 0 },
	{ "site_name", PF_SITE, 0 },
	{ "language", PF_LANGUAGE, 0 },
	{ "language_confidence", PF_LANG_CONFIDENCE, 2 },
	{ "declared_language", PF_DECLARED_LANG, 0 },
	{ "canonical_url", PF_CANONICAL, 0 },
	{ "description", PF_DESCRIPTION, 0 },
	{ "charset_declared", PF_CHARSET_DECL, 0 },
	{ "charset_detected", PF_CHARSET_DET, 0 },
	{ "warning", PF_WARNING, 0 },
	{ "truncated", PF_SRC_TRUNCATED, 0 },
	{ "repeated_lines", PF_REPEATED, 1 },
};

/* A document as one JSON object and a line end, into out, from its
 * conversion record and that of its comments (or NULL).  A document read
 * from a file has no source record, and its record's date is only the
 * time of cleaning: left out.  jansson refuses invalid UTF-8; our text is
 * valid by construction, so a NULL here is a bug upstream, not bad
 * input. */
static void
record_json(const struct warc_record *r, const struct warc_record *comments,
    struct buf *out)
{
	int has_source = warc_get(r, "WARC-Refers-To") != NULL;
	enum body_format f;
	json_t *o = json_object();
	const char *v;
	size_t i;
	char *s;

	for (i = 0; i < sizeof json_fields / sizeof json_fields[0]; i++) {
		v = warc_get(r, json_fields[i].field);
		if (strcmp(json_fields[i].key, "capture_time") == 0 && !has_source)
			continue;
		if (json_fields[i].count == 1 && v != NULL)
			json_object_set_new(o, json_fields[i].key,
			    json_integer(strtol(v, NULL, 10)));
		else if (json_fields[i].count == 2 && v != NULL)
			json_object_set_new(o, json_fields[i].key,
			    json_real(strtod(v, NULL)));
		else
			json_put(o, json_fields[i].key, v);
	}
	json_object_set_new(o, "text", json_stringn(r->block.data ?
	    r->block.data : "", r->block.len));
	f = body_of_type(warc_get(r, "Content-Type"));
	if (f != BODY_TEXT)		/* "text" holds markdown or HTML */
		json_put(o, "body", body_name(f));
	if (comments != NULL)
		json_object_set_new(o, "comments", json_stringn(
		    comments->block.data ? comments->block.data : "",
		    comments->block.len));
	s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(4));
	json_decref(o);
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
}

/* ---- stdout ---- */

struct stream {
	struct sink sink;
	int fd;
	enum out_format format;
	struct warc_writer *warc;	/* OUT_WARC */
	long written;			/* documents, for the separator */
	struct buf line;		/* a JSON object */
};

static int
stream_write(struct sink *s, struct warc_record *r,
    struct warc_record *comments, const char *name, char *err,
    size_t errlen)
{
	struct stream *o = (struct stream *)s;
	struct iovec iov[3];
	int n = 0, rc;

	if (o->format == OUT_WARC) {
		rc = warc_write(o->warc, r, err, errlen);
		if (rc == 0 && comments != NULL)
			rc = warc_write(o->warc, comments, err, errlen);
		return rc;
	}
	if (is_note(r))
		return 0;
	if (o->format == OUT_JSON) {
		buf_reset(&o->line);
		record_json(r, comments, &o->line);
		iov[n++] = (struct iovec){ o->line.data, o->line.len };
	} else {
		if (o->written > 0)
			iov[n++] = (struct iovec){ "\f\n", 2 };
		iov[n++] = (struct iovec){ r->block.data ? r->block.data : "",
		    r->block.len };
		iov[n++] = (struct iovec){ "\n", 1 };
	}
	if (writev_all(o->fd, iov, n) < 0) {
		snprintf(err, errlen, "stdout: %s", strerror(errno));
		return -1;
	}
	o->written++;
	return 0;
}

static int
stream_flush(struct sink *s, char *err, size_t errlen)
{
	struct stream *o = (struct stream *)s;

	return o->warc != NULL ? warc_writer_flush(o->warc, err, errlen) : 0;
}

static void
stream_free(struct sink *s)
{
	struct stream *o = (struct stream *)s;

	warc_writer_free(o->warc);
	buf_free(&o->line);
	free(o);
}

struct sink *
sink_stream(int fd, enum out_format format)
{
	struct stream *o = xcalloc(1, sizeof *o);

	o->sink = (struct sink){ stream_write, stream_flush, stream_free };
	o->fd = fd;
	o->format = format;
	if (format == OUT_WARC)
		o->warc = warc_writer_new(fd, 0);
	buf_init(&o->line);
	return &o->sink;
}

/* ---- -o DIR ---- */

struct dir {
	struct sink sink;
	const char *dir;		/* borrowed */
	enum out_format format;
	const struct inputs *inputs;	/* borrowed, or NULL */
	struct buf out;
};

/* p[0..n) into DIR/<name>.<ext>, atomically; the folders of a name kept
 * from below a folder operand are made.  An input is never replaced
 * (operands.c refuses the files that would; this catches any other). */
static int
write_into_dir(struct dir *d, const char *name, const char *ext,
    const char *p, size_t n, char *err, size_t errlen)
{
	const char *slash = strrchr(name, '/');
	struct buf path;
	size_t cut;
	int rc = 0;

	buf_init(&path);
	buf_printf(&path, "%s/%s", d->dir, name);
	if (slash != NULL) {		/* DIR/blog, for DIR/blog/index */
		cut = path.len - strlen(slash);
		path.data[cut] = '\0';
		if ((rc = make_dirs(path.data)) < 0)
			snprintf(err, errlen, "%s: %s", path.data,
			    strerror(errno));
		path.data[cut] = '/';
	}
	buf_printf(&path, ".%s", ext);
	if (rc == 0 && inputs_has(d->inputs, path.data)) {
		snprintf(err, errlen, "%s is an input: not overwritten",
		    path.data);
		rc = -1;
	} else if (rc == 0 && (rc = write_file_atomic(path.data, p, n,
	    ATOMIC_SYNC_LATER)) < 0)
		snprintf(err, errlen, "%s: %s", path.data, strerror(errno));
	buf_free(&path);
	return rc;
}

/* A block and a line end, into DIR/<name>.<ext>. */
static int
write_block(struct dir *d, const char *name, const char *ext,
    const struct buf *block, char *err, size_t errlen)
{
	buf_reset(&d->out);
	buf_append(&d->out, block->data ? block->data : "", block->len);
	buf_putc(&d->out, '\n');
	return write_into_dir(d, name, ext, d->out.data, d->out.len, err,
	    errlen);
}

/* NAME.txt (.md, .html: the body's format) or NAME.json, and in text its
 * comments in NAME.comments.txt (.md, .html; JSON holds them). */
static int
dir_write(struct sink *s, struct warc_record *r,
    struct warc_record *comments, const char *name, char *err,
    size_t errlen)
{
	struct dir *d = (struct dir *)s;
	const char *ext;
	char cext[32];
	int rc;

	if (is_note(r))
		return 0;
	if (d->format == OUT_JSON) {
		buf_reset(&d->out);
		record_json(r, comments, &d->out);
		return write_into_dir(d, name, "json", d->out.data, d->out.len,
		    err, errlen);
	}
	ext = body_ext(body_of_type(warc_get(r, "Content-Type")));
	rc = write_block(d, name, ext, &r->block, err, errlen);
	snprintf(cext, sizeof cext, "comments.%s", ext);
	if (rc == 0 && comments != NULL)
		rc = write_block(d, name, cext, &comments->block, err, errlen);
	return rc;
}

static void
dir_free(struct sink *s)
{
	struct dir *d = (struct dir *)s;

	buf_free(&d->out);
	free(d);
}

struct sink *
sink_dir(const char *dir, enum out_format format, const struct inputs *inputs)
{
	struct dir *d = xcalloc(1, sizeof *d);

	d->sink = (struct sink){ dir_write, NULL, dir_free };
	d->dir = dir;
	d->format = format;
	d->inputs = inputs;
	buf_init(&d->out);
	return &d->sink;
}

/* ---- a worker's buffer ---- */

/* Each write: a header, then the record packed and its block, then its
 * comments' the same way. */
struct packed_head {
	uint32_t has_comments;
	uint32_t name_len;		/* then the name; UINT32_MAX: none */
};

struct buffer {
	struct sink sink;
	struct buf *out;		/* borrowed */
};

static void
pack_record(const struct warc_record *r, struct buf *b)
{
	uint64_t n = r->block.len;

	warc_pack_fields(r, b);
	buf_append(b, &n, sizeof n);
	buf_append(b, r->block.data ? r->block.data : "", r->block.len);
}

static int
buffer_write(struct sink *s, struct warc_record *r,
    struct warc_record *comments, const char *name, char *err,
    size_t errlen)
{
	struct buffer *o = (struct buffer *)s;
	struct packed_head h = { comments != NULL,
	    name ? (uint32_t)strlen(name) : UINT32_MAX };

	buf_append(o->out, &h, sizeof h);
	if (name != NULL)
		buf_append(o->out, name, h.name_len);
	pack_record(r, o->out);
	if (comments != NULL)
		pack_record(comments, o->out);
	return 0;
}

static void
buffer_free(struct sink *s)
{
	free(s);
}

struct sink *
sink_buffer(struct buf *out)
{
	struct buffer *o = xcalloc(1, sizeof *o);

	o->sink = (struct sink){ buffer_write, NULL, buffer_free };
	o->out = out;
	return &o->sink;
}

/* A record packed at *p into r; 0, or -1 when the packing is broken. */
static int
unpack_record(const char **p, const char *end, struct warc_record *r)
{
	uint64_t n;

	if (warc_unpack_fields(p, end, r) < 0 ||
	    (size_t)(end - *p) < sizeof n)
		return -1;
	memcpy(&n, *p, sizeof n);
	*p += sizeof n;
	if ((uint64_t)(end - *p) < n)
		return -1;
	buf_append(&r->block, *p, (size_t)n);
	*p += n;
	return 0;
}

int
sink_replay(struct sink *to, const char *p, size_t n, char *err,
    size_t errlen)
{
	const char *end = p + n;
	struct warc_record r, comments;
	struct packed_head h;
	char *name = NULL;
	int rc = 0;

	warc_record_init(&r);
	warc_record_init(&comments);
	while (rc == 0 && p < end) {
		rc = -1;
		if ((size_t)(end - p) < sizeof h)
			break;
		memcpy(&h, p, sizeof h);
		p += sizeof h;
		if (h.name_len != UINT32_MAX &&
		    (size_t)(end - p) < h.name_len)
			break;
		free(name);
		name = h.name_len != UINT32_MAX ? xstrndup(p, h.name_len) :
		    NULL;
		p += h.name_len != UINT32_MAX ? h.name_len : 0;
		if (unpack_record(&p, end, &r) < 0 || (h.has_comments &&
		    unpack_record(&p, end, &comments) < 0))
			break;
		rc = sink_write(to, &r, h.has_comments ? &comments : NULL,
		    name, err, errlen);
		if (rc < 0)
			goto out;
	}
	if (rc < 0)
		snprintf(err, errlen, "a worker's output came broken");
out:
	free(name);
	warc_record_free(&r);
	warc_record_free(&comments);
	return rc;
}
