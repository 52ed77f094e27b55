/*
 * operands.c: clean's operands as the inputs it cleans, in order.  A
 * folder is the files under it (walk_tree: sorted, hidden names skipped),
 * @FILE the operands listed in FILE (a line each, blank lines and '#'
 * lines skipped, as ingest reads its lists), anything else one input,
 * "-" stdin.
 *
 * With -o DIR each input has the name its output is written under: a
 * file operand its base name, flat, as before; a file found under a
 * folder its path below that folder (as trafilatura's --keep-dirs), so
 * that index.html in two folders stays two files.  The names are checked
 * before anything is cleaned: an input whose output would be another's,
 * or would replace an input, is refused (said in its turn, and failed),
 * so nothing is overwritten and nothing lost without a word.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clean.h"

#define LIST_DEPTH 8		/* @FILE inside @FILE, this deep at most */

/* What an output name is checked against: one of an input's names. */
struct key {
	char *s;		/* "NAME.EXT"; owned */
	size_t input;
};

static void
add(struct inputs *in, const char *path, char *name, char *refused)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 16;
		in->v = xrealloc(in->v, in->cap * sizeof *in->v);
	}
	in->v[in->n++] = (struct input){ xstrdup(path), name, refused };
}

static void
add_id(struct inputs *in, const struct stat *st)
{
	if (in->nids == in->idcap) {
		in->idcap = in->idcap ? in->idcap * 2 : 16;
		in->ids = xrealloc(in->ids, in->idcap * sizeof *in->ids);
	}
	in->ids[in->nids++] = (struct file_id){ st->st_dev, st->st_ino };
}

/* "blog/index.html" is "blog/index"; owned. */
static char *
rel_name(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *base = doc_base_name(rel);
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%.*s%s", slash ? (int)(slash - rel + 1) : 0, rel,
	    base);
	free(base);
	return buf_steal(&b);
}

static int
is_outdir(const struct inputs *in, const struct stat *st)
{
	return in->has_outdir && st != NULL && st->st_dev == in->outdir.dev &&
	    st->st_ino == in->outdir.ino;
}

/* An operand that is not a folder is read as it is (a pipe, a name that
 * fails: clean_file says why); the output folder is not read. */
static int
walked(void *arg, const struct walk_item *it)
{
	struct inputs *in = arg;

	switch (it->kind) {
	case WALK_DIR:
		if (!is_outdir(in, it->st))
			return 0;
		if (it->top)
			add(in, it->path, NULL, xstrdup("the output folder (-o): "
			    "not read"));
		return 1;
	case WALK_FILE:
		add_id(in, it->st);
		/* FALLTHROUGH */
	case WALK_FAILED:
		if (it->top || it->kind == WALK_FILE)
			add(in, it->path, it->top ? doc_base_name(it->path) :
			    rel_name(it->rel), NULL);
		else
			add(in, it->path, NULL, xstrdup(it->why));
		return 0;
	case WALK_SKIPPED:
		msg_warnx("%s: %s", it->path, it->why);
		return 0;
	}
	return 0;
}

