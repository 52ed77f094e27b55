/*
 * warcin.c: a WARC file (from wget, Heritrix, Common Crawl, or an earlier
 * ingest) is passed through record by record: IDs, dates and fields are
 * kept, so what clean and store see is what was captured.  A damaged
 * record is reported with its offset and skipped; the reader finds the
 * next one.  A file is data, not a stage of this run: its records lose
 * pith's control fields (warc_drop_control), which only ingest itself
 * writes on the records it makes.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"

void
warc_passthrough(struct ingest *in, const char *path)
{
	struct warc_reader *w;
	struct warc_record r;
	char err[PITH_ERRLEN];
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		item_failed(in, path, "%s", strerror(errno));
		return;
	}
	w = warc_reader_new(fd, path, in->max_size);
	warc_reader_foreign(w);
	warc_record_init(&r);
	for (;;) {
		warc_record_reset(&r);
		if ((rc = warc_read(w, &r, err, sizeof err)) == 0)
			break;
		if (rc < 0)		/* "offset N: what": the detail */
			emit_fetch_error(in, path, "damaged WARC record", err);
		else
			emit(in, &r);
	}
	warc_reader_say_dropped(w);
	warc_record_free(&r);
	warc_reader_free(w);
	close(fd);
}
