/*
 * stats.c: store --stats, the few lines through which store tells
 * pipeline what a run did (store.1, STATISTICS), written and read here
 * only:
 *
 *   read=N cleaned=N stored=N ... truncated=N filtered=N archive=NAME
 *   reason=N WHY
 *   ...
 *
 * A reason is whatever a server or a file said, so values are escaped to
 * stay on their line and in their word: a backslash as \\, a line feed
 * and a carriage return as \n and \r, and in the words of the first line
 * a space, a tab and any other control byte as \xNN (and an archive
 * named "-", which is none, as \x2d).  stats_parse undoes exactly that,
 * so any string but one with a NUL comes back as it went.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"

/* The counts of the first line, in the order written. */
static const struct {
	const char *key;
	size_t offset;
} counts[] = {
	{ "read", offsetof(struct run_stats, read) },
	{ "cleaned", offsetof(struct run_stats, cleaned) },
	{ "stored", offsetof(struct run_stats, stored) },
	{ "failed", offsetof(struct run_stats, failed) },
	{ "empty", offsetof(struct run_stats, empty) },
	{ "duplicate", offsetof(struct run_stats, duplicate) },
	{ "near_duplicate", offsetof(struct run_stats, near_duplicate) },
	{ "not_modified", offsetof(struct run_stats, not_modified) },
	{ "disallowed", offsetof(struct run_stats, disallowed) },
	{ "skipped", offsetof(struct run_stats, skipped) },
	{ "truncated", offsetof(struct run_stats, truncated) },
	{ "filtered", offsetof(struct run_stats, filtered) },
};
#define NCOUNTS (sizeof counts / sizeof counts[0])

/* The count at counts[i] of s, to set. */
static long *
count_of(struct run_stats *s, size_t i)
{
	return (long *)((char *)s + counts[i].offset);
}

/* The count at counts[i] of s. */
static long
count_in(const struct run_stats *s, size_t i)
{
	return *(const long *)((const char *)s + counts[i].offset);
}

void
stats_init(struct run_stats *s)
{
	memset(s, 0, sizeof *s);
}

void
stats_free(struct run_stats *s)
{
	size_t i;

	for (i = 0; i < s->nreasons; i++)
		free(s->reasons[i].why);
	free(s->reasons);
	free(s->archive);
	stats_init(s);
}

void
stats_add_reason(struct run_stats *s, const char *why, long count)
{
	s->reasons = xrealloc(s->reasons, (s->nreasons + 1) *
	    sizeof *s->reasons);
	s->reasons[s->nreasons].why = xstrdup(why);
	s->reasons[s->nreasons++].count = count;
}

/* Append s to b, escaped; in_word: a space and a tab too. */
static void
put_escaped(struct buf *b, const char *s, int in_word)
{
	unsigned char c;

	for (; (c = (unsigned char)*s) != '\0'; s++)
		if (c == '\\')
			buf_puts(b, "\\\\");
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\r')
			buf_puts(b, "\\r");
		else if (in_word && (c <= ' ' || c == 0x7f))
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, c);
}

void
stats_format(struct buf *b, const struct run_stats *s)
{
	size_t i;

	for (i = 0; i < NCOUNTS; i++)
		buf_printf(b, "%s=%ld ", counts[i].key, count_in(s, i));
	buf_puts(b, "archive=");
	if (s->archive != NULL && strcmp(s->archive, "-") == 0)
		buf_puts(b, "\\x2d");		/* a name, not none */
	else
		put_escaped(b, s->archive != NULL ? s->archive : "-", 1);
	buf_putc(b, '\n');
	for (i = 0; i < s->nreasons; i++) {
		buf_printf(b, "reason=%ld ", s->reasons[i].count);
		put_escaped(b, s->reasons[i].why, 0);
		buf_putc(b, '\n');
	}
}

