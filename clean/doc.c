/*
 * doc.c: one document through clean, by the library's interface
 * (pith_extract(3)): its bytes sniffed, decoded, blanked and extracted,
 * as any program that links libpith gets them.  Nothing is written here:
 * the document is all it changes.
 */
#include <string.h>

#include "clean.h"

void
document_init(struct document *d)
{
	memset(d, 0, sizeof *d);
}

void
document_free(struct document *d)
{
	if (d != NULL)
		pith_result_free(d->result);
}

/* d->own holds d->data: its memory can be given to the extractor. */
static int
owns_data(const struct document *d)
{
	return d->own != NULL && d->own->data != NULL &&
	    d->data >= d->own->data &&
	    d->data + d->len <= d->own->data + d->own->len;
}

int
clean_document(const struct settings *s, struct document *d, char *err,
    size_t errlen)
{
	enum pith_read as = s->mode == MODE_HTML ? PITH_AS_HTML :
	    s->mode == MODE_TEXT ? PITH_AS_TEXT : PITH_AS_DECLARED;
	struct buf copy;
	int rc;

	if (s->format == OUT_WARC && d->digest[0] == '\0')
		digest_sha1_b32(d->data, d->len, d->digest);
	if (!owns_data(d)) {
		buf_init(&copy);
		buf_append(&copy, d->data, d->len);
		d->own = &copy;
		d->data = copy.data;
	}
	/* the page's memory is given: a page of many megabytes is held once */
	rc = pith_extract_given(s->extractor, as, d->own->data,
	    (size_t)(d->data - d->own->data), d->len, d->base,
	    d->content_type, &d->result);
	buf_init(d->own);		/* the extractor freed it */
	d->own = NULL;
	d->data = NULL;
	if (rc != PITH_OK) {
		snprintf(err, errlen, "%s", pith_extractor_error(s->extractor));
		return -1;
	}
	return 0;
}
