/* t_http: the HTTP message inside response records. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pith.h"
#include "tap.h"
#include "deflate.h"

/* A message with head, then body; parsed with max. */
static int
parse(const char *head, const struct buf *body, size_t max,
    struct http_response *h, char *err, struct buf *msg)
{
	buf_reset(msg);
	buf_puts(msg, head);
	if (body != NULL)
		buf_append(msg, body->data, body->len);
	return http_parse(msg->data, msg->len, max, h, err, PITH_ERRLEN);
}

static int
payload_is(const struct http_response *h, const char *want)
{
	return h->payload_len == strlen(want) &&
	    memcmp(h->payload, want, h->payload_len) == 0;
}

static void
test_status_lines(void)
{
	static const struct {
		const char *msg;
		int status;		/* -1: refused */
		const char *reason;
	} t[] = {
		{ "HTTP/1.1 200 OK\r\n\r\n", 200, "OK" },
		{ "HTTP/1.0 404 Not Found\r\n\r\n", 404, "Not Found" },
		{ "HTTP/2 301\r\n\r\n", 301, "" },
		{ "HTTP/1.1 200\r\n\r\n", 200, "" },
		{ "HTTP/1.1  503  Service Unavailable \r\n\r\n", 503, "Service Unavailable" },
		{ "HTTP/1.1 2x0 OK\r\n\r\n", -1, NULL },
		{ "HTTP/1.1 20 OK\r\n\r\n", -1, NULL },
		{ "HTTP/1.1 2000 OK\r\n\r\n", -1, NULL },
		{ "HTTP/1.1\r\n\r\n", -1, NULL },
		{ "GET / HTTP/1.1\r\n\r\n", -1, NULL },
		{ "http/1.1 200 OK\r\n\r\n", -1, NULL },
		{ "", -1, NULL },
		{ "<html>", -1, NULL },
	};
	struct http_response h;
	char err[PITH_ERRLEN];
	size_t i;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		err[0] = '\0';
		rc = http_parse(t[i].msg, strlen(t[i].msg), 100, &h, err, sizeof err);
		if (t[i].status < 0)
			ok(rc < 0 && strstr(err, "status line") != NULL && h.reason == NULL &&
			    h.headers == NULL, "refused, freed: '%.*s'",
			    (int)strcspn(t[i].msg, "\r\n"), t[i].msg);
		else {
			ok(rc == 0 && h.status == t[i].status, "status %d", t[i].status);
			is_str(h.reason, t[i].reason, "reason of '%.*s'",
			    (int)strcspn(t[i].msg, "\r\n"), t[i].msg);
		}
		http_response_free(&h);
		http_response_free(&h);
	}
	http_response_free(NULL);
}

