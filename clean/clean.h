/*
 * clean.h: the modules of the clean stage, around the extraction engine
 * of extract/, which it calls as any program does, by the library's
 * interface (include/pith/extract.h).  Data flows one way:
 *
 *   operands -> items -> (jobs) -> item -> doc -> extract/ -> sink
 *
 *   main.c     the settings, then every item into the sink
 *   operands.c the operands as inputs: folders walked, @FILE read, -o DIR
 *              names checked
 *   items.c    the item stream: a document in a file or on stdin, or a
 *              record of a WARC stream, told apart by their bytes
 *   jobs.c     -j N: the items through worker processes, into the sink
 *              in input order
 *   item.c     one item: what its record is, its document cleaned, the
 *              records that say what became of it, into the sink
 *   doc.c      one document through the library: sniffed, decoded,
 *              extracted
 *   convert.c  a cleaned document as its conversion records; notes
 *   sink.c     where records go: stdout (text, JSON or WARC), -o DIR, or
 *              a worker's buffer for the parent
 *   repeat.c   a sink in front of another that drops the lines repeated
 *              across a host's documents
 */
#ifndef CLEAN_H
#define CLEAN_H

#include <sys/types.h>

#include "pith.h"
#include "pith/extract.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_WARC };
enum clean_mode { MODE_AUTO, MODE_HTML, MODE_TEXT };

/* What the run was told: set by main.c, then read only. */
struct settings {
	pith_extractor *extractor;	/* the preset and the limits, and the
					   memory pages are parsed in */
	int comments;			/* kept apart (-f json, warc, -o) */
	enum out_format format;
	enum body_format body;		/* of the conversion records */
	enum clean_mode mode;
	const char *outdir;		/* -o DIR, or NULL for stdout */
	size_t max_size;		/* largest document or record block */
	char digest[DIGEST_SHA1_LEN];	/* of the [clean] settings */
	int repeat_docs;		/* lines in this many documents of a
					   host are boilerplate; 0: off */
	const char *catalog;		/* store's folder: lines repeated in
					   earlier runs; NULL: none */
	int jobs;			/* worker processes (-j) */
	const char *const *languages;	/* [clean] languages: a text
					   identified in another is left
					   out; borrowed from the conf */
	size_t nlanguages;		/* 0: every language kept */
};

/* ---- sink.c: where records go ---- */

/* A sink takes what clean makes, in order: a document as its conversion
 * record and that of its comments (or NULL), with the name of its file
 * in -o DIR; or a metadata record saying what became of an item (only
 * WARC keeps those).  write may take the records' blocks.  Every
 * function returns 0, or -1 with err. */
struct sink {
	int (*write)(struct sink *s, struct warc_record *r,
	    struct warc_record *comments, const char *name, char *err,
	    size_t errlen);
	int (*flush)(struct sink *s, char *err, size_t errlen);
	void (*free)(struct sink *s);
};
int sink_write(struct sink *s, struct warc_record *r,
    struct warc_record *comments, const char *name, char *err,
    size_t errlen);
/* Everything written is out; the repeat sink writes its spool here. */
int sink_flush(struct sink *s, char *err, size_t errlen);
void sink_free(struct sink *s);		/* NULL-safe */
/* The records in format on fd (stdout): text, a document a block with
 * "\f\n" between documents; JSON, an object a line; WARC records. */
struct sink *sink_stream(int fd, enum out_format format);
/* Text or JSON files in dir: NAME.txt (and NAME.comments.txt) or
 * NAME.json, never over one of inputs (borrowed, or NULL). */
struct inputs;
struct sink *sink_dir(const char *dir, enum out_format format,
    const struct inputs *inputs);
/* A -j worker's: records packed into out (borrowed), which the parent
 * unpacks into its own sink with sink_replay. */
struct sink *sink_buffer(struct buf *out);
int sink_replay(struct sink *to, const char *p, size_t n, char *err,
    size_t errlen);

/* ---- repeat.c: cross-document repetition ---- */

/* A sink in front of next (owned): documents from the first with a host
 * on (a record whose URI has a host) wait in a spool file; at flush, each
 * goes on to next less the lines that occur in min_docs or more documents
 * of its host, or that the catalog in the folder catalog (or NULL) knows
 * from earlier runs, and, when next keeps notes, the keys of the lines
 * this run found repeated (Pith-Repeated-Line-Keys), for store to keep.
 * NULL with err when the spool cannot be made (next is freed then too). */
struct sink *sink_repeat(struct sink *next, int min_docs, const char *catalog,
    char *err, size_t errlen);
/* The URI has a host, as the repeat sink reads it: the host parser, for
 * fuzz_warc (the sink itself reads records). */
int repeat_has_host(const char *uri);

/* ---- operands.c: the operands as inputs ---- */

/* The operands in order.  A folder operand is the files under it; @FILE
 * the operands listed in FILE, a line each.  Each input has the name of
 * its output in -o DIR (a file operand's base name; the path below a
 * folder operand). */
