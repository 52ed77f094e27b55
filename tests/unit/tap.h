/*
 * tap.h: the Test Anything Protocol for the C unit tests, header only.
 * ok(cond, fmt, ...) prints "ok N - ..." or "not ok N - ..."; done()
 * prints the plan and returns the exit status.
 */
#ifndef TAP_H
#define TAP_H

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

/* String equality with a diagnostic showing both sides. */
#define is_str(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!ok(g_ != NULL && w_ != NULL ? strcmp(g_, w_) == 0 : g_ == w_, __VA_ARGS__)) \
		printf("#   got: '%s'\n# want: '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

/* Number equality, with both sides. */
#define is_int(got, want, ...) do { \
	long g_ = (long)(got), w_ = (long)(want); \
	if (!ok(g_ == w_, __VA_ARGS__)) \
		printf("#   got: %ld\n# want: %ld\n", g_, w_); \
} while (0)

/* s (NULL fails) matches the extended regular expression re. */
static int __attribute__((unused))
tap_matches(const char *s, const char *re)
{
	regex_t r;
	int m;

	if (s == NULL || regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	m = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return m;
}

#define like(got, re, ...) do { \
	const char *g_ = (got); \
	if (!ok(tap_matches(g_, (re)), __VA_ARGS__)) \
		printf("#   got: '%s'\n# want: /%s/\n", g_ ? g_ : "(null)", (re)); \
} while (0)
#define unlike(got, re, ...) do { \
	const char *g_ = (got); \
	if (!ok(g_ != NULL && !tap_matches(g_, (re)), __VA_ARGS__)) \
		printf("#   got: '%s'\n# not: /%s/\n", g_ ? g_ : "(null)", (re)); \
} while (0)

static int
done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
