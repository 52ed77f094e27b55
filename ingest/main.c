/*
 * ingest: turn URLs, files, folders, archives and WARC files into one
 * WARC/1.1 record stream on stdout.
 *
 *   ingest [-c CONF] [-q | -v] [--catalog DIR] [SOURCE...]
 *
 * Every [ingest] key of pipeline.conf is also a long option (conf.c's
 * table); operands replace the configured sources.
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"

static const char *const synopsis[] = {
	"[-c CONF] [-q | -v] [--catalog DIR] [SOURCE...]", NULL
};
static const char *const sections[] = { "ingest", NULL };
static const struct conf_prog prog = { "ingest", synopsis,
    "Read each SOURCE and write it as WARC/1.1 records on stdout.", NULL,
    sections, 0, NULL };

/* -h: on stdout, exit 0; after a usage error: on stderr, exit 2. */
static __attribute__((noreturn)) void
usage(const struct conf_args *a, int help)
{
	if (conf_args_usage(a, help, help ? stdout : stderr) < 0 && help)
		msg_err(PITH_EXIT_USAGE, "stdout");
	exit(help ? PITH_EXIT_OK : PITH_EXIT_USAGE);
}

/* Returns the index of the first operand; exits on -h, -V, bad usage. */
static int
parse_options(struct conf_args *a, int argc, char **argv)
{
	int ch;

	while ((ch = conf_args_next(a, argc, argv)) != -1) {
		switch (ch) {
		case 'h': usage(a, 1);
		case 'V': conf_version("ingest");
		default: usage(a, 0);
		}
	}
	return optind;
}

static struct conf *
load_settings(const struct conf_args *a, int argc, char **argv)
{
	struct conf *conf = conf_new();
	char err[PITH_ERRLEN];
	const char *used;

	if (conf_args_load(a, conf, &used, err, sizeof err) < 0)
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
	struct conf_args *args = conf_args_new(&prog);
	struct ingest in = { 0 };
	const char *const *sources;
	struct conf *conf;
	size_t i, n;
	int first;

	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, said and exit 2 */
	first = parse_options(args, argc, argv);
	conf = load_settings(args, argc - first, argv + first);
	if ((n = conf_list(conf, "ingest", "sources", &sources)) == 0) {
		msg_warnx("no sources: name some, or set [ingest] sources");
		usage(args, 0);
	}
	conf_args_free(args);
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
