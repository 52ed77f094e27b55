/*
 * clean: strip boilerplate from pages and text dumps.
 *
 *   clean [-c CONF] [-q | -v] [-f warc|text|json] [-o DIR] [-j N]
 *         [--repeat-docs N] [FILE|FOLDER...]
 *
 * Reads raw documents (HTML or plain text, .gz too) or WARC record
 * streams, from files, the files under folders, or stdin; writes the
 * article text, JSON, or WARC conversion records.
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
	"[-c CONF] [-q | -v] [-f warc|text|json] [-o DIR] [-j N] "
	    "[--repeat-docs N] [FILE|FOLDER...]", NULL
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
		case 'V': puts("pith-clean " PITH_VERSION); exit(PITH_EXIT_OK);
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
configure(struct cleaner *c, const struct conf *conf)
{
	const char *format = conf_str(conf, "clean", "format");
	const char *mode = conf_str(conf, "clean", "mode");
	const char *preset = conf_str(conf, "clean", "preset");

	c->conf = (struct conf *)conf;
	c->format = strcmp(format, "json") == 0 ? OUT_JSON :
	    strcmp(format, "warc") == 0 ? OUT_WARC : OUT_TEXT;
	c->mode = strcmp(mode, "html") == 0 ? MODE_HTML :
	    strcmp(mode, "text") == 0 ? MODE_TEXT : MODE_AUTO;
	c->opts.preset = strcmp(preset, "precision") == 0 ? PRESET_PRECISION :
	    strcmp(preset, "recall") == 0 ? PRESET_RECALL : PRESET_BALANCED;
	c->opts.comments = conf_bool(conf, "clean", "comments");
	c->opts.max_depth = (long)conf_int(conf, "clean", "max-depth");
	c->opts.max_nodes = (long)conf_int(conf, "clean", "max-nodes");
	c->max_size = (size_t)conf_int(conf, "clean", "max-size");
	c->repeat_docs = (int)conf_int(conf, "clean", "repeat-docs");
	if (*conf_str(conf, "clean", "catalog") != '\0')
		c->catalog = conf_str(conf, "clean", "catalog");
	c->jobs = (int)conf_int(conf, "clean", "jobs");
	if (*conf_str(conf, "clean", "output") != '\0')
		c->outdir = conf_str(conf, "clean", "output");
	conf_section_digest(conf, "clean", c->settings);
}

/* "auto" output: WARC when the input is records (only WARC files, or
 * stdin that starts with "WARC/": clean_stdin decides) and nothing goes
 * to a folder; else text. */
static enum out_format
auto_format(struct cleaner *c, int from_stdin, const struct inputs *in)
{
	size_t i;

	if (from_stdin) {
		c->auto_stdin = 1;
		return OUT_TEXT;
	}
	for (i = 0; i < in->n; i++)
		if (!looks_like_warc_name(in->v[i].path))
			return OUT_TEXT;
	return in->n > 0 ? OUT_WARC : OUT_TEXT;
}

/* Repetition needs hosts, which only WARC records carry (stdin may be
 * one); pages read as files stream out as each is cleaned. */
static int
may_hold_records(int from_stdin, const struct inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (strcmp(in->v[i].path, "-") == 0 ||
		    looks_like_warc_name(in->v[i].path))
			return 1;
	return from_stdin;
}

static void
prepare_output(struct cleaner *c, int from_stdin, struct inputs *in)
{
	if (!may_hold_records(from_stdin, in))
		c->repeat_docs = 0;
	if (strcmp(conf_str(c->conf, "clean", "format"), "auto") == 0)
		c->format = c->outdir ? OUT_TEXT :
		    auto_format(c, from_stdin, in);
	if (c->outdir != NULL && c->format == OUT_WARC)
		msg_errx(PITH_EXIT_USAGE, "-o DIR writes text or json; WARC goes to stdout");
	if (!c->auto_stdin)
		output_check_comments(c);
	if (c->outdir != NULL && mkdir(c->outdir, 0755) < 0 && errno != EEXIST)
		msg_errx(PITH_EXIT_USAGE, "%s: %s", c->outdir, strerror(errno));
	if (c->outdir != NULL && access(c->outdir, W_OK) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s: %s", c->outdir, strerror(errno));
	inputs_check_names(in, c);
	c->inputs = in;
	output_open(c);
}

/* Clean the inputs, or stdin; the number of failed items, or -1 with
 * err when output failed. */
static long
clean_all(struct cleaner *c, int from_stdin, const struct inputs *in,
    char *err, size_t errlen)
{
	long rc = 0, failed = 0;
	size_t i;

	if (from_stdin)
		return clean_stdin(c, err, errlen);
	if (c->jobs > 1)
		return clean_files_jobs(c, in, err, errlen);
	for (i = 0; i < in->n && rc >= 0; i++) {
		rc = clean_input(c, &in->v[i], err, errlen);
		failed += rc > 0 ? rc : 0;
	}
	return rc < 0 ? -1 : failed;
}

int
main(int argc, char **argv)
{
	struct cleaner c = { 0 };
	struct inputs in;
	struct conf *conf;
	char err[PITH_ERRLEN];
	long failed;
	int first;

	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, said and exit 2 */
	signal(SIGXFSZ, SIG_IGN);	/* a file size limit: EFBIG, the same */
	conf = parse_options(argc, argv, &first);
	argc -= first, argv += first;
	if (argc == 1 && strcmp(argv[0], "-") == 0)
		argc = 0;	/* as no operand: -j shares out its records */
	configure(&c, conf);
	inputs_read(&in, c.outdir, argc, argv);
	prepare_output(&c, argc == 0, &in);
	failed = clean_all(&c, argc == 0, &in, err, sizeof err);
	if (failed < 0 || output_finish(&c, err, sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	/* The files and their names, all at once (cheaper than each). */
	if (c.outdir != NULL && sync_folder_fs(c.outdir) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s: %s", c.outdir, strerror(errno));
	warc_writer_free(c.warc);
	inputs_free(&in);
	conf_free(conf);
	return failed > 0 ? PITH_EXIT_ITEMS : PITH_EXIT_OK;
}
