/*
 * time.c: times as WARC writes them, ISO 8601 in UTC.
 */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "pith.h"

void
format_utc(time_t t, char out[21])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The n digits at s as a number, if in [min, max]; else -1. */
static int
field(const char *s, int n, int min, int max)
{
	int v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v >= min && v <= max ? v : -1;
}

int
parse_utc(const char *s, time_t *out)
{
	struct tm tm;
	int mday, sec;

	/* YYYY-MM-DDThh:mm:ss, each field its width and in range, then a
	 * fraction of a second (WARC/1.1) and Z, or nothing (some tools
	 * leave it out). */
	memset(&tm, 0, sizeof tm);
	if (strnlen(s, 19) < 19 || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    (tm.tm_year = field(s, 4, 0, 9999)) < 0 ||
	    (tm.tm_mon = field(s + 5, 2, 1, 12)) < 0 ||
	    (mday = tm.tm_mday = field(s + 8, 2, 1, 31)) < 0 ||
	    (tm.tm_hour = field(s + 11, 2, 0, 23)) < 0 ||
	    (tm.tm_min = field(s + 14, 2, 0, 59)) < 0 ||
	    (tm.tm_sec = field(s + 17, 2, 0, 60)) < 0)
		return -1;
	s += 19;
	if (*s == '.' && isdigit((unsigned char)s[1]))
		while (isdigit((unsigned char)*++s))
			;		/* fractional seconds: ignored */
	if (*s == 'Z')
		s++;
	if (*s != '\0')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	sec = tm.tm_sec;		/* a leap second stays in its day */
	tm.tm_sec = 0;
	*out = timegm(&tm) + sec;
	return tm.tm_mday == mday ? 0 : -1;	/* not the 30th of February */
}
