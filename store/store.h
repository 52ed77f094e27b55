/*
 * store.h: the modules of the store stage.
 *
 *   main.c        options, configuration, the output folder and its lock,
 *                 exit status
 *   records.c     the record loop: documents, comments, failures, counts
 *   archive.c     one archive per run: temporary name, fsync, rename
 *   provenance.c  doc ids, the provenance JSON, manifest lines
 *   seen.c        the ids stored in this run, so none is stored twice
 *   catalog.c     catalog.sqlite: every stored document, every run (the
 *                 schema is lib/catalog_schema.c's)
 *   adopt.c       archives the catalog does not name, catalogued at last
 *   find.c        --list and --get: finding documents again
 */
#ifndef STORE_H
#define STORE_H

#include <jansson.h>

#include "pith.h"

/* ---- archive.c ---- */

struct archive_out;

/* Create dir (and its parents) if missing and open ".NAME.tmp" in it, so
 * an unwritable folder is found before any input is read.  NULL with err
 * on failure, leaving nothing behind.  format and level are [store]
 * values (level 1-9, 1-19 for tar.zst).  Owned: free with
 * archive_out_free. */
struct archive_out *archive_out_new(const char *dir, const char *format,
    int level, time_t now, char *err, size_t errlen);
/* Add a member (tar, zip), mode 0644, uid/gid 0.  0 or -1 with err. */
int archive_out_add(struct archive_out *a, const char *name,
    const void *data, size_t n, time_t mtime, char *err, size_t errlen);
/* Add a WARC record as it is (warc.gz), ids kept.  0 or -1 with err. */
int archive_out_record(struct archive_out *a, struct warc_record *r,
    char *err, size_t errlen);
/* The same, with the member's bytes (the record's block) read from the
 * files parts[0..n-1] in turn, which must be seekable. */
int archive_out_add_files(struct archive_out *a, const char *name,
    FILE *const *parts, size_t n, time_t mtime, char *err, size_t errlen);
int archive_out_record_files(struct archive_out *a, struct warc_record *r,
    FILE *const *parts, size_t n, char *err, size_t errlen);
/* A temporary file beside the archive, with no name (nothing is left after
 * a crash), for what a run writes last but gathers all along.  Owned
 * (fclose); NULL with err. */
FILE *archive_out_spool(struct archive_out *a, char *err, size_t errlen);
int archive_out_is_warc(const struct archive_out *a);
/* Finish: close, fsync, rename to the final name, fsync the folder.
 * 0 or -1 with err; on -1 the temporary file is removed. */
int archive_out_commit(struct archive_out *a, char *err, size_t errlen);
/* The final file name (borrowed), and its path in the folder. */
const char *archive_out_name(const struct archive_out *a);
const char *archive_out_path(const struct archive_out *a);
/* 1 if name is that of a run's archive, as archive_out_new names them:
 * pith-*.tar.gz, .tar.zst, .zip or .warc.gz. */
int archive_is_run_name(const char *name);
/* The runs' archives in dir, sorted (their names sort by time): how many,
 * and *names, owned (free each and the array).  0 if dir cannot be read. */
size_t archive_list(const char *dir, char ***names);
/* Remove the temporary file unless committed, and free.  NULL-safe. */
void archive_out_free(struct archive_out *a);
/* For a signal handler: unlink the temporary file (async-signal-safe). */
void archive_out_unlink_tmp(const struct archive_out *a);

/* ---- provenance.c ---- */

#define DOC_ID_LEN 21
/* The document's id: 20 hex digits of SHA-256 over WARC-Target-URI, NUL,
 * WARC-Date, NUL, text digest.  The same document always gets the same
 * id; a changed version gets another. */
void doc_id(const struct warc_record *r, const char *text_digest,
    char out[DOC_ID_LEN]);
/* Provenance and metadata of a conversion record; owned (json_decref). */
json_t *provenance(const struct warc_record *r, const char *id,
    const char *text_digest, const char *archive);
/* A manifest line for a document: doc_id, uri, title, text_digest,
 * record_id, truncated; files are added by the caller.  Owned. */
json_t *manifest_doc(const struct warc_record *r, const char *id,
    const char *text_digest);
/* A manifest line for a failure; r may be NULL (damaged input).  Owned. */
json_t *manifest_failure(const struct warc_record *r, const char *stage,
    const char *why);
/* Pretty, sorted keys, trailing newline; owned. */
char *json_pretty(const json_t *o);
struct catalog_doc;
/* The catalog row of a document stored from r in archive: its fields
 * borrowed from r and the arguments; member NULL for warc.gz. */