struct input {
	char *path;		/* a file, or "-": stdin; owned */
	char *name;		/* its output's name, no extension; owned */
	char *refused;		/* why it is not cleaned, said in its turn
				   (a failed item), or NULL; owned */
};
struct file_id {
	dev_t dev;
	ino_t ino;
};
struct inputs {
	struct input *v;
	size_t n, cap;
	struct file_id *ids;	/* the files among them, sorted */
	size_t nids, idcap;
	struct file_id outdir;	/* -o DIR, not read */
	int has_outdir;
};
/* Expand the operands ("-" is stdin) into in; outdir is -o DIR or NULL.
 * Exits when an @FILE cannot be read. */
void inputs_read(struct inputs *in, const char *outdir, int argc,
    char **argv);
/* With -o DIR: refuse every input whose output would be an earlier
 * input's or would replace an input file. */
void inputs_check_names(struct inputs *in, const struct settings *s);
/* 1 if path is one of the input files (or a link to one). */
int inputs_has(const struct inputs *in, const char *path);
void inputs_free(struct inputs *in);
int looks_like_warc_name(const char *path);

/* ---- items.c: the item stream ---- */

enum item_kind {
	ITEM_FILE,	/* a document in the file path; name: its -o DIR name */
	ITEM_DATA,	/* a document read already (stdin): data */
	ITEM_RECORD,	/* a record of the WARC stream source: record */
	ITEM_FAILED	/* path could not be read: why */
};
struct item {
	enum item_kind kind;
	const char *path;		/* the file, "stdin", or the stream */
	const char *name;		/* ITEM_FILE, ITEM_DATA */
	struct buf *data;		/* ITEM_DATA; its memory may be taken */
	struct warc_record *record;	/* ITEM_RECORD; its block may be taken */
	const char *why;		/* ITEM_FAILED */
};
/* Whether n plain bytes start a WARC record, or more must be read. */
enum warc_start { NOT_WARC, IS_WARC, MORE };
enum warc_start plain_start(const char *p, size_t n);
/* The items of the inputs, in order (in borrowed).  Each is valid until
 * the next call; 0 when none is left. */
struct items;
struct items *items_open(const struct inputs *in, size_t max_size);
int items_next(struct items *it, struct item *out);
/* Whether stdin, the only input, holds WARC records (its first bytes are
 * read to tell, and kept). */
int items_stdin_is_warc(struct items *it);
void items_free(struct items *it);	/* NULL-safe */

/* ---- item.c, doc.c, convert.c: one item through clean ---- */

/* Clean one item into out: its failed items (0 or 1), or -1 with err
 * when out failed. */
long clean_item(const struct settings *s, const struct item *it,
    struct sink *out, char *err, size_t errlen);

/* One document on its way through clean.  The caller fills the input
 * fields (borrowed); clean_document fills the rest. */
struct document {
	const char *name;		/* for messages: file name or URI */
	const char *uri;		/* target URI, or NULL */
	const char *base;		/* the page's own address, for its
					   relative links (a record's target
					   URI), or NULL */
	const char *content_type;	/* declared type (HTTP or record), or NULL */
	int http_status;		/* of a fetched page, or 0 */
	int fetched;			/* by ingest, in this run (PF_FETCHED) */
	const char *truncated;		/* the source's WARC-Truncated, or NULL */
	const char *etag;		/* its validators, when fetched; */
	const char *last_modified;	/*   else NULL */
	const struct warc_record *src;	/* the record it came from, or NULL */
	const char *data;		/* raw bytes */
	size_t len;
	struct buf *own;		/* or NULL: the buffer that holds data,
					   whose memory clean_document may take
					   (data is then NULL) */
	char digest[DIGEST_SHA1_LEN];	/* of the raw bytes (WARC output
					   only): the caller's, or else out */
	pith_result *result;		/* out: text, metadata, the path */
};

void document_init(struct document *d);
void document_free(struct document *d);
/* 0: cleaned (text not empty); -1: not cleaned, err says why.  d's
 * bytes are given to the extractor: d->data is gone after. */
int clean_document(const struct settings *s, struct document *d, char *err,
    size_t errlen);

/* The conversion record of the cleaned d into r, taking its text, and
 * when it has comments, theirs into comments; 1 if it has, else 0. */
int convert_document(const struct settings *s, struct document *d,
    struct warc_record *r, struct warc_record *comments);
/* A metadata record into r about src (or NULL) of uri: field says what
 * became of it (PF_CLEAN_ERROR, PF_CLEAN_SKIPPED, PF_CLEAN_FILTERED), and
 * why. */
void convert_note(const struct warc_record *src, const char *uri,
    const char *field, const char *why, struct warc_record *r);

/* ---- jobs.c ---- */

/* The items through s->jobs worker processes into out, in input order,
 * messages too.  The number of failed items, or -1 (err) when output
 * failed or a worker died. */
long jobs_run(const struct settings *s, struct items *it, struct sink *out,
    char *err, size_t errlen);

#endif
