/*
 * t_api: the library's interface (include/pith/extract.h): what a
 * program that links libpith sees.  Results and their fields, the
 * formats, the statuses and their messages, the limits, and extractors
 * in threads of their own giving what one gives alone.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "pith/extract.h"
#include "pith.h"		/* the WARC reader, to read the WARC format back */
#include "tap.h"

static const char page[] =
    "<!doctype html><html lang=en><head><title>Harbour reopens | Tide</title>"
    "<meta property=og:site_name content=Tide>"
    "<meta name=author content=\"Ann Lee\">"
    "<link rel=canonical href=/news/harbour></head><body>"
    "<nav><a href=/>Home</a> <a href=/world>World</a></nav><article>"
    "<h1>Harbour reopens</h1>"
    "<p>The harbour reopened on Tuesday after three days of repairs to the "
    "sea wall, the port authority said in a statement to fishermen.</p>"
    "<p>Fishing boats were the first to leave, followed by the morning "
    "ferry, which had been moored at the inner quay since the storm.</p>"
    "</article><div class=comments><p>Great news for the town, finally "
    "the boats are out again and the quay is busy.</p></div>"
    "<footer>Copyright 2026 Tide</footer></body></html>";

static void
test_html(void)
{
	pith_extractor *x = pith_extractor_new(NULL);
	pith_result *r = NULL;
	const char *s;
	size_t len;
	int rc;

	rc = pith_extract_html(x, page, strlen(page),
	    "https://tide.example/2026/harbour", NULL, &r);
	is_int(rc, PITH_OK, "html: PITH_OK");
	like(pith_result_text(r), "morning ferry", "html: the article");
	unlike(pith_result_text(r), "Copyright", "html: not the footer");
	is_str(pith_result_field(r, PITH_TITLE), "Harbour reopens",
	    "html: title, less the site");
	is_str(pith_result_field(r, PITH_AUTHOR), "Ann Lee", "html: author");
	is_str(pith_result_field(r, PITH_SITE_NAME), "Tide", "html: site");
	is_str(pith_result_field(r, PITH_LANGUAGE), "en",
	    "html: language, identified from the text");
	is_str(pith_result_field(r, PITH_DECLARED_LANGUAGE), "en",
	    "html: language, as the page declares it");
	like(pith_result_field(r, PITH_LANGUAGE_CONFIDENCE), "^(0\\.[5-9][0-9]|1\\.00)$",
	    "html: the confidence, 0.50-1.00");
	is_str(pith_result_field(r, PITH_CANONICAL_URL),
	    "https://tide.example/news/harbour",
	    "html: canonical, resolved against the url given");
	is_str(pith_result_field(r, PITH_MODE), "html", "html: the path");
	ok(pith_result_field(r, PITH_PUBLISHED) == NULL,
	    "html: a field the page lacks is NULL");
	ok(pith_result_comments(r) == NULL, "html: no comments unless asked");
	s = pith_result_format(r, PITH_FORMAT_TEXT, &len);
	ok(len == strlen(pith_result_text(r)) + 1 && s[len - 1] == '\n',
	    "text format: the text and a line end");
	s = pith_result_format(r, PITH_FORMAT_JSON, &len);
	like(s, "^\\{\"uri\":\"https://tide.example/2026/harbour\",\"mode\":"
	    "\"html\",\"title\":\"Harbour reopens\"", "json: clean's keys");
	like(s, "\"text\":\"The harbour reopened on Tuesday", "json: text");
	ok(s[len - 1] == '\n', "json: one line");
	is_str(pith_extractor_error(x), "", "no error after a success");
	pith_result_free(r);
	pith_extractor_free(x);
}

/* The WARC format: conversion records clean's reader takes, the text's
 * and the comments', with the fields of the page. */
static void
test_warc(void)
{
	struct pith_options o;
	pith_extractor *x;
	struct warc_record rec;
	struct warc_reader *w;
	pith_result *r;
	char err[PITH_ERRLEN];
	const char *s;
	size_t len;
	int fd, n = 0, same = 0, part = 0, fields = 0;

	pith_options_init(&o);
	o.comments = 1;
	x = pith_extractor_new(&o);
	pith_extract_html(x, page, strlen(page), "https://tide.example/a",
	    NULL, &r);
	s = pith_result_format(r, PITH_FORMAT_WARC, &len);
	fd = memfd_create("t_api", 0);
	write_all(fd, s, len);
	lseek(fd, 0, SEEK_SET);
	w = warc_reader_new(fd, "t_api", 1 << 20);
	warc_record_init(&rec);
	while (warc_read(w, &rec, err, sizeof err) > 0) {
		n++;
		if (n == 1) {
			same = strcmp(rec.block.data, pith_result_text(r)) == 0;
			fields = strcmp(warc_get(&rec, "WARC-Type"),
			    "conversion") == 0 && strcmp(warc_get(&rec,
			    "WARC-Target-URI"), "https://tide.example/a") == 0 &&
			    strcmp(warc_get(&rec, PF_TITLE), "Harbour reopens")
			    == 0 && warc_get(&rec, "WARC-Block-Digest") != NULL;
		} else
			part = warc_get(&rec, PF_PART) != NULL &&
			    strcmp(warc_get(&rec, PF_PART), "comments") == 0 &&
			    strcmp(rec.block.data, pith_result_comments(r)) == 0;
	}
	is_int(n, 2, "warc: two records, the text's and the comments'");
	ok(same && fields, "warc: the text, its URI, title, type and digest");
	ok(part, "warc: the comments as clean writes them (Pith-Part)");
	warc_record_free(&rec);
	warc_reader_free(w);
	close(fd);
	pith_result_free(r);
	pith_extractor_free(x);
}

