/*
 * records.c: the record loop.  A conversion record is a document (ID.txt,
 * ID.json) or, with "Pith-Part: comments", the comment section of the
 * document just before it (ID.comments.txt).  metadata records carrying
 * Pith-Fetch-Error or Pith-Clean-Error are items that failed upstream:
 * counted and listed in the manifest; those carrying Pith-Fetch-Status
 * are URLs not fetched (not modified, disallowed), and those carrying
 * Pith-Clean-Skipped records that were no pages: counted.  The
 * validators of every fetched document, and of every URL not modified,
 * go to the catalog for the next run's conditional GET.  warcinfo,
 * request and other metadata records are skipped; anything else is not
 * cleaned text.
 * One record is held at a time; the manifest lines wait in temporary
 * files beside the archive.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store.h"

void
run_init(struct run *run, struct archive_out *out, time_t now)
{
	memset(run, 0, sizeof *run);
	run->out = out;
	run->started = now;
}

static void
pending_clear(struct pending *d)
{
	json_decref(d->prov);
	json_decref(d->entry);
	free(d->source);
	memset(d, 0, sizeof *d);
}

void
run_free(struct run *run)
{
	pending_clear(&run->doc);
	if (run->manifest.f != NULL)
		fclose(run->manifest.f);
	if (run->failures.f != NULL)
		fclose(run->failures.f);
	seen_free(&run->ids);
	while (run->why.n > 0)
		free(run->why.text[--run->why.n]);
}

/* k more items failed for why. */
static void
count_reason(struct reasons *r, const char *why, long k)
{
	size_t i;
	char *p;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->text[i], why) == 0) {
			r->count[i] += k;
			return;
		}
	if (r->n == REASONS_MAX) {
		r->other += k;
		return;
	}
	r->text[r->n] = xstrdup(why);
	for (p = r->text[r->n]; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';		/* one line in pipeline's summary */
	r->count[r->n++] = k;
}

/* One manifest line; takes line.  A failure to write is kept and said
 * when the manifest is written (write_manifest). */
static void
add_line(struct run *run, struct spool *to, json_t *line)
{
	char *s = json_dumps(line, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(4));
	char err[PITH_ERRLEN];

	if (s == NULL)
		abort();		/* out of memory, as xmalloc */
	json_decref(line);
	if (to->f == NULL && to->error == 0 &&
	    (to->f = archive_out_spool(run->out, err, sizeof err)) == NULL)
		to->error = errno ? errno : EIO;
	if (to->f != NULL && to->error == 0 &&
	    (fputs(s, to->f) == EOF || putc('\n', to->f) == EOF))
		to->error = errno ? errno : EIO;
	free(s);
}

/* An item that failed: counted and listed.  r may be NULL. */
static void
failed(struct run *run, const struct warc_record *r, const char *stage,
    const char *why)
{
	run->n.failed++;
	count_reason(&run->why, why, 1);
	add_line(run, &run->failures, manifest_failure(r, stage, why));
}

/* An item store itself rejects: said on stderr with its name, too. */
static void
rejected(struct run *run, const struct warc_record *r, const char *why)
{
	const char *uri = warc_get(r, "WARC-Target-URI");

	if (uri != NULL)
		msg_warnx("stdin: %s: %s", uri, why);
	else
		msg_warnx("stdin: offset %llu: %s", (unsigned long long)r->offset,
		    why);
	failed(run, r, "store", why);
}

/* Dates more than this after the run's start are not believed: a
 * capture from the future would shadow every real one (--get). */
#define FUTURE_SLACK (24 * 60 * 60)


static time_t
capture_time(const struct run *run, const struct warc_record *r)
{
	const char *date = warc_get(r, "WARC-Date");
	time_t t;

	if (date == NULL || parse_utc(date, &t) < 0)
		return run->started;
	return t;
}

