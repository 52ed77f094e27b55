/*
 * fuzz_warc: the WARC reader on any bytes, the HTTP parser on every block
 * and on the bytes themselves, clean's reading of a target URI's host,
 * and the writer as an oracle: every record read, written again and read
 * back, must come back with the same block and fields.  The bytes are
 * read again with a limit of a few bytes (blocks skipped, records found
 * inside them), and as gzip members, one a record, one of them cut short
 * (the search for the member after it).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "pith.h"
#include "clean.h"

#define MAX_BLOCK (1 << 20)
#define SMALL_BLOCK 64

static int
memfd(const void *p, size_t n)
{
	int fd = memfd_create("warc", 0);

	if (fd < 0 || write_all(fd, p, n) < 0)
		abort();
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void
parse_http(const void *p, size_t n)
{
	struct http_response h;
	char err[PITH_ERRLEN];

	if (http_parse(p, n, 1 << 22, &h, err, sizeof err) == 0) {
		(void)http_header(&h, "Content-Type");
		if (h.header_len > n || (h.decoded.len == 0 &&
		    h.payload_len > n - h.header_len))
			abort();
	}
	http_response_free(&h);
}

/* r written with w's writer and read back must be the same record. */
static void
check_round_trip(struct warc_record *r, int gzip)
{
	struct warc_record back;
	struct warc_writer *w;
	struct warc_reader *rd;
	char err[PITH_ERRLEN];
	int fd = memfd("", 0);
	size_t i;

	w = warc_writer_new(fd, gzip);
	if (warc_write(w, r, err, sizeof err) < 0 ||
	    warc_writer_flush(w, err, sizeof err) < 0)
		abort();
	warc_writer_free(w);
	lseek(fd, 0, SEEK_SET);
	rd = warc_reader_new(fd, "back", MAX_BLOCK);
	warc_record_init(&back);
	if (warc_read(rd, &back, err, sizeof err) != 1 ||
	    back.block.len != r->block.len ||
	    (r->block.len > 0 && memcmp(back.block.data, r->block.data,
	    r->block.len) != 0) || back.nfields != r->nfields)
		abort();
	for (i = 0; i < r->nfields; i++)	/* names the writer keeps */
		if (r->fields[i].name[strcspn(r->fields[i].name, "\r\n: \t")] ==
		    '\0' && warc_get(&back, r->fields[i].name) == NULL)
			abort();
	warc_record_free(&back);
	warc_reader_free(rd);
	close(fd);
}

/* Every record of fd read with limit max: none larger, every error with
 * its offset; with check, each block parsed and the first two written
 * back; without, read as from a file, so no control field is left. */
static void
read_all(int fd, size_t max, int check)
{
	struct warc_reader *w = warc_reader_new(fd, "fuzz", max);
	struct warc_record r;
	char err[PITH_ERRLEN];
	int rc, records = 0;

	if (!check)
		warc_reader_foreign(w);
	warc_record_init(&r);
	while ((rc = warc_read(w, &r, err, sizeof err)) != 0 &&
	    records++ < 10000) {
		if (rc < 0) {
			if (strncmp(err, "offset ", 7) != 0)
				abort();
			continue;
		}
		if (r.block.len > max)
			abort();
		if (!check && (warc_get(&r, PF_FETCH_STATUS) != NULL ||
		    warc_get(&r, PF_REPEATED_KEYS) != NULL ||
		    warc_get(&r, PF_FETCHED) != NULL))
			abort();
		if (!check)
			continue;
		parse_http(r.block.data ? r.block.data : "", r.block.len);
		(void)repeat_has_host(warc_get(&r, "WARC-Target-URI"));
		if (records <= 2)
			check_round_trip(&r, records == 2);
	}
	warc_record_free(&r);
	warc_reader_free(w);
}

/* p[0, n) appended to out as one gzip member, tenths/10 of it. */
static void
gzip_member(const unsigned char *p, size_t n, size_t tenths, struct buf *out)
{
	z_stream z;
	size_t len = out->len;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	buf_reserve(out, deflateBound(&z, n));
	z.next_in = (Bytef *)p;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)(out->cap - out->len - 1);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	out->len += z.total_out * tenths / 10;
	deflateEnd(&z);
}

/* The bytes as gzip members, a new one at each "WARC/"; the last two
 * bytes choose one member and how much of it is kept. */
static void
read_cut_members(const unsigned char *data, size_t n)
{
	const unsigned char *p = data, *end = data + n, *q;
	size_t k = 0, cut = n > 1 ? data[n - 1] % 16 : SIZE_MAX;
	struct buf gz;
	int fd;

	buf_init(&gz);
	while (p < end) {
		q = memmem(p + 1, (size_t)(end - p - 1), "WARC/", 5);
		if (q == NULL)
			q = end;
		gzip_member(p, (size_t)(q - p), k++ == cut ? data[n - 2] % 10 :
		    10, &gz);
		p = q;
	}
	fd = memfd(gz.data ? gz.data : "", gz.len);
	read_all(fd, MAX_BLOCK, 0);
	close(fd);
	buf_free(&gz);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	int fd = memfd(data, n);

	parse_http(data, n);
	read_all(fd, MAX_BLOCK, 1);
	lseek(fd, 0, SEEK_SET);
	read_all(fd, SMALL_BLOCK, 0);
	close(fd);
	read_cut_members(data, n);
	return 0;
}