static void
test_options(void)
{
	struct pith_options o;
	pith_extractor *x;
	pith_result *r;

	pith_options_init(&o);
	ok(o.preset == PITH_BALANCED && o.max_size == 16 << 20 &&
	    o.max_depth == 512 && o.max_nodes == 200000 && !o.comments,
	    "options: clean's defaults");
	o.comments = 1;
	x = pith_extractor_new(&o);
	pith_extract_html(x, page, strlen(page), NULL, NULL, &r);
	like(pith_result_comments(r), "boats are out again",
	    "comments: kept apart when asked");
	unlike(pith_result_text(r), "boats are out again",
	    "comments: not in the text");
	ok(pith_result_field(r, PITH_CANONICAL_URL) != NULL &&
	    strcmp(pith_result_field(r, PITH_CANONICAL_URL), "/news/harbour")
	    == 0, "no url: the canonical link as the page wrote it");
	pith_result_free(r);
	pith_extractor_free(x);
	o.max_depth = 5;
	ok(pith_extractor_new(&o) == NULL, "max_depth out of range: NULL");
	pith_options_init(&o);
	o.max_size = 100;
	x = pith_extractor_new(&o);
	is_int(pith_extract_html(x, page, strlen(page), NULL, NULL, &r),
	    PITH_TOO_LARGE, "max_size: PITH_TOO_LARGE");
	ok(r == NULL, "  and no result");
	like(pith_extractor_error(x), "larger than max-size \\(100 bytes\\)",
	    "  the error names the limit");
	pith_extractor_free(x);
}

static void
test_statuses(void)
{
	pith_extractor *x = pith_extractor_new(NULL);
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1";
	static const char latin1[] = "<p>caf\xe9 ol\xe9, the harbour "
	    "reopened on Tuesday after three days of repairs to the sea wall, "
	    "the port authority said.</p>";
	static const char dump[] = "Menu\nHome\n\nThe harbour reopened on "
	    "Tuesday after three days of repairs to the sea wall, the port "
	    "authority said in a statement to the fishermen of the town.\n";
	pith_result *r;
	char *given;

	is_int(pith_extract(x, png, sizeof png - 1, NULL, "image/png", &r),
	    PITH_BINARY, "binary: PITH_BINARY");
	is_str(pith_extractor_error(x), "binary content declared as "
	    "image/png, not a page or text", "  said as clean says it");
	is_int(pith_extract_html(x, "<body><script>x</script></body>", 31,
	    NULL, NULL, &r), PITH_EMPTY, "no text: PITH_EMPTY");
	ok(r != NULL && *pith_result_text(r) == '\0',
	    "  a result, with its text empty");
	pith_result_free(r);
	is_int(pith_extract_html(x, NULL, 3, NULL, NULL, &r), PITH_INVALID,
	    "NULL bytes: PITH_INVALID");
	is_int(pith_extract_html(x, page, 0, NULL, NULL, NULL), PITH_INVALID,
	    "nowhere for the result: PITH_INVALID");
	is_str(pith_status_string(PITH_EMPTY), "no article text found",
	    "a status as a phrase");
	is_int(pith_extract_text(x, dump, strlen(dump), NULL, &r), PITH_OK,
	    "text dump: PITH_OK");
	is_str(pith_result_field(r, PITH_MODE), "text", "  the text path");
	pith_result_free(r);
	is_int(pith_extract_html(x, latin1, strlen(latin1), NULL,
	    "iso-8859-1", &r), PITH_OK, "a declared charset");
	like(pith_result_text(r), "café olé", "  decoded as declared");
	is_str(pith_result_field(r, PITH_CHARSET_DECLARED), "iso-8859-1",
	    "  and said");
	pith_result_free(r);
	given = malloc(strlen(page) + 1);
	memcpy(given, page, strlen(page) + 1);
	is_int(pith_extract_given(x, PITH_AS_DECLARED, given, 0, strlen(page),
	    NULL, "text/html", &r), PITH_OK, "given bytes: PITH_OK (freed "
	    "by the extractor: ASan checks)");
	pith_result_free(r);
	pith_extractor_free(x);
	pith_extractor_free(NULL);
	pith_result_free(NULL);
	like(pith_version(), "^1\\.", "the version");
}

/* Threads, each with its extractor, each page many times: the same text
 * as one extractor alone. */
#define THREADS 4
#define ROUNDS 40

static char *alone;

static void *
worker(void *arg)
{
	pith_extractor *x = pith_extractor_new(NULL);
	pith_result *r;
	long same = 0;
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		if (pith_extract_html(x, page, strlen(page), NULL, NULL, &r) ==
		    PITH_OK && strcmp(pith_result_text(r), alone) == 0)
			same++;
		pith_result_free(r);
	}
	pith_extractor_free(x);
	return (void *)same;
}

static void
test_threads(void)
{
	pith_extractor *x = pith_extractor_new(NULL);
	pthread_t t[THREADS];
	pith_result *r;
	void *same;
	long all = 0;
	int k;

	pith_extract_html(x, page, strlen(page), NULL, NULL, &r);
	alone = strdup(pith_result_text(r));
	pith_result_free(r);
	pith_extractor_free(x);
	for (k = 0; k < THREADS; k++)
		pthread_create(&t[k], NULL, worker, NULL);
	for (k = 0; k < THREADS; k++) {
		pthread_join(t[k], &same);
		all += (long)same;
	}
	is_int(all, THREADS * ROUNDS, "%d threads x %d pages: all the same "
	    "text as alone", THREADS, ROUNDS);
	free(alone);
}

int
main(void)
{
	test_html();
	test_warc();
	test_options();
	test_statuses();
	test_threads();
	return done();
}
