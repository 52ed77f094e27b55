/* fuzz_charset: sniffing and decoding arbitrary bytes; the first line,
 * when it starts with "ct:", is taken as the HTTP Content-Type. */
#include <string.h>

#include "pith.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	const char *p = (const char *)data, *nl;
	char ct[128] = "", err[PITH_ERRLEN];
	struct charset_info ci;
	struct buf out;

	if (n > 3 && memcmp(p, "ct:", 3) == 0 && (nl = memchr(p, '\n', n)) &&
	    (size_t)(nl - p) < sizeof ct) {
		memcpy(ct, p + 3, (size_t)(nl - p - 3));
		n -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	buf_init(&out);
	sniff_content(p, n);
	charset_to_utf8(p, n, ct[0] ? ct : NULL, 1, &out, &ci, err, sizeof err);
	buf_free(&out);
	return 0;
}
