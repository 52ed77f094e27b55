/*
 * pith.h: the shared library of the three stages (ingest, clean, store)
 * and the driver.  One header, one section per module, as mblaze's
 * blaze822.h.  Library code never prints and never exits: it returns a
 * status and, where it can fail on input, fills an error string.  The one
 * exception is running out of memory, which aborts (see buf.c).
 *
 * Ownership is written beside each prototype: "owned" means the caller
 * frees, "borrowed" means the pointer lives as long as its source.
 */
#ifndef PITH_H
#define PITH_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/uio.h>
#include <time.h>

#define PITH_VERSION "0.1.0"
#define PITH_ERRLEN 256

/* ---- exit codes (one place; man/pith.7 repeats them) ---- */

enum {
	PITH_EXIT_OK = 0,	/* every item done */
	PITH_EXIT_ITEMS = 1,	/* some items failed; the rest were done */
	PITH_EXIT_USAGE = 2,	/* bad usage or configuration, or setup failed */
	PITH_EXIT_TEMPFAIL = 75	/* try again later (EX_TEMPFAIL): output locked */
};

/* ---- buf.c: growable byte buffers ---- */

/* Always NUL-terminated after the first append, so data can be used as a
 * C string when it holds no NUL.  Allocation failure aborts. */
struct buf {
	char *data;
	size_t len, cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);			/* NULL-safe; leaves b empty */
void buf_reset(struct buf *b);			/* len = 0, keeps memory */
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
char *buf_steal(struct buf *b);			/* owned; b left empty */
void buf_take(struct buf *to, struct buf *from);	/* from's memory, not
							   a copy; from left empty */

