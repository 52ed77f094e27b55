/*
 * repeat.c: lines that recur across the documents of one host in a run
 * are boilerplate (the practice of C4 and CCNet): a newsletter blurb, an
 * "about the author" box, a cookie notice or a "most read" list looks like
 * prose on one page, but not on its tenth.
 *
 * It is a sink in front of the output's (sink.c), so it sees the records
 * of both the HTML and the plain-text paths, whatever the number of
 * workers.  Only documents with a host can lose lines: those without one
 * (files, URNs) go on at once, until the first with a host.  From that
 * document on, every record waits in a spool file (the cleaned text only,
 * a fraction of the input), so the output keeps its order; at the flush
 * the spool is read three times:
 *
 *   1. documents per host (exact copies counted once);
 *   2. for hosts with enough documents, in how many documents each line
 *      occurs;
 *   3. every record is written to the real stdout, less the lines that
 *      occur in min_docs documents or more of their host.
 *
 * The counts are over the whole run, so the result does not depend on the
 * order of the documents.  A document that would lose more than half of
 * its text is left whole: it is most likely a copy of another page (a
 * print or mobile version), not a page full of boilerplate.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"

/* The name a spooled document is written under, in its record. */
#define SPOOL_NAME "Pith-Spool-Name"

/* An open-addressing map from 64-bit keys (0 stands for empty) to counts,
 * in two arrays so that a slot costs 12 bytes.  A table with max_cap set
 * stops growing there: it goes on counting the keys it holds and ignores
 * new ones, so memory stays bounded whatever the size of the run. */
struct table {
	uint64_t *key;
	uint32_t *count;
	size_t cap, n;		/* cap is a power of two */
	size_t max_cap;		/* 0: no limit */
	int full;		/* a new key was ignored */
};

/* Lines are counted in at most this many slots (48 MB, 3 million lines). */
#define LINE_SLOTS_MAX ((size_t)1 << 22)

struct repeat {
	struct sink sink;
	struct sink *next;	/* where the records go on; owned */
	int min_docs;
	int spool_fd;		/* the records from the first with a host */
	struct warc_writer *spool;	/* on spool_fd */
	int spooling;
	struct table hosts;	/* host -> documents */
	struct table docs;	/* host + text digest: exact copies */
	struct table lines;	/* host + line -> documents */
	struct table dropped;	/* lines dropped from a page (keys) */
	struct buf line;	/* the text of a line of markup */
	uint64_t *doc_keys;	/* the line keys of one document (pass 2),
				   or those dropped from it (pass 3) */
	size_t ndoc_keys, doc_keys_cap;
	struct repeated_reader *known;	/* lines repeated in earlier runs,
					   from the catalog, or NULL */
};

static uint32_t *table_slot(struct table *t, uint64_t key, int insert);

static void
table_grow(struct table *t)
{
	struct table old = *t;
	size_t i;

	t->cap = old.cap ? old.cap * 2 : 1024;
	t->key = xcalloc(t->cap, sizeof *t->key);
	t->count = xcalloc(t->cap, sizeof *t->count);
	t->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.key[i] != 0)
			*table_slot(t, old.key[i], 1) = old.count[i];
	free(old.key);
	free(old.count);
}

/* The count of key; with insert, a new key starts at 0.  NULL when key
 * is absent and not inserted (or the table is full). */
static uint32_t *
table_slot(struct table *t, uint64_t key, int insert)
{
	size_t i, mask;

	key += key == 0;
	if (insert && (t->n + 1) * 4 > t->cap * 3 &&
	    (t->max_cap == 0 || t->cap < t->max_cap))
		table_grow(t);
	if (t->cap == 0)
		return NULL;
	mask = t->cap - 1;
	for (i = key & mask; t->key[i] != 0; i = (i + 1) & mask)
		if (t->key[i] == key)
			return &t->count[i];
	if (!insert || (t->n + 1) * 4 > t->cap * 3) {
		t->full |= insert;
		return NULL;
	}
	t->n++;
	t->key[i] = key;
	return &t->count[i];
}

static uint32_t
table_count(struct table *t, uint64_t key)
{
	uint32_t *c = table_slot(t, key, 0);

	return c ? *c : 0;
}

