/*
 * fuzz_warc: the WARC reader on any bytes, the HTTP parser on every block
 * and on the bytes themselves, clean's reading of a target URI's host,
 * and the writer as an oracle: every record read, written again and read
 * back, must come back with the same block and fields.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pith.h"
#include "clean.h"

#define MAX_BLOCK (1 << 20)

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

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	int fd = memfd(data, n), rc, records = 0;
	struct warc_reader *w;
	struct warc_record r;
	char err[PITH_ERRLEN];

	parse_http(data, n);
	w = warc_reader_new(fd, "fuzz", MAX_BLOCK);
	warc_record_init(&r);
	while ((rc = warc_read(w, &r, err, sizeof err)) != 0 &&
	    records++ < 10000) {
		if (rc < 0) {
			if (strncmp(err, "offset ", 7) != 0)
				abort();
			continue;
		}
		parse_http(r.block.data ? r.block.data : "", r.block.len);
		(void)repeat_has_host(warc_get(&r, "WARC-Target-URI"));
		if (records <= 2)
			check_round_trip(&r, records == 2);
	}
	warc_record_free(&r);
	warc_reader_free(w);
	close(fd);
	return 0;
}
