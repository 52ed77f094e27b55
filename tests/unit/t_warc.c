/* t_warc: the record reader and writer. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "pith.h"
#include "tap.h"
#include "deflate.h"

#define SHA1_EMPTY "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"

/* An unlinked temporary file holding p, open at its start. */
static int
input(const void *p, size_t n)
{
	char path[] = "/tmp/t_warc.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		abort();
	unlink(path);
	if (write_all(fd, p, n) < 0)
		abort();
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* The whole of fd, from its start. */
static void
contents(int fd, struct buf *b)
{
	buf_reset(b);
	lseek(fd, 0, SEEK_SET);
	read_all_fd(fd, b, 1 << 26);
	lseek(fd, 0, SEEK_SET);
}

/* What a reader gives for some input: records, errors, the last error,
 * the return codes in order ("1-0"), and the last record read. */
struct result {
	int records, errors;
	char err[PITH_ERRLEN];
	char codes[64];
	struct warc_record last;
	uint64_t offsets[16];
};

static void
read_fd(int fd, size_t max, struct result *res)
{
	struct warc_reader *rd = warc_reader_new(fd, "t", max);
	struct warc_record r;
	char e[PITH_ERRLEN];
	size_t nc = 0;
	int rc;

	memset(res, 0, sizeof *res);
	warc_record_init(&res->last);
	warc_record_init(&r);
	do {
		rc = warc_read(rd, &r, e, sizeof e);
		if (nc + 4 < sizeof res->codes)
			nc += (size_t)snprintf(res->codes + nc,
			    sizeof res->codes - nc, "%s%d", nc ? "," : "", rc);
		if (rc < 0) {
			res->errors++;
			strcpy(res->err, e);
		} else if (rc > 0) {
			if (res->records < 16)
				res->offsets[res->records] = r.offset;
			res->records++;
			warc_record_free(&res->last);
			res->last = r;
			warc_record_init(&r);
		}
	} while (rc != 0 && res->records + res->errors < 100000);
	warc_record_free(&r);
	warc_reader_free(rd);
}

static void
read_text(const void *p, size_t n, size_t max, struct result *res)
{
	int fd = input(p, n);

	read_fd(fd, max, res);
	close(fd);
}

#define REC(type, len) "WARC/1.0\r\nWARC-Type: " type "\r\nContent-Length: " \
	len "\r\n\r\n"
#define GOOD REC("resource", "5") "hello\r\n\r\n"	/* 61 bytes */

static void
test_fields(void)
{
	struct warc_record r;
	const char *v;

	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "resource");
	warc_set(&r, "X-One", "1");
	warc_set(&r, "warc-type", "response");
	ok(r.nfields == 2 && strcmp(r.fields[0].name, "WARC-Type") == 0,
	    "warc_set replaces in place, name compared without case");
	is_str(warc_get(&r, "WARC-TYPE"), "response", "warc_get without case");
	warc_add(&r, "WARC-Concurrent-To", "<a>");
	warc_add(&r, "warc-concurrent-to", "<b>");
	ok(r.nfields == 4, "warc_add appends a repeated field");
	is_str(warc_get(&r, "WARC-Concurrent-To"), "<a>", "warc_get finds the first");
	warc_del(&r, "WARC-CONCURRENT-TO");
	ok(r.nfields == 2 && warc_get(&r, "WARC-Concurrent-To") == NULL &&
	    strcmp(r.fields[1].name, "X-One") == 0, "warc_del removes every one, keeps order");
	v = warc_get(&r, "X-One");
	warc_set(&r, "X-One", v);
	is_str(warc_get(&r, "X-One"), "1", "warc_set with its own value");
	ok(warc_get(&r, "Missing") == NULL, "absent field is NULL");
	warc_record_reset(&r);
	ok(r.nfields == 0 && r.block.len == 0 && r.version[0] == '\0', "reset empties");
	warc_record_free(&r);
	warc_record_free(&r);
	warc_record_free(NULL);
	warc_reader_free(NULL);
	warc_writer_free(NULL);
	ok(1, "destructors are NULL-safe and repeatable");
}