/* Adds one to the count of key; 1 when it was new. */
static int
table_add(struct table *t, uint64_t key)
{
	uint32_t *c = table_slot(t, key, 1);

	if (c == NULL || *c == UINT32_MAX)
		return 0;
	return ++*c == 1;
}

static void
table_free(struct table *t)
{
	free(t->key);
	free(t->count);
	t->key = NULL;
	t->count = NULL;
	t->cap = t->n = 0;
}

/* The site of an absolute URI: its host, lowercased, without "www.",
 * a user or a port; 0 for none (file: URIs, URNs).  As much of RFC 3986's
 * authority as grouping a crawl's pages by site needs: linking libcurl
 * for it cost clean 4.5 ms of start-up, more than a large page. */
static uint64_t
site_key(const char *uri)
{
	const char *p, *auth, *end, *host, *stop;
	char low[256];
	size_t n;

	for (p = uri; isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.'; p++)
		;
	if (p == uri || strncmp(p, "://", 3) != 0)
		return 0;
	auth = p + 3;
	end = auth + strcspn(auth, "/?#");
	for (host = p = auth; p < end; p++)
		if (*p == '@')
			host = p + 1;
	if (*host == '[')
		stop = (p = memchr(host, ']', (size_t)(end - host))) ? p + 1 : end;
	else
		stop = (p = memchr(host, ':', (size_t)(end - host))) ? p : end;
	if (stop - host > 4 && strncasecmp(host, "www.", 4) == 0)
		host += 4;
	if (stop <= host || (size_t)(stop - host) >= sizeof low)
		return 0;
	for (n = 0; host + n < stop; n++)
		low[n] = (char)tolower((unsigned char)host[n]);
	low[n] = '\0';
	return fnv1a64(0, low, n + 1);
}

/* The site of a record that is the main text of a document with a URL,
 * or 0. */
static uint64_t
record_host(const struct warc_record *r)
{
	const char *type = warc_get(r, "WARC-Type");
	const char *uri = warc_get(r, "WARC-Target-URI");

	if (type == NULL || strcasecmp(type, "conversion") != 0 ||
	    uri == NULL || warc_get(r, PF_PART) != NULL)
		return 0;
	return site_key(uri);
}

/* The key of one line of a host: case and runs of white space do not
 * count. */
static uint64_t
line_key(uint64_t host, const char *s, size_t n)
{
	unsigned char c, prev = ' ';
	uint64_t h = host;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (isspace(c))
			c = ' ';
		else
			c = (unsigned char)tolower(c);
		if (c == ' ' && prev == ' ')
			continue;
		h = fnv1a64(h, &c, 1);
		prev = c;
	}
	return h;
}

/* The text a line of rec's body stands for, in *s and *n, as the lines
 * of plain text are counted; 0 for a line of markup or code, which
 * stays (lib/markup.c). */
static int
line_text(struct body_lines *st, struct buf *tmp, const char **s, size_t *n)
{
	if (st->format == BODY_TEXT)
		return 1;
	if (!body_line_text(st, *s, *n, tmp))
		return 0;
	*s = tmp->data, *n = tmp->len;
	return 1;
}

/* The next non-blank line from *p on, its length in *n, or NULL at end;
 * *gap is set when a blank line came before it. */
static const char *
next_line(const char **p, const char *end, size_t *n, int *gap)
{
	const char *s, *nl;

	while ((s = *p) < end) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		*p = nl + (nl < end);
		if (nl > s) {
			*n = (size_t)(nl - s);
			return s;
		}
		*gap = 1;
	}
	return NULL;
}

/* The catalog of the folder store writes to, if any: lines found there
 * are repeated whatever this run's counts.  A catalog that cannot be
 * read is said once, and the run goes on without it. */
static void
open_known(struct repeat *r, const char *catalog)
{
	char err[PITH_ERRLEN];

	if (catalog == NULL || *catalog == '\0')
		return;
	if (catalog_repeated_open(catalog, &r->known, err, sizeof err) < 0)
		msg_warnx("%s: lines repeated in earlier runs not used", err);
}

