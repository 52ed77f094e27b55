/* fuzz_html: a page through the library's interface, as clean reads one:
 * sniffed, decoded, blanked, parsed into the pool, extracted; both ways a
 * limit cuts a page, the comments, and the body as text, markdown or
 * HTML with links and images (--body), are chosen by the first byte. */
#include <stdint.h>

#include "pith/extract.h"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	static pith_extractor *x[2];
	struct pith_options o;
	pith_result *r;
	int k = n > 0 && (data[0] & 1);
	unsigned b = n > 0 ? data[0] >> 1 : 0;

	if (x[0] == NULL) {
		pith_options_init(&o);
		o.comments = 1;
		o.max_depth = 64;
		o.max_nodes = 5000;
		x[0] = pith_extractor_new(&o);
		o.max_nodes = 1000;
		x[1] = pith_extractor_new(&o);
	}
	pith_extractor_set_body(x[k], (enum pith_body)(b % 3), (b >> 2) & 3);
	pith_extract_html(x[k], data, n, "https://a.example/x/y", NULL, &r);
	if (r != NULL)
		pith_result_format(r, (b >> 4) & 1 ? PITH_FORMAT_WARC :
		    PITH_FORMAT_JSON, NULL);
	pith_result_free(r);
	return 0;
}