/* The record's WARC-Date is a date, and not one to come; else why. */
static int
date_ok(const struct run *run, const struct warc_record *r, char *why,
    size_t whylen)
{
	const char *date = warc_get(r, "WARC-Date");
	time_t t;

	if (date == NULL)
		snprintf(why, whylen, "no WARC-Date");
	else if (parse_utc(date, &t) < 0)
		snprintf(why, whylen, "WARC-Date '%.40s' is not a date", date);
	else if (t > run->started + FUTURE_SLACK)
		snprintf(why, whylen, "WARC-Date %.40s is in the future", date);
	else
		return 1;
	return 0;
}

/* The text's digest; -1 when the record's own SHA-1 block digest says
 * the text is not what was written (damaged on the way). */
static int
text_digest(const struct warc_record *r, char out[DIGEST_SHA1_LEN])
{
	const char *given = warc_get(r, "WARC-Block-Digest");

	digest_sha1_b32(r->block.data ? r->block.data : "", r->block.len, out);
	if (given == NULL || strlen(given) != DIGEST_SHA1_LEN - 1 ||
	    strncasecmp(given, "sha1:", 5) != 0)
		return 0;		/* another algorithm: not ours to check */
	return strcasecmp(given, out) == 0 ? 0 : -1;
}

/* What a comments part points at: the document's source record. */
static const char *
source_of(const struct warc_record *r)
{
	const char *s = warc_get(r, "WARC-Refers-To");

	return s != NULL ? s : warc_get(r, "WARC-Target-URI");
}

static void
add_file(json_t *entry, const char *id, const char *suffix)
{
	json_t *files = json_object_get(entry, "files");
	char name[64];

	snprintf(name, sizeof name, "%s%s", id, suffix);
	json_array_append_new(files, json_string(name));
}

/* A document is complete in the archive: list it. */
static void
note_stored(struct run *run, struct pending *d)
{
	add_line(run, &run->manifest, d->entry);
	d->entry = NULL;
	run->n.stored++;
}

/* Write the last document's provenance (its comments may have joined it)
 * and list it.  0 or -1 with err. */
static int
close_pending(struct run *run, char *err, size_t errlen)
{
	struct pending *d = &run->doc;
	char name[64], *json;
	int rc = 0;

	if (d->entry == NULL) {		/* none, or a duplicate's leftovers */
		pending_clear(d);
		return 0;
	}
	if (d->prov != NULL) {
		snprintf(name, sizeof name, "%s.json", d->id);
		json = json_pretty(d->prov);
		rc = archive_out_add(run->out, name, json, strlen(json),
		    d->mtime, err, errlen);
		free(json);
	}
	if (rc == 0)
		note_stored(run, d);
	pending_clear(d);
	return rc;
}

/* The suffix of a document's member: part (".comments" or "") and the
 * extension of its body's format, as its Content-Type says (.txt, .md,
 * .html).  Static: one at a time. */
static const char *
body_suffix(const struct warc_record *r, const char *part)
{
	static char s[32];

	snprintf(s, sizeof s, "%s.%s", part,
	    body_ext(body_of_type(warc_get(r, "Content-Type"))));
	return s;
}

/* The MinHash of a document's text: a markdown or HTML body's words, not
 * its markup. */
static int
fingerprint(const struct warc_record *r, struct minhash *m)
{
	enum body_format f = body_of_type(warc_get(r, "Content-Type"));
	struct buf text;
	int rc;

	if (f == BODY_TEXT)
		return minhash_text(r->block.data, r->block.len, m);
	buf_init(&text);
	body_text(f, r->block.data ? r->block.data : "", r->block.len, &text);
	rc = minhash_text(text.data, text.len, m);
	buf_free(&text);
	return rc;
}

static void
open_pending(struct run *run, const struct warc_record *r, const char *id,
    const char *digest)
{
	struct pending *d = &run->doc;
	const char *src = source_of(r);

	d->entry = manifest_doc(r, id, digest);
	if (!archive_out_is_warc(run->out)) {
		d->prov = provenance(r, id, digest,
		    archive_out_name(run->out));
		json_object_set_new(d->entry, "files", json_array());
		add_file(d->entry, id, body_suffix(r, ""));
		add_file(d->entry, id, ".json");
	}
	snprintf(d->id, sizeof d->id, "%s", id);
	d->source = src != NULL ? xstrdup(src) : NULL;
	d->mtime = capture_time(run, r);
}

