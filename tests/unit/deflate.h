/*
 * deflate.h: compressed test inputs for the unit tests (t_http, t_warc).
 * Header-only, as tap.h is.
 */
#ifndef TEST_DEFLATE_H
#define TEST_DEFLATE_H

#include <string.h>
#include <zlib.h>

#include "pith.h"

/* n bytes of p appended to out compressed: gzip (window 16 + MAX_WBITS),
 * zlib (MAX_WBITS) or raw deflate (-MAX_WBITS). */
static void
deflated(const void *p, size_t n, int window, struct buf *out)
{
	z_stream s;

	memset(&s, 0, sizeof s);
	deflateInit2(&s, 6, Z_DEFLATED, window, 8, Z_DEFAULT_STRATEGY);
	buf_reserve(out, deflateBound(&s, n) + 32);
	s.next_in = (Bytef *)p;
	s.avail_in = (uInt)n;
	s.next_out = (Bytef *)out->data + out->len;
	s.avail_out = (uInt)(out->cap - out->len - 1);
	deflate(&s, Z_FINISH);
	out->len = out->cap - 1 - s.avail_out;
	deflateEnd(&s);
}

#endif
