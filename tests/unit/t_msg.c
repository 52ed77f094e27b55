/* t_msg: text made safe for a terminal (str_escape), and the messages. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith.h"
#include "tap.h"

static char *
escaped(const char *s, size_t n, int flags)
{
	struct buf b;

	buf_init(&b);
	str_escape(&b, s, n, flags);
	return buf_steal(&b);
}

static void
check(const char *s, size_t n, int flags, const char *want, const char *what)
{
	char *got = escaped(s, n, flags);

	is_str(got, want, "%s", what);
	free(got);
}

static void
test_escape(void)
{
	check("plain text, 100%", 16, 0, "plain text, 100%", "ASCII text as it is");
	check("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87", 12, 0,
	    "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87", "valid UTF-8 as it is");
	check("a\x1b[2Jb", 6, 0, "a\\x1b[2Jb", "ESC escaped");
	check("bell\x07", 5, 0, "bell\\x07", "BEL escaped");
	check("a\tb\nc\rd", 7, 0, "a\\tb\\nc\\rd", "tab, line feed, CR escaped");
	check("x\x7fy", 3, 0, "x\\x7fy", "DEL escaped");
	check("a\0b", 3, 0, "a\\x00b", "NUL escaped, the rest kept");
	check("\xff\xfe", 2, 0, "\\xff\\xfe", "invalid bytes escaped");
	check("\xc3", 1, 0, "\\xc3", "a cut sequence escaped");
	check("\xc0\xaf", 2, 0, "\\xc0\\xaf", "an overlong form escaped");
	check("\xed\xa0\x80", 3, 0, "\\xed\\xa0\\x80", "a surrogate escaped");
	check("\xc2\x9b" "31m", 5, 0, "\\u009B31m", "a C1 control (CSI) escaped");
	check("abc\xe2\x80\xae" "fdp.exe", 13, 0, "abc\\u202Efdp.exe",
	    "a bidi override escaped");
	check("a\\b", 3, 0, "a\\b", "a backslash kept in messages");
	check("a\\b", 3, ESCAPE_BACKSLASH, "a\\\\b",
	    "a backslash doubled in listings");
}

/* What say() wrote to stderr while stderr was a pipe: start, then read. */
static int
capture_start(int fds[2])
{
	int saved;

	if (pipe(fds) < 0)
		return -1;
	saved = dup(STDERR_FILENO);
	dup2(fds[1], STDERR_FILENO);
	return saved;
}

static void
capture_end(int fds[2], int saved, char *got, size_t len)
{
	ssize_t n;

	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	n = read(fds[0], got, len - 1);
	close(fds[0]);
	got[n > 0 ? n : 0] = '\0';
}

/* msg_warnx into a pipe, read back. */
static void
test_message(void)
{
	char got[256];
	int fds[2], saved;

	if ((saved = capture_start(fds)) < 0)
		return;
	msg_warnx("%s: redirect to %s", "http://a/", "http://b/\x1b]0;pwned\x07");
	errno = ENOENT;
	msg_warn("%s", "file\n2");
	capture_end(fds, saved, got, sizeof got);
	is_str(got, "t_msg: http://a/: redirect to http://b/\\x1b]0;pwned\\x07\n"
	    "t_msg: file\\n2: No such file or directory\n",
	    "messages escaped, one line each, strerror kept");
}

/* -q leaves notes out, not failures; -v stamps every line with the time. */
static void
test_levels(void)
{
	char got[256];
	int fds[2], saved;
	time_t t;

	ok(msg_level() == MSG_NORMAL, "the level is normal until set");
	if ((saved = capture_start(fds)) < 0)
		return;
	msg_note("note %d", 1);
	msg_set_level(MSG_QUIET);
	msg_note("note %d", 2);
	msg_warnx("failure %d", 3);
	capture_end(fds, saved, got, sizeof got);
	is_str(got, "t_msg: note 1\nt_msg: failure 3\n",
	    "a note is said, but not under -q; a failure is");
	if ((saved = capture_start(fds)) < 0)
		return;
	msg_set_level(MSG_VERBOSE);
	msg_note("note %d", 4);
	capture_end(fds, saved, got, sizeof got);
	msg_set_level(MSG_NORMAL);
	ok(strlen(got) == 35 && got[20] == ' ' &&
	    strcmp(got + 21, "t_msg: note 4\n") == 0,
	    "under -v: the time, then the message");
	got[20] = '\0';
	ok(parse_utc(got, &t) == 0, "... the time is ISO 8601 UTC: %s", got);
}

/* Captured messages go into the buffer, as they would be written, and
 * nothing to stderr; after msg_capture(NULL), to stderr again. */
static void
test_capture(void)
{
	struct buf b;
	char got[256];
	int fds[2], saved;

	buf_init(&b);
	if ((saved = capture_start(fds)) < 0)
		return;
	msg_capture(&b);
	msg_warnx("%s: %s", "page.html", "no article\x1b[2J");
	msg_note("note");
	msg_capture(NULL);
	msg_warnx("after");
	capture_end(fds, saved, got, sizeof got);
	is_str(b.data, "t_msg: page.html: no article\\x1b[2J\nt_msg: note\n",
	    "captured: the messages as written, escaped, in order");
	is_str(got, "t_msg: after\n", "captured: none on stderr until released");
	buf_free(&b);
}

int
main(void)
{
	test_escape();
	test_message();
	test_levels();
	test_capture();
	return done();
}