void *xmalloc(size_t n);
/* n bytes (a multiple of align, a power of two) aligned to align. */
void *xaligned(size_t align, size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* ---- str.c: strings: numbers, suffixes, quick hashes ---- */

/* Parse a whole decimal number into *out; -1 on junk, overflow or out of
 * [min, max].  Suffixes k, M, G (powers of 1024) when sizes is set. */
int parse_num(const char *s, long long min, long long max, int sizes,
    long long *out);
/* s ends with suffix, compared without case. */
int has_suffix(const char *s, const char *suffix);
/* s without leading and trailing white space; trims in place. */
char *str_trim(char *s);
/* FNV-1a: a quick 32-bit hash for sets of lines and words (not a digest). */
uint32_t fnv1a(const void *p, size_t n);
/* FNV-1a in 64 bits, continuing from h (0 starts afresh), for large sets
 * where 32 bits would collide. */
uint64_t fnv1a64(uint64_t h, const void *p, size_t n);
/* ref resolved against the absolute URL base (RFC 3986), owned; ref
 * itself when base is NULL or ref has a scheme. */
char *url_resolve(const char *ref, const char *base);

/* ---- markup.c: bodies in markdown and HTML ---- */

/* The format of a cleaned document's body (clean --body). */
enum body_format { BODY_TEXT, BODY_MARKDOWN, BODY_HTML };
int body_parse(const char *s);		/* "markdown" -> BODY_MARKDOWN; -1 */
const char *body_name(enum body_format f);	/* "markdown" */
const char *body_type(enum body_format f);	/* "text/markdown" */
const char *body_ext(enum body_format f);	/* "md" */
/* The body format a record's Content-Type names (text/plain or anything
 * else: BODY_TEXT). */
enum body_format body_of_type(const char *content_type);
/* s[0..n) escaped as HTML text (attr: in a quoted attribute value), or
 * as markdown text (line_start: also what would start a block there). */
void html_escape(struct buf *out, const char *s, size_t n, int attr);
void md_escape(struct buf *out, const char *s, size_t n, int line_start);
/* Where s[0..n), at a line's start, would start a markdown block (a
 * heading, quotation, list item, rule): the offset of the character to
 * escape, or n. */
size_t md_block_start(const char *s, size_t n);
/* A URL for a markdown link: spaces, brackets, pipes percent-encoded. */
void url_escape(struct buf *out, const char *s);
/* Plain text s[0..n), blocks separated by blank lines, as paragraphs of
 * format f (line breaks kept), appended to out. */
void body_paragraphs(struct buf *out, enum body_format f, const char *s,
    size_t n);
/* The blocks of a body as the whole body: HTML gets a document around
 * them (title and lang, either NULL), the others are as they are. */
void body_document(struct buf *out, enum body_format f, const char *blocks,
    size_t n, const char *title, const char *lang);
/* The text of a whole body s[0..n) of format f, into out (appended):
 * markdown's markers and link addresses, HTML's tags, out. */
void body_text(enum body_format f, const char *s, size_t n, struct buf *out);
/* Reading a body line by line: the text each line stands for, into out
 * (reset first), for the keys of the repeat filter and the fingerprint.
 * Returns 0 for a line that is markup, code or a table's row, not a
 * block of text that could go (the text then is undefined). */
struct body_lines {
	enum body_format format;
	size_t fence;		/* markdown: inside a fence this long */
	int pre;		/* HTML: inside <pre> */
};
int body_line_text(struct body_lines *st, const char *s, size_t n,
    struct buf *out);

/* ---- file.c: reading and writing files, and their names ---- */

/* Where temporary files go: $TMPDIR, else /tmp.  Borrowed. */
const char *tmp_dir(void);
/* Why a read failed, rc being read_all_fd's, read_file_max's or
 * gunzip_buf's (-1 errno, read first; -2 over max; -3 corrupt gzip), as a
 * phrase in buf, which it returns. */
const char *read_failure(int rc, size_t max, char *buf, size_t n);
/* Read all of fd into b, at most max bytes; -1 with errno, -2 if larger. */
int read_all_fd(int fd, struct buf *b, size_t max);
/* Read a file (transparently gunzipping .gz content) into b. -1 errno,
 * -2 if larger than max, -3 corrupt gzip. */
int read_file_max(const char *path, struct buf *b, size_t max);
/* Inflate gzip data (one or more members) into out, at most max bytes:
 * 0, -2 if larger than max, -3 corrupt. */
int gunzip_buf(const struct buf *in, struct buf *out, size_t max);
/* Read the files f[0..n-1] from their starts, one after the other, and
 * give fn their bytes in pieces of up to 64 kB: 0; fn's -1 (fn said why);
 * -2 with errno when a file cannot be read. */
int read_pieces(FILE *const *f, size_t n,
    int (*fn)(void *arg, const char *p, size_t len), void *arg);
/* write(2) until done, retrying on EINTR; -1 with errno. */
int write_all(int fd, const void *p, size_t n);
/* The same with writev(2): iov is used up (changed) on the way. */
int writev_all(int fd, struct iovec *iov, int n);
/* A pipe fd made 1 MB (a writer then wakes once a pipe-full); anything
 * else is left alone. */
void widen_pipe(int fd);
/* Write p to path atomically: under a temporary name, then renamed, so
 * that no reader sees part of it.  flags: how it is made to last, and
 * who may read it: */
enum {
	ATOMIC_SYNC_ALL = 0,	/* fsync the file, then the folder */
	ATOMIC_SYNC_LATER = 1,	/* nothing: the caller syncs (sync_folder_fs) */
	ATOMIC_PRIVATE = 2	/* mode 0600, not 0644: it may hold secrets */
};
int write_file_atomic(const char *path, const void *p, size_t n, int flags);
/* fsync the folder dir, so that the names renamed into it last. */
int fsync_dir(const char *dir);
/* Flush the whole file system dir is on (syncfs(2)): the data and names
 * of every file written into it, at once, cheaper than one by one. */
int sync_folder_fs(const char *dir);
/* Base name without the extensions .gz, then .html, .htm or .txt; owned. */
char *doc_base_name(const char *path);
/* The file: URI (RFC 8089) of the file at path, or of member inside it
 * when not NULL: "file:///abs/path", "file:///abs/archive#member".  The
 * path is the file's real path (links resolved; one that has none is made
 * absolute from the working folder), so one file has one URI whoever
 * names it; it and member are percent-encoded (RFC 3986: all but
 * unreserved characters, sub-delims, ':', '@' and '/').  Owned. */
char *file_uri(const char *path, const char *member);

/* ---- time.c: times in ISO 8601, UTC ---- */

/* ISO 8601 UTC, "2026-11-23T12:00:00Z"; out must hold 21 bytes. */
void format_utc(time_t t, char out[21]);
/* Parse a WARC-Date (ISO 8601 in UTC, "2026-11-23T12:00:00Z", a fraction
 * of a second allowed) back: every field its width and in range, a day
 * the month has.  -1 on anything else. */
int parse_utc(const char *s, time_t *out);

/* ---- walk.c: the files under a folder ---- */

struct stat;
/* What walk_tree meets, each in one call of its walk_fn: */
enum walk_kind {
	WALK_FILE,	/* a regular file: st is its stat */
	WALK_DIR,	/* a folder, before its names: the callback returns
			   nonzero to leave it out */
	WALK_FAILED,	/* cannot be read, why says why: a failed item */
	WALK_SKIPPED	/* passed over, why says why: a loop back to a folder
			   above, or neither a file nor a folder inside one */
};
struct walk_item {
	enum walk_kind kind;
	const char *path;	/* the operand, then "/NAME" for each level */
	const char *abspath;	/* the same from the operand's real path */
	const char *rel;	/* path below the operand: "" for the operand
				   itself, else "NAME/NAME" (inside path) */
	const struct stat *st;	/* FILE, DIR; NULL when stat failed */
	const char *why;	/* FAILED, SKIPPED */
	int top;		/* the operand itself */
};
/* Every string is borrowed for the call only.  The return value counts
 * only for WALK_DIR. */
typedef int walk_fn(void *arg, const struct walk_item *it);
/* Walk path: a file is one item; a folder its files, recursively, in byte
 * order of names, hidden names skipped; symbolic links are followed,
 * except into a folder being walked above them. */
void walk_tree(const char *path, walk_fn *fn, void *arg);

/* ---- msg.c: messages on stderr ---- */

/* Every message of every stage goes through these, as warnx(3), warn(3),
 * errx(3) and err(3) ("prog: message[: strerror]"), but with the message
 * escaped as str_escape does: names and reasons often hold bytes a server
 * or a file chose, and none of them may reach a terminal or a log raw. */
void msg_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* How much a program says, from its -q or -v; MSG_NORMAL until set. */
enum msg_level { MSG_QUIET, MSG_NORMAL, MSG_VERBOSE };
void msg_set_level(enum msg_level level);
enum msg_level msg_level(void);
/* As msg_warnx, for a note: the normal course of a run (a URL robots.txt
 * forbids, nothing new to store, a summary), which -q leaves out.  What
 * went wrong is said with msg_warnx, whatever the level.  Under -v every
 * message starts with the time, ISO 8601 UTC. */
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Messages are appended to b (borrowed), as they would be written, until
 * msg_capture(NULL): a -j worker sends them to the parent, which writes
 * them in input order.  msg_err and msg_errx write them out first. */
void msg_capture(struct buf *b);
void msg_errx(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void msg_err(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
/* Append s[0..n) to b as text safe on a terminal and on one line: valid
 * UTF-8 as it is; tab, line feed and carriage return as \t \n \r; other
 * control bytes and bytes that are not valid UTF-8 as \xNN; C1 controls
 * and the characters that reorder text (bidi overrides) as \uXXXX; with
 * ESCAPE_BACKSLASH, a backslash as \\ (listings, so the escapes read
 * back unambiguously). */
enum { ESCAPE_BACKSLASH = 1 };
void str_escape(struct buf *b, const char *s, size_t n, int flags);
/* s escaped (flags 0), owned. */
char *str_escaped(const char *s);

/* ---- catalog_schema.c: the catalog's schema, and reading it ---- */

/* DIR/catalog.sqlite: what store stored, run by run (store(1)).  Its
 * tables and their version are defined in catalog_schema.c alone; store
 * writes its rows, and the stages before it read it through the typed
 * readers below, read-only, while store may be writing it. */
#define CATALOG_FILE "catalog.sqlite"
/* The schema this pith makes and reads, its PRAGMA user_version. */
#define CATALOG_SCHEMA 4
/* What to do with a file in the catalog's place that is not one. */
#define CATALOG_NOT_OURS \
    "restore it from a backup, or move it away to start a new catalog"

struct sqlite3;
/* Bring db, open to write, to CATALOG_SCHEMA: WAL and synchronous=FULL,
 * an older catalog migrated a version at a time, tables it lacks
 * created.  0, or -1 with err ("catalog.sqlite: ..."), the failed step
 * rolled back; a newer catalog is left as it is. */
int catalog_schema_apply(struct sqlite3 *db, char *err, size_t errlen);
/* "catalog.sqlite: WHAT: SQLite's error" for db's last failure (db NULL:
 * out of memory), with a hint when SQLite's own lock is held or the file
 * is not a database.  Returns -1. */
int catalog_error(struct sqlite3 *db, const char *what, char *err,
    size_t errlen);

/* The readers open DIR/catalog.sqlite read-only: 0 with *out, or with
 * *out NULL when there is nothing to read (no catalog yet, or an empty one
 * a first run's store is making); -1 with err ("DIR/catalog.sqlite: ...")
 * when the catalog is there but cannot serve: not a database, a schema
 * newer than CATALOG_SCHEMA or without the table, and *out NULL.  An
 * older schema is read as it is.  *out is owned: free with its _free. */
struct validators_reader;
int catalog_validators_open(const char *dir, struct validators_reader **out,
    char *err, size_t errlen);
/* The ETag and Last-Modified store kept for uri from its last fetch (for
 * conditional GET), owned, NULL when none; v may be NULL. */
void catalog_validators_get(struct validators_reader *v, const char *uri,
    char **etag, char **last_modified);
void catalog_validators_free(struct validators_reader *v);	/* NULL-safe */

struct repeated_reader;
int catalog_repeated_open(const char *dir, struct repeated_reader **out,
    char *err, size_t errlen);
/* 1 if key, a line key clean found repeated across a host's pages in an
 * earlier run, is kept; 0 if not, or k is NULL. */
int catalog_repeated_has(struct repeated_reader *k, uint64_t key);
void catalog_repeated_free(struct repeated_reader *k);	/* NULL-safe */

/* ---- stats.c: store's --stats, read by pipeline ---- */

/* What a run of store did, as --stats gives it to pipeline (store.1,
 * STATISTICS): a line of counts, then a line per reason items failed. */
struct run_stats {
	long read, cleaned, stored, failed, empty, duplicate, near_duplicate,
	    not_modified, disallowed, skipped, truncated, filtered;
	char *archive;		/* the archive written, or NULL; owned */
	struct stats_reason {
		char *why;	/* owned; any bytes but NUL */
		long count;	/* items that failed for it */
	} *reasons;		/* owned, in the order written */
	size_t nreasons;
};

void stats_init(struct run_stats *s);		/* all 0, no reasons */
void stats_free(struct run_stats *s);		/* frees the contents */
/* Add a reason (why copied) after the others. */
void stats_add_reason(struct run_stats *s, const char *why, long count);
/* Append the lines of s to b, every value escaped so that it stays on its
 * line and in its word. */
void stats_format(struct buf *b, const struct run_stats *s);
/* The lines stats_format wrote back into s (initialised here; free with
 * stats_free): 0, or -1 when text is empty or not such lines.  Keys and
 * lines it does not know (a later store's) are passed over; a count
 * missing is 0, an archive missing NULL. */
int stats_parse(const char *text, struct run_stats *s);

/* ---- lock.c: one run at a time in an output folder ---- */

/* mkdir -p: every missing folder of path, then path must be a folder.
 * 0 or -1 with errno. */
int make_dirs(const char *path);
/* What dir_lock and dir_lock_adopt return when another run holds the
 * lock ("DIR: locked by another run"): the one cause of exit 75.  Said
 * by the return value, not errno, which later calls overwrite. */
#define PITH_LOCKED (-2)
/* Create dir if missing and take an exclusive flock on dir/.lock without
 * waiting.  The descriptor (close-on-exec; closing it releases the lock),
 * PITH_LOCKED, or -1 with err on any other failure. */
int dir_lock(const char *dir, char *err, size_t errlen);
/* Adopt fd, inherited from a parent that took dir_lock(dir): checks that
 * it is dir/.lock and holds the lock (as dir_lock), and sets close-on-exec.
 * 0, PITH_LOCKED, or -1 with err. */
int dir_lock_adopt(const char *dir, int fd, char *err, size_t errlen);

/* ---- digest.c: digests and identifiers ---- */

/* "sha1:" + 32 base32 characters, as WARC tools write them. */
#define DIGEST_SHA1_LEN 38
void digest_sha1_b32(const void *p, size_t n, char out[DIGEST_SHA1_LEN]);
/* The same over bytes that come in pieces: begin, update, end (which
 * frees the context). */
struct digest_sha1;
struct digest_sha1 *digest_sha1_begin(void);
void digest_sha1_update(struct digest_sha1 *d, const void *p, size_t n);
void digest_sha1_end_b32(struct digest_sha1 *d, char out[DIGEST_SHA1_LEN]);
/* 64 lowercase hex digits of SHA-256. */
#define DIGEST_SHA256_LEN 65
void digest_sha256_hex(const void *p, size_t n, char out[DIGEST_SHA256_LEN]);
/* "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>" (random, v4). */
#define WARC_ID_LEN 48
void warc_new_id(char out[WARC_ID_LEN]);

/* ---- warc.c: the WARC/1.1 record reader and writer (ISO 28500) ---- */

/* The framing between stages is defined here and nowhere else; see
 * man/pith.7 for the record types and fields pith writes. */

struct warc_field {
	char *name;			/* owned */
	char *value;			/* owned */
};

struct warc_record {
	char version[16];		/* "WARC/1.1"; written as given, default 1.1 */
	struct warc_field *fields;	/* owned, in order read or set */
	size_t nfields, fields_cap;
	struct buf block;		/* the content block, owned */
	uint64_t offset;		/* byte offset in its input (compressed
					   offset for .warc.gz members) */
};

void warc_record_init(struct warc_record *r);
void warc_record_reset(struct warc_record *r);	/* empty it for reuse */
void warc_record_free(struct warc_record *r);	/* NULL-safe; frees contents */
/* First field of that name, case-insensitive; borrowed, or NULL. */
const char *warc_get(const struct warc_record *r, const char *name);
/* Replace the first field of that name, or append it; copies both. */
void warc_set(struct warc_record *r, const char *name, const char *value);
/* Append even if present (some fields repeat); copies both. */
void warc_add(struct warc_record *r, const char *name, const char *value);
/* Remove every field of that name. */
void warc_del(struct warc_record *r, const char *name);
/* Remove pith's control fields from r: those that make a later stage act
 * (count a failure, keep validators for the next run's conditional GET,
 * drop lines in later runs).  Only pith's own stages of this run may set
 * them; see man/pith.7, "Trust".  Returns how many went. */
size_t warc_drop_control(struct warc_record *r);
/* r's version, fields and offset appended to b, to be rebuilt by
 * warc_unpack_fields in another process of the same program (a record
 * through a pipe; its block goes apart). */
void warc_pack_fields(const struct warc_record *r, struct buf *b);
/* The fields packed at *p (end: the packing's end) into r, whose fields
 * are emptied first; *p moves past them.  0, or -1 when the packing is
 * short or broken. */
int warc_unpack_fields(const char **p, const char *end, struct warc_record *r);

struct warc_reader;
/* Reads records from fd (not owned, not closed), plain or gzip (one member
 * per record or one stream), WARC/1.0 and 1.1.  name is used in errors.
 * A record whose block is larger than max_block is skipped as damaged. */
struct warc_reader *warc_reader_new(int fd, const char *name,
    size_t max_block);
/* 1: a record in r; 0: clean end of input; -1: a damaged record or I/O
 * error, described in err with its byte offset ("offset 1234: ...").  After
 * -1, calling again resynchronises on the next "WARC/" record line; it
 * returns 0 when nothing is left. */
int warc_read(struct warc_reader *w, struct warc_record *r, char *err,
    size_t errlen);
/* Give back n bytes already read from fd (to tell what it holds): they
 * are read first.  Before the first warc_read only. */
void warc_reader_unread(struct warc_reader *w, const void *p, size_t n);
/* The records of w come from a file, not from the pith stage before this
 * one: each loses pith's control fields as it is read (warc_drop_control),
 * and they are counted.  Before the first warc_read. */
void warc_reader_foreign(struct warc_reader *w);
/* Say, when w's records lost control fields, how many, naming w. */
void warc_reader_say_dropped(const struct warc_reader *w);
void warc_reader_free(struct warc_reader *w);	/* NULL-safe */

struct warc_writer;
/* Writes to fd (not owned): plain WARC when level is 0, else one gzip
 * member per record, deflated at level (1-9). */
struct warc_writer *warc_writer_new(int fd, int level);
/* Completes r before writing it: WARC-Record-ID and WARC-Date when missing,
 * Content-Length, WARC-Block-Digest, and WARC-Payload-Digest for response
 * records carrying an HTTP message.  0 ok, -1 with err (write failure). */
int warc_write(struct warc_writer *w, struct warc_record *r, char *err,
    size_t errlen);
/* As warc_write, with the block read from the files parts[0..n-1], one
 * after the other, from their starts (r->block is not used): a block
 * larger than memory, such as a long run's manifest. */
int warc_write_files(struct warc_writer *w, struct warc_record *r,
    FILE *const *parts, size_t n, char *err, size_t errlen);
/* Flushes buffered output; 0 or -1 with err. */
int warc_writer_flush(struct warc_writer *w, char *err, size_t errlen);
/* Complete r as warc_write does and append it, uncompressed, to out. */
void warc_format(struct warc_record *r, struct buf *out);
void warc_writer_free(struct warc_writer *w);	/* NULL-safe, does not flush */

/* Fields pith adds to the records it writes (see man/pith.7).
 * Standard WARC fields are used where one exists. */
#define PF_SOURCE_URI	"Pith-Source-URI"	/* URL asked for, before redirects */
#define PF_FETCH_ERROR	"Pith-Fetch-Error"	/* metadata record of a failed fetch */
#define PF_HTTP_STATUS	"Pith-HTTP-Status"	/* conversion: status of the source */
#define PF_SRC_TYPE	"Pith-Source-Content-Type"
#define PF_SRC_DIGEST	"Pith-Source-Payload-Digest"
#define PF_SRC_BYTES	"Pith-Source-Bytes"
#define PF_CHARSET_DECL	"Pith-Charset-Declared"
#define PF_CHARSET_DET	"Pith-Charset-Detected"
#define PF_CLEANER	"Pith-Cleaner"		/* "pith-clean/VERSION" */
#define PF_SETTINGS	"Pith-Settings-Digest"
#define PF_MODE		"Pith-Mode"		/* html or text */
#define PF_TITLE	"Pith-Title"
#define PF_AUTHOR	"Pith-Author"
#define PF_PUBDATE	"Pith-Published"	/* ISO 8601 */
#define PF_SITE		"Pith-Site-Name"
#define PF_CANONICAL	"Pith-Canonical-URL"
#define PF_DESCRIPTION	"Pith-Description"
#define PF_LANGUAGE	"WARC-Identified-Content-Language" /* of the text,
						   identified: ISO 639-1 */
#define PF_LANG_CONFIDENCE "Pith-Language-Confidence" /* 0.00-1.00 */
#define PF_DECLARED_LANG "Pith-Declared-Language" /* the page's, BCP 47 */
#define PF_PART		"Pith-Part"		/* "comments": the comment section */
#define PF_WARNING	"Pith-Warning"		/* a limit cut the page */
#define PF_REPEATED_KEYS	"Pith-Repeated-Line-Keys"	/* metadata: N line
						   keys, for later runs */
#define PF_REPEATED	"Pith-Repeated-Lines"	/* lines dropped as recurring
						   across the host's pages */
#define PF_CLEAN_ERROR	"Pith-Clean-Error"	/* metadata record: clean failed */
#define PF_CLEAN_SKIPPED "Pith-Clean-Skipped"	/* metadata record: not a page
						   (a request, robots.txt, an
						   image ...): why */
#define PF_CLEAN_FILTERED "Pith-Clean-Filtered"	/* metadata record: a text
						   not in [clean] languages:
						   "language fr" */
#define PF_SRC_TRUNCATED "Pith-Source-Truncated" /* conversion: the source
						   record's WARC-Truncated */
/* Conditional GET: the validators of a fetched page travel from ingest's
 * response (ETag, Last-Modified headers) on clean's conversion record to
 * store's catalog; a URL not fetched gets a metadata record saying why. */
#define PF_SRC_ETAG	"Pith-Source-ETag"	/* conversion: the response's ETag */
#define PF_SRC_LASTMOD	"Pith-Source-Last-Modified" /* its Last-Modified, as sent */
#define PF_FETCH_STATUS	"Pith-Fetch-Status"	/* metadata: one of these two: */
#define FETCH_NOT_MODIFIED "not-modified"	/* 304: nothing new to store */
#define FETCH_DISALLOWED "disallowed"		/* robots.txt forbids the URL */
#define PF_FETCHED	"Pith-Fetched"		/* "live": a response ingest
						   fetched in this run, and the
						   conversion made of it: only
						   these give validators */

/* ---- http.c: the HTTP message inside response records ---- */

struct http_response {
	int status;			/* 200 ... */
	char *reason;			/* owned */
	struct warc_field *headers;	/* owned */
	size_t nheaders;
	const char *payload;		/* borrowed from the block, or from decoded */
	size_t payload_len;
	size_t header_len;		/* bytes before the payload in the block */
	struct buf decoded;		/* owned; used when chunked/gzip decoding was needed */
};

/* Parse "HTTP/1.x NNN ...\r\nheaders\r\n\r\npayload".  Undoes
 * Transfer-Encoding: chunked and Content-Encoding gzip/deflate so payload
 * is the entity a browser would see; max caps the decoded size.  0 ok,
 * -1 with err. */
int http_parse(const void *block, size_t len, size_t max,
    struct http_response *h, char *err, size_t errlen);
const char *http_header(const struct http_response *h, const char *name);
void http_response_free(struct http_response *h);	/* NULL-safe */
/* An HTTP-date (Last-Modified, If-Modified-Since) in *out; -1 if s is
 * none of the three forms RFC 9110 names. */
int http_date(const char *s, time_t *out);

/* ---- charset.c: sniffing and decoding to UTF-8 ---- */

enum sniff_kind { SNIFF_HTML, SNIFF_TEXT, SNIFF_BINARY };
/* What raw bytes are: HTML, plain text, or binary (NUL bytes, known
 * binary magic numbers, mostly control bytes). */
enum sniff_kind sniff_content(const void *p, size_t n);

struct charset_info {
	char declared[48];	/* from BOM, HTTP header or <meta>; "" if none */
	char detected[48];	/* what the bytes were decoded as */
	const char *source;	/* "bom", "http", "meta", "detector", "utf-8" */
};

/* p[0..n) is valid UTF-8 (NUL bytes allowed). */
int utf8_valid(const void *p, size_t n);
/* The length of the valid UTF-8 sequence at p (1-4, no overlong forms,
 * no surrogates) with its code point in *cp, or 0 when there is none. */
size_t utf8_char(const void *p, size_t n, unsigned int *cp);

/* Decode p to UTF-8 in out (reset first).  content_type is the HTTP
 * Content-Type or NULL; is_html enables <meta charset> prescan.  Invalid
 * sequences become U+FFFD; NUL bytes are dropped.  0 ok, -1 with err. */
int charset_to_utf8(const void *p, size_t n, const char *content_type,
    int is_html, struct buf *out, struct charset_info *ci, char *err,
    size_t errlen);
/* The same for the n bytes at off in in, whose memory it may take: when
 * they are valid UTF-8 as they stand, out gets them without a copy and in
 * is left empty.  For pages of many megabytes. */
int charset_to_utf8_buf(struct buf *in, size_t off, size_t n,
    const char *content_type, int is_html, struct buf *out,
    struct charset_info *ci, char *err, size_t errlen);

/* ---- minhash.c: near-duplicate fingerprints of a text ---- */

#define MINHASH_N	32	/* hashes in a signature */
#define MINHASH_BANDS	8	/* keys for an index, of 4 hashes each */
struct minhash {
	uint32_t h[MINHASH_N];
};
/* The signature of the 4-word shingles of text; -1 when it has no word. */
int minhash_text(const char *text, size_t len, struct minhash *m);
/* The estimated Jaccard similarity of two texts' shingles, 0 to 1. */
double minhash_similarity(const struct minhash *a, const struct minhash *b);
/* The index keys of m: texts of similarity s share one with probability
 * 1 - (1 - s^4)^8 (0.985 at 0.8, 0.06 at 0.3). */
void minhash_bands(const struct minhash *m, uint64_t keys[MINHASH_BANDS]);

/* ---- conf.c: pipeline.conf and the option table ---- */

/* pipeline.conf is INI-like: "[ingest]", "[clean]", "[store]" sections,
 * "key = value" lines, '#' comments.  Keys are the long option names of
 * that stage (pipeline's --STAGE-KEY); every key is listed once in conf.c
 * with its type, default, argument and help line.  Precedence: defaults <
 * file < command line. */

struct conf;

/* Defaults only; never fails. Owned, free with conf_free. */
struct conf *conf_new(void);
void conf_free(struct conf *c);		/* NULL-safe */
/* Read a file over the current values; errors are "FILE:LINE: ...".
 * 0 ok, -1 with err. */
int conf_load(struct conf *c, const char *path, char *err, size_t errlen);
/* The usual lookup: path if given (must exist), else ./pipeline.conf if
 * present, else defaults.  *used gets the file read or NULL (borrowed). */
int conf_load_default(struct conf *c, const char *path, const char **used,
    char *err, size_t errlen);
/* A setting given on the command line, kept until the file is read so
 * that it wins over the file. Strings borrowed. */
struct conf_cli {
	const char *section, *key, *value;
	const char *option;	/* "--timeout", named in errors; NULL:
				   "section.key" */
};
/* conf_load_default, then each cli setting over it.  0, or -1 with err. */
int conf_setup(struct conf *c, const char *path, const struct conf_cli *cli,
    size_t ncli, const char **used, char *err, size_t errlen);
/* Set one value, checking its type, as from the command line. */
int conf_set(struct conf *c, const char *section, const char *key,
    const char *value, char *err, size_t errlen);
/* Typed getters; asking for an unknown key is a programming error (abort).
 * Durations are returned in milliseconds, sizes in bytes, booleans 0/1. */
const char *conf_str(const struct conf *c, const char *section,
    const char *key);				/* borrowed */
long long conf_int(const struct conf *c, const char *section,
    const char *key);				/* numbers, sizes, seconds */
int conf_bool(const struct conf *c, const char *section, const char *key);
/* 1 if code is a language clean identifies ("de"; ISO 639-1, lowercase),
 * as [clean] languages takes them; else 0. */
int conf_language_known(const char *code);
/* List values (a key given on several lines, or words on one line). */
size_t conf_list(const struct conf *c, const char *section, const char *key,
    const char *const **items);			/* borrowed */
/* Replace a list (command-line operands replace configured sources). */
void conf_set_list(struct conf *c, const char *section, const char *key,
    char *const *items, size_t n);
/* A digest of the values in a section, to record which settings made
 * an output; keys that only change how a stage runs (jobs) are left out. */
void conf_section_digest(const struct conf *c, const char *section,
    char out[DIGEST_SHA1_LEN]);

/* The command line.  A program's options are the settings of its
 * sections, from the table, and a few of its own in the same shape (curl's
 * aliases[]); -c CONF, -q, -v, -h and -V come with every program.  One
 * table drives getopt_long, -h, and the values set. */
struct conf_opt {
	const char *name;	/* long name, without "--" */
	int val;		/* its short letter, or 256 up: a long option
				   alone; what conf_args_next returns */
	const char *arg;	/* its argument's name in -h, or NULL: none */
	const char *help;	/* one line */
	const char *section, *key;	/* an alias: the setting it sets */
	const char *value;	/* ... to this, or to the argument if NULL */
};
struct conf_prog {
	const char *name;	/* "clean": in -h */
	const char *const *synopsis;	/* its forms after the name, as in
					   its man page; NULL-ended */
	const char *about;	/* what it does, in a line */
	const struct conf_opt *opts;	/* its own options; NULL-name-ended,
					   or NULL */
	const char *const *sections;	/* whose settings it takes;
					   NULL-ended */
	int prefixed;		/* settings as --SECTION-KEY (pipeline) */
	const char *const *except;	/* "section.key"s it sets itself, not
					   offered; NULL-ended, or NULL */
};

struct conf_args;
/* The command line of prog (borrowed: static); owned, free with
 * conf_args_free.  Two options of one name or letter abort: a
 * programming error. */
struct conf_args *conf_args_new(const struct conf_prog *prog);
void conf_args_free(struct conf_args *a);	/* NULL-safe */
/* getopt_long over argv: settings and aliases are kept, -c too, -q and
 * -v set the message level, and the next other option is returned (its
 * val, with optarg), -1 at the operands (optind), or '?' on an unknown
 * option or a missing argument, which getopt_long has said on stderr. */
int conf_args_next(struct conf_args *a, int argc, char **argv);
/* The -c file, or NULL (borrowed from argv). */
const char *conf_args_config(const struct conf_args *a);
/* The settings given, in order (borrowed, until conf_args_free). */
size_t conf_args_settings(const struct conf_args *a,
    const struct conf_cli **cli);
/* conf_setup with the -c file and the settings given. */
int conf_args_load(const struct conf_args *a, struct conf *c,
    const char **used, char *err, size_t errlen);
/* Write the synopsis ("usage: ..."), and with full what the program does
 * and every option, a line each with its default, grouped, to fp; then
 * flush it.  0, or -1 with errno. */
int conf_args_usage(const struct conf_args *a, int full, FILE *fp);
/* -V: "pith-NAME VERSION" on stdout, and exit 0; 2, said, when it cannot
 * be written (output is data: a full disk is a failure). */
__attribute__((noreturn)) void conf_version(const char *name);

#endif /* PITH_H */