/* A failed write into the spool says where the spool is. */
static void
spool_error(char *err, size_t errlen)
{
	char *why = xstrdup(err);

	snprintf(err, errlen, "the repeat spool in %s: %s (--repeat-docs 0 "
	    "streams without it)", tmp_dir(), why);
	free(why);
}

int
repeat_has_host(const char *uri)
{
	return uri != NULL && site_key(uri) != 0;
}

/* Append key to the document's keys. */
static void
add_doc_key(struct repeat *r, uint64_t key)
{
	if (r->ndoc_keys == r->doc_keys_cap) {
		r->doc_keys_cap = r->doc_keys_cap ? r->doc_keys_cap * 2 : 256;
		r->doc_keys = xrealloc(r->doc_keys, r->doc_keys_cap *
		    sizeof *r->doc_keys);
	}
	r->doc_keys[r->ndoc_keys++] = key;
}

/* Pass 1: documents per host, each text once. */
static void
count_document(struct repeat *r, const struct warc_record *rec)
{
	uint64_t host = record_host(rec);
	const char *digest = warc_get(rec, "WARC-Block-Digest");

	if (host != 0 && digest != NULL &&
	    table_add(&r->docs, fnv1a64(host, digest, strlen(digest))))
		table_add(&r->hosts, host);
}

static int
key_order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Pass 2: in how many documents each line of a busy host occurs. */
static void
count_lines(struct repeat *r, const struct warc_record *rec)
{
	uint64_t host = record_host(rec);
	const char *digest = warc_get(rec, "WARC-Block-Digest");
	const char *p = rec->block.data, *end = p + rec->block.len, *s;
	struct body_lines st = { body_of_type(warc_get(rec, "Content-Type")),
	    0, 0 };
	size_t i, n;
	int gap = 0;

	if (host == 0 || digest == NULL ||
	    table_count(&r->hosts, host) < (uint32_t)r->min_docs ||
	    !table_add(&r->docs, fnv1a64(host, digest, strlen(digest))))
		return;		/* an exact copy counts once */
	r->ndoc_keys = 0;
	while ((s = next_line(&p, end, &n, &gap)) != NULL) {
		if (line_text(&st, &r->line, &s, &n))
			add_doc_key(r, line_key(host, s, n));
	}
	/* Each line counts once per document. */
	qsort(r->doc_keys, r->ndoc_keys, sizeof *r->doc_keys, key_order);
	for (i = 0; i < r->ndoc_keys; i++)
		if (i == 0 || r->doc_keys[i] != r->doc_keys[i - 1])
			table_add(&r->lines, r->doc_keys[i]);
}

/* The line was found repeated across its host's pages in an earlier run
 * (the catalog keeps the keys store was given). */
static int
known_repeated(struct repeat *r, uint64_t key)
{
	return catalog_repeated_has(r->known, key + (key == 0));
}

/* Pass 3: rec's text less its repeated lines, blocks still separated by
 * one blank line.  Returns the number of lines dropped. */
static long
drop_repeated(struct repeat *r, struct warc_record *rec)
{
	uint64_t host = record_host(rec);
	const char *p = rec->block.data, *end = p + rec->block.len, *s, *t;
	struct body_lines st = { body_of_type(warc_get(rec, "Content-Type")),
	    0, 0 };
	size_t n, tn, dropped_bytes = 0;
	struct buf kept;
	int text;
	long dropped = 0;
	char count[32];
	int gap = 0;
	int busy = table_count(&r->hosts, host) >= (uint32_t)r->min_docs;
	uint64_t key;
	size_t i;

	if (host == 0 || (!busy && r->known == NULL))
		return 0;
	buf_init(&kept);
	r->ndoc_keys = 0;
	while ((s = next_line(&p, end, &n, &gap)) != NULL) {
		t = s, tn = n;
		text = line_text(&st, &r->line, &t, &tn);	/* or markup */
		key = text ? line_key(host, t, tn) : 0;
		if (text && ((busy && table_count(&r->lines, key) >=
		    (uint32_t)r->min_docs) || known_repeated(r, key))) {
			add_doc_key(r, key);
			dropped++;
			dropped_bytes += n;
			continue;
		}
		if (kept.len > 0)
			buf_puts(&kept, gap ? "\n\n" : "\n");
		buf_append(&kept, s, n);
		gap = 0;
	}
	if (dropped > 0 && dropped_bytes * 2 <= rec->block.len) {
		for (i = 0; i < r->ndoc_keys; i++)	/* for pass_keys_on */
			table_add(&r->dropped, r->doc_keys[i]);
		buf_free(&rec->block);
		rec->block = kept;
		snprintf(count, sizeof count, "%ld", dropped);
		warc_set(rec, PF_REPEATED, count);
		return dropped;
	}
	buf_free(&kept);
	return 0;
}