/* Add the document to the run's catalog transaction, which commits
 * only once the archive is in place. */
static int
catalog_note(struct run *run, const struct warc_record *r, const char *id,
    const char *digest, char *err, size_t errlen)
{
	struct catalog_doc d;
	char member[64];

	if (run->cat == NULL)
		return 0;
	snprintf(member, sizeof member, "%s%s", id, body_suffix(r, ""));
	doc_row(r, id, digest, archive_out_name(run->out),
	    archive_out_is_warc(run->out) ? NULL : member, &d);
	return catalog_add(run->cat, &d, err, errlen);
}

/* A Last-Modified worth sending back in If-Modified-Since: an HTTP-date
 * not after the fetch (RFC 9110 8.8.2: a server must not send a later
 * one, and a later one would make every next fetch answer 304). */
static const char *
last_modified(const struct warc_record *r, time_t fetched)
{
	const char *v = warc_get(r, PF_SRC_LASTMOD);
	time_t t;

	if (v == NULL || http_date(v, &t) < 0 || t > fetched + FUTURE_SLACK)
		return NULL;
	return v;
}

/* The validators of a page ingest fetched in this run (PF_FETCHED), in
 * the run's transaction.  keep: a 304's record, which may lack them. */
static int
note_validators(struct run *run, const struct warc_record *r, int keep,
    char *err, size_t errlen)
{
	const char *uri = warc_get(r, "WARC-Target-URI");

	if (run->cat == NULL || uri == NULL ||
	    (!keep && warc_get(r, PF_FETCHED) == NULL))
		return 0;
	return catalog_validators(run->cat, uri, warc_get(r, PF_SRC_ETAG),
	    last_modified(r, capture_time(run, r)), warc_get(r, "WARC-Date"),
	    keep, err, errlen);
}

/* Not stored, counted in *count: the same document again (same id, or
 * the same text stored by this run or an earlier one), whose comments
 * part is already stored too; or, with near-duplicates = skip, a text
 * near one stored, whose comments part goes with it. */
static void
skip_document(struct run *run, const struct warc_record *r, long *count)
{
	const char *src = source_of(r);

	(*count)++;
	run->doc.duplicate = 1;
	run->doc.source = src != NULL ? xstrdup(src) : NULL;
}

/* A document: its text now, its provenance when the next record shows
 * whether a comments part follows.  -1 only when writing failed. */
static int
store_document(struct run *run, struct warc_record *r, char *err,
    size_t errlen)
{
	char digest[DIGEST_SHA1_LEN], id[DOC_ID_LEN], name[64], why[96];
	char near[DOC_ID_LEN] = "";
	struct minhash m;
	double sim = 0;
	int rc, has_m = 0;

	if (close_pending(run, err, errlen) < 0)
		return -1;
	run->n.cleaned++;
	if (!date_ok(run, r, why, sizeof why)) {
		rejected(run, r, why);
		return 0;
	}
	if (text_digest(r, digest) < 0) {
		rejected(run, r, "text does not match its WARC-Block-Digest");
		return 0;
	}
	if (note_validators(run, r, 0, err, errlen) < 0)
		return -1;
	if (r->block.len == 0) {
		run->n.empty++;
		return 0;
	}
	doc_id(r, digest, id);
	if (!seen_add(&run->ids, id) || (run->cat != NULL &&
	    catalog_has_text(run->cat, digest))) {
		skip_document(run, r, &run->n.duplicate);
		return 0;
	}
	if (run->cat != NULL && fingerprint(r, &m) == 0) {
		has_m = 1;
		if ((sim = catalog_near(run->cat, &m, near)) < NEAR_MIN)
			near[0] = '\0';
		else if (run->near_skip) {
			skip_document(run, r, &run->n.near_duplicate);
			return 0;
		}
	}
	snprintf(name, sizeof name, "%s%s", id, body_suffix(r, ""));
	if (archive_out_is_warc(run->out))
		rc = archive_out_record(run->out, r, err, errlen);
	else
		rc = archive_out_add(run->out, name, r->block.data,
		    r->block.len, capture_time(run, r), err, errlen);
	if (rc < 0 || catalog_note(run, r, id, digest, err, errlen) < 0 ||
	    (has_m && catalog_fingerprint(run->cat, id, &m, near[0] ? near :
	    NULL, sim, err, errlen) < 0))
		return -1;
	open_pending(run, r, id, digest);
	if (near[0] != '\0') {		/* said where the text is read, too */
		run->n.near_duplicate++;
		json_object_set_new(run->doc.entry, "near_duplicate_of",
		    json_string(near));
		if (run->doc.prov != NULL)
			json_object_set_new(run->doc.prov, "near_duplicate_of",
			    json_string(near));
	}
	run->n.truncated += warc_get(r, PF_SRC_TRUNCATED) != NULL;
	return 0;
}

