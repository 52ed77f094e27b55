/*
 * sources.c: what a SOURCE is.
 *
 *   -          a list of sources on stdin, one a line
 *   @FILE      a list file (blank lines and '#' lines skipped)
 *   URL        "scheme:..." that is not an existing file; only http(s)
 *              is fetched, other schemes fail with a record
 *   otherwise  a local path: file, folder, archive or WARC file
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"

#define LIST_DEPTH 8		/* @FILE inside @FILE, this deep at most */

static int stdin_read;		/* "-" may be read once */

/* "scheme:" as RFC 3986 spells a scheme, two letters or more so that a
 * DOS drive letter is not one. */
static int
has_scheme(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p - s >= 2;
}

static void
read_list(struct ingest *in, FILE *fp, const char *name, int depth)
{
	char *line = NULL, *s;
	size_t cap = 0;

	while (getline(&line, &cap, fp) > 0) {
		s = str_trim(line);
		if (*s != '\0' && *s != '#')
			source_add(in, s, depth + 1);
	}
	if (ferror(fp))
		item_failed(in, name, "%s", strerror(errno));
	free(line);
}

static void
list_add(struct ingest *in, const char *src, int depth)
{
	FILE *fp;

	if (depth >= LIST_DEPTH) {
		item_failed(in, src, "lists nested more than %d deep", LIST_DEPTH);
		return;
	}
	if (strcmp(src, "-") == 0) {
		if (stdin_read++) {
			item_failed(in, "-", "stdin can be read only once");
			return;
		}
		read_list(in, stdin, "stdin", depth);
		return;
	}
	if ((fp = fopen(src + 1, "r")) == NULL) {
		item_failed(in, src + 1, "%s", strerror(errno));
		return;
	}
	read_list(in, fp, src + 1, depth);
	fclose(fp);
}

void
source_add(struct ingest *in, const char *src, int depth)
{
	char err[PITH_ERRLEN];

	if (strcmp(src, "-") == 0 || src[0] == '@') {
		list_add(in, src, depth);
		return;
	}
	if (!has_scheme(src) || access(src, F_OK) == 0) {
		local_add(in, src);
		return;
	}
	if (in->fetch == NULL &&
	    (in->fetch = fetcher_new(in->conf, err, sizeof err)) == NULL)
		msg_errx(PITH_EXIT_USAGE, "%s", err);	/* no libcurl: setup */
	fetcher_add(in->fetch, in, src);
}