/* n records, blocks "record I" then NUL 1 2, and a large one if big. */
static int
written(int gzip, int n, int big)
{
	char err[PITH_ERRLEN];
	int fd = input("", 0), i;
	struct warc_writer *w = warc_writer_new(fd, gzip);
	struct warc_record r;
	size_t j;

	warc_record_init(&r);
	for (i = 0; i < n; i++) {
		warc_record_reset(&r);
		warc_set(&r, "WARC-Type", "resource");
		warc_set(&r, "WARC-Target-URI", "file:///x\r\nInjected: yes");
		buf_printf(&r.block, "record %d", i);
		buf_append(&r.block, "\0\1\2", 3);
		if (big && i == 1)
			for (j = 0; j < 700000; j++)
				buf_putc(&r.block, (int)(j * 7 % 256));
		if (warc_write(w, &r, err, sizeof err) < 0)
			ok(0, "write: %s", err);
	}
	if (warc_writer_flush(w, err, sizeof err) < 0)
		ok(0, "flush: %s", err);
	warc_writer_free(w);
	warc_record_free(&r);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void
test_round_trip(int gzip)
{
	const char *kind = gzip ? "gzip" : "plain";
	int fd = written(gzip, 3, 1), n = 0, rc, fields_ok = 1, blocks_ok = 1;
	struct warc_reader *rd = warc_reader_new(fd, "t", 1 << 20);
	struct warc_record r;
	struct buf file;
	char err[PITH_ERRLEN], want[32], digest[DIGEST_SHA1_LEN];
	size_t j, wl;

	buf_init(&file);
	contents(fd, &file);
	ok(gzip ? (unsigned char)file.data[0] == 0x1f : strncmp(file.data, "WARC/1.1\r\n", 10) == 0,
	    "%s: output starts as it should", kind);
	warc_record_init(&r);
	while ((rc = warc_read(rd, &r, err, sizeof err)) == 1) {
		fields_ok &= strcmp(r.version, "WARC/1.1") == 0 &&
		    warc_get(&r, "Injected") == NULL &&
		    strcmp(warc_get(&r, "WARC-Target-URI"), "file:///x  Injected: yes") == 0 &&
		    strncmp(warc_get(&r, "WARC-Record-ID"), "<urn:uuid:", 10) == 0 &&
		    strlen(warc_get(&r, "WARC-Date")) == 20;
		digest_sha1_b32(r.block.data, r.block.len, digest);
		fields_ok &= strcmp(warc_get(&r, "WARC-Block-Digest"), digest) == 0;
		wl = (size_t)snprintf(want, sizeof want, "record %d", n);
		blocks_ok &= r.block.len == wl + 3 + (n == 1 ? 700000 : 0) &&
		    memcmp(r.block.data, want, wl) == 0 &&
		    memcmp(r.block.data + wl, "\0\1\2", 3) == 0;
		for (j = 0; n == 1 && blocks_ok && j < 700000; j++)
			blocks_ok &= (unsigned char)r.block.data[wl + 3 + j] == j * 7 % 256;
		/* Offsets: plain, the "WARC/" line; gzip, its member. */
		if (gzip)
			fields_ok &= r.offset < file.len &&
			    memcmp(file.data + r.offset, "\x1f\x8b\x08", 3) == 0;
		else
			fields_ok &= memcmp(file.data + r.offset, "WARC/1.1\r\n", 10) == 0;
		n++;
	}
	ok(rc == 0 && n == 3, "%s: three records then a clean end (%d, %s)", kind, n,
	    rc < 0 ? err : "");
	ok(blocks_ok, "%s: blocks (NULs, 700 kB binary) read back byte for byte", kind);
	ok(fields_ok, "%s: version, ID, date, block digest; offsets point at the record; "
	    "CR LF in a value injects no field", kind);
	warc_record_free(&r);
	warc_reader_free(rd);
	buf_free(&file);
	close(fd);
}

/* A reader started at a record's offset reads that record. */
static void
test_offsets_seekable(void)
{
	int fd = written(1, 4, 0), n = 0;
	struct result res, from;

	read_fd(fd, 1 << 20, &res);
	lseek(fd, (off_t)res.offsets[2], SEEK_SET);
	read_fd(fd, 1 << 20, &from);
	n = from.records;
	ok(res.records == 4 && res.offsets[0] == 0 && res.offsets[1] > 0 &&
	    n == 2 && from.last.block.len > 8 &&
	    memcmp(from.last.block.data, "record 3", 8) == 0,
	    "gzip member offsets can be seeked to");
	warc_record_free(&res.last);
	warc_record_free(&from.last);
	close(fd);
}

static void
test_write_format(void)
{
	struct warc_writer *w;
	struct warc_record r;
	struct buf out;
	char err[PITH_ERRLEN];
	const char *p;
	int fd = input("", 0);

	buf_init(&out);
	warc_record_init(&r);
	warc_set(&r, "X-First", "a");
	warc_set(&r, "WARC-Date", "2026-01-02T03:04:05Z");
	warc_set(&r, "Content-Length", "999");
	warc_set(&r, "WARC-Block-Digest", "sha1:STALE");
	warc_set(&r, "Bad\r\nName: x", "v");
	warc_set(&r, "WARC-Type", "resource");
	warc_add(&r, "WARC-Type", "second");
	w = warc_writer_new(fd, 0);
	ok(warc_write(w, &r, err, sizeof err) == 0 && warc_writer_flush(w, err, sizeof err) == 0,
	    "record with no block written");
	contents(fd, &out);
	p = out.data;
	ok(strncmp(p, "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:", 57) == 0,
	    "version 1.1 by default, then WARC-Type, WARC-Record-ID");
	p = strstr(p, ">\r\n");
	ok(p != NULL && strncmp(p, ">\r\nWARC-Date: 2026-01-02T03:04:05Z\r\n"
	    "X-First: a\r\nContent-Length: 0\r\nWARC-Block-Digest: " SHA1_EMPTY "\r\n"
	    "Bad--Name--x: v\r\nWARC-Type: second\r\n\r\n\r\n\r\n", 167) == 0 &&
	    strlen(p) == 167,
	    "date kept, then the rest in order; length and digest recomputed; "
	    "name cannot inject; a repeated field kept; empty block and record end");
	if (p != NULL && strlen(p) != 167)
		printf("# %s", p);
	warc_writer_free(w);
	warc_record_free(&r);
	buf_free(&out);
	close(fd);
}

static void
test_digests(void)
{
	static const struct {
		const char *block, *ct, *preset, *want, *what;
	} t[] = {
		{ "HTTP/1.1 200 OK\r\nX: y\r\n\r\n", "application/http; msgtype=response",
		    NULL, SHA1_EMPTY, "payload digest covers the body only (empty)" },
		{ "HTTP/1.1 200 OK\nX: y\n\n", "application/http;msgtype=response",
		    NULL, SHA1_EMPTY, "header ended by bare LFs" },
		{ "HTTP/1.1 200 OK\r\n\r\nabc", "Application/HTTP", NULL,
		    "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", "body 'abc'" },
		{ "HTTP/1.1 200 OK\r\n\r\nabc", "application/http", "sha1:KEPT",
		    "sha1:KEPT", "a payload digest already set is kept" },
		{ "HTTP/1.1 200 OK\r\n\r\nabc", "text/html", NULL, NULL,
		    "no payload digest for a response that is not HTTP" },
		{ "HTTP/1.1 200 OK\r\nX: y", "application/http", NULL, NULL,
		    "no payload digest without the end of the header" },
	};
	char d[DIGEST_SHA1_LEN], err[PITH_ERRLEN];
	struct warc_record r;
	struct warc_writer *w;
	int fd = input("", 0);
	size_t i;

	digest_sha1_b32("", 0, d);
	is_str(d, SHA1_EMPTY, "sha1 of nothing in base32");
	digest_sha1_b32("abc", 3, d);
	is_str(d, "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5", "sha1 of abc in base32");
	w = warc_writer_new(fd, 0);
	warc_record_init(&r);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		warc_record_reset(&r);
		warc_set(&r, "WARC-Type", "response");
		warc_set(&r, "Content-Type", t[i].ct);
		if (t[i].preset)
			warc_set(&r, "WARC-Payload-Digest", t[i].preset);
		buf_puts(&r.block, t[i].block);
		warc_write(w, &r, err, sizeof err);
		is_str(warc_get(&r, "WARC-Payload-Digest"), t[i].want, "%s", t[i].what);
	}
	digest_sha1_b32(r.block.data, r.block.len, d);
	is_str(warc_get(&r, "WARC-Block-Digest"), d, "block digest covers the whole block");
	warc_writer_free(w);
	warc_record_free(&r);
	close(fd);
}

static void
test_write_errors(int gzip)
{
	struct warc_writer *w;
	struct warc_record r;
	char err[PITH_ERRLEN] = "";
	int fd = open("/dev/full", O_WRONLY), p[2], rc;
	void (*old)(int);

	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "resource");
	buf_puts(&r.block, "x");
	if (fd >= 0) {
		w = warc_writer_new(fd, gzip);
		rc = warc_write(w, &r, err, sizeof err);
		if (rc == 0)
			rc = warc_writer_flush(w, err, sizeof err);
		ok(rc < 0 && strstr(err, strerror(ENOSPC)) != NULL,
		    "%s: full disk is an error with its reason (%s)", gzip ? "gzip" : "plain", err);
		warc_writer_free(w);
		close(fd);
	} else
		ok(1, "# SKIP no /dev/full");
	old = signal(SIGPIPE, SIG_IGN);
	if (pipe(p) < 0)
		abort();
	close(p[0]);
	w = warc_writer_new(p[1], gzip);
	rc = warc_write(w, &r, err, sizeof err);
	if (rc == 0)
		rc = warc_writer_flush(w, err, sizeof err);
	ok(rc < 0 && strstr(err, strerror(EPIPE)) != NULL,
	    "%s: closed pipe is an error with its reason (%s)", gzip ? "gzip" : "plain", err);
	warc_writer_free(w);
	close(p[1]);
	signal(SIGPIPE, old);
	warc_record_free(&r);
}