static void
test_headers(void)
{
	static const char msg[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n"
	    " charset=utf-8\r\nX-Empty:\r\nno colon here\r\nSet-Cookie: a=1\r\n"
	    "set-cookie: b=2\r\n\r\nbody\r\n";
	static const char bare[] = "HTTP/1.1 200 OK\nServer: x\n\nbody";
	struct http_response h;
	char err[PITH_ERRLEN], many[4096];
	size_t i, n;

	ok(http_parse(msg, sizeof msg - 1, 100, &h, err, sizeof err) == 0, "headers parsed");
	is_str(http_header(&h, "content-type"), "text/html; charset=utf-8",
	    "obs-fold joined, name without case");
	is_str(http_header(&h, "X-Empty"), "", "empty value");
	is_str(http_header(&h, "SET-COOKIE"), "a=1", "the first of a repeated header");
	ok(h.nheaders == 4, "a line without a colon is ignored (%zu headers)", h.nheaders);
	ok(h.header_len == sizeof msg - 1 - 6 && h.payload == msg + h.header_len &&
	    payload_is(&h, "body\r\n"), "payload borrowed from the block, after header_len");
	ok(http_header(&h, "Missing") == NULL, "absent header is NULL");
	http_response_free(&h);

	ok(http_parse(bare, sizeof bare - 1, 100, &h, err, sizeof err) == 0 &&
	    h.header_len == sizeof bare - 5 && payload_is(&h, "body") &&
	    strcmp(http_header(&h, "Server"), "x") == 0, "bare LF line ends");
	http_response_free(&h);

	ok(http_parse("HTTP/1.1 200 OK\r\nA: b", 21, 100, &h, err, sizeof err) == 0 &&
	    h.payload_len == 0 && strcmp(http_header(&h, "A"), "b") == 0,
	    "no blank line: headers, empty payload");
	http_response_free(&h);

	n = (size_t)snprintf(many, sizeof many, "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "H%zu: %zu\r\n", i, i);
	n += (size_t)snprintf(many + n, sizeof many - n, "\r\n");
	ok(http_parse(many, n, 100, &h, err, sizeof err) == 0 && h.nheaders == 100 &&
	    strcmp(http_header(&h, "h99"), "99") == 0 && strcmp(http_header(&h, "H0"), "0") == 0,
	    "a hundred headers");
	http_response_free(&h);

	static const char interim[] = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n"
	    "Location: /x\r\n\r\ndone";
	ok(http_parse(interim, sizeof interim - 1, 100, &h, err, sizeof err) == 0 &&
	    h.status == 201 && strcmp(http_header(&h, "Location"), "/x") == 0 &&
	    payload_is(&h, "done") && h.header_len == sizeof interim - 5,
	    "an interim 100 Continue is skipped for the final response");
	http_response_free(&h);
}

static void
test_chunked(void)
{
	struct http_response h;
	char err[PITH_ERRLEN];
	struct buf msg, body;
	static const char *te = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

	buf_init(&msg);
	buf_init(&body);
	buf_puts(&body, "5\r\nhello\r\n6;ext=1\r\n world\r\nA \r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n");
	ok(parse(te, &body, 100, &h, err, &msg) == 0 && payload_is(&h, "hello world0123456789"),
	    "chunks joined (extension, upper-case hex, blank after size)");
	ok(h.header_len == strlen(te), "header_len is before the chunks");
	http_response_free(&h);

	buf_reset(&body);
	buf_puts(&body, "5\nhello\n3\nabc\n0\n\n");
	ok(parse(te, &body, 100, &h, err, &msg) == 0 && payload_is(&h, "helloabc"),
	    "chunks with bare LFs");
	http_response_free(&h);

	buf_reset(&body);
	buf_puts(&body, "10\r\nonly this");
	ok(parse(te, &body, 100, &h, err, &msg) == 0 && payload_is(&h, "only this"),
	    "a chunk cut short: what came");
	http_response_free(&h);

	buf_reset(&body);
	buf_puts(&body, "<html>dechunked already</html>");
	ok(parse(te, &body, 100, &h, err, &msg) == 0 &&
	    payload_is(&h, "<html>dechunked already</html>"),
	    "a body stored dechunked under a stale header is kept");
	http_response_free(&h);

	buf_reset(&body);
	buf_puts(&body, "be careful\r\n");
	ok(parse(te, &body, 100, &h, err, &msg) == 0 && payload_is(&h, "be careful\r\n"),
	    "text that starts with hex letters is not a chunk size");
	http_response_free(&h);

	buf_reset(&body);
	buf_puts(&body, "ffffffffffffffffffff\r\nx");
	ok(parse(te, &body, 100, &h, err, &msg) == 0 && payload_is(&h, "ffffffffffffffffffff\r\nx"),
	    "an absurd chunk size is not chunking");
	http_response_free(&h);

	buf_reset(&body);
	buf_puts(&body, "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
	ok(parse(te, &body, 10, &h, err, &msg) < 0 && strstr(err, "larger than 10") != NULL,
	    "chunked body over max refused (%s)", err);
	http_response_free(&h);

	buf_reset(&msg);
	buf_puts(&msg, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5");
	ok(http_parse(msg.data, msg.len, 100, &h, err, sizeof err) == 0 && h.payload_len == 0,
	    "a size line at the very end of the block is read within it");
	http_response_free(&h);
	buf_free(&msg);
	buf_free(&body);
}

static void
test_content_encoding(void)
{
	static const char page[] = "<p>zipped</p>";
	struct http_response h;
	char err[PITH_ERRLEN];
	struct buf msg, z, chunked;

	buf_init(&msg);
	buf_init(&z);
	buf_init(&chunked);
	deflated(page, strlen(page), 16 + MAX_WBITS, &z);
	ok(parse("HTTP/1.0 404 Not Found\r\nContent-Encoding: gzip\r\n\r\n", &z, 100, &h, err, &msg) == 0 &&
	    h.status == 404 && payload_is(&h, page), "gzip payload inflated");
	is_str(http_header(&h, "Content-Encoding"), "gzip", "the header stays as sent");
	http_response_free(&h);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\n\r\n", &z, 100, &h, err, &msg) == 0 &&
	    payload_is(&h, page), "x-gzip too");
	http_response_free(&h);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", &z, 5, &h, err, &msg) < 0 &&
	    strstr(err, "larger than 5") != NULL, "inflating past max refused (%s)", err);
	http_response_free(&h);

	buf_printf(&chunked, "%zx\r\n", z.len);
	buf_append(&chunked, z.data, z.len);
	buf_puts(&chunked, "\r\n0\r\n\r\n");
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
	    &chunked, 100, &h, err, &msg) == 0 && payload_is(&h, page),
	    "chunked, then gzip, undone in that order");
	http_response_free(&h);

	z.data[z.len / 2] ^= 0x55;
	z.data[z.len / 2 + 1] ^= 0x55;
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", &z, 100, &h, err, &msg) < 0 &&
	    strstr(err, "corrupt gzip") != NULL, "corrupt gzip refused (%s)", err);
	http_response_free(&h);

	buf_reset(&z);
	deflated(page, strlen(page), MAX_WBITS, &z);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n", &z, 100, &h, err, &msg) == 0 &&
	    payload_is(&h, page), "deflate (zlib) inflated");
	http_response_free(&h);
	buf_reset(&z);
	deflated(page, strlen(page), -MAX_WBITS, &z);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n", &z, 100, &h, err, &msg) == 0 &&
	    payload_is(&h, page), "raw deflate inflated");
	http_response_free(&h);

	buf_reset(&z);
	buf_puts(&z, "\x1b\x05\x00\xf8 brotli bytes");
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n", &z, 100, &h, err, &msg) == 0 &&
	    h.payload_len == z.len && memcmp(h.payload, z.data, z.len) == 0 &&
	    strcmp(http_header(&h, "Content-Encoding"), "br") == 0,
	    "br left as it is, the header says so");
	http_response_free(&h);

	buf_reset(&z);
	buf_puts(&z, page);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", &z, 100, &h, err, &msg) == 0 &&
	    payload_is(&h, page), "a body stored decoded under a stale gzip header is kept");
	http_response_free(&h);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", NULL, 100, &h, err, &msg) == 0 &&
	    h.payload_len == 0, "empty gzip body");
	http_response_free(&h);
	buf_free(&msg);
	buf_free(&z);
	buf_free(&chunked);
}