static int
is_comments(const struct warc_record *rec)
{
	const char *part = warc_get(rec, PF_PART);

	return part != NULL && strcmp(part, "comments") == 0;
}

/* Pass 3: a document is its main record and, right after it, that of its
 * comments; hold the main one until the next record says which. */
struct emitter {
	struct sink *next;
	struct warc_record held;
	int holding;
};

static int
emit_held(struct emitter *e, struct warc_record *comments, char *err,
    size_t errlen)
{
	char *name;
	int rc;

	if (!e->holding)
		return 0;
	e->holding = 0;
	name = xstrdup(warc_get(&e->held, SPOOL_NAME) ?
	    warc_get(&e->held, SPOOL_NAME) : "document");
	warc_del(&e->held, SPOOL_NAME);
	rc = sink_write(e->next, &e->held, comments, name, err, errlen);
	free(name);
	return rc;
}

static int
emit(struct repeat *r, struct emitter *e, struct warc_record *rec, char *err,
    size_t errlen)
{
	const char *type = warc_get(rec, "WARC-Type");

	if (is_comments(rec) && e->holding)
		return emit_held(e, rec, err, errlen);
	if (emit_held(e, NULL, err, errlen) < 0)
		return -1;
	if (type != NULL && strcasecmp(type, "conversion") == 0) {
		struct warc_record swap = e->held;

		drop_repeated(r, rec);
		e->held = *rec;		/* the reader refills rec */
		*rec = swap;
		e->holding = 1;
		return 0;
	}
	return sink_write(e->next, rec, NULL, NULL, err, errlen);	/* a note */
}

