/*
 * str.c: strings: whole numbers, suffixes, trimming, and the quick hashes
 * of lines and words, URLs resolved.
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

/* Remove "./" and "dir/../" from the path of an absolute URL, in place
 * (RFC 3986 5.2.4, for the paths canonical links use). */
static void
remove_dots(char *url)
{
	char *path = strstr(url, "://"), *p, *q, *end;

	if (path == NULL || (path = strchr(path + 3, '/')) == NULL)
		return;
	end = path + strcspn(path, "?#");
	while ((p = strstr(path, "/./")) != NULL && p < end) {
		memmove(p, p + 2, strlen(p + 2) + 1);
		end -= 2;
	}
	while ((p = strstr(path, "/../")) != NULL && p < end) {
		for (q = p; q > path && q[-1] != '/'; q--)
			;
		q = q > path ? q - 1 : path;
		memmove(q, p + 3, strlen(p + 3) + 1);
		end -= p + 3 - q;
	}
}

char *
url_resolve(const char *ref, const char *base)
{
	struct buf b;
	const char *p, *auth, *path;
	size_t n;

	for (p = ref; isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.'; p++)
		;
	if ((*p == ':' && p > ref) || base == NULL ||
	    (auth = strstr(base, "://")) == NULL)
		return xstrdup(ref);
	buf_init(&b);
	if (ref[0] == '/' && ref[1] == '/') {
		buf_append(&b, base, (size_t)(auth - base) + 1);
	} else {
		path = auth + 3 + strcspn(auth + 3, "/?#");
		if (ref[0] == '/') {
			n = (size_t)(path - base);
		} else if (ref[0] == '?' || ref[0] == '#') {
			n = strcspn(base, ref[0] == '?' ? "?#" : "#");
		} else {
			n = strcspn(path, "?#");
			while (n > 0 && path[n - 1] != '/')
				n--;
			n += (size_t)(path - base);
			if (n == (size_t)(path - base))
				buf_append(&b, base, n), n = 0, buf_putc(&b, '/');
		}
		buf_append(&b, base, n);
	}
	buf_puts(&b, ref);
	remove_dots(b.data);
	return buf_steal(&b);
}
