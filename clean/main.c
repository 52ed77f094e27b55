/*
 * clean: strip boilerplate from pages and text dumps.
 *
 *   clean [-c CONF] [-q | -v] [-f warc|text|json] [-o DIR] [-j N]
 *         [--repeat-docs N] [--languages LIST] [FILE|FOLDER|@LIST...]
 *
 * Reads raw documents (HTML or plain text, .gz too) or WARC record
 * streams, from files, the files under folders, or stdin; writes the
 * article text, JSON, or WARC conversion records.  The settings come
 * first; then the item stream (items.c) runs into the sink (sink.c),
 * through worker processes with -j (jobs.c).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clean.h"

static const char *const synopsis[] = {
	"[-c CONF] [-q | -v] [-f warc|text|json] [--body text|markdown|html] "
	    "[-o DIR] [-j N] [--languages LIST] [FILE|FOLDER|@LIST...]", NULL
};
static const struct conf_opt own_opts[] = {
	{ "precision", 256, NULL, "less boilerplate: --preset precision",
	    "clean", "preset", "precision" },
	{ "recall", 257, NULL, "less text lost: --preset recall", "clean",
	    "preset", "recall" },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};
static const char *const sections[] = { "clean", NULL };
static const struct conf_prog prog = { "clean", synopsis,
    "Keep the article of each page or text dump: its text, JSON or WARC "
    "conversion records.", own_opts, sections, 0, NULL };

/* -h: on stdout, exit 0; after a usage error: on stderr, exit 2. */
static __attribute__((noreturn)) void
usage(const struct conf_args *a, int help)
{
	if (conf_args_usage(a, help, help ? stdout : stderr) < 0 && help)
		msg_err(PITH_EXIT_USAGE, "stdout");
	exit(help ? PITH_EXIT_OK : PITH_EXIT_USAGE);
}

/* The settings, from the file and the command line; the index of the
 * first operand.  Exits on -h, -V and bad usage. */