/* A decompression bomb stops at max, not at the end of the data. */
static void
test_bomb(void)
{
	struct http_response h;
	char err[PITH_ERRLEN], *zeros;
	struct buf msg, z;
	size_t n = 50 << 20;

	buf_init(&msg);
	buf_init(&z);
	zeros = xcalloc(1, n + 1);
	memset(zeros, 'a', n);
	deflated(zeros, strlen(zeros), 16 + MAX_WBITS, &z);
	free(zeros);
	ok(parse("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", &z, 1 << 20, &h, err, &msg) < 0 &&
	    h.decoded.cap == 0, "50 MB from %zu bytes refused at a 1 MB cap", z.len);
	http_response_free(&h);
	buf_free(&msg);
	buf_free(&z);
}

/* obs-fold lines are joined in linear time: 500,000 of them (2.5 MB, as
 * an attacker's server may send) parse in well under the 8 s that
 * joining anew for each line cost. */
static void
test_fold_many(void)
{
	struct http_response h;
	char err[PITH_ERRLEN];
	struct buf msg;
	const char *v;
	clock_t t0;
	double cpu;
	size_t j;
	int rc, right;

	buf_init(&msg);
	buf_puts(&msg, "HTTP/1.1 200 OK\r\nX-Fold: a\r\n");
	for (j = 0; j < 500000; j++)
		buf_puts(&msg, "\t x\r\n");
	buf_puts(&msg, "Server: s\r\n\r\nbody");
	t0 = clock();
	rc = http_parse(msg.data, msg.len, 100, &h, err, sizeof err);
	cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
	v = http_header(&h, "X-Fold");
	right = rc == 0 && v != NULL && strlen(v) == 1 + 2 * 500000;
	for (j = 0; right && j < 500000; j++)
		right = v[1 + 2 * j] == ' ' && v[2 + 2 * j] == 'x';
	ok(right && h.nheaders == 2 && payload_is(&h, "body") &&
	    strcmp(http_header(&h, "Server"), "s") == 0, "500,000 obs-fold "
	    "lines joined: 'a x x ...', then the next header and the body");
	ok(cpu < 2.0, "parsed in %.2f s of CPU (under 2 s; joined anew for "
	    "each line, about 8 s)", cpu);
	http_response_free(&h);
	buf_free(&msg);
}

int
main(void)
{
	test_status_lines();
	test_headers();
	test_chunked();
	test_content_encoding();
	test_bomb();
	test_fold_many();
	return done();
}
