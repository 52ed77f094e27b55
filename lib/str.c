/*
 * str.c: strings: whole numbers, suffixes, trimming, and the quick hashes
 * of lines and words.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pith.h"

int
parse_num(const char *s, long long min, long long max, int sizes,
    long long *out)
{
	char *end;
	long long v, mul = 1;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s)
		return -1;
	if (sizes && *end != '\0') {
		switch (*end++) {
		case 'k': case 'K': mul = 1024LL; break;
		case 'm': case 'M': mul = 1024LL * 1024; break;
		case 'g': case 'G': mul = 1024LL * 1024 * 1024; break;
		default: return -1;
		}
		if (v > LLONG_MAX / mul || v < LLONG_MIN / mul)
			return -1;
		v *= mul;
	}
	if (*end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

char *
str_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

uint32_t
fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ *s++) * 16777619u;
	return h;
}

uint64_t
fnv1a64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	if (h == 0)
		h = 14695981039346656037ull;
	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}
