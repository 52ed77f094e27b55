/*
 * pipeline.h: the modules of the driver.
 *
 *   main.c   options, the lock, the three stages, the summary
 *   shard.c  --shard I/N: the slice of the sources, the completion marker
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include "pith.h"

/* One shard of a sharded run, DIR/shard-I-of-N. */
struct shard {
	long index, count;	/* I and N, 0 <= I < N */
	char *dir;		/* DIR/shard-I-of-N; owned */
	char **srcs;		/* its sources, owned */
	size_t nsrcs;
	char digest[DIGEST_SHA1_LEN];	/* of the sources, one a line */
};

/* Parse "I/N" into s (index, count).  0, or -1 when it is not two
 * numbers with 0 <= I < N. */
int shard_parse(const char *arg, struct shard *s);
/* Expand the lists among sources ("@FILE", "-": one source a line, blank
 * and '#' lines skipped) and the folders (their files, as walk_tree walks
 * them), and keep those whose FNV-1a hash mod N is I; set dir under
 * outdir and the digest.  0, or -1 with err (a list cannot be
 * read: the slice would be wrong). */
int shard_select(struct shard *s, const char *outdir, char *const *sources,
    size_t n, char *err, size_t errlen);
/* 1 if the shard's marker says it finished with these very sources. */
int shard_is_done(const struct shard *s);
/* Remove a marker left by a run over other sources; write the shard's
 * sources to DIR/shard-I-of-N/sources (for ingest's @FILE, and to show
 * what the shard covers).  ingest's operand for it, "@PATH" (owned), or
 * NULL with err. */
char *shard_begin(const struct shard *s, char *err, size_t errlen);
/* Write the marker DIR/shard-I-of-N/done atomically: the sources' digest
 * and count, the time, the run's summary.  0, or -1 with err. */
int shard_finish(const struct shard *s, const char *summary, char *err,
    size_t errlen);
void shard_free(struct shard *s);

#endif