void doc_row(const struct warc_record *r, const char *id,
    const char *text_digest, const char *archive, const char *member,
    struct catalog_doc *d);

/* ---- seen.c ---- */

/* The set of document ids stored in this run. Zeroed is empty. */
struct seen {
	char (*ids)[DOC_ID_LEN];	/* owned; "" marks a free slot */
	size_t n, cap;
};
/* 1 if id is new (now added), 0 if seen before. */
int seen_add(struct seen *s, const char *id);
void seen_free(struct seen *s);

/* ---- records.c ---- */

struct catalog;

/* What a run counted, for --stats and the exit status. */
struct counts {
	long read;		/* items: documents, failure records, others */
	long cleaned;		/* conversion records (documents) */
	long stored;		/* documents written to the archive */
	long failed;		/* failed upstream, damaged, or not cleaned */
	long empty;		/* documents with no text, not stored */
	long duplicate;		/* text already stored, this run or earlier */
	long near_duplicate;	/* text near one stored: marked, or skipped */
	long listed;		/* of failed: reported upstream, not said again */
	long not_modified;	/* URLs unchanged since the last fetch (304) */
	long disallowed;	/* URLs robots.txt forbade: not fetched */
	long skipped;		/* records clean skipped: not pages */
	long truncated;		/* of stored: from truncated captures */
	long filtered;		/* texts clean left out: not in [clean]
				   languages */
};

/* The last document, kept open until the next record so that its
 * comments part can join it. */
struct pending {
	json_t *prov;		/* provenance, written as ID.json (tar, zip) */
	json_t *entry;		/* its manifest line */
	char id[DOC_ID_LEN];
	char *source;		/* WARC-Refers-To, or the target URI; owned */
	time_t mtime;
	int has_comments;
	int duplicate;		/* not stored: its comments are skipped too */
};

/* Why items failed, for the summary: the first REASONS_MAX distinct
 * reasons with their counts; the rest are counted as other. */
#define REASONS_MAX 16
struct reasons {
	char *text[REASONS_MAX];	/* owned */
	long count[REASONS_MAX];
	size_t n;
	long other;
};

/* Lines gathered in a temporary file (archive_out_spool), so that a run's
 * memory does not grow with its documents. */
struct spool {
	FILE *f;			/* NULL until the first line */
	int error;			/* errno of the first failure, or 0 */
};

struct run {
	struct archive_out *out;	/* borrowed */
	struct catalog *cat;		/* borrowed; NULL: no catalog */
	struct spool manifest;		/* JSON lines: documents, */
	struct spool failures;		/* then failures */
	struct pending doc;
	struct seen ids;
	struct counts n;
	struct reasons why;
	time_t started;
	int near_skip;			/* [store] near-duplicates = skip */
};

void run_init(struct run *run, struct archive_out *out, time_t now);
void run_free(struct run *run);
/* Read every record of fd into the run.  -1 with err only when the
 * archive could not be written: the run cannot go on. */
int run_stream(struct run *run, int fd, size_t max_record, char *err,
    size_t errlen);
/* Close the last document, write the manifest and commit the archive:
 * 1 archive written, 0 nothing stored (no archive), -1 with err. */
int run_commit(struct run *run, char *err, size_t errlen);
/* The archive was not kept (run_stream or run_commit failed, for why):
 * the documents it was to hold, stored or on their way, count as failed
 * for why, and none as stored. */
void run_lost(struct run *run, const char *why);

/* ---- catalog.c ---- */

/* One stored document; every field borrowed, any but the ids may be NULL.
 * archive is a file name in DIR, a path relative to DIR (merged shards)
 * or absolute; run_id NULL means the archive's name; source_uri is the
 * URL asked for (Pith-Source-URI), kept when redirects led elsewhere. */
struct catalog_doc {
	const char *doc_id, *uri, *capture_time, *raw_digest, *text_digest;
	const char *archive, *member, *title, *run_id, *source_uri;
	const char *truncated;	/* the capture's WARC-Truncated reason */
	const char *language;	/* of the text, identified (ISO 639-1) */
};

/* Open DIR/catalog.sqlite: read-only with lock_fd -1; else to write it,
 * lock_fd holding DIR/.lock (dir_lock, dir_lock_adopt) and owned from
 * here on: create or check the schema and begin the run's transaction.
 * NULL with err on failure (a SQLite error, never "locked by another
 * run": that is the lock's).  Owned: catalog_free, which rolls back what
 * was not committed and releases the lock (closing lock_fd). */
