/* fuzz_html: the HTML path of clean (pruning, gumbo, the element index,
 * scoring, write-out, metadata) on arbitrary bytes, with small limits so
 * that deep inputs reach the limit code too; an odd first byte makes
 * max-nodes tiny, so that the guard before parsing (html_guard.c) scans
 * tag by tag. */
#include "extract.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	struct extract_opts o = { .preset = PRESET_BALANCED, .comments = 1,
	    .max_depth = 64, .max_nodes = 5000 };
	struct extract ex;
	struct buf utf8;
	struct charset_info ci;
	char err[PITH_ERRLEN];

	if (n > 0 && (data[0] & 1))
		o.max_nodes = 20;
	buf_init(&utf8);
	charset_to_utf8(data, n, NULL, 1, &utf8, &ci, err, sizeof err);
	if (utf8.data != NULL) {		/* as doc.c: it only shrinks */
		utf8.len = html_blank(utf8.data, utf8.len);
		utf8.data[utf8.len] = '\0';
	}
	extract_init(&ex);
	html_extract(utf8.data ? utf8.data : "", utf8.len, "https://a.example/x/y",
	    &o, &ex, err, sizeof err);
	extract_free(&ex);
	buf_free(&utf8);
	return 0;
}