/* The comment section joins the document it refers to, which clean
 * writes just before it.  -1 only when writing failed. */
static int
store_comments(struct run *run, struct warc_record *r, char *err,
    size_t errlen)
{
	struct pending *d = &run->doc;
	const char *src = source_of(r);
	char digest[DIGEST_SHA1_LEN], name[64];
	int rc;

	if (d->duplicate && src != NULL && d->source != NULL &&
	    strcmp(src, d->source) == 0)
		return 0;
	if (d->entry == NULL || d->has_comments || src == NULL ||
	    d->source == NULL || strcmp(src, d->source) != 0) {
		run->n.read++;
		rejected(run, r, "comments part without its document");
		return 0;
	}
	if (text_digest(r, digest) < 0) {
		run->n.read++;
		rejected(run, r, "text does not match its WARC-Block-Digest");
		return 0;
	}
	if (r->block.len == 0)
		return 0;
	snprintf(name, sizeof name, "%s%s", d->id, body_suffix(r, ".comments"));
	if (archive_out_is_warc(run->out))
		rc = archive_out_record(run->out, r, err, errlen);
	else
		rc = archive_out_add(run->out, name, r->block.data,
		    r->block.len, d->mtime, err, errlen);
	if (rc < 0)
		return -1;
	if (json_object_get(d->entry, "files") != NULL)
		add_file(d->entry, d->id, body_suffix(r, ".comments"));
	d->has_comments = 1;
	return 0;
}

static int
take_conversion(struct run *run, struct warc_record *r, char *err,
    size_t errlen)
{
	const char *part = warc_get(r, PF_PART);

	if (part == NULL) {
		run->n.read++;
		return store_document(run, r, err, errlen);
	}
	if (strcasecmp(part, "comments") == 0)
		return store_comments(run, r, err, errlen);
	run->n.read++;
	rejected(run, r, "unknown Pith-Part");
	return 0;
}

/* Failures reported upstream were said there already: listed, counted.
 * URLs not fetched are counted.  -1 only when the catalog failed. */
static int
take_metadata(struct run *run, const struct warc_record *r, char *err,
    size_t errlen)
{
	const char *reason, *status = warc_get(r, PF_FETCH_STATUS);
	char why[96];

	if (warc_get(r, PF_REPEATED_KEYS) != NULL)	/* not an item */
		return run->cat == NULL ? 0 : catalog_repeated(run->cat,
		    r->block.data ? r->block.data : "", r->block.len, err,
		    errlen);
	if (status != NULL && strcmp(status, FETCH_NOT_MODIFIED) == 0) {
		run->n.read++;
		run->n.not_modified++;
		if (!date_ok(run, r, why, sizeof why))
			return 0;	/* no validators from a bad date */
		return note_validators(run, r, 1, err, errlen);
	} else if (status != NULL && strcmp(status, FETCH_DISALLOWED) == 0) {
		run->n.read++;
		run->n.disallowed++;
	} else if (warc_get(r, PF_CLEAN_SKIPPED) != NULL) {
		run->n.read++;
		run->n.skipped++;
	} else if (warc_get(r, PF_CLEAN_FILTERED) != NULL) {
		run->n.read++;
		run->n.filtered++;
	} else if ((reason = warc_get(r, PF_FETCH_ERROR)) != NULL) {
		run->n.read++;
		run->n.listed++;
		failed(run, r, "ingest", reason);
	} else if ((reason = warc_get(r, PF_CLEAN_ERROR)) != NULL) {
		run->n.read++;
		run->n.listed++;
		failed(run, r, "clean", reason);
	}
	return 0;
}