static int
by_id(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

int
looks_like_warc_name(const char *path)
{
	return has_suffix(path, ".warc") || has_suffix(path, ".warc.gz") ||
	    has_suffix(path, ".wet") || has_suffix(path, ".wet.gz");
}

static void add_operand(struct inputs *in, const char *op, int depth);

/* The operands listed in the file list (its @ left off); one that cannot
 * be read is a failed input. */
static void
add_list(struct inputs *in, const char *list, int depth)
{
	char *line = NULL, *s;
	size_t cap = 0;
	struct buf why;
	FILE *fp;

	buf_init(&why);
	if (depth >= LIST_DEPTH)
		buf_printf(&why, "lists nested more than %d deep", LIST_DEPTH);
	else if ((fp = fopen(list, "r")) == NULL)
		buf_puts(&why, strerror(errno));
	else {
		while (getline(&line, &cap, fp) > 0) {
			s = str_trim(line);
			if (*s != '\0' && *s != '#')
				add_operand(in, s, depth + 1);
		}
		if (ferror(fp))
			buf_puts(&why, strerror(errno));
		fclose(fp);
		free(line);
	}
	if (why.len > 0)
		add(in, list, NULL, buf_steal(&why));
	buf_free(&why);
}

static void
add_operand(struct inputs *in, const char *op, int depth)
{
	if (strcmp(op, "-") == 0)
		add(in, "-", xstrdup("stdin"), NULL);
	else if (op[0] == '@')
		add_list(in, op + 1, depth);
	else
		walk_tree(op, walked, in);
}

void
inputs_read(struct inputs *in, const char *outdir, int argc, char **argv)
{
	struct stat st;
	int i;

	memset(in, 0, sizeof *in);
	if (outdir != NULL && stat(outdir, &st) == 0) {
		in->outdir = (struct file_id){ st.st_dev, st.st_ino };
		in->has_outdir = 1;
	}
	/* A list named as an operand that cannot be read is a usage error,
	 * found before anything is read: the run would not be the one asked
	 * for.  A list named in a list is an input, as a file is. */
	for (i = 0; i < argc; i++)
		if (argv[i][0] == '@' && access(argv[i] + 1, R_OK) < 0)
			msg_err(PITH_EXIT_USAGE, "%s", argv[i]);
	for (i = 0; i < argc; i++)
		add_operand(in, argv[i], 0);
	if (argc == 0)
		add(in, "-", xstrdup("stdin"), NULL);
	if (in->nids > 0)		/* qsort(NULL, 0) is undefined */
		qsort(in->ids, in->nids, sizeof *in->ids, by_id);
}

int
inputs_has(const struct inputs *in, const char *path)
{
	struct file_id id;
	struct stat st;

	if (in == NULL || in->nids == 0 || stat(path, &st) < 0)
		return 0;
	id = (struct file_id){ st.st_dev, st.st_ino };
	return bsearch(&id, in->ids, in->nids, sizeof *in->ids, by_id) != NULL;
}

static int
by_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->s, y->s);

	if (c != 0)
		return c;
	return x->input < y->input ? -1 : x->input > y->input;
}

/* Refuse the input: its output DIR/key would be that of other, or, with
 * other NULL, replace an input. */
static void
refuse(struct input *it, const char *outdir, const char *key,
    const char *other)
{
	struct buf why;

	if (it->refused != NULL)
		return;
	buf_init(&why);
	if (other != NULL)
		buf_printf(&why, "%s/%s is the output of %s: not written",
		    outdir, key, other);
	else
		buf_printf(&why, "%s/%s is an input: not overwritten", outdir,
		    key);
	it->refused = buf_steal(&why);
}

/* The names the output of each input is written under: NAME.EXT, and
 * NAME.comments.EXT when comments go into a file of their own.  WARC
 * files are named by their records (item.c), not here. */
static size_t
make_keys(const struct inputs *in, const struct settings *s, struct key **out)
{
	const char *ext = s->format == OUT_JSON ? "json" : body_ext(s->body);
	int comments = s->comments && s->format == OUT_TEXT;
	struct key *k = xcalloc(in->n * 2 + 1, sizeof *k);
	struct buf b;
	size_t i, n = 0;

	buf_init(&b);
	for (i = 0; i < in->n; i++) {
		if (in->v[i].name == NULL || in->v[i].refused != NULL ||
		    looks_like_warc_name(in->v[i].path))
			continue;
		buf_reset(&b);
		buf_printf(&b, "%s.%s", in->v[i].name, ext);
		k[n++] = (struct key){ xstrdup(b.data), i };
		if (!comments)
			continue;
		buf_reset(&b);
		buf_printf(&b, "%s.comments.%s", in->v[i].name, ext);
		k[n++] = (struct key){ xstrdup(b.data), i };
	}
	buf_free(&b);
	*out = k;
	return n;
}

void
inputs_check_names(struct inputs *in, const struct settings *s)
{
	struct key *k;
	struct buf path;
	size_t i, first = 0, n;

	if (s->outdir == NULL)
		return;
	n = make_keys(in, s, &k);
	qsort(k, n, sizeof *k, by_key);
	buf_init(&path);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(k[i].s, k[first].s) == 0) {
			refuse(&in->v[k[i].input], s->outdir, k[i].s,
			    in->v[k[first].input].path);
			continue;
		}
		first = i;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", s->outdir, k[i].s);
		if (inputs_has(in, path.data))
			refuse(&in->v[k[i].input], s->outdir, k[i].s, NULL);
	}
	for (i = 0; i < n; i++)
		free(k[i].s);
	free(k);
	buf_free(&path);
}

void
inputs_free(struct inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		free(in->v[i].path);
		free(in->v[i].name);
		free(in->v[i].refused);
	}
	free(in->v);
	free(in->ids);
	memset(in, 0, sizeof *in);
}
