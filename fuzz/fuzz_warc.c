/* fuzz_warc: the WARC reader, and the HTTP parser on every block. */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pith.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	int fd = memfd_create("warc", 0), rc, records = 0;
	struct warc_reader *w;
	struct warc_record r;
	struct http_response h;
	char err[PITH_ERRLEN];

	if (fd < 0 || write_all(fd, data, n) < 0)
		abort();
	lseek(fd, 0, SEEK_SET);
	w = warc_reader_new(fd, "fuzz", 1 << 20);
	warc_record_init(&r);
	while ((rc = warc_read(w, &r, err, sizeof err)) != 0 && records++ < 10000) {
		if (rc > 0 && http_parse(r.block.data ? r.block.data : "",
		    r.block.len, 1 << 22, &h, err, sizeof err) >= 0)
			(void)http_header(&h, "Content-Type");
		if (rc > 0)
			http_response_free(&h);
	}
	warc_record_free(&r);
	warc_reader_free(w);
	close(fd);
	return 0;
}
