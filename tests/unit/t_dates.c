/* t_dates: WARC-Date (parse_utc) and HTTP-date (http_date) parsing. */
#include <stdlib.h>
#include <string.h>

#include "pith.h"
#include "tap.h"

typedef int parser(const char *, time_t *);

/* parse(s) gives want, or fails when want is -1. */
static void
check(parser *parse, const char *name, const char *s, long long want,
    const char *what)
{
	time_t t = 0;
	int rc = parse(s, &t);

	if (want < 0)
		ok(rc < 0, "%s refuses %s", name, what);
	else
		ok(rc == 0 && (long long)t == want, "%s reads %s", name, what);
}

static void
utc(const char *s, long long want, const char *what)
{
	check(parse_utc, "parse_utc", s, want, what);
}

static void
http(const char *s, long long want, const char *what)
{
	check(http_date, "http_date", s, want, what);
}

static void
test_warc_date(void)
{
	utc("2026-11-23T12:00:00Z", 1795435200LL, "a WARC-Date");
	utc("2026-11-23T12:00:00.123456Z", 1795435200LL, "a fraction");
	utc("2026-11-23T12:00:00", 1795435200LL, "no Z");
	utc("1996-02-29T00:00:00Z", 825552000LL, "a leap day");
	utc("2016-12-31T23:59:60Z", 1483228800LL, "a leap second");
	utc("zzzz-not-a-date", -1, "junk");
	utc("", -1, "an empty value");
	utc("2026-11-23", -1, "a date without a time");
	utc("2026-11-23T12:00:00Zjunk", -1, "junk after Z");
	utc("2026-1-23T12:00:00Z", -1, "a field short of its width");
	utc(" 2026-11-23T12:00:00Z", -1, "a leading space");
	utc("2026-13-01T00:00:00Z", -1, "month 13");
	utc("2025-02-29T00:00:00Z", -1, "the 29th of February of 2025");
	utc("2026-04-31T00:00:00Z", -1, "the 31st of April");
	utc("2026-11-23T24:00:00Z", -1, "hour 24");
	utc("2026-11-23T12:00:00.Z", -1, "a point without digits");
	utc("+026-11-23T12:00:00Z", -1, "a sign in the year");
}

static void
test_http_date(void)
{
	http("Sun, 06 Nov 1994 08:49:37 GMT", 784111777LL, "IMF-fixdate");
	http("Sunday, 06-Nov-94 08:49:37 GMT", 784111777LL, "RFC 850");
	http("Sun Nov  6 08:49:37 1994", 784111777LL, "asctime");
	http("Thu, 01 Jan 2099 00:00:00 GMT", 4070908800LL, "a date in 2099");
	http("yesterday", -1, "a word");
	http("Sun, 06 Nov 1994 08:49:37 GMT junk", -1, "junk after it");
	http("", -1, "an empty value");
}

int
main(void)
{
	test_warc_date();
	test_http_date();
	return done();
}
