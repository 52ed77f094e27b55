/*
 * t_robots: robots.txt parsing and matching (RFC 9309 and its examples).
 * robots.c is included rather than linked: the unit-test rule links
 * clean's modules only, and robots.c needs nothing but libpith.
 */
#include "robots.c"
#include "tap.h"

static int
allowed(const char *txt, const char *agent, const char *path)
{
	struct robots *r = robots_parse(txt, strlen(txt), agent);
	int a = robots_allowed(r, path);

	robots_free(r);
	return a;
}

static void
groups(void)
{
	const char *txt =
	    "User-agent: *\nDisallow: /star\n\n"
	    "User-agent: pith\nUser-agent: other\nDisallow: /named\n\n"
	    "User-agent: Pith\nDisallow: /again\n";

	ok(allowed(txt, "pith", "/star"), "a group naming us replaces *");
	ok(!allowed(txt, "pith", "/named"), "our group applies");
	ok(!allowed(txt, "pith", "/again"), "groups naming us are merged, "
	    "case-insensitively");
	ok(!allowed(txt, "else", "/star"), "others get the * group");
	ok(allowed(txt, "else", "/named"), "and not the named one");
	ok(allowed("Disallow: /x\n", "pith", "/x"),
	    "rules before any user-agent line are ignored");
	ok(allowed("User-agent: pithy\nDisallow: /\n", "pith", "/"),
	    "a longer product token is another crawler");
	ok(!allowed("User-agent: pith/2.0\nDisallow: /\n", "pith", "/"),
	    "a version after the token still names us");
}

static void
matching(void)
{
	const char *txt = "User-agent: *\n"
	    "Disallow: /a\nAllow: /a/b\n"
	    "Disallow: /*.php$\n"
	    "Disallow: /x*y\n"
	    "Allow: /tie\nDisallow: /tie\n"
	    "Disallow:\n"
	    "Disallow: /q?s=  # a comment\n";

	ok(!allowed(txt, "pith", "/a/c"), "prefix match disallows");
	ok(allowed(txt, "pith", "/a/b/c"), "the longest match wins");
	ok(!allowed(txt, "pith", "/dir/index.php"), "'$' anchors the end");
	ok(allowed(txt, "pith", "/dir/index.php?x=1"), "... and only the end");
	ok(!allowed(txt, "pith", "/x123y"), "'*' matches a run");
	ok(allowed(txt, "pith", "/x123"), "'*' still needs what follows");
	ok(allowed(txt, "pith", "/tie"), "Allow wins a tie");
	ok(allowed(txt, "pith", "/other"), "no match: allowed");
	ok(!allowed(txt, "pith", "/q?s=1"), "the query is matched, comment cut");
	ok(allowed("User-agent: *\nDisallow: /\n", "pith", "/robots.txt"),
	    "/robots.txt itself is always allowed");
	ok(allowed("User-agent: *\r\nDisallow: /z\r\n", "pith", "/y") &&
	    !allowed("User-agent: *\r\nDisallow: /z\r\n", "pith", "/z"),
	    "CRLF line ends");
}

/* RFC 9309 §2.2.2 and its table: escapes compared in one form. */
static void
percent_encoding(void)
{
	ok(!allowed("User-agent: *\nDisallow: /foo/bar/\xe3\x83\x84\n", "pith",
	    "/foo/bar/%E3%83%84"), "a UTF-8 rule matches its escaped path");
	ok(!allowed("User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "pith",
	    "/foo/bar/\xe3\x83\x84"), "an escaped rule matches a raw UTF-8 path");
	ok(!allowed("User-agent: *\nDisallow: /foo/bar/%e3%83%84\n", "pith",
	    "/foo/bar/%E3%83%84"), "hex digits compare without case");
	ok(!allowed("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "pith",
	    "/foo/bar/baz"), "escaped unreserved characters in a rule are decoded");
	ok(!allowed("User-agent: *\nDisallow: /foo/bar/baz\n", "pith",
	    "/foo/bar/%62%61%7a"), "... and in a path");
	ok(!allowed("User-agent: *\nDisallow: /%7Euser\n", "pith", "/~user/x"),
	    "%%7E is ~");
	ok(allowed("User-agent: *\nDisallow: /a%2Fb\n", "pith", "/a/b"),
	    "an escaped reserved character stays escaped: %%2F is not /");
	ok(!allowed("User-agent: *\nDisallow: /a%2fb\n", "pith", "/a%2Fb"),
	    "... and matches itself in any case");
	ok(allowed("User-agent: *\nDisallow: /x%2A\n", "pith", "/xyz"),
	    "%%2A is a literal star, not a wildcard");
	ok(!allowed("User-agent: *\nDisallow: /%zz\n", "pith", "/%zz/1"),
	    "a broken escape is compared as it is");
	ok(allowed("User-agent: *\nDisallow: /x\n", "pith", ""),
	    "an empty path (fuzz_robots found it read past its copy)");
	ok(allowed("User-agent: *\nDisallow: /a\nAllow: /%61/b\n", "pith",
	    "/a/b/c"), "lengths are of the normalised rule: /%%61/b is /a/b");
}

static void
whole_site(void)
{
	struct robots *r = robots_all(1);

	ok(robots_allowed(r, "/anything"), "4xx: allow all");
	robots_free(r);
	r = robots_all(0);
	ok(!robots_allowed(r, "/anything"), "5xx or unreachable: disallow all");
	robots_free(r);
}

static void
crawl_delay(void)
{
	const char *txt = "User-agent: *\nCrawl-delay: 7\n\n"
	    "User-agent: pith\nCrawl-delay: 2\n";
	struct robots *r = robots_parse(txt, strlen(txt), "pith");

	ok(robots_crawl_delay_ms(r) == 2000, "our group's Crawl-delay");
	robots_free(r);
	r = robots_parse(txt, strlen(txt), "else");
	ok(robots_crawl_delay_ms(r) == 7000, "the * group's Crawl-delay");
	robots_free(r);
	txt = "User-agent: *\nCrawl-delay: x\n";
	r = robots_parse(txt, strlen(txt), "pith");
	ok(robots_crawl_delay_ms(r) == 0, "a bad Crawl-delay is ignored");
	robots_free(r);
}

int
main(void)
{
	groups();
	matching();
	percent_encoding();
	whole_site();
	crawl_delay();
	return done();
}
