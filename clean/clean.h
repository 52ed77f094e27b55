/*
 * clean.h: the modules of the clean stage, around the extraction engine
 * of extract/ (extract.h).
 *
 *   main.c     options, input kinds (files, stdin, WARC records), output
 *   operands.c the operands as inputs: folders walked, -o DIR names checked
 *   doc.c      one document: sniff, decode, pick the path, extract
 *   output.c   text, JSON and WARC conversion output
 *   records.c  WARC record streams in, conversion records out
 *   repeat.c   lines repeated across a host's documents
 *   jobs.c     -j N: worker processes, output kept in input order
 */
#ifndef CLEAN_H
#define CLEAN_H

#include <sys/types.h>

#include "pith.h"
#include "extract.h"

/* ---- the program: main.c, doc.c, output.c, records.c ---- */

enum out_format { OUT_TEXT, OUT_JSON, OUT_WARC };
enum clean_mode { MODE_AUTO, MODE_HTML, MODE_TEXT };

struct cleaner {
	struct conf *conf;		/* borrowed */
	struct extract_opts opts;
	enum out_format format;
	int auto_stdin;			/* format "auto" decided by what stdin holds */
	enum clean_mode mode;
	const char *outdir;		/* -o DIR, or NULL for stdout */
	size_t max_size;		/* largest document or record block */
	char settings[DIGEST_SHA1_LEN];	/* digest of the [clean] settings */
	struct warc_writer *warc;	/* OUT_WARC on stdout */
	int repeat_docs;		/* lines in this many documents of a
					   host are boilerplate; 0: off */
	struct repeat *repeat;		/* its spool and counts, or NULL */
	const char *catalog;		/* store's folder: lines repeated in
					   earlier runs; NULL: none */
	int spooling;			/* documents go to the spool as
					   records (in -j workers, the item
					   says so) */
	int jobs;			/* worker processes (-j), 1 in a worker */
	const struct inputs *inputs;	/* the files read, never overwritten;
					   borrowed, or NULL */
	long written;			/* documents written to stdout */
	long cleaned, failed, skipped;
};

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
	const char *data;		/* raw bytes */
	size_t len;
	struct buf *own;		/* or NULL: the buffer that holds data,
					   whose memory clean_document may take
					   (data is then NULL) */
	char digest[DIGEST_SHA1_LEN];	/* of the raw bytes (WARC output
					   only): the caller's, or else out */
	int is_html;			/* out: which path cleaned it */
	struct charset_info cs;		/* out */
	struct buf utf8;		/* the decoded input, freed once cleaned */
	struct extract ex;		/* out */
};

void document_init(struct document *d);
void document_free(struct document *d);
/* 0: cleaned (text not empty); -1: not cleaned, err says why. */
int clean_document(const struct cleaner *c, struct document *d, char *err,
    size_t errlen);

/* Output of one cleaned document: to stdout in c->format, or to
 * c->outdir/<name>.txt|.json (and <name>.comments.txt in text).  src is the record it came from, or NULL
 * for a file.  Takes d's text and comments (left empty).  0 ok, -1 with
 * err (a write failed). */
int output_document(struct cleaner *c, struct document *d,
    const struct warc_record *src, const char *name, char *err,
    size_t errlen);
/* A metadata record saying why src could not be cleaned (OUT_WARC). */
int output_failure(struct cleaner *c, const struct warc_record *src,
    const char *uri, const char *why, char *err, size_t errlen);
/* A metadata record saying why src, not a page, was skipped (OUT_WARC),
 * so that store counts it. */
int output_skipped(struct cleaner *c, const struct warc_record *src,
    const char *uri, const char *why, char *err, size_t errlen);
/* A document given as its conversion record and its comments' (or
 * NULL), written in c->format; fields and text are the records'. */
int output_record(struct cleaner *c, struct warc_record *main,
    struct warc_record *comments, const char *name, char *err,
    size_t errlen);
/* --comments with text on stdout, which has no place for them: said,
 * and exit 2. */
