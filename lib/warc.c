/*
 * warc.c: the WARC/1.1 record reader and writer (ISO 28500).
 *
 * The only code that knows the framing.  The reader streams: it holds one
 * record's header and block at a time, never the input, and reads plain
 * WARC or gzipped WARC (one member per record or one stream) alike.  After
 * a damaged record it reports the offset and resynchronises on the next
 * line that starts a record.  A record's offset is its byte offset in a
 * .warc file; in a .warc.gz it is the compressed offset of the gzip member
 * it starts (one member per record, the norm), else its offset in the
 * uncompressed stream.
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
#define DIRECT_AT (16 * 1024)	/* writer: a block this large is not copied */
#define HELD_MAX (256 * 1024)	/* reader: raw bytes of a gzip member held */

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

/*
 * pith's control fields: a stage acts on them, beyond copying them, so
 * only pith's own stages of this run may set them.  A record read from a
 * file (a WARC source of ingest, a FILE operand of clean) is data, and
 * loses them: a crafted file cannot plant a failure, validators that stop
 * later fetches, or line keys that make a victim's lines vanish.  A field
 * a later feature acts on goes here too.
 */
static const char *const control_fields[] = {
	PF_FETCH_ERROR,		/* store: a failed item, counted, listed */
	PF_FETCH_STATUS,	/* store: not modified or disallowed, counted */
	PF_SRC_ETAG,		/* store: validators, sent by the next run's */
	PF_SRC_LASTMOD,		/*   conditional GET */
	PF_FETCHED,		/* clean, store: the validators above count */
	PF_CLEAN_ERROR,		/* store: a failed item, counted, listed */
	PF_REPEATED_KEYS,	/* store: line keys later runs drop */
	PF_CLEAN_SKIPPED,	/* store: a record that is no page, counted */
	PF_CLEAN_FILTERED,	/* store: a text in another language, counted */
	PF_SRC_TRUNCATED,	/* store: counted, marked in the catalog */
};

size_t
warc_drop_control(struct warc_record *r)
{
	size_t i, before = r->nfields;

	for (i = 0; i < sizeof control_fields / sizeof control_fields[0]; i++)
		warc_del(r, control_fields[i]);
	return before - r->nfields;
}

/* ---- records through a pipe ---- */

static void
pack_str(struct buf *b, const char *s)
{
	uint32_t n = (uint32_t)strlen(s);

	buf_append(b, &n, sizeof n);
	buf_append(b, s, n);
}

void
warc_pack_fields(const struct warc_record *r, struct buf *b)
{
	uint64_t n = r->nfields;
	size_t i;

	pack_str(b, r->version);
	buf_append(b, &n, sizeof n);
	for (i = 0; i < r->nfields; i++) {
		pack_str(b, r->fields[i].name);
		pack_str(b, r->fields[i].value);
	}
	buf_append(b, &r->offset, sizeof r->offset);
}

/* The next string of a packing, copied; NULL when p runs out. */
static char *
unpack_str(const char **p, const char *end)
{
	uint32_t n;
	char *s;

	if ((size_t)(end - *p) < sizeof n)
		return NULL;
	memcpy(&n, *p, sizeof n);
	*p += sizeof n;
	if ((size_t)(end - *p) < n)
		return NULL;
	s = xstrndup(*p, n);
	*p += n;
	return s;
}

int
warc_unpack_fields(const char **p, const char *end, struct warc_record *r)
{
	char *name, *value;
	uint64_t n, i;

	warc_record_reset(r);
	if ((name = unpack_str(p, end)) == NULL)
		return -1;
	snprintf(r->version, sizeof r->version, "%s", name);
	free(name);
	if ((size_t)(end - *p) < sizeof n)
		return -1;
	memcpy(&n, *p, sizeof n);
	*p += sizeof n;
	for (i = 0; i < n; i++) {
		name = unpack_str(p, end);
		value = name ? unpack_str(p, end) : NULL;
		if (value != NULL)
			warc_add(r, name, value);
		free(name);
		free(value);
		if (value == NULL)
			return -1;
	}
	if ((size_t)(end - *p) < sizeof r->offset)
		return -1;
	memcpy(&r->offset, *p, sizeof r->offset);
	*p += sizeof r->offset;
	return 0;
}

/* ---- reader: bytes ---- */

/*
 * The byte layer hands out decoded bytes in out[pos, len).  Damage below
 * it (a read error, corrupt or truncated gzip) stalls the input: no more
 * bytes come until warc_read has reported it, so the record in progress
 * ends as truncated and the error names both.  After corrupt gzip the
 * layer skips to the next gzip member header after the damaged member's
 * first byte (rewind_member) and goes on from there.
 */