static struct conf *
parse_options(int argc, char **argv, int *first)
{
	struct conf_args *a = conf_args_new(&prog);
	struct conf *conf = conf_new();
	char err[PITH_ERRLEN];
	const char *used;
	int ch;

	while ((ch = conf_args_next(a, argc, argv)) != -1) {
		switch (ch) {
		case 'h': usage(a, 1);
		case 'V': conf_version("clean");
		default: usage(a, 0);
		}
	}
	if (conf_args_load(a, conf, &used, err, sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	conf_args_free(a);
	*first = optind;
	return conf;
}

static void
configure(struct settings *s, const struct conf *conf)
{
	const char *format = conf_str(conf, "clean", "format");
	const char *mode = conf_str(conf, "clean", "mode");
	const char *preset = conf_str(conf, "clean", "preset");
	struct pith_options o;

	s->format = strcmp(format, "json") == 0 ? OUT_JSON :
	    strcmp(format, "warc") == 0 ? OUT_WARC : OUT_TEXT;
	s->mode = strcmp(mode, "html") == 0 ? MODE_HTML :
	    strcmp(mode, "text") == 0 ? MODE_TEXT : MODE_AUTO;
	pith_options_init(&o);
	o.preset = strcmp(preset, "precision") == 0 ? PITH_PRECISION :
	    strcmp(preset, "recall") == 0 ? PITH_RECALL : PITH_BALANCED;
	o.comments = s->comments = conf_bool(conf, "clean", "comments");
	o.max_depth = (long)conf_int(conf, "clean", "max-depth");
	o.max_nodes = (long)conf_int(conf, "clean", "max-nodes");
	o.max_size = s->max_size = (size_t)conf_int(conf, "clean", "max-size");
	if ((s->extractor = pith_extractor_new(&o)) == NULL)
		msg_errx(PITH_EXIT_USAGE, "the [clean] limits are out of range");
	s->body = (enum body_format)body_parse(conf_str(conf, "clean", "body"));
	if (pith_extractor_set_body(s->extractor, (enum pith_body)s->body,
	    (conf_bool(conf, "clean", "links") ? PITH_LINKS : 0) |
	    (conf_bool(conf, "clean", "images") ? PITH_IMAGES : 0)) < 0)
		msg_errx(PITH_EXIT_USAGE, "--body: no such body");
	s->repeat_docs = (int)conf_int(conf, "clean", "repeat-docs");
	if (*conf_str(conf, "clean", "catalog") != '\0')
		s->catalog = conf_str(conf, "clean", "catalog");
	s->jobs = (int)conf_int(conf, "clean", "jobs");
	s->nlanguages = conf_list(conf, "clean", "languages", &s->languages);
	if (*conf_str(conf, "clean", "output") != '\0')
		s->outdir = conf_str(conf, "clean", "output");
	conf_section_digest(conf, "clean", s->digest);
}

/* The only input is stdin (no operand, or "-"). */
static int
stdin_alone(const struct inputs *in)
{
	return in->n == 1 && strcmp(in->v[0].path, "-") == 0;
}

/* "auto" output: WARC when the input is records (only WARC files, or
 * stdin alone that starts with "WARC/") and nothing goes to a folder;
 * else text. */
static enum out_format
auto_format(const struct settings *s, const struct inputs *in,
    struct items *items)
{
	size_t i;

	if (s->outdir != NULL)
		return OUT_TEXT;
	if (stdin_alone(in))
		return items_stdin_is_warc(items) ? OUT_WARC : OUT_TEXT;
	for (i = 0; i < in->n; i++)
		if (!looks_like_warc_name(in->v[i].path))
			return OUT_TEXT;
	return in->n > 0 ? OUT_WARC : OUT_TEXT;
}

/* Repetition needs hosts, which only WARC records carry (stdin may be
 * one); pages read as files stream out as each is cleaned. */
static int
may_hold_records(const struct inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (strcmp(in->v[i].path, "-") == 0 ||
		    looks_like_warc_name(in->v[i].path))
			return 1;
	return 0;
}

/* What is written, and where: the settings the inputs decide, the
 * output folder made, the names in it checked. */
static void
decide_output(struct settings *s, const struct conf *conf,
    struct inputs *in, struct items *items)
{
	if (!may_hold_records(in))
		s->repeat_docs = 0;
	if (strcmp(conf_str(conf, "clean", "format"), "auto") == 0)
		s->format = auto_format(s, in, items);
	if (s->outdir != NULL && s->format == OUT_WARC)
		msg_errx(PITH_EXIT_USAGE, "-o DIR writes text or json; WARC goes to stdout");
	if (s->comments && s->format == OUT_TEXT && s->outdir == NULL)
		msg_errx(PITH_EXIT_USAGE, "--comments: text on stdout has no "
		    "place for comments: use -f json, -f warc or -o DIR");
	if (s->outdir != NULL && mkdir(s->outdir, 0755) < 0 && errno != EEXIST)
		msg_errx(PITH_EXIT_USAGE, "%s: %s", s->outdir, strerror(errno));
	if (s->outdir != NULL && access(s->outdir, W_OK) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s: %s", s->outdir, strerror(errno));
	inputs_check_names(in, s);
}

/* The sink of the run: stdout or -o DIR, behind the repeat sink when
 * repetition is on.  Exits when the repeat spool cannot be made. */
static struct sink *
open_sink(const struct settings *s, const struct inputs *in)
{
	struct sink *out;
	char err[PITH_ERRLEN];

	out = s->outdir != NULL ? sink_dir(s->outdir, s->format, in) :
	    sink_stream(STDOUT_FILENO, s->format);
	if (s->repeat_docs > 0 && (out = sink_repeat(out, s->repeat_docs,
	    s->catalog, err, sizeof err)) == NULL)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	return out;
}

/* Every item into out, in this process; the number of failed items, or
 * -1 with err when output failed. */
static long
clean_all(const struct settings *s, struct items *items, struct sink *out,
    char *err, size_t errlen)
{
	struct item it;
	long rc, failed = 0;

	while (items_next(items, &it)) {
		if ((rc = clean_item(s, &it, out, err, errlen)) < 0)
			return -1;
		failed += rc;
	}
	return failed;
}

int
main(int argc, char **argv)
{
	struct settings s = { 0 };
	struct inputs in;
	struct items *items;
	struct sink *out;
	struct conf *conf;
	char err[PITH_ERRLEN];
	long failed;
	int first;

	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, said and exit 2 */
	signal(SIGXFSZ, SIG_IGN);	/* a file size limit: EFBIG, the same */
	conf = parse_options(argc, argv, &first);
	configure(&s, conf);
	inputs_read(&in, s.outdir, argc - first, argv + first);
	items = items_open(&in, s.max_size);
	decide_output(&s, conf, &in, items);
	out = open_sink(&s, &in);
	failed = s.jobs > 1 ? jobs_run(&s, items, out, err, sizeof err) :
	    clean_all(&s, items, out, err, sizeof err);
	if (failed < 0 || sink_flush(out, err, sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	/* The files and their names, all at once (cheaper than each). */
	if (s.outdir != NULL && sync_folder_fs(s.outdir) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s: %s", s.outdir, strerror(errno));
	sink_free(out);
	items_free(items);
	pith_extractor_free(s.extractor);
	inputs_free(&in);
	conf_free(conf);
	return failed > 0 ? PITH_EXIT_ITEMS : PITH_EXIT_OK;
}
