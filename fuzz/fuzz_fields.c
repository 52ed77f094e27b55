/* fuzz_fields: what pith reads from field values and shows of them: the
 * WARC-Date (parse_utc), an HTTP-date (http_date), and the escaping of
 * any bytes for a message or a listing (str_escape), whose output must
 * be valid UTF-8 with no control byte in it. */
#include <stdlib.h>
#include <string.h>

#include "pith.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	char *s = xstrndup((const char *)data, n);
	struct buf out;
	time_t t;
	size_t i;

	(void)parse_utc(s, &t);
	(void)http_date(s, &t);
	buf_init(&out);
	str_escape(&out, (const char *)data, n, ESCAPE_BACKSLASH);
	if (out.len > 0 && !utf8_valid(out.data, out.len))
		abort();
	for (i = 0; i < out.len; i++)
		if ((unsigned char)out.data[i] < 0x20 || out.data[i] == 0x7f)
			abort();
	buf_free(&out);
	free(s);
	return 0;
}