struct warc_reader {
	int fd;
	char *name;
	size_t max_block;
	int gzip;			/* -1 not known yet, 0 plain, 1 gzip */
	int zinit;			/* inflate set up */
	int zend;			/* a member ended; another may follow */
	int zlost;			/* after corrupt gzip: find the next member */
	z_stream z;
	uint64_t raw;			/* offset of the next raw byte: bytes
					   read, less those handed back */
	struct buf pre;			/* bytes to read before fd's */
	size_t pre_pos;
	uint64_t member_c, member_d;	/* compressed and decoded offsets at
					   which the current member starts */
	struct buf held;		/* its raw bytes gone from in[], the
					   last HELD_MAX to 2 * HELD_MAX */
	uint64_t held_c;		/* compressed offset of held.data[0] */
	uint64_t handed_back;		/* raw bytes handed back after damage:
					   at most as many as read */
	unsigned char in[CHUNK];	/* raw bytes from fd (gzip) */
	char *out;			/* decoded bytes: out[pos, len) unread */
	size_t pos, len;
	uint64_t offset;		/* decoded offset of out[pos] */
	int eof;			/* no more bytes will ever come */
	int stalled;			/* damage found, not yet reported */
	int resync;			/* skip to the next "WARC/1." line */
	int foreign;			/* from a file: drop control fields */
	size_t dropped;			/* control fields dropped so far */
	int out_big;			/* out[] enlarged to read bytes again */
	uint64_t reread;		/* decoded bytes read again after a cut:
					   at most as many as read once */
	char damage[PITH_ERRLEN];	/* what stalled the input */
	uint64_t damage_off;		/* where (compressed offset for gzip) */
	struct buf line;		/* the header line being read */
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
	buf_init(&w->line);
	buf_init(&w->pre);
	return w;
}

void
warc_reader_unread(struct warc_reader *w, const void *p, size_t n)
{
	buf_append(&w->pre, p, n);
}

void
warc_reader_foreign(struct warc_reader *w)
{
	w->foreign = 1;
}

void
warc_reader_say_dropped(const struct warc_reader *w)
{
	if (w->dropped > 0)
		msg_warnx("%s: %zu pith control fields dropped: a record read "
		    "from a file cannot steer pith", w->name, w->dropped);
}

void
warc_reader_free(struct warc_reader *w)
{
	if (w == NULL)
		return;
	if (w->zinit)
		inflateEnd(&w->z);
	buf_free(&w->line);
	buf_free(&w->pre);
	buf_free(&w->held);
	free(w->name);
	free(w->out);
	free(w);
}

/* Offset of the next byte the input will give: compressed for gzip. */
static uint64_t
input_offset(const struct warc_reader *w)
{
	if (w->gzip == 1)
		return w->raw - w->z.avail_in;
	return w->offset + (w->len - w->pos);
}

/* Stop the bytes until warc_read reports why; fatal: for good. */
static void
damaged(struct warc_reader *w, int fatal, const char *fmt, ...)
{
	va_list ap;

	if (!w->stalled) {
		va_start(ap, fmt);
		vsnprintf(w->damage, sizeof w->damage, fmt, ap);
		va_end(ap);
		w->damage_off = input_offset(w);
		w->stalled = 1;
	}
	if (fatal)
		w->eof = 1;
	else
		w->zlost = 1;
}

/* Bytes unread first, then those of fd; as read(2). */
static ssize_t
read_raw(struct warc_reader *w, void *p, size_t n)
{
	ssize_t got;

	if (w->pre_pos < w->pre.len) {
		got = (ssize_t)(w->pre.len - w->pre_pos < n ?
		    w->pre.len - w->pre_pos : n);
		memcpy(p, w->pre.data + w->pre_pos, (size_t)got);
		w->pre_pos += (size_t)got;
		w->raw += (size_t)got;
		return got;
	}
	while ((got = read(w->fd, p, n)) < 0 && errno == EINTR)
		;
	if (got < 0)
		damaged(w, 1, "read error: %s", strerror(errno));
	else
		w->raw += (size_t)got;
	return got;
}

/* The bytes of in[] already used, about to go: those of the current
 * member are held (the last HELD_MAX at least), for rewind_member. */
static void
hold_member(struct warc_reader *w)
{
	size_t used = (size_t)(w->z.next_in - w->in), skip;
	uint64_t in_c = w->raw - w->z.avail_in - used;	/* offset of in[0] */

	if (used == 0 || in_c + used <= w->member_c)
		return;
	skip = in_c < w->member_c ? (size_t)(w->member_c - in_c) : 0;
	if (w->held.len == 0)
		w->held_c = in_c + skip;
	buf_append(&w->held, w->in + skip, used - skip);
	if (w->held.len > 2 * HELD_MAX) {
		skip = w->held.len - HELD_MAX;
		memmove(w->held.data, w->held.data + skip, HELD_MAX);
		w->held.len = HELD_MAX;
		w->held_c += skip;
	}
}

/* More compressed input after what is left in in[]; as read(2). */
static ssize_t
refill_in(struct warc_reader *w)
{
	ssize_t got;

	hold_member(w);
	if (w->z.avail_in > 0 && w->z.next_in != w->in)
		memmove(w->in, w->z.next_in, w->z.avail_in);
	w->z.next_in = w->in;
	got = read_raw(w, w->in + w->z.avail_in, sizeof w->in - w->z.avail_in);
	if (got > 0)
		w->z.avail_in += (uInt)got;
	return got;
}

static void
start_member(struct warc_reader *w)
{
	inflateReset(&w->z);
	w->zend = w->zlost = 0;
	w->member_c = input_offset(w);
	w->member_d = w->offset + (w->len - w->pos);
	buf_reset(&w->held);
}

/*
 * After damage in a member the next one may start anywhere after the
 * damaged one's first byte: inflate runs a member cut short on into the
 * next one's bytes, and finds the damage some way in.  So the bytes from
 * there (or, in a long member, from those held) are handed back, to be
 * searched again: 1 when they were.  No more are handed back on the whole
 * than were read, so damage cannot cost quadratic time.
 */