/* Sort one record into the run; -1 only when writing failed. */
static int
take_record(struct run *run, struct warc_record *r, char *err, size_t errlen)
{
	const char *type = warc_get(r, "WARC-Type");
	char why[96];

	if (type == NULL) {
		run->n.read++;
		rejected(run, r, "record without WARC-Type");
	} else if (strcasecmp(type, "conversion") == 0)
		return take_conversion(run, r, err, errlen);
	else if (strcasecmp(type, "metadata") == 0)
		return take_metadata(run, r, err, errlen);
	else if (strcasecmp(type, "warcinfo") != 0 &&
	    strcasecmp(type, "request") != 0) {
		run->n.read++;
		snprintf(why, sizeof why, "a %.20s record is not cleaned text; "
		    "run clean first", type);
		rejected(run, r, why);
	}
	return 0;
}

int
run_stream(struct run *run, int fd, size_t max_record, char *err,
    size_t errlen)
{
	struct warc_reader *rd = warc_reader_new(fd, "stdin", max_record);
	struct warc_record r;
	char why[PITH_ERRLEN], where[PITH_ERRLEN + 8];
	int rc, status = 0;

	warc_record_init(&r);
	while ((rc = warc_read(rd, &r, why, sizeof why)) != 0) {
		if (rc < 0) {
			snprintf(where, sizeof where, "stdin: %s", why);
			msg_warnx("%s", where);
			run->n.read++;
			failed(run, NULL, "store", where);
		} else if (take_record(run, &r, err, errlen) < 0) {
			status = -1;
			break;
		}
	}
	warc_record_free(&r);
	warc_reader_free(rd);
	return status;
}

/* The manifest closes the archive: a member, or a metadata record; its
 * lines come from the spools, documents first. */
static int
write_manifest(struct run *run, char *err, size_t errlen)
{
	struct spool *s[2] = { &run->manifest, &run->failures };
	struct warc_record r;
	FILE *parts[2];
	size_t i, n = 0;
	int rc;

	for (i = 0; i < 2; i++) {
		if (s[i]->error == 0 && s[i]->f != NULL && fflush(s[i]->f) != 0)
			s[i]->error = errno;
		if (s[i]->error != 0) {
			snprintf(err, errlen, "manifest: %s",
			    strerror(s[i]->error));
			return -1;
		}
		if (s[i]->f != NULL)
			parts[n++] = s[i]->f;
	}
	if (!archive_out_is_warc(run->out))
		return archive_out_add_files(run->out, "manifest.jsonl", parts,
		    n, run->started, err, errlen);
	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "metadata");
	warc_set(&r, "WARC-Target-URI", "urn:pith:manifest");
	warc_set(&r, "Content-Type", "application/x-ndjson");
	rc = archive_out_record_files(run->out, &r, parts, n, err, errlen);
	warc_record_free(&r);
	return rc;
}

void
run_lost(struct run *run, const char *why)
{
	struct counts *n = &run->n;
	long lost = n->read - n->failed - n->empty - n->duplicate -
	    n->not_modified - n->disallowed - n->skipped - n->filtered -
	    (run->near_skip ? n->near_duplicate : 0);

	if (lost > 0)
		count_reason(&run->why, why, lost);
	n->failed += lost;
	n->stored = 0;
	n->truncated = 0;
}

int
run_commit(struct run *run, char *err, size_t errlen)
{
	if (close_pending(run, err, errlen) < 0)
		return -1;
	if (run->n.stored == 0)
		return 0;
	if (write_manifest(run, err, errlen) < 0 ||
	    archive_out_commit(run->out, err, errlen) < 0)
		return -1;
	/* The archive is durable: main() commits the catalog next. */
	return 1;
}
