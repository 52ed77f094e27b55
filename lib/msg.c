/*
 * msg.c: messages on stderr, and text made safe to show.
 *
 * A message names an item (a URL, a file, an archive member, a record)
 * and says what went wrong, often in words a server or a file chose: a
 * Location header, a reason phrase, a header line.  Shown raw, such bytes
 * could move a terminal's cursor, retitle its window, ring its bell, turn
 * text around, or split one line of a cron log into two.  So every message
 * of every stage is written here, escaped: valid UTF-8 is shown as it is,
 * and what is not text is shown as an escape.  This is the one library
 * module that prints.
 *
 * How much is said is the program's -q or -v: a note (the normal course
 * of a run) is not said under -q, so that cron mails only what went
 * wrong; under -v every line starts with the time, as a log's do.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pith.h"

static enum msg_level level = MSG_NORMAL;

void
msg_set_level(enum msg_level l)
{
	level = l;
}

enum msg_level
msg_level(void)
{
	return level;
}

/* Characters shown as \uXXXX though valid: they reorder the text around
 * them (bidirectional overrides and isolates), so that what a terminal
 * shows is not what the bytes say. */
static int
is_reordering(unsigned int c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void
str_escape(struct buf *b, const char *s, size_t n, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	unsigned int c;

	buf_reserve(b, n);
	while (i < n) {
		len = utf8_char(p + i, n - i, &c);
		if (len == 0)
			buf_printf(b, "\\x%02x", p[i++]);
		else if (c == '\t')
			buf_puts(b, "\\t"), i++;
		else if (c == '\n')
			buf_puts(b, "\\n"), i++;
		else if (c == '\r')
			buf_puts(b, "\\r"), i++;
		else if (c == '\\' && (flags & ESCAPE_BACKSLASH))
			buf_puts(b, "\\\\"), i++;
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", p[i++]);
		else if ((c >= 0x80 && c <= 0x9f) || is_reordering(c)) {
			buf_printf(b, "\\u%04X", c);	/* C1 controls too */
			i += len;
		} else {
			buf_append(b, p + i, len);
			i += len;
		}
	}
}

char *
str_escaped(const char *s)
{
	struct buf b;

	buf_init(&b);
	str_escape(&b, s, strlen(s), 0);
	return buf_steal(&b);
}

static struct buf *captured;	/* messages go here, not to stderr */

void
msg_capture(struct buf *b)
{
	captured = b;
}

/* What was captured goes to stderr after all, before an exit. */
static void
release(void)
{
	if (captured != NULL && captured->len > 0)
		(void)write_all(STDERR_FILENO, captured->data, captured->len);
	captured = NULL;
}

/* "prog: message[: strerror]" and a line end, in one write; under -v
 * after the time ("2026-12-07T15:04:05Z "). */
static void
say(int errnum, const char *fmt, va_list ap)
{
	struct buf raw, line;
	char now[21];

	buf_init(&raw);
	buf_init(&line);
	if (level == MSG_VERBOSE) {
		format_utc(time(NULL), now);
		buf_printf(&line, "%s ", now);
	}
	buf_printf(&line, "%s: ", program_invocation_short_name);
	buf_vprintf(&raw, fmt, ap);
	str_escape(&line, raw.data ? raw.data : "", raw.len, 0);
	if (errnum != 0)
		buf_printf(&line, ": %s", strerror(errnum));
	buf_putc(&line, '\n');
	if (captured != NULL)
		buf_append(captured, line.data, line.len);
	else
		(void)write_all(STDERR_FILENO, line.data, line.len);
	buf_free(&raw);
	buf_free(&line);
}

void
msg_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(0, fmt, ap);
	va_end(ap);
}

void
msg_note(const char *fmt, ...)
{
	va_list ap;

	if (level == MSG_QUIET)
		return;
	va_start(ap, fmt);
	say(0, fmt, ap);
	va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	say(e, fmt, ap);
	va_end(ap);
	errno = e;
}

void
msg_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(0, fmt, ap);
	va_end(ap);
	release();
	exit(status);
}

void
msg_err(int status, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	say(e, fmt, ap);
	va_end(ap);
	release();
	exit(status);
}