static int
rewind_member(struct warc_reader *w)
{
	size_t used = (size_t)(w->z.next_in - w->in), at;
	uint64_t in_c = w->raw - w->z.avail_in - used;	/* offset of in[0] */
	uint64_t from = w->held.len > 0 ? w->held_c : in_c;
	struct buf back;

	if (from <= w->member_c)
		from = w->member_c + 1;
	if (from >= input_offset(w) ||
	    w->handed_back + (w->raw - from) > w->raw)
		return 0;
	w->handed_back += w->raw - from;
	buf_init(&back);
	if (from < in_c)
		buf_append(&back, w->held.data + (from - w->held_c),
		    (size_t)(in_c - from));
	at = from > in_c ? (size_t)(from - in_c) : 0;
	buf_append(&back, w->in + at, used + w->z.avail_in - at);
	if (w->pre_pos < w->pre.len)
		buf_append(&back, w->pre.data + w->pre_pos,
		    w->pre.len - w->pre_pos);
	buf_free(&w->pre);
	w->pre = back;
	w->pre_pos = 0;
	w->raw = from;
	w->z.next_in = w->in;
	w->z.avail_in = 0;
	buf_reset(&w->held);
	return 1;
}

/* After corrupt data, skip to the next gzip member header (1f 8b 08).
 * 0 when the input ends first. */
static int
seek_member(struct warc_reader *w)
{
	unsigned char *p;
	size_t skip;

	if (w->z.avail_in > 0 && input_offset(w) <= w->member_c) {
		w->z.next_in++;			/* never the same member twice */
		w->z.avail_in--;
	}
	for (;;) {
		if (w->z.avail_in < 4) {
			if (refill_in(w) <= 0) {
				w->eof = 1;
				return 0;
			}
			continue;
		}
		p = memchr(w->z.next_in, 0x1f, w->z.avail_in - 3);
		if (p != NULL && p[1] == 0x8b && p[2] == 8 &&
		    (p[3] & 0xe0) == 0) {		/* no reserved flags */
			w->z.avail_in -= (uInt)(p - w->z.next_in);
			w->z.next_in = p;
			start_member(w);
			return 1;
		}
		skip = p ? (size_t)(p - w->z.next_in) + 1 : w->z.avail_in - 3;
		w->z.next_in += skip;
		w->z.avail_in -= (uInt)skip;
	}
}

/* Inflate more into out[len..], one gzip member after another. */
static void
fill_gzip(struct warc_reader *w)
{
	ssize_t got;
	int rc;

	while (w->len < CHUNK && !w->eof && !w->stalled) {
		if (w->zlost && !seek_member(w))
			return;
		if (w->z.avail_in == 0) {
			if ((got = refill_in(w)) < 0)
				return;
			if (got == 0) {
				if (!w->zend) {
					damaged(w, 0, "truncated gzip data");
					if (rewind_member(w))
						return;
				}
				w->eof = 1;
				return;
			}
		}
		if (w->zend)
			start_member(w);
		w->z.next_out = (Bytef *)w->out + w->len;
		w->z.avail_out = (uInt)(CHUNK - w->len);
		rc = inflate(&w->z, Z_NO_FLUSH);
		w->len = CHUNK - w->z.avail_out;
		if (rc == Z_STREAM_END)
			w->zend = 1;
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			damaged(w, 0, "corrupt gzip data");
			rewind_member(w);
		}
		if (w->len > 0)
			return;
	}
}

/* The first bytes say whether the input is gzip. */
static void
sniff(struct warc_reader *w)
{
	ssize_t got;
	size_t n = 0;

	while (n < 2 && (got = read_raw(w, w->in + n, 2 - n)) > 0)
		n += (size_t)got;
	w->gzip = n == 2 && w->in[0] == 0x1f && w->in[1] == 0x8b;
	if (w->gzip) {
		if (inflateInit2(&w->z, 16 + MAX_WBITS) != Z_OK)
			abort();		/* out of memory, as xmalloc */
		w->zinit = 1;
		w->z.next_in = w->in;
		w->z.avail_in = 2;
		return;
	}
	memcpy(w->out, w->in, n);
	w->len = n;
}

/* Make decoded bytes available; 0 when none are left (or stalled). */
static size_t
fill(struct warc_reader *w)
{
	ssize_t got;

	if (w->pos < w->len)
		return w->len - w->pos;
	w->pos = w->len = 0;
	if (w->out_big) {		/* the bytes read again are done */
		free(w->out);
		w->out = xmalloc(CHUNK);
		w->out_big = 0;
	}
	if (w->eof || w->stalled)
		return 0;
	if (w->gzip == -1)
		sniff(w);
	if (w->gzip)
		fill_gzip(w);
	else if (w->len == 0 && !w->stalled) {
		if ((got = read_raw(w, w->out, CHUNK)) > 0)
			w->len = (size_t)got;
		else
			w->eof = 1;
	}
	return w->len - w->pos;
}

static void
consume(struct warc_reader *w, size_t n)
{
	w->pos += n;
	w->offset += n;
}

/* One line into w->line (without its CR LF).  1: a line; 0: end of
 * input; -1: longer than max (the rest of it is consumed). */
