/* t_conf: pipeline.conf parsing, types, precedence and error messages. */
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
	struct conf_cli cli[] = { { "ingest", "retries", "7" } };
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

int
main(void)
{
	int fd = mkstemp(path);

	close(fd);
	test_defaults_and_types();
	test_lists();
	test_errors();
	test_precedence();
	unlink(path);
	return done();
}