static void
test_framing(void)
{
	static const char folded[] = "WARC/1.0\r\nWARC-Type: resource\r\n"
	    "WARC-Target-URI: http://a/\r\n  continued\r\n\tagain \r\n"
	    "Content-Length: 2\r\n\r\nhi\r\n\r\n";
	static const char bare[] = "WARC/1.1\nWARC-Type: resource\nContent-Length: 3\n\n"
	    "a\0b\n\nWARC/1.1\nContent-Length:   1  \n\nc";
	static const char junk_first[] = "<html>not a warc\r\n\r\n" GOOD;
	struct result res;

	read_text(folded, sizeof folded - 1, 100, &res);
	ok(res.records == 1 && res.errors == 0, "WARC/1.0 record read");
	is_str(res.last.version, "WARC/1.0", "its version kept");
	is_str(warc_get(&res.last, "WARC-Target-URI"), "http://a/ continued again",
	    "folded lines joined with one space");
	warc_record_free(&res.last);

	read_text(bare, sizeof bare - 1, 100, &res);
	ok(res.records == 2 && res.errors == 0, "bare LF line ends, no record end at EOF");
	ok(res.last.block.len == 1 && res.last.block.data[0] == 'c',
	    "Content-Length with blanks around it");
	warc_record_free(&res.last);

	read_text(junk_first, sizeof junk_first - 1, 100, &res);
	is_str(res.codes, "-1,1,0", "junk before the first record: one error, then the record");
	ok(strncmp(res.err, "offset 0: expected a WARC/1.x record", 36) == 0, "at offset 0 (%s)", res.err);
	warc_record_free(&res.last);

	read_text("", 0, 100, &res);
	is_str(res.codes, "0", "empty input is a clean end");
	read_text("\r\n\r\n", 4, 100, &res);
	is_str(res.codes, "0", "blank lines only: a clean end");
	read_text(REC("resource", "0") "\r\n\r\n", sizeof REC("resource", "0") + 3, 100, &res);
	ok(res.records == 1 && res.last.block.len == 0, "empty block");
	warc_record_free(&res.last);
}

/* A field name with a control byte in it is no field name: written
 * back, "Content\rLength" would become a second Content-Length ahead of
 * the real one, and the next stage would frame the record as it says. */
