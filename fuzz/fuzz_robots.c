/* fuzz_robots: robots.txt parsing and matching on arbitrary bytes; the
 * first line is the path to match.  robots.c is included, as in
 * tests/unit/t_robots.c: it needs nothing but libpith. */
#include "../ingest/robots.c"

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	const char *p = (const char *)data, *nl = memchr(p, '\n', n);
	char path[256] = "/";
	struct robots *r;

	if (nl != NULL && (size_t)(nl - p) < sizeof path) {
		memcpy(path, p, (size_t)(nl - p));
		path[nl - p] = '\0';
		n -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	r = robots_parse(p, n, "pith");
	robots_allowed(r, path);
	robots_crawl_delay_ms(r);
	robots_free(r);
	return 0;
}
