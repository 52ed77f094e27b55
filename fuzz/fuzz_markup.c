/* fuzz_markup: a markdown or HTML body as the repeat filter and store
 * read it from a record (lib/markup.c): line by line as the text each
 * line stands for, and whole as its words; the first byte chooses the
 * format.  Also plain text made into paragraphs of either. */
#include <stdint.h>
#include <string.h>

#include "pith.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	enum body_format f = n > 0 && (data[0] & 1) ? BODY_HTML :
	    BODY_MARKDOWN;
	struct body_lines st = { f, 0, 0 };
	const char *s = (const char *)data, *end = s + n, *nl;
	struct buf out;

	buf_init(&out);
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		body_line_text(&st, s, (size_t)(nl - s), &out);
		if (nl == end)
			break;
	}
	buf_reset(&out);
	body_text(f, (const char *)data, n, &out);
	buf_reset(&out);
	body_paragraphs(&out, f, (const char *)data, n);
	buf_reset(&out);
	md_escape(&out, (const char *)data, n, 1);
	buf_free(&out);
	return 0;
}
