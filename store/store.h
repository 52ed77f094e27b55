/*
 * store.h: the modules of the store stage.
 *
 *   main.c        options, the record loop, counts, exit status
 *   archive.c     one archive per run: temporary name, fsync, rename
 *   provenance.c  the JSON record of where a document came from
 */
#ifndef STORE_H
#define STORE_H

#include "pith.h"

struct archive_out;

/* Open nothing yet: the archive is created at the first document, so an
 * empty run leaves no file.  dir must exist and be writable.  Owned. */
struct archive_out *archive_out_new(const char *dir, const char *format);
/* Add a member (tar, zip) with mtime; 0 or -1 with err. */
int archive_out_add(struct archive_out *a, const char *name,
    const void *data, size_t n, time_t mtime, char *err, size_t errlen);
/* Add a record as it is (warc.gz); 0 or -1 with err. */
int archive_out_record(struct archive_out *a, struct warc_record *r,
    char *err, size_t errlen);
int archive_out_is_warc(const struct archive_out *a);
/* Finish: close, fsync, rename to the final name, fsync the folder.
 * *final gets the archive's file name (borrowed), NULL if nothing was
 * written.  0 or -1 with err; either way nothing is left under a
 * temporary name. */
int archive_out_commit(struct archive_out *a, const char **final,
    char *err, size_t errlen);
/* The final file name this archive will have (borrowed). */
const char *archive_out_name(struct archive_out *a);
/* Remove the temporary file, if any, and free. NULL-safe. */
void archive_out_abort(struct archive_out *a);

/* The document's id: 20 hex digits of SHA-256 over target URI, NUL,
 * WARC-Date, NUL, text digest.  The same document always gets the same
 * id; a changed version gets another. */
void doc_id(const struct warc_record *r, const char *text_digest,
    char out[21]);
/* Provenance and metadata of a conversion record as pretty JSON; owned. */
char *provenance_json(const struct warc_record *r, const char *id,
    const char *text_digest, const char *archive);
/* One manifest line (no newline) for a document or a failure; owned. */
char *manifest_doc(const struct warc_record *r, const char *id,
    const char *text_digest, int comments);
char *manifest_failure(const struct warc_record *r, const char *stage,
    const char *why);

#endif
