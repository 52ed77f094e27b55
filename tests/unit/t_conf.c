/* t_conf: pipeline.conf parsing, types, precedence and error messages;
 * the command line built from the same table. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith.h"
#include "tap.h"

static char path[] = "/tmp/t_conf.XXXXXX";

static void
write_conf(const char *text)
{
	FILE *fp = fopen(path, "w");

	fputs(text, fp);
	fclose(fp);
}

/* Load text as a config file; returns the error ("" if none). */
static const char *
load(struct conf *c, const char *text)
{
	static char err[PITH_ERRLEN];

	err[0] = '\0';
	write_conf(text);
	conf_load(c, path, err, sizeof err);
	return err;
}

static void
test_defaults_and_types(void)
{
	struct conf *c = conf_new();
	const char *const *items;
	size_t n;

	ok(conf_int(c, "ingest", "timeout") == 30000, "durations in ms");
	ok(conf_int(c, "ingest", "max-size") == 10 * 1024 * 1024, "sizes in bytes");
	ok(conf_bool(c, "ingest", "robots") == 1, "booleans");
	is_str(conf_str(c, "store", "format"), "tar.gz", "string default");
	n = conf_list(c, "ingest", "sources", &items);
	ok(n == 0, "list default: no sources (./samples is no default)");
	is_str(load(c, "[ingest]\nhost-delay = 250ms\nmax-size = 2k\n"
	    "robots = off\n[clean]\npreset = recall\n"), "", "a valid file loads");
	ok(conf_int(c, "ingest", "host-delay") == 250, "ms suffix");
	ok(conf_int(c, "ingest", "max-size") == 2048, "k suffix");
	ok(conf_bool(c, "ingest", "robots") == 0, "off is false");
	is_str(conf_str(c, "clean", "preset"), "recall", "enum value");
	conf_free(c);
}

static void
test_lists(void)
{
	struct conf *c = conf_new();
	const char *const *items;
	char *cli[] = { "x", "y" };
	size_t n;

	load(c, "[ingest]\nsources = a b\nsources = c\n");
	n = conf_list(c, "ingest", "sources", &items);
	ok(n == 3 && strcmp(items[2], "c") == 0,
	    "list words and repeated lines add up, replacing the default");
	load(c, "[ingest]\nsources = d\n");
	n = conf_list(c, "ingest", "sources", &items);
	ok(n == 1 && strcmp(items[0], "d") == 0, "a second file replaces the list");
	conf_set_list(c, "ingest", "sources", cli, 2);
	n = conf_list(c, "ingest", "sources", &items);
	ok(n == 2 && strcmp(items[1], "y") == 0, "operands replace the list");
	conf_free(c);
}

static void
test_errors(void)
{
	struct conf *c = conf_new();
	char err[PITH_ERRLEN], want[PITH_ERRLEN + 64];

	snprintf(want, sizeof want, "%s:3: unknown key 'colour' in [clean]", path);
	is_str(load(c, "# comment\n[clean]\ncolour = red\n"), want,
	    "unknown key names file and line");
	snprintf(want, sizeof want, "%s:1: unknown section [fetch] "
	    "(ingest, clean, store)", path);
	is_str(load(c, "[fetch]\n"), want, "unknown section");
	snprintf(want, sizeof want, "%s:2: ingest.retries: 'many' is not a "
	    "whole number from 0 to 20", path);
	is_str(load(c, "[ingest]\nretries = many\n"), want, "bad number");
	snprintf(want, sizeof want, "%s:1: 'timeout' is outside any [section]", path);
	is_str(load(c, "timeout = 3\n"), want, "key before any section");
	snprintf(want, sizeof want, "%s:2: expected 'key = value'", path);
	is_str(load(c, "[store]\njust words\n"), want, "line without =");
	snprintf(want, sizeof want, "%s:2: store.format: 'rar' is not one of "
	    "tar.gz|tar.zst|zip|warc.gz", path);
	is_str(load(c, "[store]\nformat = rar\n"), want, "bad enum");
	ok(strstr(load(c, "[ingest]\ntimeout = -3\n"), "not a duration") != NULL,
	    "negative duration refused");
	ok(strstr(load(c, "[ingest]\nmax-size = 12Q\n"), "not a size") != NULL,
	    "bad size suffix refused");
	ok(conf_load(c, "/nonexistent/pipeline.conf", err, sizeof err) < 0 &&
	    strstr(err, "No such file") != NULL, "missing file named");
	conf_free(c);
}