void output_check_comments(const struct cleaner *c);
/* Start the output once c->format is known: the WARC writer on stdout,
 * and the repeat spool in front of stdout when repetition is on.  Exits
 * when the spool cannot be made. */
void output_open(struct cleaner *c);
/* Documents go into the repeat spool from here on.  0 or -1 with err. */
int output_spool(struct cleaner *c, char *err, size_t errlen);
/* Flush, and write the spool less its repeated lines.  0 or -1 with err. */
int output_finish(struct cleaner *c, char *err, size_t errlen);

/* repeat.c: cross-document repetition.  While repetition is on, documents
 * from the first with a host on (repeat_has_host of its URI) go out as
 * conversion records (named by SPOOL_NAME) into a spool file that
 * repeat_new makes (NULL with err on failure) and repeat_spool puts in
 * place of stdout (0, or -1 with err); those before go out at once.
 * repeat_finish puts stdout back and writes every spooled document with
 * output_record, less the lines that occur in min_docs or more documents
 * of one host, or that the catalog in the folder catalog (or NULL) knows
 * from earlier runs; with WARC output, it first passes on the keys of the
 * lines this run found repeated (Pith-Repeated-Line-Keys), for store to
 * keep. */
#define SPOOL_NAME "Pith-Spool-Name"
struct repeat;
struct repeat *repeat_new(int min_docs, const char *catalog, char *err,
    size_t errlen);
int repeat_finish(struct repeat *r, struct cleaner *c, char *err,
    size_t errlen);
int repeat_has_host(const char *uri);
int repeat_spool(struct repeat *r, char *err, size_t errlen);
void repeat_free(struct repeat *r);	/* NULL-safe */
/* Where the spool goes: $TMPDIR, else /tmp.  Borrowed. */
const char *repeat_spool_dir(void);

/* Clean every record w reads (w not owned: the caller frees it), with
 * c->jobs workers when more than one.  Returns the number of failed
 * items; a write failure is fatal (-1 with err). */
long clean_records(struct cleaner *c, struct warc_reader *w,
    const char *name, char *err, size_t errlen);
/* One record: its failed items (0 or 1), or -1 (err) when output failed. */
long clean_one_record(struct cleaner *c, struct warc_record *r, char *err,
    size_t errlen);

/* operands.c: the operands as inputs, in order.  A folder operand is
 * the files under it; each input has the name of its output in -o DIR
 * (a file operand's base name; the path below a folder operand). */
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
/* Expand the operands ("-" is stdin) into in; outdir is -o DIR or NULL. */
void inputs_read(struct inputs *in, const char *outdir, int argc,
    char **argv);
/* With -o DIR (c->format known): refuse every input whose output would be
 * an earlier input's or would replace an input file. */
void inputs_check_names(struct inputs *in, const struct cleaner *c);
/* 1 if path is one of the input files (or a link to one). */
int inputs_has(const struct inputs *in, const char *path);
void inputs_free(struct inputs *in);

/* input.c: one input.  Each returns the number of failed items, or -1
 * when output failed (err). */
long clean_input(struct cleaner *c, const struct input *in, char *err,
    size_t errlen);
long clean_stdin(struct cleaner *c, char *err, size_t errlen);
int looks_like_warc_name(const char *path);
/* A reader of the WARC file name: its records are data, not a stage's
 * output, and lose pith's control fields.  Owned. */
struct warc_reader *file_reader(int fd, const char *name, size_t max_size);
/* Close it, saying how many control fields it dropped, if any. */
void file_reader_free(struct warc_reader *w, const char *name);

/* jobs.c: the same with c->jobs worker processes; output and messages
 * come in input order, as from one process.  in is borrowed.
 * Both return the number of failed items, or -1 (err) when output
 * failed or a worker died. */
long clean_files_jobs(struct cleaner *c, const struct inputs *in, char *err,
    size_t errlen);
long clean_records_jobs(struct cleaner *c, struct warc_reader *w,
    const char *name, char *err, size_t errlen);

#endif