static int
read_line(struct warc_reader *w, size_t max)
{
	struct buf *line = &w->line;
	size_t avail = 0, n;
	char *nl;
	int toolong = 0;

	buf_reset(line);
	buf_append(line, "", 0);		/* data is never NULL */
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

/* Plain input with nothing buffered: the next bytes of a large block go
 * from fd into the block itself.  One copy less, and on a pipe one read
 * (one wake-up of the writer) per pipe-full rather than per CHUNK. */
static size_t
read_direct(struct warc_reader *w, struct buf *block, size_t n)
{
	ssize_t got;

	if (w->eof || w->stalled)
		return 0;
	if ((got = read_raw(w, block->data + block->len, n)) <= 0) {
		w->eof = 1;
		return 0;
	}
	block->len += (size_t)got;
	block->data[block->len] = '\0';
	w->offset += (size_t)got;
	return (size_t)got;
}

#define START_LEN 10		/* "WARC/1.x" CR LF */

/* Where a record starts in p[0, n): "WARC/1.x" and a line end (after a
 * cut record's last byte, not after a line end of its own); n if none. */
static size_t
record_start(const char *p, size_t n)
{
	const char *q = p, *end = p + n;

	while ((q = memmem(q, (size_t)(end - q), "WARC/1.", 7)) != NULL) {
		if (end - q >= 9 && isdigit((unsigned char)q[7]) &&
		    (q[8] == '\n' || (q[8] == '\r' && end - q >= 10 &&
		    q[9] == '\n')))
			return (size_t)(q - p);
		q++;
	}
	return n;
}

/*
 * A block skipped for its size is searched as it goes by, in case it was
 * cut short and records were appended after the cut: from the first
 * record start on, its bytes are kept, max of them at most.  Past that
 * the oldest are dropped, up to the next record start: what is kept is
 * the last max bytes' worth, from a record start.
 */
struct skipped {
	struct buf kept;	/* block bytes from kept.data[from] on */
	size_t from, max;
	uint64_t at;		/* block byte at kept.data[from] */
	int found;		/* kept.data[from] starts a record */
	uint64_t lost;		/* block byte of the first record start
				   dropped, or UINT64_MAX */
};

static void
skipped_compact(struct skipped *s)
{
	s->kept.len -= s->from;
	memmove(s->kept.data, s->kept.data + s->from, s->kept.len);
	s->kept.data[s->kept.len] = '\0';
	s->from = 0;
}

static void
skipped_add(struct skipped *s, const char *p, size_t n)
{
	size_t len, drop;

	buf_append(&s->kept, p, n);
	len = s->kept.len - s->from;
	drop = s->found ? 0 : record_start(s->kept.data + s->from, len);
	s->found = drop < len;
	if (s->found && len - drop > s->max) {
		if (s->lost == UINT64_MAX)
			s->lost = s->at + drop;
		drop = len - s->max + record_start(s->kept.data + s->from +
		    len - s->max, s->max);
		s->found = drop < len;
	}
	if (!s->found)		/* the last bytes may begin a record start */
		drop = len < START_LEN ? 0 : len - (START_LEN - 1);
	s->from += drop;
	s->at += drop;
	if (s->from > s->kept.len / 5)	/* moves at most 4 bytes a byte dropped */
		skipped_compact(s);
}

/* Copy n block bytes into block, or with skip set, hand them to it
 * instead; returns bytes done. */
static size_t
read_block(struct warc_reader *w, struct buf *block, size_t n,
    struct skipped *skip)
{
	size_t done = 0, avail, take;

	if (skip == NULL)
		buf_reserve(block, n);
	while (done < n) {
		if (skip == NULL && w->gzip == 0 && w->pos == w->len &&
		    n - done >= CHUNK) {
			if ((take = read_direct(w, block, n - done)) == 0)
				break;
			done += take;
			continue;
		}
		if ((avail = fill(w)) == 0)
			break;
		take = avail < n - done ? avail : n - done;
		if (skip != NULL)
			skipped_add(skip, w->out + w->pos, take);
		else
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

/* Where a record starting at decoded offset start is: for gzip input,
 * the compressed offset of its member when it starts one. */
static uint64_t
record_offset(const struct warc_reader *w, uint64_t start)
{
	return w->gzip == 1 && start == w->member_d ? w->member_c : start;
}

/* The error of a damaged record at offset.  truncated: it ended early,
 * and what stalled the input (if anything) is told and forgotten. */
static int
fail(struct warc_reader *w, uint64_t offset, int truncated, char *err,
    size_t errlen, const char *fmt, ...)
{
	char msg[PITH_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (truncated && w->stalled) {
		snprintf(err, errlen, "offset %llu: %s: %s at offset %llu",
		    (unsigned long long)offset, msg, w->damage,
		    (unsigned long long)w->damage_off);
		w->stalled = 0;
		w->resync = 1;
	} else
		snprintf(err, errlen, "offset %llu: %s",
		    (unsigned long long)offset, msg);
	return -1;
}

/* Damage found between records: say it once, then go on after it. */
static int
damage_error(struct warc_reader *w, char *err, size_t errlen)
{
	snprintf(err, errlen, "offset %llu: %s",
	    (unsigned long long)w->damage_off, w->damage);
	w->stalled = 0;
	w->resync = 1;
	return -1;
}

/* "WARC/1.0", "WARC/1.1" (any 1.x), alone or before white space. */
static int
is_version_line(const struct buf *line)
{
	return line->len >= 8 && memcmp(line->data, "WARC/1.", 7) == 0 &&
	    isdigit((unsigned char)line->data[7]) &&
	    (line->len == 8 || line->data[8] == ' ' || line->data[8] == '\t');
}

/* A field name is a token: no control byte, space or tab in it.  The
 * writer would make "Content\rLength" Content-Length, a second one
 * ahead of the real one, and the record's framing the sender's. */
static int
is_field_name(const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

/* "Name: value" or a continuation line; -1 if neither.  last is the value
 * of the field before, a buf over its memory: a continuation line is
 * appended to it in place, not joined anew (quadratic in their number). */
static int
add_header_line(struct warc_record *r, struct buf *line, struct buf *last)
{
	char *colon, *name, *value;

	if (line->data[0] == ' ' || line->data[0] == '\t') {
		if (r->nfields == 0)
			return -1;
		buf_putc(last, ' ');
		buf_puts(last, str_trim(line->data));
		r->fields[r->nfields - 1].value = last->data;
		return 0;
	}
	if ((colon = memchr(line->data, ':', line->len)) == NULL)
		return -1;
	*colon = '\0';
	if (*(name = str_trim(line->data)) == '\0' || !is_field_name(name))
		return -1;
	warc_add(r, name, str_trim(colon + 1));
	value = r->fields[r->nfields - 1].value;
	last->data = value;			/* as xstrdup made it */
	last->len = strlen(value);
	last->cap = last->len + 1;
	return 0;
}

/* Skip blank lines (and, resynchronising, anything else) up to a version
 * line.  1: found, in w->line; 0: end of input; -1: garbage where a
 * record should start.  *start: where the line is. */
static int
find_version_line(struct warc_reader *w, uint64_t *start)
{
	uint64_t at;
	int rc;

	for (;;) {
		at = w->offset;
		rc = read_line(w, MAX_HEADER);
		*start = record_offset(w, at);
		if (rc == 0)
			return 0;
		if (rc > 0 && is_version_line(&w->line)) {
			w->resync = 0;
			return 1;
		}
		if (rc > 0 && w->line.len == 0)
			continue;
		if (!w->resync)
			return -1;
	}
}

/* Field lines up to the blank line.  0, or -1 with err. */
static int
read_header(struct warc_reader *w, struct warc_record *r, char *err,
    size_t errlen)
{
	struct buf last;
	size_t total = 0;
	int rc;

	buf_init(&last);
	for (;;) {
		rc = read_line(w, MAX_HEADER);
		if (rc == 0)
			return fail(w, r->offset, 1, err, errlen,
			    "truncated record header");
		total += w->line.len + 2;
		if (rc < 0 || total > MAX_HEADER)
			return fail(w, r->offset, 0, err, errlen, "record "
			    "header larger than %d bytes", MAX_HEADER);
		if (w->line.len == 0)
			return 0;
		if (add_header_line(r, &w->line, &last) < 0)
			return fail(w, r->offset, 0, err, errlen, "malformed "
			    "header line '%.40s'", w->line.data);
	}
}

/*
 * The fields whose value WARC/1.0 wrote as "<uri>" and WARC/1.1 writes
 * bare (ISO 28500:2017, 5.2: the rule "changed to meet requests from
 * implementers").  wget still writes the brackets; read bare, a page has
 * one URI in every stage, the catalog and --get.  The record ids
 * (WARC-Record-ID, -Refers-To, -Concurrent-To, -Warcinfo-ID,
 * -Segment-Origin-ID) keep theirs: "<urn:uuid:...>" in both versions.
 */
static const char *const uri_fields[] = {
	"WARC-Target-URI", "WARC-Refers-To-Target-URI", "WARC-Profile",
};

static int
is_uri_field(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof uri_fields / sizeof uri_fields[0]; i++)
		if (strcasecmp(name, uri_fields[i]) == 0)
			return 1;
	return 0;
}

static void
unbracket_uris(struct warc_record *r)
{
	char *v, *uri;
	size_t i, n;

	for (i = 0; i < r->nfields; i++) {
		v = r->fields[i].value;
		n = strlen(v);
		if (n < 2 || v[0] != '<' || v[n - 1] != '>' ||
		    !is_uri_field(r->fields[i].name))
			continue;
		v[n - 1] = '\0';
		uri = str_trim(v + 1);
		memmove(v, uri, strlen(uri) + 1);
	}
}

/* Content-Length: digits only, at most 2^50. -1 if missing or bad. */
static long long
content_length(const struct warc_record *r)
{
	const char *s = warc_get(r, "Content-Length");
	long long n = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s) || n > (1LL << 50))
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

/* Read p[0..n) again, before the bytes not yet read: 0, or -1 when that
 * would read more bytes again than have been read once.  The bound keeps
 * records cut inside records cut inside records from costing quadratic
 * time; a crawler's cuts are far apart. */
static int
unread_bytes(struct warc_reader *w, const char *p, size_t n)
{
	size_t rest = w->len - w->pos;
	char *o;

	if (w->reread + n > w->offset)
		return -1;
	w->reread += n;
	o = xmalloc(n + rest > CHUNK ? n + rest : CHUNK);
	memcpy(o, p, n);
	memcpy(o + n, w->out + w->pos, rest);
	free(w->out);
	w->out = o;
	w->out_big = n + rest > CHUNK;
	w->pos = 0;
	w->len = n + rest;
	w->offset -= n;
	return 0;
}

/* The block was read whole and its record end, or the end of input,
 * follows it, as a record's should. */
static int
ends_as_record(struct warc_reader *w, size_t got, long long length)
{
	return got == (size_t)length && (fill(w) == 0 ||
	    w->out[w->pos] == '\r' || w->out[w->pos] == '\n');
}

/* A block cut short, or running on where its record end should be, that
 * holds the start of another record: the record before was truncated
 * (a crawler died mid-record, and a new run appended).  The block ends
 * there, and the next record is read from there: nothing after is lost.
 * 1 when that happened, 2 when the bytes after could not be read again
 * (unread_bytes). */
static int
cut_at_inner_record(struct warc_reader *w, struct warc_record *r,
    size_t got, long long length)
{
	size_t at;
	int rc;

	if (ends_as_record(w, got, length))
		return 0;
	if ((at = record_start(r->block.data, r->block.len)) == r->block.len)
		return 0;
	rc = unread_bytes(w, r->block.data + at, r->block.len - at) < 0 ? 2 : 1;
	r->block.len = at;
	r->block.data[at] = '\0';
	return rc;
}

/* The records kept from a skipped block, to be read next: 0, or -1 as
 * unread_bytes. */
static int
unread_kept(struct warc_reader *w, struct skipped *s)
{
	skipped_compact(s);
	if (s->kept.cap > 2 * s->kept.len + CHUNK) {	/* before the copy */
		s->kept.cap = s->kept.len + 1;
		s->kept.data = xrealloc(s->kept.data, s->kept.cap);
	}
	return unread_bytes(w, s->kept.data, s->kept.len);
}

/* A block over the limit, skipped without being held; but when it was
 * cut short, the records appended after the cut are read (as
 * cut_at_inner_record does): the last of them, as many as a record
 * within the limit may hold (its header, block and end) at most. */
static int
skip_block(struct warc_reader *w, struct warc_record *r, long long length,
    char *err, size_t errlen)
{
	struct skipped s = { .max = SIZE_MAX, .lost = UINT64_MAX };
	char lost[80] = "";
	size_t got;
	int rc;

	if (w->max_block < SIZE_MAX - MAX_HEADER - 4)
		s.max = w->max_block + MAX_HEADER + 4;
	buf_init(&s.kept);
	got = read_block(w, NULL, (size_t)length, &s);
	if (!ends_as_record(w, got, length) && s.found &&
	    unread_kept(w, &s) == 0) {
		if (s.lost != UINT64_MAX)
			snprintf(lost, sizeof lost, ", records at block bytes "
			    "%llu to %llu skipped (over the limit)",
			    (unsigned long long)s.lost,
			    (unsigned long long)s.at);
		rc = fail(w, r->offset, 0, err, errlen, "truncated record: "
		    "another record starts at block byte %llu of %lld%s",
		    (unsigned long long)s.at, length, lost);
	} else {
		skip_record_end(w);
		rc = fail(w, r->offset, got < (size_t)length, err, errlen,
		    "record block of %lld bytes is larger than the limit "
		    "(%zu)", length, w->max_block);
	}
	buf_free(&s.kept);
	return rc;
}

/* The block: the record's, or skipped when over the limit. */
static int
read_record_block(struct warc_reader *w, struct warc_record *r,
    long long length, char *err, size_t errlen)
{
	size_t got;
	int cut;

	if ((unsigned long long)length > w->max_block)
		return skip_block(w, r, length, err, errlen);
	got = read_block(w, &r->block, (size_t)length, NULL);
	if ((cut = cut_at_inner_record(w, r, got, length)) > 0)
		return fail(w, r->offset, 0, err, errlen, "truncated record: "
		    "another record starts at block byte %zu of %lld%s",
		    r->block.len, length, cut > 1 ? " (cut too often: "
		    "not read)" : "");
	if (got < (size_t)length)
		return fail(w, r->offset, 1, err, errlen, "truncated record: "
		    "%zu of %lld block bytes", got, length);
	skip_record_end(w);
	return 1;
}

int
warc_read(struct warc_reader *w, struct warc_record *r, char *err,
    size_t errlen)
{
	uint64_t start;
	long long length;
	int rc;

	warc_record_reset(r);
	rc = find_version_line(w, &start);
	if (rc == 0)
		return w->stalled ? damage_error(w, err, errlen) : 0;
	if (rc < 0) {
		w->resync = 1;
		return fail(w, start, 0, err, errlen, "expected a WARC/1.x "
		    "record, found '%.30s'", w->line.data);
	}
	r->offset = start;
	snprintf(r->version, sizeof r->version, "%.*s",
	    (int)strcspn(w->line.data, " \t"), w->line.data);
	if (read_header(w, r, err, errlen) < 0) {
		w->resync = 1;
		return -1;
	}
	if ((length = content_length(r)) < 0) {
		w->resync = 1;
		return fail(w, r->offset, 0, err, errlen, "missing or bad "
		    "Content-Length");
	}
	if ((rc = read_record_block(w, r, length, err, errlen)) <= 0)
		return rc;
	unbracket_uris(r);
	if (w->foreign)
		w->dropped += warc_drop_control(r);
	return rc;
}

/* ---- writer ---- */

struct warc_writer {
	int fd;
	int level;			/* deflate level; 0: plain WARC */
	struct buf out;			/* bytes not yet written */
	struct buf head;		/* the record header being written */
};

struct warc_writer *
warc_writer_new(int fd, int level)
{
	struct warc_writer *w = xcalloc(1, sizeof *w);

	w->fd = fd;
	w->level = level;
	widen_pipe(fd);
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

static int
write_out(struct warc_writer *w, const void *p, size_t n, char *err,
    size_t errlen)
{
	if (n > 0 && write_all(w->fd, p, n) < 0) {
		snprintf(err, errlen, "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int
warc_writer_flush(struct warc_writer *w, char *err, size_t errlen)
{
	int rc = write_out(w, w->out.data, w->out.len, err, errlen);

	buf_reset(&w->out);
	return rc;
}

/* s with every byte in bad made c: no header injection, no stray colon
 * in a name. */
static void
put_clean(struct buf *b, const char *s, const char *bad, char c)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, bad);
		buf_append(b, s, n);
		s += n;
		if (*s != '\0') {
			buf_putc(b, c);
			s++;
		}
	}
}

static void
put_field(struct buf *b, const char *name, const char *value)
{
	put_clean(b, name, "\r\n: \t", '-');
	buf_puts(b, ": ");
	put_clean(b, value, "\r\n", ' ');
	buf_puts(b, "\r\n");
}

/* Bytes before the body of the HTTP message in p: up to the first blank
 * line (CR LF or bare LF); SIZE_MAX if there is none. */
static size_t
http_head_len(const char *p, size_t n)
{
	const char *nl = p, *end = p + n;

	while ((nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL) {
		nl++;
		if (nl < end && *nl == '\n')
			return (size_t)(nl + 1 - p);
		if (end - nl >= 2 && nl[0] == '\r' && nl[1] == '\n')
			return (size_t)(nl + 2 - p);
	}
	return SIZE_MAX;
}

/* What every record must carry: version, identity, date, the length of
 * its block (n) and its digest. */
static void
complete_fields(struct warc_record *r, size_t n, const char *digest)
{
	char id[WARC_ID_LEN], date[21], len[32];

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
	snprintf(len, sizeof len, "%zu", n);
	warc_set(r, "Content-Length", len);
	warc_set(r, "WARC-Block-Digest", digest);
}

/* complete_fields from the block in memory, and the payload digest of a
 * response record carrying an HTTP message. */
static void
complete(struct warc_record *r)
{
	char digest[DIGEST_SHA1_LEN];
	const char *type = warc_get(r, "WARC-Type");
	const char *ct = warc_get(r, "Content-Type");
	const char *block = r->block.data ? r->block.data : "";
	size_t head;

	digest_sha1_b32(block, r->block.len, digest);
	complete_fields(r, r->block.len, digest);
	if (type != NULL && strcasecmp(type, "response") == 0 && ct != NULL &&
	    strncasecmp(ct, "application/http", 16) == 0 &&
	    warc_get(r, "WARC-Payload-Digest") == NULL &&
	    (head = http_head_len(block, r->block.len)) != SIZE_MAX) {
		digest_sha1_b32(block + head, r->block.len - head, digest);
		warc_set(r, "WARC-Payload-Digest", digest);
	}
}

/* WARC-Type, WARC-Record-ID and WARC-Date first, then the rest in order. */
static void
serialise_header(const struct warc_record *r, struct buf *b)
{
	static const char *first[] = { "WARC-Type", "WARC-Record-ID",
	    "WARC-Date" };
	const struct warc_field *f, *put[3] = { NULL, NULL, NULL };
	size_t i, j;

	buf_reset(b);
	put_clean(b, r->version, "\r\n", ' ');
	buf_puts(b, "\r\n");
	for (j = 0; j < 3; j++)
		for (i = 0; i < r->nfields && put[j] == NULL; i++)
			if (strcasecmp(r->fields[i].name, first[j]) == 0) {
				put[j] = &r->fields[i];
				put_field(b, put[j]->name, put[j]->value);
			}
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (f != put[0] && f != put[1] && f != put[2])
			put_field(b, f->name, f->value);
	}
	buf_puts(b, "\r\n");
}

/* Feed n bytes to z in pieces a uInt holds, writing out as the output
 * grows.  0 ok (and, last, the member finished), -1 with err. */
static int
deflate_part(struct warc_writer *w, z_stream *z, const char *p, size_t n,
    int last, char *err, size_t errlen)
{
	size_t take;
	int rc;

	do {
		take = n < CHUNK ? n : CHUNK;
		z->next_in = (Bytef *)p;
		z->avail_in = (uInt)take;
		do {
			buf_reserve(&w->out, CHUNK);
			z->next_out = (Bytef *)w->out.data + w->out.len;
			z->avail_out = CHUNK;
			rc = deflate(z, last && take == n ? Z_FINISH :
			    Z_NO_FLUSH);
			w->out.len += CHUNK - z->avail_out;
			w->out.data[w->out.len] = '\0';
		} while (z->avail_out == 0);
		p += take;
		n -= take;
		if (w->out.len >= FLUSH_AT &&
		    warc_writer_flush(w, err, errlen) < 0)
			return -1;
	} while (n > 0);
	if (last && rc != Z_STREAM_END) {
		snprintf(err, errlen, "gzip compression failed");
		return -1;
	}
	return 0;
}

/* z set up for one gzip member at the writer's level; returns z. */
static z_stream *
deflate_start(const struct warc_writer *w, z_stream *z)
{
	memset(z, 0, sizeof *z);
	if (deflateInit2(z, w->level, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();			/* out of memory, as xmalloc */
	return z;
}

/* Head, block and the record end as one gzip member. */
static int
deflate_member(struct warc_writer *w, const struct warc_record *r,
    char *err, size_t errlen)
{
	z_stream z;
	int rc;

	deflate_start(w, &z);
	rc = deflate_part(w, &z, w->head.data, w->head.len, 0, err, errlen);
	if (rc == 0)
		rc = deflate_part(w, &z, r->block.data ? r->block.data : "",
		    r->block.len, 0, err, errlen);
	if (rc == 0)
		rc = deflate_part(w, &z, "\r\n\r\n", 4, 1, err, errlen);
	deflateEnd(&z);
	return rc;
}

/* Head, block and record end.  A page-sized block is not copied: it
 * goes out in one writev with what is buffered before it. */
static int
append_plain(struct warc_writer *w, const struct warc_record *r,
    char *err, size_t errlen)
{
	struct iovec iov[3];

	buf_append(&w->out, w->head.data, w->head.len);
	if (r->block.len >= DIRECT_AT) {
		iov[0] = (struct iovec){ w->out.data, w->out.len };
		iov[1] = (struct iovec){ r->block.data, r->block.len };
		iov[2] = (struct iovec){ "\r\n\r\n", 4 };
		if (writev_all(w->fd, iov, 3) < 0) {
			snprintf(err, errlen, "write error: %s",
			    strerror(errno));
			return -1;
		}
		buf_reset(&w->out);
		return 0;
	}
	buf_append(&w->out, r->block.data ? r->block.data : "", r->block.len);
	buf_append(&w->out, "\r\n\r\n", 4);
	return 0;
}

struct measure {
	struct digest_sha1 *d;
	size_t len;
};

static int
measure_piece(void *arg, const char *p, size_t n)
{
	struct measure *m = arg;

	digest_sha1_update(m->d, p, n);
	m->len += n;
	return 0;
}

struct put {
	struct warc_writer *w;
	z_stream *z;			/* NULL: plain */
	char *err;
	size_t errlen;
};

static int
put_piece(void *arg, const char *p, size_t n)
{
	struct put *o = arg;

	if (o->z != NULL)
		return deflate_part(o->w, o->z, p, n, 0, o->err, o->errlen);
	buf_append(&o->w->out, p, n);
	if (o->w->out.len >= FLUSH_AT)
		return warc_writer_flush(o->w, o->err, o->errlen);
	return 0;
}

int
warc_write_files(struct warc_writer *w, struct warc_record *r,
    FILE *const *parts, size_t n, char *err, size_t errlen)
{
	struct measure m = { digest_sha1_begin(), 0 };
	struct put o = { w, NULL, err, errlen };
	char digest[DIGEST_SHA1_LEN];
	z_stream z;
	int rc;

	rc = read_pieces(parts, n, measure_piece, &m);
	digest_sha1_end_b32(m.d, digest);
	if (rc < 0) {
		snprintf(err, errlen, "read error: %s", strerror(errno));
		return -1;
	}
	complete_fields(r, m.len, digest);
	serialise_header(r, &w->head);
	if (w->level == 0) {
		buf_append(&w->out, w->head.data, w->head.len);
		rc = read_pieces(parts, n, put_piece, &o);
		buf_append(&w->out, "\r\n\r\n", 4);
	} else {
		o.z = deflate_start(w, &z);
		rc = deflate_part(w, &z, w->head.data, w->head.len, 0, err,
		    errlen);
		if (rc == 0)
			rc = read_pieces(parts, n, put_piece, &o);
		if (rc == 0)
			rc = deflate_part(w, &z, "\r\n\r\n", 4, 1, err, errlen);
		deflateEnd(&z);
	}
	if (rc == -2)
		snprintf(err, errlen, "read error: %s", strerror(errno));
	if (rc < 0)
		return -1;
	if (w->out.len >= FLUSH_AT)
		return warc_writer_flush(w, err, errlen);
	return 0;
}

void
warc_format(struct warc_record *r, struct buf *out)
{
	struct buf head;

	buf_init(&head);
	complete(r);
	serialise_header(r, &head);
	buf_append(out, head.data, head.len);
	buf_append(out, r->block.data ? r->block.data : "", r->block.len);
	buf_append(out, "\r\n\r\n", 4);
	buf_free(&head);
}

int
warc_write(struct warc_writer *w, struct warc_record *r, char *err,
    size_t errlen)
{
	complete(r);
	serialise_header(r, &w->head);
	if ((w->level > 0 ? deflate_member(w, r, err, errlen) :
	    append_plain(w, r, err, errlen)) < 0)
		return -1;
	if (w->out.len >= FLUSH_AT)
		return warc_writer_flush(w, err, errlen);
	return 0;
}
