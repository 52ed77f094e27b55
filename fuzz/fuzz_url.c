/* fuzz_url: the URLs ingest reads from source lists and Location headers
 * (url.c, included as fuzz_robots includes robots.c): credentials taken
 * out, redirects resolved, origins and robots paths.  Whatever the bytes,
 * the URL kept has no userinfo left in its authority. */
#include "../ingest/url.c"
#include "../ingest/failure.c"

/* No "@" in the authority: between the scheme's "://" and the first of
 * "/?#" after it. */
static void
check_bare(const char *url)
{
	size_t scheme = strspn(url, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	const char *auth = url + scheme;
	size_t end;

	if (scheme == 0 || strncmp(auth, "://", 3) != 0)
		return;
	auth += 3;
	end = strcspn(auth, "/?#");
	if (memchr(auth, '@', end) != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	char *s = xstrndup((const char *)data, n), *bare, *user, *password;
	char *to, *origin, *path, why[PITH_ERRLEN];
	struct failure fail = { "", "", 0 };

	bare = url_bare(s, &user, &password);
	check_bare(bare);
	to = url_redirect("http://example.org/a/b?c", s, &fail);
	if (to != NULL) {
		check_bare(to);
		if (!url_is_http(to))
			abort();
	}
	origin = url_origin(bare, why, sizeof why);
	path = url_path(bare);
	free(bare);
	free(user);
	free(password);
	free(to);
	free(origin);
	free(path);
	free(s);
	return 0;
}
