/* t_warc: the record reader and writer, and HTTP messages in records. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "pith.h"
#include "tap.h"

/* A file holding text, opened for reading at its start. */
static int
input(const void *p, size_t n)
{
	char path[] = "/tmp/t_warc.XXXXXX";
	int fd = mkstemp(path);

	unlink(path);
	write_all(fd, p, n);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Write n records (one with NULs in its block) to a file; return it. */
static int
written(int gzip, int n)
{
	char path[] = "/tmp/t_warc.XXXXXX", err[PITH_ERRLEN];
	int fd = mkstemp(path), i;
	struct warc_writer *w = warc_writer_new(fd, gzip);
	struct warc_record r;

	unlink(path);
	warc_record_init(&r);
	for (i = 0; i < n; i++) {
		warc_record_reset(&r);
		warc_set(&r, "WARC-Type", "resource");
		warc_set(&r, "WARC-Target-URI", "file:///x\r\nInjected: yes");
		buf_printf(&r.block, "record %d", i);
		buf_append(&r.block, "\0\1\2", 3);
		if (warc_write(w, &r, err, sizeof err) < 0)
			ok(0, "write: %s", err);
	}
	warc_writer_flush(w, err, sizeof err);
	warc_writer_free(w);
	warc_record_free(&r);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void
test_round_trip(int gzip)
{
	int fd = written(gzip, 3), n = 0, rc;
	struct warc_reader *rd = warc_reader_new(fd, "t", 1 << 20);
	struct warc_record r;
	char err[PITH_ERRLEN], want[32];
	int fields_ok = 1;

	warc_record_init(&r);
	while ((rc = warc_read(rd, &r, err, sizeof err)) == 1) {
		fields_ok &= strcmp(r.version, "WARC/1.1") == 0 &&
		    warc_get(&r, "Injected") == NULL &&
		    strncmp(warc_get(&r, "WARC-Record-ID"), "<urn:uuid:", 10) == 0 &&
		    strlen(warc_get(&r, "WARC-Date")) == 20 &&
		    strcmp(warc_get(&r, "content-length"), "11") == 0;
		snprintf(want, sizeof want, "record %d", n);
		ok(r.block.len == strlen(want) + 3 &&
		    memcmp(r.block.data, want, strlen(want)) == 0 &&
		    r.block.data[strlen(want) + 2] == 2,
		    "%s: block %d read back byte for byte", gzip ? "gzip" : "plain", n);
		n++;
	}
	ok(rc == 0 && n == 3, "%s: three records then a clean end", gzip ? "gzip" : "plain");
	ok(fields_ok, "version 1.1, urn:uuid ID, WARC-Date, Content-Length "
	    "(any case) set; CR LF in a value injects no field");
	warc_record_free(&r);
	warc_reader_free(rd);
	close(fd);
}

static void
test_digests(void)
{
	char d[DIGEST_SHA1_LEN];
	struct warc_record r;
	char err[PITH_ERRLEN];
	struct warc_writer *w;
	int fd = input("", 0);

	digest_sha1_b32("", 0, d);
	is_str(d, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", "sha1 of nothing in base32");
	warc_record_init(&r);
	w = warc_writer_new(fd, 0);
	warc_set(&r, "WARC-Type", "response");
	warc_set(&r, "Content-Type", "application/http; msgtype=response");
	buf_puts(&r.block, "HTTP/1.1 200 OK\r\nX: y\r\n\r\n");
	warc_write(w, &r, err, sizeof err);
	is_str(warc_get(&r, "WARC-Payload-Digest"), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
	    "payload digest covers the body only");
	ok(strcmp(warc_get(&r, "WARC-Block-Digest"), d) != 0, "block digest covers the whole block");
	warc_writer_free(w);
	warc_record_free(&r);
	close(fd);
}

/* Read everything; return records read, and the last error in err. */
static int
read_all(const char *text, size_t n, size_t max, int *errors, char *err,
    struct warc_record *last)
{
	int fd = input(text, n), count = 0, rc;
	struct warc_reader *rd = warc_reader_new(fd, "t", max);
	struct warc_record r;
	char e[PITH_ERRLEN];

	*errors = 0;
	warc_record_init(&r);
	while ((rc = warc_read(rd, &r, e, sizeof e)) != 0) {
		if (rc < 0) {
			(*errors)++;
			strcpy(err, e);
			continue;
		}
		count++;
		if (last != NULL) {
			warc_record_free(last);
			warc_record_init(last);
			warc_set(last, "WARC-Type", warc_get(&r, "WARC-Type") ?
			    warc_get(&r, "WARC-Type") : "");
			if (warc_get(&r, "WARC-Target-URI"))
				warc_set(last, "WARC-Target-URI", warc_get(&r, "WARC-Target-URI"));
			buf_append(&last->block, r.block.data ? r.block.data : "", r.block.len);
		}
	}
	warc_record_free(&r);
	warc_reader_free(rd);
	close(fd);
	return count;
}

#define REC(type, body) "WARC/1.0\r\nWARC-Type: " type "\r\nContent-Length: " \
	body "\r\n\r\n"

static void
test_damage(void)
{
	static const char good[] = REC("resource", "5") "hello\r\n\r\n";
	static const char folded[] = "WARC/1.0\r\nWARC-Type: resource\r\n"
	    "WARC-Target-URI: http://a/\r\n  continued\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
	struct warc_record last;
	char err[PITH_ERRLEN] = "", text[512];
	int errors, n;

	warc_record_init(&last);
	n = read_all(folded, sizeof folded - 1, 100, &errors, err, &last);
	ok(n == 1 && errors == 0, "WARC/1.0 record read");
	is_str(warc_get(&last, "WARC-Target-URI"), "http://a/ continued", "folded line joined");

	snprintf(text, sizeof text, "%s%s", good, good);
	n = read_all(text, strlen(text) - 7, 100, &errors, err, NULL);
	ok(n == 1 && errors == 1, "truncated last record: the first comes through");
	ok(strncmp(err, "offset 61:", 10) == 0, "truncation error names the record's offset (%s)", err);
	ok(strstr(err, "truncated") != NULL, "and says truncated");

	snprintf(text, sizeof text, "%sgarbage line\r\nmore junk\r\n%s", good, good);
	n = read_all(text, strlen(text), 100, &errors, err, NULL);
	ok(n == 2 && errors == 1, "garbage between records: one error, resync finds the next");
	ok(strncmp(err, "offset 61:", 10) == 0, "garbage offset is where it starts (%s)", err);

	snprintf(text, sizeof text, REC("resource", "999999") "%s", good);
	n = read_all(text, strlen(text), 100, &errors, err, NULL);
	ok(errors == 1 && strstr(err, "larger than the limit") != NULL,
	    "block over the limit refused without buffering it");

	snprintf(text, sizeof text, "WARC/1.1\r\nWARC-Type: x\r\n\r\n%s", good);
	n = read_all(text, strlen(text), 100, &errors, err, NULL);
	ok(n == 1 && errors == 1 && strstr(err, "Content-Length") != NULL,
	    "missing Content-Length reported, next record read");
	n = read_all("", 0, 100, &errors, err, NULL);
	ok(n == 0 && errors == 0, "empty input is a clean end");
	n = read_all("\x1f\x8b\x08\x00garbage", 12, 100, &errors, err, NULL);
	ok(n == 0 && errors == 1 && strstr(err, "gzip") != NULL, "corrupt gzip reported");
	warc_record_free(&last);
}

static void
test_gzip_stream(void)
{
	static const char two[] = REC("resource", "1") "a\r\n\r\n" REC("resource", "1") "b\r\n\r\n";
	unsigned char z[512];
	uLongf zlen = sizeof z;
	z_stream s;
	int errors, n;
	char err[PITH_ERRLEN];

	memset(&s, 0, sizeof s);
	deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	s.next_in = (Bytef *)two;
	s.avail_in = sizeof two - 1;
	s.next_out = z;
	s.avail_out = sizeof z;
	deflate(&s, Z_FINISH);
	zlen = sizeof z - s.avail_out;
	deflateEnd(&s);
	n = read_all((char *)z, zlen, 100, &errors, err, NULL);
	ok(n == 2 && errors == 0, "one gzip stream holding two records");
}

static void
test_http(void)
{
	static const char chunked[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Type: text/html;\r\n charset=utf-8\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
	struct http_response h;
	char err[PITH_ERRLEN], block[512];
	unsigned char z[128];
	z_stream s;
	size_t hl, zl;

	ok(http_parse(chunked, sizeof chunked - 1, 1 << 20, &h, err, sizeof err) == 0, "chunked parsed");
	ok(h.status == 200 && h.payload_len == 11 && memcmp(h.payload, "hello world", 11) == 0,
	    "chunked payload joined");
	is_str(http_header(&h, "content-type"), "text/html; charset=utf-8", "folded header joined");
	http_response_free(&h);

	memset(&s, 0, sizeof s);
	deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	s.next_in = (Bytef *)"<p>zipped</p>";
	s.avail_in = 13;
	s.next_out = z;
	s.avail_out = sizeof z;
	deflate(&s, Z_FINISH);
	zl = sizeof z - s.avail_out;
	deflateEnd(&s);
	hl = (size_t)snprintf(block, sizeof block, "HTTP/1.0 404 Not Found\r\nContent-Encoding: gzip\r\n\r\n");
	memcpy(block + hl, z, zl);
	ok(http_parse(block, hl + zl, 1 << 20, &h, err, sizeof err) == 0 && h.status == 404 &&
	    h.payload_len == 13 && memcmp(h.payload, "<p>zipped</p>", 13) == 0, "gzip payload inflated");
	is_str(h.reason, "Not Found", "reason phrase");
	http_response_free(&h);
	ok(http_parse(block, hl + zl, 5, &h, err, sizeof err) < 0, "inflating past the cap refused");
	http_response_free(&h);
	ok(http_parse("HTTP/1.1 2x0 OK\r\n\r\n", 19, 100, &h, err, sizeof err) < 0 &&
	    strstr(err, "status line") != NULL, "malformed status line refused");
	http_response_free(&h);
	ok(http_parse("GET / HTTP/1.1\r\n\r\n", 18, 100, &h, err, sizeof err) < 0, "a request is not a response");
	http_response_free(&h);
}

int
main(void)
{
	test_round_trip(0);
	test_round_trip(1);
	test_digests();
	test_damage();
	test_gzip_stream();
	test_http();
	return done();
}
