/*
 * shard.c: --shard I/N.  A source belongs to shard hash(source) mod N,
 * hash being FNV-1a of the source as written: its shard does not depend
 * on the order of the manifest nor on the other lines, so every task of
 * a job array agrees on the slices without talking to the others, and
 * appending to a manifest moves no source to another shard.  A folder is
 * its files, each a source (FOLDER/NAME, as walk_tree walks it), so that
 * they spread over the shards rather than all fall in one.  Each shard
 * writes its own output folder, DIR/shard-I-of-N, and a marker, done,
 * once it has finished without failures, so that a rerun skips it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline.h"

#define LIST_DEPTH 8		/* @FILE inside @FILE, as ingest allows */
#define MARKER "done"

int
shard_parse(const char *arg, struct shard *s)
{
	const char *slash = strchr(arg, '/');
	char *index;
	long long i, n;
	int rc;

	if (slash == NULL)
		return -1;
	index = xstrndup(arg, (size_t)(slash - arg));
	rc = parse_num(index, 0, 1000000, 0, &i) < 0 ||
	    parse_num(slash + 1, 1, 1000000, 0, &n) < 0 || i >= n ? -1 : 0;
	free(index);
	if (rc == 0) {
		s->index = (long)i;
		s->count = (long)n;
	}
	return rc;
}

static void
keep(struct shard *s, const char *src)
{
	if (fnv1a(src, strlen(src)) % (uint32_t)s->count !=
	    (uint32_t)s->index)
		return;
	s->srcs = xrealloc(s->srcs, (s->nsrcs + 1) * sizeof *s->srcs);
	s->srcs[s->nsrcs++] = xstrdup(src);
}

/* A file under a folder source is a source of its own; a path the walk
 * cannot read is too, for its shard's ingest to report. */
static int
walked(void *arg, const struct walk_item *it)
{
	struct shard *s = arg;

	if (it->kind == WALK_FILE || it->kind == WALK_FAILED)
		keep(s, it->path);
	else if (it->kind == WALK_SKIPPED)
		msg_warnx("%s: %s", it->path, it->why);
	return 0;
}

static int add(struct shard *, const char *, int, char *, size_t);

/* The lines of a list file ("-": stdin), each a source. */
static int
add_list(struct shard *s, const char *src, int depth, char *err,
    size_t errlen)
{
	FILE *fp = strcmp(src, "-") == 0 ? stdin : fopen(src + 1, "r");
	const char *name = fp == stdin ? "stdin" : src + 1;
	char *line = NULL, *p;
	size_t cap = 0;
	int rc = 0;

	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, fp) > 0) {
		p = str_trim(line);
		if (*p != '\0' && *p != '#')
			rc = add(s, p, depth + 1, err, errlen);
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		rc = -1;
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static int
add(struct shard *s, const char *src, int depth, char *err, size_t errlen)
{
	struct stat st;

	if (strcmp(src, "-") != 0 && src[0] != '@') {
		if (stat(src, &st) == 0 && S_ISDIR(st.st_mode))
			walk_tree(src, walked, s);
		else
			keep(s, src);
		return 0;
	}
	if (depth >= LIST_DEPTH) {
		snprintf(err, errlen, "%s: lists nested more than %d deep", src,
		    LIST_DEPTH);
		return -1;
	}
	return add_list(s, src, depth, err, errlen);
}

int
shard_select(struct shard *s, const char *outdir, char *const *sources,
    size_t n, char *err, size_t errlen)
{
	struct buf b;
	size_t i;

	for (i = 0; i < n; i++)
		if (add(s, sources[i], 0, err, errlen) < 0)
			return -1;
	buf_init(&b);
	buf_printf(&b, "%s/shard-%ld-of-%ld", outdir, s->index, s->count);
	s->dir = buf_steal(&b);
	for (i = 0; i < s->nsrcs; i++)
		buf_printf(&b, "%s\n", s->srcs[i]);
	digest_sha1_b32(b.data ? b.data : "", b.len, s->digest);
	buf_free(&b);
	return 0;
}

/* "DIR/shard-I-of-N/NAME"; owned. */
static char *
shard_file(const struct shard *s, const char *name)
{
	struct buf p;

	buf_init(&p);
	buf_printf(&p, "%s/%s", s->dir, name);
	return buf_steal(&p);
}

int
shard_is_done(const struct shard *s)
{
	char *path = shard_file(s, MARKER), *line = NULL;
	size_t cap = 0;
	FILE *fp = fopen(path, "r");
	int done = 0;

	while (fp != NULL && !done && getline(&line, &cap, fp) > 0)
		done = strncmp(line, "sources-digest ", 15) == 0 &&
		    strcmp(str_trim(line + 15), s->digest) == 0;
	if (fp != NULL)
		fclose(fp);
	free(line);
	free(path);
	return done;
}

char *
shard_begin(const struct shard *s, char *err, size_t errlen)
{
	char *marker = shard_file(s, MARKER), *list = shard_file(s, "sources");
	struct buf b;
	size_t i;
	int rc;

	if (unlink(marker) < 0 && errno != ENOENT)
		snprintf(err, errlen, "%s: %s", marker, strerror(errno));
	buf_init(&b);
	for (i = 0; i < s->nsrcs; i++)
		buf_printf(&b, "%s\n", s->srcs[i]);
	/* The sources as given: a URL's credentials are in them. */
	rc = err[0] == '\0' ? write_file_atomic(list, b.data ? b.data : "",
	    b.len, ATOMIC_SYNC_ALL | ATOMIC_PRIVATE) : -1;
	if (rc < 0 && err[0] == '\0')
		snprintf(err, errlen, "%s: %s", list, strerror(errno));
	buf_reset(&b);
	buf_printf(&b, "@%s", list);
	free(marker);
	free(list);
	if (rc < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

int
shard_finish(const struct shard *s, const char *summary, char *err,
    size_t errlen)
{
	char *marker = shard_file(s, MARKER), now[21];
	struct buf b;
	int rc;

	format_utc(time(NULL), now);
	buf_init(&b);
	buf_printf(&b, "shard %ld/%ld\nsources %zu\nsources-digest %s\n"
	    "finished %s\nsummary %s\n", s->index, s->count, s->nsrcs,
	    s->digest, now, summary);
	if ((rc = write_file_atomic(marker, b.data, b.len, ATOMIC_SYNC_ALL)) < 0)
		snprintf(err, errlen, "%s: %s", marker, strerror(errno));
	buf_free(&b);
	free(marker);
	return rc;
}

void
shard_free(struct shard *s)
{
	size_t i;

	for (i = 0; i < s->nsrcs; i++)
		free(s->srcs[i]);
	free(s->srcs);
	free(s->dir);
}