/* Read the whole spool for one pass; pass 3 writes every record on. */
static int
read_spool(struct repeat *r, int pass, struct emitter *e, char *err,
    size_t errlen)
{
	struct warc_record rec;
	struct warc_reader *rd;
	int rc;

	if (lseek(r->spool_fd, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "spool: %s", strerror(errno));
		return -1;
	}
	rd = warc_reader_new(r->spool_fd, "spool", SIZE_MAX);
	warc_record_init(&rec);
	while ((rc = warc_read(rd, &rec, err, errlen)) > 0) {
		if (pass == 1)
			count_document(r, &rec);
		else if (pass == 2)
			count_lines(r, &rec);
		else if (emit(r, e, &rec, err, errlen) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && pass == 3)
		rc = emit_held(e, NULL, err, errlen);
	warc_record_free(&rec);
	warc_reader_free(rd);
	return rc;
}

/* The keys of the lines this run dropped as repeated, as metadata records
 * for store to keep in the catalog (KEYS_PER_RECORD a record).  Lines of
 * pages left whole (copies of one article) are not among them. */
#define KEYS_PER_RECORD 100000

static int
write_keys(struct repeat *r, struct warc_record *rec, size_t n, char *err,
    size_t errlen)
{
	char count[24];
	int rc;

	snprintf(count, sizeof count, "%zu", n);
	warc_set(rec, "WARC-Type", "metadata");
	warc_set(rec, "Content-Type", "text/plain");
	warc_set(rec, PF_REPEATED_KEYS, count);
	rc = sink_write(r->next, rec, NULL, NULL, err, errlen);
	warc_record_reset(rec);
	return rc;
}

static int
pass_keys_on(struct repeat *r, char *err, size_t errlen)
{
	struct warc_record rec;
	size_t i, n = 0;
	int rc = 0;

	warc_record_init(&rec);
	for (i = 0; i < r->dropped.cap && rc == 0; i++) {
		if (r->dropped.key[i] == 0)
			continue;
		buf_printf(&rec.block, "%016llx\n",
		    (unsigned long long)r->dropped.key[i]);
		if (++n == KEYS_PER_RECORD) {
			rc = write_keys(r, &rec, n, err, errlen);
			n = 0;
		}
	}
	if (rc == 0 && n > 0)
		rc = write_keys(r, &rec, n, err, errlen);
	warc_record_free(&rec);
	return rc;
}

/* The three passes over the spool, the records on to r->next. */
static int
write_spool(struct repeat *r, char *err, size_t errlen)
{
	struct emitter e = { .next = r->next };
	int rc;

	if (warc_writer_flush(r->spool, err, errlen) < 0) {
		spool_error(err, errlen);
		return -1;
	}
	if (read_spool(r, 1, NULL, err, errlen) < 0)
		return -1;
	table_free(&r->docs);
	r->lines.max_cap = LINE_SLOTS_MAX;
	if (read_spool(r, 2, NULL, err, errlen) < 0)
		return -1;
	if (r->lines.full)
		msg_warnx("repeated lines: over %zu distinct lines in this run; "
		    "lines first seen after that were not counted",
		    LINE_SLOTS_MAX / 4 * 3);
	warc_record_init(&e.held);
	rc = read_spool(r, 3, &e, err, errlen);
	warc_record_free(&e.held);
	if (rc == 0)
		rc = pass_keys_on(r, err, errlen);
	return rc;
}

/* A record goes on at once until the first document with a host; from it
 * on, every record goes into the spool, a document with the name it will
 * be written under. */
static int
repeat_write(struct sink *s, struct warc_record *rec,
    struct warc_record *comments, const char *name, char *err,
    size_t errlen)
{
	struct repeat *r = (struct repeat *)s;
	int rc;

	if (!r->spooling && record_host(rec) != 0)
		r->spooling = 1;
	if (!r->spooling)
		return sink_write(r->next, rec, comments, name, err, errlen);
	if (name != NULL)
		warc_set(rec, SPOOL_NAME, name);
	rc = warc_write(r->spool, rec, err, errlen);
	if (rc == 0 && comments != NULL)
		rc = warc_write(r->spool, comments, err, errlen);
	if (rc < 0)
		spool_error(err, errlen);
	return rc;
}

static int
repeat_flush(struct sink *s, char *err, size_t errlen)
{
	struct repeat *r = (struct repeat *)s;

	if (r->spooling) {
		r->spooling = 0;
		if (write_spool(r, err, errlen) < 0)
			return -1;
	}
	return sink_flush(r->next, err, errlen);
}

static void
repeat_free(struct sink *s)
{
	struct repeat *r = (struct repeat *)s;

	sink_free(r->next);
	warc_writer_free(r->spool);
	close(r->spool_fd);
	table_free(&r->hosts);
	table_free(&r->docs);
	table_free(&r->lines);
	buf_free(&r->line);
	table_free(&r->dropped);
	free(r->doc_keys);
	catalog_repeated_free(r->known);
	free(r);
}

struct sink *
sink_repeat(struct sink *next, int min_docs, const char *catalog, char *err,
    size_t errlen)
{
	struct repeat *r;
	struct buf tmpl;
	int fd;

	buf_init(&tmpl);
	buf_printf(&tmpl, "%s/pith-clean-XXXXXX", tmp_dir());
	if ((fd = mkstemp(tmpl.data)) < 0) {
		snprintf(err, errlen, "%s: %s", tmpl.data, strerror(errno));
		buf_free(&tmpl);
		sink_free(next);	/* owned, whatever becomes of it */
		return NULL;
	}
	unlink(tmpl.data);
	buf_free(&tmpl);
	r = xcalloc(1, sizeof *r);
	r->sink = (struct sink){ repeat_write, repeat_flush, repeat_free };
	r->next = next;
	r->min_docs = min_docs;
	r->spool_fd = fd;
	r->spool = warc_writer_new(fd, 0);
	open_known(r, catalog);
	return &r->sink;
}