static void
test_precedence(void)
{
	struct conf *c = conf_new();
	struct conf_cli cli[] = { { "ingest", "retries", "7", NULL } };
	const char *used;
	char err[PITH_ERRLEN], d1[DIGEST_SHA1_LEN], d2[DIGEST_SHA1_LEN];

	write_conf("[ingest]\nretries = 4\ntimeout = 5\n");
	ok(conf_setup(c, path, cli, 1, &used, err, sizeof err) == 0,
	    "setup with file and command line");
	ok(conf_int(c, "ingest", "retries") == 7, "command line beats file");
	ok(conf_int(c, "ingest", "timeout") == 5000, "file beats default");
	is_str(used, path, "the file read is reported");
	conf_section_digest(c, "clean", d1);
	conf_set(c, "clean", "preset", "precision", err, sizeof err);
	conf_section_digest(c, "clean", d2);
	ok(strcmp(d1, d2) != 0, "settings digest follows the settings");
	conf_set(c, "clean", "jobs", "4", err, sizeof err);
	conf_section_digest(c, "clean", d1);
	ok(strcmp(d1, d2) == 0, "settings digest leaves out jobs");
	conf_free(c);
}

static const char *const ingest_syn[] = { "[SOURCE...]", NULL };
static const char *const ingest_secs[] = { "ingest", NULL };
static const struct conf_prog ingest_prog = { "ingest", ingest_syn,
    "Test.", NULL, ingest_secs, 0, NULL };

/* Parse argv (NULL-ended) with prog: the options returned, as a string
 * ("" when only settings), and the settings given in *a. */
static const char *
parse(struct conf_args **a, const struct conf_prog *prog, char **argv)
{
	static char got[32];
	size_t n = 0;
	int argc = 0, ch;

	while (argv[argc] != NULL)
		argc++;
	optind = 0;	/* GNU: start afresh */
	opterr = 0;
	*a = conf_args_new(prog);
	while ((ch = conf_args_next(*a, argc, argv)) != -1 && n < 30)
		got[n++] = ch < 256 ? (char)ch : '+';
	got[n] = '\0';
	return got;
}

static void
test_args_settings(void)
{
	char *argv[] = { "ingest", "--timeout", "5", "--robots=no", "-V",
	    "--sources", "a b", "src", NULL };
	const struct conf_cli *cli;
	struct conf_args *a;
	struct conf *c = conf_new();
	const char *used;
	char err[PITH_ERRLEN];

	is_str(parse(&a, &ingest_prog, argv), "V", "settings are kept, -V is "
	    "returned");
	ok(conf_args_settings(a, &cli) == 3 &&
	    strcmp(cli[0].key, "timeout") == 0 &&
	    strcmp(cli[0].value, "5") == 0 &&
	    strcmp(cli[0].option, "--timeout") == 0,
	    "a setting: its key, value and option");
	ok(optind == 7, "optind at the operand");
	ok(conf_args_load(a, c, &used, err, sizeof err) == 0 &&
	    conf_int(c, "ingest", "timeout") == 5000 &&
	    !conf_bool(c, "ingest", "robots"), "the settings load");
	conf_args_free(a);
	conf_free(c);
}

/* No limit on how many settings a command line holds (ingest once kept
 * 64 and dropped the rest without a word): each is kept, in order, and
 * the last of a key wins. */
static void
test_args_many(void)
{
	enum { MANY = 300 };
	char *argv[2 * MANY + 2], num[MANY][8];
	const struct conf_cli *cli;
	struct conf_args *a;
	struct conf *c = conf_new();
	const char *used;
	char err[PITH_ERRLEN];
	int i;

	argv[0] = "ingest";
	for (i = 0; i < MANY; i++) {
		snprintf(num[i], sizeof num[i], "%d", i % 21);
		argv[1 + 2 * i] = "--retries";
		argv[2 + 2 * i] = num[i];
	}
	argv[2 * MANY + 1] = NULL;
	is_str(parse(&a, &ingest_prog, argv), "", "300 settings: none refused");
	ok(conf_args_settings(a, &cli) == MANY &&
	    strcmp(cli[MANY - 1].value, num[MANY - 1]) == 0,
	    "300 settings: every one kept, the last too");
	ok(conf_args_load(a, c, &used, err, sizeof err) == 0 &&
	    conf_int(c, "ingest", "retries") == (MANY - 1) % 21,
	    "300 settings: the last of a key wins");
	conf_args_free(a);
	conf_free(c);
}