struct catalog *catalog_open(const char *dir, int lock_fd, char *err,
    size_t errlen);
void catalog_free(struct catalog *c);
/* The database handle, for queries (find.c); borrowed. */
struct sqlite3 *catalog_db(struct catalog *c);
/* 1 if a document with this text digest is stored (or added this run). */
int catalog_has_text(struct catalog *c, const char *text_digest);
/* Add a document, linked to the latest earlier one of its URI, and its
 * source URI when another.  0 or -1. */
int catalog_add(struct catalog *c, const struct catalog_doc *d, char *err,
    size_t errlen);
/* Texts this similar (the estimated Jaccard similarity of their 4-word
 * shingles, minhash.c) are near-duplicates: copies with a date line, a
 * share bar and a few words changed measured 0.75 and more, different
 * pages under 0.2. */
#define NEAR_MIN 0.5
/* The stored text most like m, in near, and its similarity (0 to 1); 0
 * and near "" when no text shares one of m's index keys. */
double catalog_near(struct catalog *c, const struct minhash *m,
    char near[DOC_ID_LEN]);
/* Keep doc_id's signature m and index keys, and, when near is not NULL,
 * that it is a near-duplicate of near.  0 or -1 with err. */
int catalog_fingerprint(struct catalog *c, const char *doc_id,
    const struct minhash *m, const char *near, double similarity,
    char *err, size_t errlen);
/* The validators of uri's latest fetch, for the next run's conditional
 * GET; etag and last_modified may be NULL: absent.  With keep, an absent
 * one keeps what was stored (a 304 need not repeat them).  0 or -1. */
int catalog_validators(struct catalog *c, const char *uri, const char *etag,
    const char *last_modified, const char *fetched, int keep, char *err,
    size_t errlen);
/* Keep the line keys clean found repeated across a host's pages (one
 * hexadecimal key a line), so that later runs drop those lines too. */
int catalog_repeated(struct catalog *c, const char *keys, size_t len,
    char *err, size_t errlen);
/* Record the run and commit its rows: call only once the archive is
 * durable.  0 or -1 with err. */
int catalog_commit(struct catalog *c, const char *run_id, time_t started,
    const struct counts *n, int status, char *err, size_t errlen);
/* Remove .pith-*.tmp files of killed runs from dir, but not keep (a
 * file name, borrowed).  Call only while holding the lock. */
void catalog_sweep(const char *dir, const char *keep);
/* 1 if a run or a document names archive (a file name in DIR). */
int catalog_knows(struct catalog *c, const char *archive);
/* Record an adopted archive (adopt.c) as a run of its own, id its name,
 * finished when it was written, and commit its rows apart from the run's,
 * whose transaction begins anew.  0 or -1 with err. */
int catalog_adopted(struct catalog *c, const char *archive, time_t written,
    const struct counts *n, char *err, size_t errlen);
/* Drop what was added since the last commit, and begin anew.  0 or -1. */
int catalog_discard(struct catalog *c, char *err, size_t errlen);

/* ---- adopt.c ---- */

/* The runs' archives in dir that the catalog does not name (a run ended
 * between its archive's rename and its catalog commit): their documents
 * go into c from the archive itself, each text once, and each archive is
 * a run of its own, said on stderr; one that cannot be read is said and
 * left as it is.  Call holding the lock, before the run's rows.  0, or -1
 * with err when the catalog cannot be written. */
int adopt_archives(struct catalog *c, const char *dir, char *err,
    size_t errlen);

/* ---- merge.c ---- */

/* --merge: add the documents of the catalog of folder src (a shard's
 * output) to c, the catalog of dir, without copying archives: rows name
 * them by a path relative to dir when inside it, else absolute.  A text
 * already in c is a duplicate.  Adds to n's read, stored and duplicate.
 * 0 (a shard with no sources, which has no catalog, adds nothing); -1
 * with err when src's catalog cannot be read (nothing added from it); -2
 * with err when c cannot be written. */
int merge_catalog(struct catalog *c, const char *dir, const char *src,
    struct counts *n, char *err, size_t errlen);

/* ---- find.c ---- */

/* --list: doc_id, capture_time, uri, title per line on stdout.
 * --get: the latest text of uri on stdout.  0, 1 unknown URL (err),
 * -1 with err. */
int find_list(const char *dir, char *err, size_t errlen);
int find_get(const char *dir, const char *uri, char *err, size_t errlen);

#endif
