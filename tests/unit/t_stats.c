/*
 * t_stats: store's --stats lines (lib/stats.c): the line pipeline reads
 * is the line store writes, whatever bytes a reason holds.
 */
#include <stdlib.h>
#include <string.h>

#include "pith.h"
#include "tap.h"

/* s written and read back into back: 0, or -1 (parse failed). */
static int
round_trip(const struct run_stats *s, struct run_stats *back,
    struct buf *text)
{
	buf_reset(text);
	stats_format(text, s);
	return stats_parse(text->data, back);
}

static void
test_format(void)
{
	struct run_stats s;
	struct buf b;

	stats_init(&s);
	buf_init(&b);
	s.read = 4, s.cleaned = 2, s.stored = 2, s.failed = 2;
	s.archive = xstrdup("pith-20260101T000000Z-1.tar.gz");
	stats_add_reason(&s, "HTTP status 404", 1);
	stats_add_reason(&s, "binary content", 1);
	stats_format(&b, &s);
	is_str(b.data, "read=4 cleaned=2 stored=2 failed=2 empty=0 "
	    "duplicate=0 near_duplicate=0 not_modified=0 disallowed=0 skipped=0 "
	    "truncated=0 filtered=0 "
	    "archive=pith-20260101T000000Z-1.tar.gz\n"
	    "reason=1 HTTP status 404\nreason=1 binary content\n",
	    "the lines store.1 shows");
	stats_free(&s);
	buf_reset(&b);
	stats_format(&b, &s);
	ok(strstr(b.data, " archive=-\n") != NULL && strstr(b.data, "reason=")
	    == NULL, "no archive: '-', no reasons: no reason lines");
	buf_free(&b);
}

static void
test_odd_bytes(void)
{
	static const char *const odd[] = {
		"line one\nline two\r\n",
		"a backslash \\ and \\n, \\x41 written out",
		" reason=99 stored=7 failed=8 ",
		"\xff\xfe not UTF-8 \xc3\x28, \x1b[31mred\x1b[0m, \t tab, \x7f",
		"",
	};
	struct run_stats s, back;
	struct buf text;
	const char *nl;
	size_t i;
	int same;

	stats_init(&s);
	buf_init(&text);
	s.read = 11, s.stored = 3, s.failed = -1, s.truncated = 2;
	s.archive = xstrdup("odd name\twith\\ \nall");
	for (i = 0; i < sizeof odd / sizeof odd[0]; i++)
		stats_add_reason(&s, odd[i], (long)i + 1);
	ok(round_trip(&s, &back, &text) == 0, "odd bytes: read back");
	ok(strchr(text.data, '\r') == NULL, "no carriage return written");
	ok(back.read == 11 && back.stored == 3 && back.failed == -1 &&
	    back.truncated == 2 && back.cleaned == 0, "the counts");
	is_str(back.archive, s.archive, "the archive's name, space and all");
	same = back.nreasons == s.nreasons;
	for (i = 0; same && i < s.nreasons; i++)
		same = strcmp(back.reasons[i].why, s.reasons[i].why) == 0 &&
		    back.reasons[i].count == s.reasons[i].count;
	ok(same, "every reason, byte for byte, in order");
	for (i = 0, nl = text.data; (nl = strchr(nl, '\n')) != NULL; nl++)
		i++;
	ok(i == 1 + s.nreasons, "a line for the counts, one for each reason");
	stats_free(&back);
	stats_free(&s);
	buf_free(&text);
}

static void
test_parse(void)
{
	struct run_stats s, back;
	struct buf text;

	buf_init(&text);
	ok(stats_parse("", &s) == -1, "empty: no stats");
	ok(stats_parse("\nreason=1 x\n", &s) == -1, "no first line");
	ok(stats_parse("read=1 junk stored=2\n", &s) == -1,
	    "a word that is not key=value");
	ok(stats_parse("read=1x\n", &s) == -1, "a count that is no number");
	ok(stats_parse("read=1\nreason=x why\n", &s) == -1,
	    "a reason's count that is no number");
	ok(stats_parse("read=1 archive=a\\q\n", &s) == -1,
	    "an escape stats_format does not write");
	ok(stats_parse("read=5 later=9 stored=2\nnote=1\nreason=2 it\n", &s)
	    == 0 && s.read == 5 && s.stored == 2 && s.failed == 0 &&
	    s.archive == NULL && s.nreasons == 1 && s.reasons[0].count == 2,
	    "keys and lines of a later store passed over; missing: 0, NULL");
	stats_free(&s);
	ok(stats_parse("read=1 archive=-", &s) == 0 && s.archive == NULL,
	    "no newline at the end; archive '-' is none");
	stats_free(&s);
	s.archive = xstrdup("-");
	ok(round_trip(&s, &back, &text) == 0 && back.archive != NULL &&
	    strcmp(back.archive, "-") == 0, "an archive named '-' is not none");
	stats_free(&back);
	stats_free(&s);
	buf_free(&text);
}

int
main(void)
{
	test_format();
	test_odd_bytes();
	test_parse();
	return done();
}