static void
test_args_errors(void)
{
	char *bad[] = { "ingest", "--retries", "many", NULL };
	char *unknown[] = { "ingest", "--colour", "red", NULL };
	char *missing[] = { "ingest", "--timeout", NULL };
	struct conf_args *a;
	struct conf *c = conf_new();
	const char *used;
	char err[PITH_ERRLEN];

	parse(&a, &ingest_prog, bad);
	ok(conf_args_load(a, c, &used, err, sizeof err) < 0,
	    "a bad value fails");
	is_str(err, "--retries: 'many' is not a whole number from 0 to 20",
	    "... naming the option");
	conf_args_free(a);
	is_str(parse(&a, &ingest_prog, unknown), "?", "an unknown option: '?'");
	conf_args_free(a);
	is_str(parse(&a, &ingest_prog, missing), "?", "no argument: '?'");
	conf_args_free(a);
	conf_free(c);
}

static const char *const pipe_syn[] = { "[SOURCE...]", NULL };
static const char *const pipe_secs[] = { "ingest", "clean", "store", NULL };
static const char *const pipe_except[] = { "clean.format", NULL };
static const struct conf_opt pipe_opts[] = {
	{ "output", 'o', "DIR", "the output", "store", "output", NULL },
	{ "shard", 256, "I/N", "a shard", NULL, NULL, NULL },
	{ "precision", 257, NULL, "a preset", "clean", "preset", "precision" },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};
static const struct conf_prog pipe_prog = { "pipeline", pipe_syn,
    "Test.", pipe_opts, pipe_secs, 1, pipe_except };

static void
test_args_prefixed(void)
{
	char *argv[] = { "pipeline", "--store-format=warc.gz", "-o", "d",
	    "--clean-comments", "--ingest-robots", "no", "--shard", "1/2",
	    "--precision", "--clean-comments=no", NULL };
	char *except[] = { "pipeline", "--clean-format", "json", NULL };
	char *unprefixed[] = { "pipeline", "--timeout", "5", NULL };
	const struct conf_cli *cli;
	struct conf_args *a;
	size_t n;

	is_str(parse(&a, &pipe_prog, argv), "+", "own options returned, "
	    "settings and aliases kept");
	n = conf_args_settings(a, &cli);
	ok(n == 6, "six settings");
	ok(n == 6 && strcmp(cli[0].section, "store") == 0 &&
	    strcmp(cli[0].key, "format") == 0 &&
	    strcmp(cli[0].value, "warc.gz") == 0 &&
	    strcmp(cli[0].option, "--store-format") == 0,
	    "--STAGE-KEY=VALUE sets that stage's key");
	ok(n == 6 && strcmp(cli[1].key, "output") == 0 &&
	    strcmp(cli[1].value, "d") == 0, "an alias sets its setting");
	ok(n == 6 && strcmp(cli[2].value, "yes") == 0 &&
	    strcmp(cli[5].value, "no") == 0, "a flag: yes, or =no");
	ok(n == 6 && strcmp(cli[4].key, "preset") == 0 &&
	    strcmp(cli[4].value, "precision") == 0, "an alias with its value");
	conf_args_free(a);
	is_str(parse(&a, &pipe_prog, except), "?", "a key set by the program "
	    "itself is not offered");
	conf_args_free(a);
	is_str(parse(&a, &pipe_prog, unprefixed), "?", "prefixed: no --KEY");
	conf_args_free(a);
}

/* -h lists every setting of the sections with its default. */
static void
test_args_usage(void)
{
	char *argv[] = { "pipeline", NULL };
	struct conf_args *a;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	parse(&a, &pipe_prog, argv);
	ok(conf_args_usage(a, 1, fp) == 0, "usage written");
	fclose(fp);
	ok(strncmp(text, "usage: pipeline [SOURCE...]\n", 28) == 0,
	    "the synopsis first");
	ok(strstr(text, "--ingest-timeout DURATION") != NULL &&
	    strstr(text, "(default: 30)") != NULL, "a setting and its default");
	ok(strstr(text, "--store-level N") != NULL &&
	    strstr(text, "(1-19; default: 1)") != NULL, "a range");
	ok(strstr(text, "(tar.gz|tar.zst|zip|warc.gz; default: tar.gz)") !=
	    NULL, "the choices");
	ok(strstr(text, "--clean-comments[=no]") != NULL, "a flag");
	ok(strstr(text, "clean-format") == NULL, "not a key it sets itself");
	ok(strstr(text, "  -o, --output DIR") != NULL, "an own option");
	conf_args_free(a);
	free(text);
}

int
main(void)
{
	int fd = mkstemp(path);

	close(fd);
	test_defaults_and_types();
	test_lists();
	test_errors();
	test_precedence();
	test_args_settings();
	test_args_many();
	test_args_errors();
	test_args_prefixed();
	test_args_usage();
	unlink(path);
	return done();
}
