/* fuzz_text: the plain-text path of clean on arbitrary bytes. */
#include "extract.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	struct extract_opts o = { .preset = (enum preset)(n % 3) };
	struct extract ex;
	struct buf utf8;
	struct charset_info ci;
	char err[PITH_ERRLEN];

	buf_init(&utf8);
	charset_to_utf8(data, n, "text/plain", 0, &utf8, &ci, err, sizeof err);
	extract_init(&ex);
	text_extract(utf8.data ? utf8.data : "", utf8.len, &o, &ex, err, sizeof err);
	extract_free(&ex);
	buf_free(&utf8);
	return 0;
}
