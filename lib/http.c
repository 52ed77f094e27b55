/*
 * http.c: the HTTP message inside a WARC response record.
 *
 * Crawlers store the message as it came off the wire, so the payload may
 * still be chunked or compressed (wget does this); we undo both so that
 * clean sees what a browser would.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "pith.h"

const char *
http_header(const struct http_response *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nheaders; i++)
		if (strcasecmp(h->headers[i].name, name) == 0)
			return h->headers[i].value;
	return NULL;
}

void
http_response_free(struct http_response *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nheaders; i++) {
		free(h->headers[i].name);
		free(h->headers[i].value);
	}
	free(h->headers);
	free(h->reason);
	buf_free(&h->decoded);
	memset(h, 0, sizeof *h);
}

/* The next line of p[*pos, n), without CR LF; NULL at the end. */
static const char *
next_line(const char *p, size_t n, size_t *pos, size_t *len)
{
	const char *start = p + *pos, *nl;

	if (*pos >= n)
		return NULL;
	nl = memchr(start, '\n', n - *pos);
	*len = nl ? (size_t)(nl - start) : n - *pos;
	*pos += *len + (nl != NULL);
	if (*len > 0 && start[*len - 1] == '\r')
		(*len)--;
	return start;
}

/* "HTTP/1.1 200 OK", "HTTP/1.0 404", "HTTP/2 200": a version, three
 * digits, an optional reason. */
static int
parse_status(struct http_response *h, const char *line, size_t len)
{
	size_t i = 5, start;

	if (len < 5 || memcmp(line, "HTTP/", 5) != 0)
		return -1;
	while (i < len && line[i] != ' ' && line[i] != '\t')
		i++;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	start = i;
	h->status = 0;
	for (; i < len && i < start + 3 && isdigit((unsigned char)line[i]); i++)
		h->status = h->status * 10 + line[i] - '0';
	if (i != start + 3 || (i < len && line[i] != ' ' && line[i] != '\t'))
		return -1;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	free(h->reason);
	h->reason = xstrndup(line + i, len - i);
	return 0;
}

/* A header line, or an obs-fold line continuing the header before.
 * last is that header's value, a buf over its memory: a fold is appended
 * to it in place, not joined anew (quadratic in the number of folds). */
static void
add_header(struct http_response *h, const char *line, size_t len,
    struct buf *last)
{
	const char *colon = memchr(line, ':', len), *v;
	struct warc_field *f;
	size_t vlen;

	if ((*line == ' ' || *line == '\t') && h->nheaders > 0) {
		while (len > 0 && (*line == ' ' || *line == '\t'))
			line++, len--;
		buf_putc(last, ' ');
		buf_append(last, line, len);
		h->headers[h->nheaders - 1].value = last->data;
		return;
	}
	if (colon == NULL || colon == line)
		return;				/* not a header: ignored */
	v = colon + 1;
	while (v < line + len && (*v == ' ' || *v == '\t'))
		v++;
	vlen = (size_t)(line + len - v);
	while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	if ((h->nheaders & (h->nheaders - 1)) == 0)	/* 0, 1, 2, 4 ...: grow */
		h->headers = xrealloc(h->headers, (h->nheaders ? h->nheaders * 2 :
		    1) * sizeof *h->headers);
	f = &h->headers[h->nheaders++];
	f->name = xstrndup(line, (size_t)(colon - line));
	f->value = xstrndup(v, vlen);
	last->data = f->value;			/* as xstrndup made it */
	last->len = vlen;
	last->cap = vlen + 1;
}

/* The size of a chunk: hex digits, then nothing, white space or a
 * ";extension".  -1 if not that, or absurd. */
static long long
chunk_size(const char *line, size_t len)
{
	long long size = 0;
	size_t i;
	int c;

	for (i = 0; i < len && isxdigit((unsigned char)line[i]); i++) {
		if (size > (1LL << 40))
			return -1;
		c = tolower((unsigned char)line[i]);
		size = size * 16 + (isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == 0 || !isxdigit((unsigned char)line[0]) ||
	    (i < len && line[i] != ';'))
		return -1;
	return size;
}

/* Undo chunked transfer coding into out.  0 ok (a last chunk missing or
 * cut short, or junk after a chunk: what came), -1 if it is not chunked
 * at all (some crawlers store the body dechunked but keep the header),
 * -2 if over max. */
static int
dechunk(const char *p, size_t n, size_t max, struct buf *out)
{
	size_t pos = 0, len, take;
	const char *line;
	long long size;
	int first = 1;

	while ((line = next_line(p, n, &pos, &len)) != NULL) {
		if ((size = chunk_size(line, len)) < 0)
			return first ? -1 : 0;
		first = 0;
		if (size == 0)
			break;
		take = (unsigned long long)size < n - pos ? (size_t)size :
		    n - pos;
		if (out->len + take > max)
			return -2;
		buf_append(out, p + pos, take);
		pos += take;
		if (pos < n && p[pos] == '\r')
			pos++;
		if (pos < n && p[pos] == '\n')
			pos++;
	}
	return 0;
}

/* Inflate gzip (16+), zlib (0+) or raw deflate (-) data into out. */
static int
inflate_into(const char *p, size_t n, int window, size_t max, struct buf *out)
{
	z_stream z;
	int rc = Z_OK;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, window) != Z_OK)
		return -1;
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	while (rc == Z_OK) {
		buf_reserve(out, 65536);
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len += 65536 - z.avail_out;
		out->data[out->len] = '\0';
		if (out->len > max)
			rc = Z_MEM_ERROR;
		else if (rc == Z_BUF_ERROR && z.avail_in == 0)
			rc = Z_STREAM_END;	/* truncated: keep what came */
	}
	inflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