/* The value of a hexadecimal digit, or -1. */
static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* p[0..n) unescaped, owned; NULL when an escape is not put_escaped's. */
static char *
unescape(const char *p, size_t n)
{
	struct buf out;
	size_t i;
	int hi, lo;

	buf_init(&out);
	buf_reserve(&out, n + 1);
	for (i = 0; i < n; i++) {
		if (p[i] != '\\') {
			buf_putc(&out, p[i]);
			continue;
		}
		if (++i == n)
			goto bad;
		if (p[i] == '\\' || p[i] == 'n' || p[i] == 'r')
			buf_putc(&out, p[i] == 'n' ? '\n' : p[i] == 'r' ? '\r' :
			    '\\');
		else if (p[i] == 'x' && i + 2 < n &&
		    (hi = hex_digit(p[i + 1])) >= 0 &&
		    (lo = hex_digit(p[i + 2])) >= 0 && (hi || lo)) {
			buf_putc(&out, hi * 16 + lo);
			i += 2;
		} else
			goto bad;
	}
	buf_putc(&out, '\0');	/* data is a string even when empty */
	out.len--;
	return buf_steal(&out);
bad:
	buf_free(&out);
	return NULL;
}

/* A count: digits, maybe a minus, nothing else; -1 on junk. */
static int
parse_count(const char *p, size_t n, long *out)
{
	long long v;
	char *s = xstrndup(p, n);
	int rc = parse_num(s, -LONG_MAX, LONG_MAX, 0, &v);

	free(s);
	if (rc == 0)
		*out = (long)v;
	return rc;
}

/* One word of the first line, "key=value", into s: 0, or -1 when it is
 * not key=value or a count is not a number.  Keys not known (a later
 * store's) are passed over. */
static int
parse_word(const char *w, size_t n, struct run_stats *s)
{
	const char *eq = memchr(w, '=', n);
	size_t k, i;

	if (eq == NULL || eq == w)
		return -1;
	k = (size_t)(eq - w);
	eq++;
	n -= k + 1;
	if (k == 7 && memcmp(w, "archive", 7) == 0) {
		free(s->archive);
		s->archive = n == 1 && *eq == '-' ? NULL : unescape(eq, n);
		return n == 1 && *eq == '-' ? 0 : s->archive ? 0 : -1;
	}
	for (i = 0; i < NCOUNTS; i++)
		if (strlen(counts[i].key) == k &&
		    memcmp(counts[i].key, w, k) == 0)
			return parse_count(eq, n, count_of(s, i));
	return 0;
}

/* A "reason=N WHY" line into s: 0, or -1.  Other lines (a later
 * store's) are passed over. */
static int
parse_reason(const char *line, size_t n, struct run_stats *s)
{
	const char *sp;
	char *why;
	long count = 0;

	if (n < 7 || memcmp(line, "reason=", 7) != 0)
		return 0;
	if ((sp = memchr(line, ' ', n)) == NULL ||
	    parse_count(line + 7, (size_t)(sp - line - 7), &count) < 0 ||
	    (why = unescape(sp + 1, n - (size_t)(sp + 1 - line))) == NULL)
		return -1;
	stats_add_reason(s, why, count);
	free(why);
	return 0;
}

int
stats_parse(const char *text, struct run_stats *s)
{
	const char *p = text, *eol, *w, *sp;
	size_t n;

	stats_init(s);
	if (*p == '\0' || *p == '\n')
		return -1;
	eol = p + strcspn(p, "\n");
	for (w = p; w < eol; w = sp + 1) {
		if ((sp = memchr(w, ' ', (size_t)(eol - w))) == NULL)
			sp = eol;
		if (sp > w && parse_word(w, (size_t)(sp - w), s) < 0)
			goto bad;
	}
	for (p = eol; *p == '\n'; p = eol) {
		p++;
		eol = p + strcspn(p, "\n");
		n = (size_t)(eol - p);
		if (parse_reason(p, n, s) < 0)
			goto bad;
	}
	return 0;
bad:
	stats_free(s);
	return -1;
}