static void
test_field_names(void)
{
	static const char smuggle[] = "WARC/1.1\r\nWARC-Type: resource\r\n"
	    "Content\rLength: 40\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n";
	char text[512];
	struct result res;

	snprintf(text, sizeof text, "%s%s", smuggle, GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "-1,1,0", "a name with CR in it: the record is damaged, the next read");
	ok(strstr(res.err, "malformed header line") != NULL, "and says so (%s)",
	    res.err);
	warc_record_free(&res.last);
	snprintf(text, sizeof text, "WARC/1.1\r\nWARC Type: x\r\n"
	    "Content-Length: 0\r\n\r\n\r\n\r\n%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "-1,1,0", "a name with a space in it: the same");
	warc_record_free(&res.last);
}

static void
test_damage(void)
{
	char text[2048], *big;
	struct result res;
	size_t n;

	snprintf(text, sizeof text, "%s%s", GOOD, GOOD);
	read_text(text, strlen(text) - 6, 100, &res);
	is_str(res.codes, "1,-1,0", "truncated last block: the first comes, -1 once, then 0");
	ok(strncmp(res.err, "offset 61: truncated record: 3 of 5", 35) == 0,
	    "the error names the record's offset and what is missing (%s)", res.err);
	warc_record_free(&res.last);

	read_text(text, 61 + 30, 100, &res);
	is_str(res.codes, "1,-1,0", "truncated header: -1 once, then 0");
	ok(strncmp(res.err, "offset 61: truncated record header", 34) == 0, "and says so (%s)", res.err);
	warc_record_free(&res.last);

	snprintf(text, sizeof text, "%sgarbage line\r\nmore junk\r\nWARC/2.0\r\n%s", GOOD, GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "1,-1,1,0", "garbage between records: one error, resync finds the next");
	ok(strncmp(res.err, "offset 61: expected", 19) == 0, "garbage offset is where it starts (%s)", res.err);
	warc_record_free(&res.last);

	snprintf(text, sizeof text, REC("resource", "999") "%0999d\r\n\r\n%s", 0, GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "-1,1,0", "block over max_block skipped, the next record read");
	ok(strstr(res.err, "offset 0: record block of 999 bytes is larger than the limit") != NULL,
	    "and reported with its size (%s)", res.err);
	warc_record_free(&res.last);

	snprintf(text, sizeof text, REC("resource", "1125899906842624") "x\r\n\r\n%s", GOOD);
	read_text(text, strlen(text), 1 << 20, &res);
	is_str(res.codes, "-1,1,0", "a Content-Length of 2^50 is skipped "
	    "without buffering; cut short, the record after the cut is read");
	ok(strstr(res.err, "another record starts at block byte 5 of "
	    "1125899906842624") != NULL, "and said (%s)", res.err);
	warc_record_free(&res.last);

	snprintf(text, sizeof text, REC("resource", "99999999999999999999") "x\r\n\r\n%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	ok(res.records == 1 && strstr(res.err, "bad Content-Length") != NULL,
	    "absurd Content-Length refused, resync reads the next");
	warc_record_free(&res.last);

	snprintf(text, sizeof text, "WARC/1.1\r\nWARC-Type: x\r\n\r\n%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	ok(res.records == 1 && res.errors == 1 && strstr(res.err, "missing or bad Content-Length"),
	    "missing Content-Length reported, next record read");
	warc_record_free(&res.last);

	snprintf(text, sizeof text, REC("resource", "-5") "x\r\n\r\n" REC("resource", "5x") "%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "-1,-1,1,0", "negative and junk Content-Length refused");
	warc_record_free(&res.last);

	snprintf(text, sizeof text, "WARC/1.1\r\nWARC-Type resource\r\n\r\n%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	ok(res.records == 1 && strstr(res.err, "malformed header line 'WARC-Type resource'"),
	    "a line without a colon (%s)", res.err);
	warc_record_free(&res.last);

	snprintf(text, sizeof text, "WARC/1.1\r\n continued\r\n\r\n%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	ok(res.records == 1 && strstr(res.err, "malformed header line"),
	    "a continuation with nothing to continue");
	warc_record_free(&res.last);

	/* cut short, then another appended: the next record is not eaten */
	snprintf(text, sizeof text, REC("resource", "20") "hel%s%s", GOOD, GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "-1,1,1,0", "a record cut short mid-stream: -1, then "
	    "both records after it");
	ok(strstr(res.err, "offset 0: truncated record: another record starts "
	    "at block byte 3 of 20") != NULL, "and says where (%s)", res.err);
	ok(res.offsets[0] == 56 && res.offsets[1] == 117, "the records after it "
	    "keep their offsets (%llu, %llu)", (unsigned long long)res.offsets[0],
	    (unsigned long long)res.offsets[1]);
	warc_record_free(&res.last);

	snprintf(text, sizeof text, REC("resource", "14") "hel%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "-1,1,0", "a block that runs into the next record "
	    "(no record end after it): cut there");
	warc_record_free(&res.last);

	snprintf(text, sizeof text, REC("resource", "21") "a WARC/1.1\r\nquoted\r\n"
	    "\r\n\r\n%s", GOOD);
	read_text(text, strlen(text), 100, &res);
	is_str(res.codes, "1,1,0", "'WARC/1.1' inside a whole block is only text");
	warc_record_free(&res.last);

	n = 300 * 1024;
	big = xmalloc(n + 200);
	memcpy(big, "WARC/1.1\r\nX: ", 13);
	memset(big + 13, 'a', n);
	snprintf(big + 13 + n, 200, "\r\n\r\n%s", GOOD);
	read_text(big, strlen(big), 100, &res);
	ok(res.records == 1 && strstr(res.err, "offset 0: record header larger than") != NULL,
	    "header over 256 KiB refused, next record read (%s)", res.err);
	warc_record_free(&res.last);
	free(big);
}

static void
test_gzip_input(void)
{
	static const char two[] = REC("resource", "1") "a\r\n\r\n" REC("resource", "1") "b\r\n\r\n";
	struct buf z, m2;
	struct result res;
	size_t c2, c3;
	int p[2], i;
	pid_t pid;

	buf_init(&z);
	buf_init(&m2);
	deflated(two, sizeof two - 1, 16 + MAX_WBITS, &z);
	read_text(z.data, z.len, 100, &res);
	ok(res.records == 2 && res.errors == 0 && res.last.block.data[0] == 'b',
	    "one gzip stream holding two records");
	ok(res.offsets[0] == 0 && res.offsets[1] == 57,
	    "in one stream, offsets after the first are uncompressed (%llu)",
	    (unsigned long long)res.offsets[1]);
	warc_record_free(&res.last);

	/* The same through a pipe a byte at a time: partial reads. */
	if (pipe(p) < 0 || (pid = fork()) < 0)
		abort();
	if (pid == 0) {
		close(p[0]);
		for (i = 0; i < (int)z.len; i++)
			write_all(p[1], z.data + i, 1);
		_exit(0);
	}
	close(p[1]);
	read_fd(p[0], 100, &res);
	close(p[0]);
	waitpid(pid, NULL, 0);
	ok(res.records == 2 && res.errors == 0, "gzip from a pipe, one byte per write");
	warc_record_free(&res.last);

	read_text(z.data, z.len - 5, 100, &res);
	is_str(res.codes, "1,1,-1,0", "gzip trailer cut: both records, then one error");
	ok(strstr(res.err, "truncated gzip data") != NULL, "which says so (%s)", res.err);
	warc_record_free(&res.last);

	/* Three members; the second's first deflate block is bad. */
	buf_reset(&z);
	deflated(GOOD, sizeof GOOD - 1, 16 + MAX_WBITS, &z);
	c2 = z.len;
	deflated(GOOD, sizeof GOOD - 1, 16 + MAX_WBITS, &z);
	c3 = z.len;
	deflated(REC("resource", "3") "end\r\n\r\n",
	    sizeof REC("resource", "3") + 6, 16 + MAX_WBITS, &z);
	read_text(z.data, c2 + (c3 - c2) / 2, 100, &res);
	is_str(res.codes, "1,-1,0", "second member cut: the first record, -1 once, then 0");
	ok(strncmp(res.err, "offset ", 7) == 0 && strtoull(res.err + 7, NULL, 10) == c2 &&
	    strstr(res.err, "truncated") && strstr(res.err, "truncated gzip data at offset"),
	    "the error names the member's offset and the cut gzip data (%s)", res.err);
	warc_record_free(&res.last);
	z.data[c2 + 10] = (char)0xff;
	read_text(z.data, z.len, 100, &res);
	is_str(res.codes, "1,-1,1,0", "corrupt member: reading goes on at the next member");
	ok(strstr(res.err, "corrupt gzip data") != NULL &&
	    strtoull(res.err + 7, NULL, 10) >= c2 && strtoull(res.err + 7, NULL, 10) < c3,
	    "the error is at a compressed offset inside the bad member (%s)", res.err);
	ok(res.offsets[0] == 0 && res.offsets[1] == c3 && res.last.block.len == 3,
	    "the record after it has its member's offset");
	warc_record_free(&res.last);

	read_text("\x1f\x8b\x08\x00garbage", 12, 100, &res);
	is_str(res.codes, "-1,0", "gzip magic then garbage: one error");
	buf_free(&z);
	buf_free(&m2);
}

/* A WARC as wget 1.21 writes it: warcinfo, request, response (chunked
 * and gzipped as sent), metadata; WARC/1.0, and fields in its order. */
static void
test_wget(void)
{
	static const char body[] = "<html><p>Hello from wget</p></html>\n";
	static const char info[] = "software: Wget/1.21.3 (linux-gnu)\r\nformat: WARC File Format 1.0\r\n";
	static const char req[] = "GET / HTTP/1.1\r\nHost: example.test\r\nAccept-Encoding: gzip\r\n\r\n";
	struct buf f, http, z;
	struct result res;
	struct http_response h;
	char err[PITH_ERRLEN];
	int fd, rc, types_ok = 1;
	struct warc_reader *rd;
	struct warc_record r;
	const char *want[] = { "warcinfo", "request", "response", "metadata" };
	size_t i = 0;

	buf_init(&f);
	buf_init(&http);
	buf_init(&z);
	deflated(body, sizeof body - 1, 16 + MAX_WBITS, &z);
	buf_printf(&http, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n"
	    "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n%zx\r\n", z.len);
	buf_append(&http, z.data, z.len);
	buf_puts(&http, "\r\n0\r\n\r\n");
	buf_printf(&f, "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\n"
	    "WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0a0b2f37-4f4a-4a7e-9d2a-000000000001>\r\n"
	    "WARC-Filename: example.warc.gz\r\nWARC-Block-Digest: sha1:AAAA\r\nContent-Length: %zu\r\n\r\n%s\r\n\r\n",
	    sizeof info - 1, info);
	buf_printf(&f, "WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: <http://example.test/>\r\n"
	    "Content-Type: application/http;msgtype=request\r\nWARC-Date: 2024-05-01T10:00:01Z\r\n"
	    "WARC-Record-ID: <urn:uuid:0a0b2f37-4f4a-4a7e-9d2a-000000000002>\r\nWARC-IP-Address: 127.0.0.1\r\n"
	    "WARC-Warcinfo-ID: <urn:uuid:0a0b2f37-4f4a-4a7e-9d2a-000000000001>\r\n"
	    "Content-Length: %zu\r\n\r\n%s\r\n\r\n", sizeof req - 1, req);
	buf_printf(&f, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0a0b2f37-4f4a-4a7e-9d2a-000000000003>\r\n"
	    "WARC-Warcinfo-ID: <urn:uuid:0a0b2f37-4f4a-4a7e-9d2a-000000000001>\r\n"
	    "WARC-Concurrent-To: <urn:uuid:0a0b2f37-4f4a-4a7e-9d2a-000000000002>\r\n"
	    "WARC-Target-URI: <http://example.test/>\r\nWARC-Date: 2024-05-01T10:00:01Z\r\n"
	    "WARC-IP-Address: 127.0.0.1\r\nWARC-Block-Digest: sha1:BBBB\r\nWARC-Payload-Digest: sha1:CCCC\r\n"
	    "Content-Type: application/http;msgtype=response\r\nContent-Length: %zu\r\n\r\n", http.len);
	buf_append(&f, http.data, http.len);
	buf_puts(&f, "\r\n\r\nWARC/1.0\r\nWARC-Type: metadata\r\nWARC-Target-URI: <metadata://example.test/log>\r\n"
	    "Content-Type: text/plain\r\nContent-Length: 4\r\n\r\nlog\n\r\n\r\n");

	fd = input(f.data, f.len);
	rd = warc_reader_new(fd, "wget.warc", 1 << 20);
	warc_record_init(&r);
	while ((rc = warc_read(rd, &r, err, sizeof err)) == 1) {
		types_ok &= i < 4 && strcmp(warc_get(&r, "WARC-Type"), want[i]) == 0;
		if (i++ != 2)
			continue;
		is_str(warc_get(&r, "WARC-Target-URI"), "http://example.test/", "wget: target URI without its WARC/1.0 brackets");
		is_str(warc_get(&r, "WARC-Concurrent-To"), "<urn:uuid:0a0b2f37-4f4a-4a7e-9d2a-000000000002>",
		    "wget: concurrent-to");
		ok(r.block.len == http.len && memcmp(r.block.data, http.data, http.len) == 0,
		    "wget: response block read as written");
		ok(http_parse(r.block.data, r.block.len, 1 << 20, &h, err, sizeof err) == 0 &&
		    h.status == 200 && h.payload_len == sizeof body - 1 &&
		    memcmp(h.payload, body, h.payload_len) == 0,
		    "wget: HTTP payload dechunked and gunzipped");
		http_response_free(&h);
	}
	ok(rc == 0 && i == 4 && types_ok, "wget: warcinfo, request, response, metadata in order");
	warc_record_free(&r);
	warc_reader_free(rd);
	close(fd);

	read_text(f.data, f.len, 100, &res);
	is_str(res.codes, "1,1,-1,1,0", "wget: with a 100-byte limit only the response is refused");
	warc_record_free(&res.last);
	buf_free(&f);
	buf_free(&http);
	buf_free(&z);
}

/* What one stage writes, the next reads: WARC/1.0 kept, fields kept,
 * digests redone. */
static void
test_pass_through(void)
{
	static const char in[] = "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:x>\r\n"
	    "WARC-Date: 2020-01-01T00:00:00Z\r\nX-Kept: yes\r\nWARC-Block-Digest: sha1:WRONG\r\n"
	    "Content-Length: 5\r\n\r\nhello\r\n\r\n";
	struct result res, back;
	struct warc_writer *w;
	char err[PITH_ERRLEN], d[DIGEST_SHA1_LEN];
	int fd = input("", 0);

	read_text(in, sizeof in - 1, 100, &res);
	w = warc_writer_new(fd, 1);
	ok(warc_write(w, &res.last, err, sizeof err) == 0 && warc_writer_flush(w, err, sizeof err) == 0,
	    "a record read is written again");
	warc_writer_free(w);
	lseek(fd, 0, SEEK_SET);
	read_fd(fd, 100, &back);
	digest_sha1_b32("hello", 5, d);
	ok(back.records == 1 && strcmp(back.last.version, "WARC/1.0") == 0 &&
	    strcmp(warc_get(&back.last, "WARC-Record-ID"), "<urn:x>") == 0 &&
	    strcmp(warc_get(&back.last, "WARC-Date"), "2020-01-01T00:00:00Z") == 0 &&
	    strcmp(warc_get(&back.last, "X-Kept"), "yes") == 0 &&
	    strcmp(warc_get(&back.last, "WARC-Block-Digest"), d) == 0,
	    "version, ID, date and fields kept; the block digest corrected");
	warc_record_free(&res.last);
	warc_record_free(&back.last);
	close(fd);
}

/* Bytes read before the reader, given back with warc_reader_unread (as
 * clean does with the bytes it looked at on stdin), read as if never
 * taken: the same records at the same offsets, for every split. */
/* The bytes of fd from its start, fed to a pipe by a child in pieces of
 * 4093 bytes (the reader gets short reads), n of them at most; the
 * pipe's read end is returned. */
static int
piped(int fd, size_t n)
{
	struct buf file;
	size_t i, take;
	int p[2];

	buf_init(&file);
	contents(fd, &file);
	if (n > file.len)
		n = file.len;
	if (pipe(p) < 0)
		abort();
	switch (fork()) {
	case -1:
		abort();
	case 0:
		close(p[0]);
		for (i = 0; i < n; i += take) {
			take = n - i < 4093 ? n - i : 4093;
			if (write_all(p[1], file.data + i, take) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	buf_free(&file);
	return p[0];
}

/* Large plain blocks are read from fd straight into the record: over a
 * pipe that gives short reads, the records, blocks and offsets are those
 * of the file, and a cut inside a large block is reported as such. */
static void
test_pipe(void)
{
	int fd = written(0, 3, 1), in, status, same;
	struct result file, pipe_;
	struct warc_writer *w;
	int p[2];

	read_fd(fd, 1 << 20, &file);
	in = piped(fd, SIZE_MAX);
	read_fd(in, 1 << 20, &pipe_);
	close(in);
	wait(&status);
	same = pipe_.records == 3 && file.records == 3 &&
	    memcmp(pipe_.offsets, file.offsets, sizeof file.offsets) == 0 &&
	    pipe_.last.block.len == file.last.block.len &&
	    memcmp(pipe_.last.block.data, file.last.block.data,
	    file.last.block.len) == 0;
	ok(same, "plain over a pipe in 4093-byte pieces: same records, "
	    "blocks and offsets as from the file");
	warc_record_free(&file.last);
	warc_record_free(&pipe_.last);

	in = piped(fd, (size_t)file.offsets[1] + 300000);
	read_fd(in, 1 << 20, &pipe_);
	close(in);
	wait(&status);
	is_str(pipe_.codes, "1,-1,0", "a pipe that ends inside a 700 kB block: "
	    "the record before, -1, then 0");
	ok(strstr(pipe_.err, "truncated record:") != NULL &&
	    strstr(pipe_.err, "of 700011 block bytes") != NULL,
	    "and the error says how much of the block came (%s)", pipe_.err);
	warc_record_free(&pipe_.last);
	close(fd);

	if (pipe(p) < 0)
		abort();
	w = warc_writer_new(p[1], 0);
	ok(fcntl(p[1], F_GETPIPE_SZ) >= 1 << 20 || access(
	    "/proc/sys/fs/pipe-max-size", F_OK) < 0,
	    "a writer on a pipe makes the pipe 1 MB (%d)",
	    fcntl(p[1], F_GETPIPE_SZ));
	warc_writer_free(w);
	close(p[0]);
	close(p[1]);
}

static void
test_unread(int gzip)
{
	const char *blocks[] = { "one", "two two", "three three three", NULL };
	static const size_t splits[] = { 0, 1, 2, 5, 100, 100000, 300000 };
	struct result whole, split;
	struct warc_writer *w;
	struct warc_reader *rd;
	struct warc_record r;
	static char head[300000];
	char err[PITH_ERRLEN];
	ssize_t got;
	size_t i, k;
	int fd = input("", 0), same = 1;
	char *big = xmalloc(200001);

	memset(big, 'b', 200000);	/* a block read straight from fd */
	big[200000] = '\0';
	blocks[3] = big;
	w = warc_writer_new(fd, gzip);
	for (i = 0; i < 4; i++) {
		warc_record_init(&r);
		warc_set(&r, "WARC-Type", "resource");
		buf_puts(&r.block, blocks[i]);
		warc_write(w, &r, err, sizeof err);
		warc_record_free(&r);
	}
	warc_writer_flush(w, err, sizeof err);
	warc_writer_free(w);
	lseek(fd, 0, SEEK_SET);
	read_fd(fd, 1 << 20, &whole);
	for (k = 0; k < sizeof splits / sizeof splits[0]; k++) {
		lseek(fd, 0, SEEK_SET);
		got = read(fd, head, splits[k]);
		rd = warc_reader_new(fd, "t", 1 << 20);
		warc_reader_unread(rd, head, got > 0 ? (size_t)got : 0);
		memset(&split, 0, sizeof split);
		warc_record_init(&r);
		while (warc_read(rd, &r, err, sizeof err) > 0) {
			if (split.records < 16)
				split.offsets[split.records] = r.offset;
			same &= split.records < 4 && r.block.len ==
			    strlen(blocks[split.records]) && memcmp(r.block.data,
			    blocks[split.records], r.block.len) == 0;
			split.records++;
		}
		warc_record_free(&r);
		warc_reader_free(rd);
		same &= split.records == whole.records &&
		    memcmp(split.offsets, whole.offsets, sizeof split.offsets) == 0;
	}
	ok(whole.records == 4 && same, "%s: bytes unread are read first: "
	    "same records, same offsets, for splits of 0 to all bytes",
	    gzip ? "gzip" : "plain");
	warc_record_free(&whole.last);
	free(big);
	close(fd);
}

/* ---- damage that must cost only the damaged record ---- */

enum packing { PLAIN, MEMBERS, STREAM };
static const char *packing_name[] = { "plain", "gzip members", "gzip stream" };

/* The n pieces as one input in out: as they are, one gzip member each,
 * or one gzip stream.  ends[i]: where piece i ends in out. */
static void
pack(struct buf *out, const struct buf *pieces, size_t n, enum packing how,
    size_t *ends)
{
	struct buf all;
	size_t i;

	buf_init(&all);
	buf_reset(out);
	for (i = 0; i < n; i++) {
		if (how == MEMBERS)
			deflated(pieces[i].data, pieces[i].len, 16 + MAX_WBITS, out);
		else if (how == PLAIN)
			buf_append(out, pieces[i].data, pieces[i].len);
		buf_append(&all, pieces[i].data, pieces[i].len);
		if (ends != NULL)
			ends[i] = how == STREAM ? all.len : out->len;
	}
	if (how == STREAM)
		deflated(all.data, all.len, 16 + MAX_WBITS, out);
	buf_free(&all);
}

/* What a reader with limit max gives for in, from a file or a pipe. */
static void
read_packed(const struct buf *in, size_t max, int through_pipe,
    struct result *res)
{
	int fd = input(in->data, in->len), p, status;

	if (!through_pipe) {
		read_fd(fd, max, res);
		close(fd);
		return;
	}
	p = piped(fd, SIZE_MAX);
	read_fd(p, max, res);
	close(p);
	close(fd);
	wait(&status);
}

/* Pieces: GOOD, a record declaring `declared` bytes but cut after `cut`
 * (its block starts with `first`), GOOD, GOOD and a last record "end". */
static void
cut_pieces(struct buf *pc, long long declared, size_t cut)
{
	size_t i;

	for (i = 0; i < 5; i++)
		buf_init(&pc[i]);
	buf_puts(&pc[0], GOOD);
	buf_printf(&pc[1], "WARC/1.1\r\nWARC-Type: resource\r\n"
	    "Content-Length: %lld\r\n\r\n", declared);
	for (i = 0; i < cut; i++)
		buf_putc(&pc[1], 'a' + (int)(i * 7 % 26));
	buf_puts(&pc[2], GOOD);
	buf_puts(&pc[3], GOOD);
	buf_puts(&pc[4], REC("resource", "3") "end\r\n\r\n");
}

static void
free_pieces(struct buf *pc, size_t n)
{
	while (n-- > 0)
		buf_free(&pc[n]);
}

static int
last_is_end(const struct result *res)
{
	return res->last.block.len == 3 && memcmp(res->last.block.data, "end", 3) == 0;
}

/* A block over the limit is skipped without being held; cut short, with
 * records appended after the cut, those records are still read. */
static void
test_skip_cut(void)
{
	struct buf pc[5], in;
	struct result res;
	enum packing how;
	size_t ends[5];
	int piped_;

	buf_init(&in);
	cut_pieces(pc, 20000, 1200);
	for (how = PLAIN; how <= STREAM; how++) {
		pack(&in, pc, 5, how, NULL);
		read_packed(&in, 1000, 0, &res);
		is_str(res.codes, "1,-1,1,1,1,0", "%s: a record over the limit "
		    "cut after 1200 of 20000 bytes: the three records appended "
		    "after it are read", packing_name[how]);
		ok(strstr(res.err, "truncated record: another record starts at "
		    "block byte 1200 of 20000") != NULL && last_is_end(&res),
		    "%s: and the error says where (%s)", packing_name[how], res.err);
		warc_record_free(&res.last);
	}
	free_pieces(pc, 5);

	cut_pieces(pc, 20 << 20, 1200);
	for (how = PLAIN; how <= MEMBERS; how++)
		for (piped_ = 0; piped_ <= 1; piped_++) {
			pack(&in, pc, 5, how, ends);
			read_packed(&in, 1 << 20, piped_, &res);
			is_str(res.codes, "1,-1,1,1,1,0", "%s%s: 20 MB declared, "
			    "1 MB limit, cut after 1200 bytes: nothing after "
			    "it lost", packing_name[how], piped_ ? ", a pipe" : "");
			ok(strncmp(res.err, "offset ", 7) == 0 &&
			    strtoull(res.err + 7, NULL, 10) == ends[0] &&
			    strstr(res.err, "block byte 1200 of 20971520") != NULL,
			    "the error names the cut record's offset (%s)", res.err);
			warc_record_free(&res.last);
		}
	free_pieces(pc, 5);
	buf_free(&in);
}

/* A block over the limit that ends as a record should is one record,
 * however many "WARC/1.1" lines it holds (a WARC file kept as a
 * resource): skipped whole, and the record after it read. */
static void
test_skip_whole(void)
{
	struct buf pc[2], in;
	struct result res;
	enum packing how;
	size_t n = 3 << 20, i, head;
	int piped_;

	buf_init(&pc[0]);
	buf_init(&pc[1]);
	buf_init(&in);
	buf_printf(&pc[0], "WARC/1.1\r\nWARC-Type: resource\r\n"
	    "Content-Length: %zu\r\n\r\n", n);
	head = pc[0].len;
	buf_puts(&pc[0], "WARC/1.1\r\n");
	while (pc[0].len < head + n - 100000) {
		for (i = 0; i < 100000 - 61; i++)
			buf_putc(&pc[0], 'a' + (int)(i % 26));
		buf_puts(&pc[0], GOOD);
	}
	while (pc[0].len < head + n - 10)
		buf_putc(&pc[0], 'z');
	buf_puts(&pc[0], "WARC/1.1\r\n\r\n\r\n");
	ok(pc[0].len == head + n + 4, "the block is 3 MB");
	buf_puts(&pc[1], REC("resource", "3") "end\r\n\r\n");
	for (how = PLAIN; how <= STREAM; how++)
		for (piped_ = 0; piped_ <= 1; piped_++) {
			pack(&in, pc, 2, how, NULL);
			read_packed(&in, 1 << 20, piped_, &res);
			is_str(res.codes, "-1,1,0", "%s%s: a 3 MB block over the "
			    "limit, records inside it, whole: skipped as one, "
			    "the next read", packing_name[how], piped_ ?
			    ", a pipe" : "");
			ok(strstr(res.err, "offset 0: record block of 3145728 bytes "
			    "is larger than the limit (1048576)") != NULL &&
			    last_is_end(&res), "and said so (%s)", res.err);
			warc_record_free(&res.last);
		}
	pc[0].len -= 4;				/* its record end: input ends */
	pack(&in, pc, 1, PLAIN, NULL);
	read_packed(&in, 1 << 20, 0, &res);
	is_str(res.codes, "-1,0", "the same block at the end of input without "
	    "its record end: skipped as one");
	free_pieces(pc, 2);
	buf_free(&in);
}

/* Of the records appended after a cut in a block over the limit, the
 * last limit's worth are kept (the limit, a header's 256 KiB and a record
 * end): those before them are skipped, and said. */
static void
test_skip_bound(void)
{
	struct buf in;
	struct result res;
	int i;

	buf_init(&in);
	buf_puts(&in, REC("resource", "1000000") "0123456789");
	for (i = 0; i < 5000; i++)
		buf_puts(&in, GOOD);
	read_text(in.data, in.len, 1000, &res);
	ok(res.errors == 1 && res.records == 4313, "a cut record with 5000 "
	    "records after it (305,000 bytes), limit 1000: the 4313 of them in "
	    "its last 263,148 bytes are read (%d)", res.records);
	ok(strstr(res.err, "another record starts at block byte 41917 of "
	    "1000000, records at block bytes 10 to 41917 skipped (over the "
	    "limit)") != NULL, "and the error says which were skipped (%s)",
	    res.err);
	warc_record_free(&res.last);
	buf_free(&in);
}

/* A record of n pseudo-random letters: deflate cannot shrink it much. */
static void
random_record(struct buf *b, size_t n)
{
	unsigned x = 1;
	size_t i;

	buf_printf(b, "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: "
	    "%zu\r\n\r\n", n);
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		buf_putc(b, 'a' + (int)((x >> 16) % 26));
	}
	buf_puts(b, "\r\n\r\n");
}

/* in with the bytes [from, to) left out. */
static void
cut_out(const struct buf *in, size_t from, size_t to, struct buf *out)
{
	buf_reset(out);
	buf_append(out, in->data, from);
	buf_append(out, in->data + to, in->len - to);
}

/* A gzip member cut mid-stream: inflate runs on into the next member's
 * bytes and finds the damage some way in.  Reading goes on at the
 * member after the cut, not at the next one after the damage. */
static void
test_gzip_cut_member(void)
{
	struct buf pc[5], in, cut;
	struct result res;
	size_t ends[5], k, at, sizes[] = { 20000, 200000, 1 << 20 };
	char bad[160] = "";
	int piped_, s, good = 0, tried = 0;

	buf_init(&in);
	buf_init(&cut);
	cut_pieces(pc, 0, 0);
	for (s = 0; s < 3; s++) {
		buf_reset(&pc[1]);
		random_record(&pc[1], sizes[s]);
		pack(&in, pc, 5, MEMBERS, ends);
		for (k = 1; k < 16; k++)
			for (piped_ = 0; piped_ <= (s == 1); piped_++) {
				at = ends[0] + (ends[1] - ends[0]) * k / 16;
				cut_out(&in, at, ends[1], &cut);
				read_packed(&cut, 1 << 21, piped_, &res);
				tried++;
				if (strcmp(res.codes, "1,-1,1,1,1,0") == 0 &&
				    last_is_end(&res) && strtoull(res.err + 7,
				    NULL, 10) == ends[0])
					good++;
				else if (bad[0] == '\0')
					snprintf(bad, sizeof bad, "%zu bytes, cut "
					    "at %zu%s: %s; %.60s", sizes[s], at,
					    piped_ ? ", a pipe" : "", res.codes,
					    res.err);
				warc_record_free(&res.last);
			}
	}
	ok(good == tried, "a member cut at 15 places (records of 20 kB, "
	    "200 kB, 1 MB; file and pipe): the three records after it are "
	    "read every time (%d of %d%s%s)", good, tried, bad[0] ? "; " : "",
	    bad);

	pack(&in, pc, 5, STREAM, ends);
	cut_out(&in, in.len / 2, in.len / 2 + 1000, &cut);
	read_packed(&cut, 1 << 21, 0, &res);
	is_str(res.codes, "1,-1,1,1,1,-1,0", "one gzip stream with 1000 "
	    "bytes cut out of the 1 MB record: inflate goes on (misdecoding), "
	    "the cut record ends at the record inside it, the rest are read");
	ok(strstr(res.err, "corrupt gzip data") != NULL, "and the stream's "
	    "bad check value is said at its end (%s)", res.err);
	warc_record_free(&res.last);
	free_pieces(pc, 5);
	buf_free(&in);
	buf_free(&cut);
}

/* Continuation lines are joined in linear time: 100 records of 60,000
 * each (25 MB) are read in well under the 11 s that joining anew for
 * every line cost; and the value is as joined one by one. */
static void
test_fold_many(void)
{
	struct warc_record r;
	struct warc_reader *rd;
	char err[PITH_ERRLEN];
	const char *v;
	struct buf in;
	clock_t t0;
	double cpu;
	size_t i, j;
	int fd, n = 0, right = 1;

	buf_init(&in);
	for (i = 0; i < 100; i++) {
		buf_puts(&in, "WARC/1.1\r\nWARC-Type: resource\r\nX-Fold: a\r\n");
		for (j = 0; j < 60000; j++)
			buf_puts(&in, " x\r\n");
		buf_puts(&in, "Content-Length: 5\r\n\r\nhello\r\n\r\n");
	}
	fd = input(in.data, in.len);
	rd = warc_reader_new(fd, "t", 100);
	warc_record_init(&r);
	t0 = clock();
	while (warc_read(rd, &r, err, sizeof err) == 1 && n++ < 100) {
		v = warc_get(&r, "X-Fold");
		right &= v != NULL && strlen(v) == 1 + 2 * 60000 && v[0] == 'a';
		for (j = 0; right && n == 1 && j < 60000; j++)
			right = v[1 + 2 * j] == ' ' && v[2 + 2 * j] == 'x';
	}
	cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ok(n == 100 && right, "100 records of 60,000 continuation lines: "
	    "each value 'a x x ...' (%d records)", n);
	ok(cpu < 3.0, "read in %.2f s of CPU (under 3 s; joined anew for "
	    "each line, about 11 s)", cpu);
	warc_record_free(&r);
	warc_reader_free(rd);
	close(fd);
	buf_free(&in);
}

/* Records each cut by the next, a byte into its block, each declaring
 * the rest of the input: every cut would read the rest again (quadratic:
 * 4 MB took 9.4 s).  Bytes are read again at most once on the whole. */
static void
test_nested_cuts(void)
{
	static const char rec[] = "WARC/1.1\r\nContent-Length: 4000000\r\n\r\nx";
	static const size_t max[] = { 16 << 20, 1000 };
	struct warc_reader *rd;
	struct warc_record r;
	char err[PITH_ERRLEN];
	struct buf in;
	clock_t t0;
	double cpu;
	int fd, i, rc, n, records;

	buf_init(&in);
	while (in.len < 4000000 - sizeof rec)
		buf_puts(&in, rec);
	fd = input(in.data, in.len);
	warc_record_init(&r);
	for (i = 0; i < 2; i++) {
		lseek(fd, 0, SEEK_SET);
		rd = warc_reader_new(fd, "t", max[i]);
		n = records = 0;
		t0 = clock();
		while ((rc = warc_read(rd, &r, err, sizeof err)) != 0 &&
		    n++ < 200000)
			records += rc > 0;
		cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
		ok(cpu < 2.0 && records == 0 && rc == 0, "%s: 4 MB of records "
		    "each cut by the next: %.2f s of CPU (under 2 s), %d errors, "
		    "no record", i ? "over the limit" : "kept", cpu, n);
		if (i == 0)
			ok(strstr(err, "another record starts at block byte 1 "
			    "of 4000000 (cut too often: not read)") != NULL,
			    "the cut past the bound is said (%s)", err);
		warc_reader_free(rd);
	}
	warc_record_free(&r);
	close(fd);
	buf_free(&in);
}

/* A block read from files comes out as the same block from memory: the
 * same bytes (plain) or the same record once inflated (gzip), digests
 * included; the streaming SHA-1 equals the one-shot one. */
static void
test_write_files(int gzip)
{
	const char *kind = gzip ? "gzip" : "plain";
	char err[PITH_ERRLEN], d1[DIGEST_SHA1_LEN], d2[DIGEST_SHA1_LEN];
	struct warc_record r;
	struct warc_writer *w;
	struct digest_sha1 *d;
	struct buf a, b, block;
	FILE *parts[3];
	int fa = input("", 0), fb = input("", 0), rc;
	size_t i;

	buf_init(&a);
	buf_init(&b);
	buf_init(&block);
	for (i = 0; i < 3; i++) {
		parts[i] = tmpfile();
		if (parts[i] == NULL)
			abort();
	}
	for (i = 0; i < 200000; i++)		/* over a CHUNK, then empty */
		fputc("abc\n"[i % 4], parts[0]);
	fputs("{\"error\":\"x\"}\n", parts[2]);
	for (i = 0; i < 200000; i++)
		buf_putc(&block, "abc\n"[i % 4]);
	buf_puts(&block, "{\"error\":\"x\"}\n");

	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "metadata");
	warc_set(&r, "WARC-Record-ID", "<urn:uuid:1>");
	warc_set(&r, "WARC-Date", "2026-03-04T05:06:07Z");
	w = warc_writer_new(fa, gzip);
	rc = warc_write_files(w, &r, parts, 3, err, sizeof err);
	rc |= warc_writer_flush(w, err, sizeof err);
	warc_writer_free(w);
	warc_record_reset(&r);
	warc_set(&r, "WARC-Type", "metadata");
	warc_set(&r, "WARC-Record-ID", "<urn:uuid:1>");
	warc_set(&r, "WARC-Date", "2026-03-04T05:06:07Z");
	buf_append(&r.block, block.data, block.len);
	w = warc_writer_new(fb, gzip);
	rc |= warc_write(w, &r, err, sizeof err);
	rc |= warc_writer_flush(w, err, sizeof err);
	warc_writer_free(w);
	ok(rc == 0, "%s: write from files: %s", kind, rc ? err : "ok");
	if (gzip) {
		struct warc_reader *ra, *rb;
		struct warc_record x, y;

		lseek(fa, 0, SEEK_SET);
		lseek(fb, 0, SEEK_SET);
		ra = warc_reader_new(fa, "a", 1 << 20);
		rb = warc_reader_new(fb, "b", 1 << 20);
		warc_record_init(&x);
		warc_record_init(&y);
		rc = warc_read(ra, &x, err, sizeof err);
		rc += warc_read(rb, &y, err, sizeof err);
		ok(rc == 2 && x.block.len == y.block.len && memcmp(x.block.data,
		    y.block.data, x.block.len) == 0 && strcmp(warc_get(&x,
		    "WARC-Block-Digest"), warc_get(&y, "WARC-Block-Digest")) == 0,
		    "gzip: the record from files reads as the one from memory");
		warc_record_free(&x);
		warc_record_free(&y);
		warc_reader_free(ra);
		warc_reader_free(rb);
	} else {
		contents(fa, &a);
		contents(fb, &b);
		ok(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
		    "plain: the record from files is the bytes from memory");
	}
	d = digest_sha1_begin();
	digest_sha1_update(d, block.data, 7);
	digest_sha1_update(d, block.data + 7, block.len - 7);
	digest_sha1_end_b32(d, d1);
	digest_sha1_b32(block.data, block.len, d2);
	is_str(d1, d2, "%s: streaming SHA-1 equals the one-shot one", kind);
	for (i = 0; i < 3; i++)
		fclose(parts[i]);
	warc_record_free(&r);
	buf_free(&a);
	buf_free(&b);
	buf_free(&block);
	close(fa);
	close(fb);
}

/* A record's fields packed and unpacked come back the same, in order,
 * repeats and odd bytes too; a packing cut anywhere is refused. */
static void
test_pack(void)
{
	struct warc_record r, back;
	struct buf b;
	const char *p;
	size_t cut;
	int refused = 1;

	warc_record_init(&r);
	warc_record_init(&back);
	buf_init(&b);
	snprintf(r.version, sizeof r.version, "WARC/1.0");
	warc_set(&r, "WARC-Type", "conversion");
	warc_add(&r, "X-Twice", "one");
	warc_add(&r, "X-Twice", "two\r\n\x1b");
	warc_set(&r, "X-Empty", "");
	r.offset = 12345;
	buf_puts(&back.block, "left over");
	warc_pack_fields(&r, &b);
	p = b.data;
	ok(warc_unpack_fields(&p, b.data + b.len, &back) == 0 &&
	    p == b.data + b.len, "pack: unpacked to its end");
	ok(back.nfields == 4 && strcmp(back.version, "WARC/1.0") == 0 &&
	    back.offset == 12345 && back.block.len == 0 &&
	    strcmp(back.fields[2].value, "two\r\n\x1b") == 0 &&
	    strcmp(back.fields[3].value, "") == 0,
	    "pack: version, fields in order, repeats, odd bytes, offset");
	for (cut = 0; cut < b.len; cut++) {
		p = b.data;
		refused &= warc_unpack_fields(&p, b.data + cut, &back) < 0;
	}
	ok(refused, "pack: a packing cut short anywhere is refused");
	buf_free(&b);
	warc_record_free(&r);
	warc_record_free(&back);
}

int
main(void)
{
	test_pack();
	test_fields();
	test_round_trip(0);
	test_round_trip(1);
	test_offsets_seekable();
	test_write_format();
	test_digests();
	test_write_errors(0);
	test_write_errors(1);
	test_framing();
	test_field_names();
	test_damage();
	test_gzip_input();
	test_wget();
	test_pass_through();
	test_unread(0);
	test_unread(1);
	test_pipe();
	test_skip_cut();
	test_skip_whole();
	test_skip_bound();
	test_nested_cuts();
	test_gzip_cut_member();
	test_fold_many();
	test_write_files(0);
	test_write_files(1);
	return done();
}