/* Undo a content coding we know into tmp: 0, 1 if the coding is not one
 * we undo (identity, br, ...: the payload stays, the header says what it
 * is), -1 corrupt or over max. */
static int
undo_coding(const char *ce, const char *p, size_t n, size_t max,
    struct buf *tmp)
{
	if (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0) {
		if (n < 2 || (unsigned char)p[0] != 0x1f ||
		    (unsigned char)p[1] != 0x8b)
			return 1;	/* stored decoded, header kept */
		return inflate_into(p, n, 16 + MAX_WBITS, max, tmp);
	}
	if (strcasecmp(ce, "deflate") != 0)
		return 1;
	if (inflate_into(p, n, MAX_WBITS, max, tmp) == 0)
		return 0;
	buf_reset(tmp);			/* servers send raw deflate too */
	return inflate_into(p, n, -MAX_WBITS, max, tmp);
}

static int
decode_content(struct http_response *h, size_t max, char *err, size_t errlen)
{
	const char *te = http_header(h, "Transfer-Encoding");
	const char *ce = http_header(h, "Content-Encoding");
	struct buf tmp;
	int rc;

	if (te != NULL && strcasestr(te, "chunked") != NULL) {
		rc = dechunk(h->payload, h->payload_len, max, &h->decoded);
		if (rc == -2) {
			snprintf(err, errlen, "chunked body larger than %zu "
			    "bytes", max);
			return -1;
		}
		if (rc == 0) {
			h->payload = h->decoded.data ? h->decoded.data : "";
			h->payload_len = h->decoded.len;
		}
	}
	if (ce == NULL || h->payload_len == 0)
		return 0;
	buf_init(&tmp);
	if ((rc = undo_coding(ce, h->payload, h->payload_len, max, &tmp)) < 0)
		snprintf(err, errlen, "corrupt %s content, or larger than %zu "
		    "bytes", ce, max);
	if (rc != 0) {
		buf_free(&tmp);
		return rc < 0 ? -1 : 0;
	}
	buf_free(&h->decoded);
	h->decoded = tmp;
	h->payload = h->decoded.data ? h->decoded.data : "";
	h->payload_len = h->decoded.len;
	return 0;
}

/* The status line, skipping interim 1xx responses (100 Continue) that
 * some crawlers record before the final one. */
static int
parse_head(struct http_response *h, const char *p, size_t len, size_t *pos)
{
	const char *line;
	struct buf last;
	size_t n;

	for (;;) {
		line = next_line(p, len, pos, &n);
		if (line == NULL || parse_status(h, line, n) < 0)
			return -1;
		buf_init(&last);
		while ((line = next_line(p, len, pos, &n)) != NULL && n > 0)
			add_header(h, line, n, &last);
		if (h->status >= 200 || h->status == 101 || *pos >= len ||
		    len - *pos < 5 || memcmp(p + *pos, "HTTP/", 5) != 0)
			return 0;
		http_response_free(h);
		buf_init(&h->decoded);
	}
}

int
http_parse(const void *block, size_t len, size_t max,
    struct http_response *h, char *err, size_t errlen)
{
	const char *p = block;
	size_t pos = 0;

	memset(h, 0, sizeof *h);
	buf_init(&h->decoded);
	if (parse_head(h, p, len, &pos) < 0) {
		snprintf(err, errlen, "not an HTTP response (bad status line)");
		http_response_free(h);
		return -1;
	}
	h->header_len = pos;
	h->payload = p + pos;
	h->payload_len = len - pos;
	if (decode_content(h, max, err, errlen) < 0) {
		http_response_free(h);
		return -1;
	}
	return 0;
}

int
http_date(const char *s, time_t *out)
{
	/* RFC 9110 5.6.7: IMF-fixdate, and the two obsolete forms a
	 * recipient must still read (RFC 850, asctime).  The C locale's
	 * day and month names are the ones HTTP uses. */
	static const char *const forms[] = {
		"%a, %d %b %Y %H:%M:%S GMT",
		"%A, %d-%b-%y %H:%M:%S GMT",
		"%a %b %e %H:%M:%S %Y",
	};
	struct tm tm;
	const char *end;
	size_t i;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		memset(&tm, 0, sizeof tm);
		if ((end = strptime(s, forms[i], &tm)) != NULL && *end == '\0') {
			*out = timegm(&tm);
			return 0;
		}
	}
	return -1;
}
