/*
 * ingest: turn URLs, files, folders, archives and WARC files into one
 * WARC/1.1 record stream on stdout.
 *
 *   ingest [-c CONF] [-q | -v] [SOURCE...]
 *
 * Every [ingest] key of pipeline.conf is also a long option; operands
 * replace the configured sources.
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"

#define MAX_CLI 64

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: ingest [-c CONF] [-q | -v] [--timeout T] [--connect-timeout T]\n"
	    "              [--max-size N] [--max-redirects N] [--retries N]\n"
	    "              [--host-delay T] [--connections N] [--robots yes|no]\n"
	    "              [--contact URL] [--user-agent UA] [--catalog DIR]\n"
	    "              [--sources LIST]\n"
	    "              [SOURCE...]\n");
}

/* Long options at 256 and up are the [ingest] keys of the same name. */
static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "sources", required_argument, NULL, 256 },
	{ "contact", required_argument, NULL, 257 },
	{ "user-agent", required_argument, NULL, 258 },
	{ "timeout", required_argument, NULL, 259 },
	{ "connect-timeout", required_argument, NULL, 260 },
	{ "max-size", required_argument, NULL, 261 },
	{ "max-redirects", required_argument, NULL, 262 },
	{ "retries", required_argument, NULL, 263 },
	{ "host-delay", required_argument, NULL, 264 },
	{ "connections", required_argument, NULL, 265 },
	{ "robots", required_argument, NULL, 266 },
	{ "catalog", required_argument, NULL, 267 },
	{ NULL, 0, NULL, 0 }
};

struct options {
	const char *config;
	struct conf_cli cli[MAX_CLI];
	size_t ncli;
};

static void
note_setting(struct options *o, int opt, const char *arg)
{
	size_t i;

	for (i = 0; longopts[i].name != NULL; i++)
		if (longopts[i].val == opt && o->ncli < MAX_CLI)
			o->cli[o->ncli++] = (struct conf_cli){ "ingest",
			    longopts[i].name, arg };
}

/* Returns the index of the first operand; exits on -h, -V, bad usage. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "c:qvhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->config = optarg; break;
		case 'q': msg_set_level(MSG_QUIET); break;
		case 'v': msg_set_level(MSG_VERBOSE); break;
		case 'h': usage(stdout); exit(PITH_EXIT_OK);
		case 'V': puts("pith-ingest " PITH_VERSION); exit(PITH_EXIT_OK);
		case '?': usage(stderr); exit(PITH_EXIT_USAGE);
		default: note_setting(o, ch, optarg); break;
		}
	}
	return optind;
}

static struct conf *
load_settings(const struct options *o, int argc, char **argv)
{
	struct conf *conf = conf_new();
	char err[PITH_ERRLEN];
	const char *used;

	if (conf_setup(conf, o->config, o->cli, o->ncli, &used, err,
	    sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	if (argc > 0)
		conf_set_list(conf, "ingest", "sources", argv, (size_t)argc);
	return conf;
}

/* A list named as an operand (or in the settings) that cannot be read
 * is a usage error, found before anything is read: the run would not be
 * the one asked for.  A list named in a list is an item, as a file is. */
static void
check_lists(const char *const *sources, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sources[i][0] == '@' && access(sources[i] + 1, R_OK) < 0)
			msg_err(PITH_EXIT_USAGE, "%s", sources[i]);
}

/* Flush and check stdout; the summary when something failed or -v. */
static void
finish(struct ingest *in)
{
	char err[PITH_ERRLEN];

	if (warc_writer_flush(in->out, err, sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "stdout: %s", err);
	if (in->failed > 0 || msg_level() == MSG_VERBOSE)
		msg_warnx("%ld records written, %ld failed, %ld not modified, "
		    "%ld disallowed", in->written, in->failed, in->not_modified,
		    in->disallowed);
}

int
main(int argc, char **argv)
{
	struct options o = { 0 };
	struct ingest in = { 0 };
	const char *const *sources;
	struct conf *conf;
	size_t i, n;
	int first;

	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, said and exit 2 */
	first = parse_options(argc, argv, &o);
	conf = load_settings(&o, argc - first, argv + first);
	if ((n = conf_list(conf, "ingest", "sources", &sources)) == 0) {
		msg_warnx("no sources: name some, or set [ingest] sources");
		usage(stderr);
		conf_free(conf);
		return PITH_EXIT_USAGE;
	}
	check_lists(sources, n);
	in.conf = conf;
	in.max_size = (size_t)conf_int(conf, "ingest", "max-size");
	in.out = warc_writer_new(STDOUT_FILENO, 0);
	progress_init(&in.progress, STDERR_FILENO);
	for (i = 0; i < n; i++)
		source_add(&in, sources[i], 0);
	if (in.fetch != NULL)
		fetcher_run(in.fetch, &in);
	finish(&in);
	fetcher_free(in.fetch);
	warc_writer_free(in.out);
	conf_free(conf);
	return in.failed > 0 ? PITH_EXIT_ITEMS : PITH_EXIT_OK;
}
