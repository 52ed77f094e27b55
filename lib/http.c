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

static int
parse_status(struct http_response *h, const char *line, size_t len)
{
	size_t i = 0;
	int status = 0, digits = 0;

	if (len < 12 || strncmp(line, "HTTP/", 5) != 0)
		return -1;
	while (i < len && line[i] != ' ')
		i++;
	while (i < len && line[i] == ' ')
		i++;
	for (; i < len && isdigit((unsigned char)line[i]) && digits < 3; i++)
		status = status * 10 + line[i] - '0', digits++;
	if (digits != 3 || (i < len && line[i] != ' '))
		return -1;
	h->status = status;
	while (i < len && line[i] == ' ')
		i++;
	h->reason = xstrndup(line + i, len - i);
	return 0;
}

static void
add_header(struct http_response *h, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len), *v;
	struct warc_field *last;
	char *joined;
	size_t vlen;

	if ((*line == ' ' || *line == '\t') && h->nheaders > 0) {
		last = &h->headers[h->nheaders - 1];	/* obs-fold */
		while (len > 0 && (*line == ' ' || *line == '\t'))
			line++, len--;
		vlen = strlen(last->value);
		joined = xmalloc(vlen + len + 2);
		memcpy(joined, last->value, vlen);
		joined[vlen] = ' ';
		memcpy(joined + vlen + 1, line, len);
		joined[vlen + len + 1] = '\0';
		free(last->value);
		last->value = joined;
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
	h->headers = xrealloc(h->headers, (h->nheaders + 1) * sizeof *h->headers);
	h->headers[h->nheaders].name = xstrndup(line, (size_t)(colon - line));
	h->headers[h->nheaders].value = xstrndup(v, vlen);
	h->nheaders++;
}

/* Undo chunked transfer coding into out; -1 if malformed or over max. */
static int
dechunk(const char *p, size_t n, size_t max, struct buf *out)
{
	size_t pos = 0, len, size;
	const char *line;
	char *end;

	while ((line = next_line(p, n, &pos, &len)) != NULL) {
		if (len == 0 || !isxdigit((unsigned char)*line))
			return -1;
		size = strtoul(line, &end, 16);
		if (size == 0)
			return 0;
		if (size > n - pos || out->len + size > max)
			return -1;
		buf_append(out, p + pos, size);
		pos += size;
		if (pos < n && p[pos] == '\r')
			pos++;
		if (pos < n && p[pos] == '\n')
			pos++;
	}
	return 0;				/* no last chunk: take what came */
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

static int
decode_content(struct http_response *h, size_t max, char *err, size_t errlen)
{
	const char *te = http_header(h, "Transfer-Encoding");
	const char *ce = http_header(h, "Content-Encoding");
	struct buf tmp;
	int rc = 0;

	if (te != NULL && strcasestr(te, "chunked") != NULL) {
		buf_reset(&h->decoded);
		if (dechunk(h->payload, h->payload_len, max, &h->decoded) == 0) {
			h->payload = h->decoded.data ? h->decoded.data : "";
			h->payload_len = h->decoded.len;
		}
	}
	if (ce == NULL || h->payload_len == 0)
		return 0;
	buf_init(&tmp);
	if (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0)
		rc = inflate_into(h->payload, h->payload_len, 16 + MAX_WBITS,
		    max, &tmp);
	else if (strcasecmp(ce, "deflate") == 0) {
		rc = inflate_into(h->payload, h->payload_len, MAX_WBITS, max,
		    &tmp);
		if (rc < 0) {
			buf_reset(&tmp);
			rc = inflate_into(h->payload, h->payload_len,
			    -MAX_WBITS, max, &tmp);
		}
	} else {
		buf_free(&tmp);
		return 0;			/* identity, or one we lack (br) */
	}
	if (rc < 0) {
		snprintf(err, errlen, "corrupt or oversized %s content", ce);
		buf_free(&tmp);
		return -1;
	}
	buf_free(&h->decoded);
	h->decoded = tmp;
	h->payload = h->decoded.data ? h->decoded.data : "";
	h->payload_len = h->decoded.len;
	return 0;
}

int
http_parse(const void *block, size_t len, size_t max,
    struct http_response *h, char *err, size_t errlen)
{
	const char *p = block, *line;
	size_t pos = 0, n;

	memset(h, 0, sizeof *h);
	buf_init(&h->decoded);
	line = next_line(p, len, &pos, &n);
	if (line == NULL || parse_status(h, line, n) < 0) {
		snprintf(err, errlen, "not an HTTP response (bad status line)");
		return -1;
	}
	while ((line = next_line(p, len, &pos, &n)) != NULL && n > 0)
		add_header(h, line, n);
	h->header_len = pos;
	h->payload = p + pos;
	h->payload_len = len - pos;
	return decode_content(h, max, err, errlen);
}
