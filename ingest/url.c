/*
 * url.c: the URLs ingest fetches, read with libcurl's URL API: their
 * origin (the host robots.txt speaks for), the path robots.txt rules are
 * matched against, and the user name and password some of them carry.
 *
 * Credentials are for the request only.  A URL is kept, recorded and
 * shown without them, so that no WARC field, catalog row, manifest line
 * or message holds a password; they are sent to their own origin only,
 * as libcurl does on redirects.
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"

char *
url_origin(const char *url, char *why, size_t whylen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *origin = NULL;
	CURLUcode rc;
	struct buf b;

	if ((rc = curl_url_set(u, CURLUPART_URL, url, 0)) != CURLUE_OK)
		snprintf(why, whylen, "not a URL: %s", curl_url_strerror(rc));
	else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK)
		snprintf(why, whylen, "not a URL with a host");
	else {
		buf_init(&b);
		buf_printf(&b, "%s://%s:%s", scheme, host, port);
		origin = buf_steal(&b);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return origin;
}

char *
url_path(const char *url)
{
	CURLU *u = curl_url();
	char *path = NULL, *query = NULL;
	struct buf b;

	buf_init(&b);
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK)
		buf_puts(&b, path);
	else
		buf_puts(&b, "/");
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK)
		buf_printf(&b, "?%s", query);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return buf_steal(&b);
}

int
url_is_http(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "https://", 8) == 0;
}

/* A URL libcurl cannot read loses what stands between its "//" and the
 * last "@" of its authority: text, not a parse, but no message shows a
 * password either way. */
static char *
cut_userinfo(const char *url)
{
	const char *auth = strstr(url, "://"), *at = NULL, *p;
	size_t end;
	struct buf b;

	if (auth == NULL)
		return xstrdup(url);
	auth += 3;
	end = strcspn(auth, "/?#");
	for (p = auth; p < auth + end; p++)
		if (*p == '@')
			at = p;
	if (at == NULL)
		return xstrdup(url);
	buf_init(&b);
	buf_append(&b, url, (size_t)(auth - url));
	buf_puts(&b, at + 1);
	return buf_steal(&b);
}

/* The user name or password of u, decoded when it can be (libcurl will
 * not decode to a control byte: then as written); owned, NULL if none. */
static char *
credential(CURLU *u, CURLUPart part)
{
	char *s = NULL, *v = NULL;

	if (curl_url_get(u, part, &s, CURLU_URLDECODE) == CURLUE_OK ||
	    curl_url_get(u, part, &s, 0) == CURLUE_OK)
		v = xstrdup(s);
	curl_free(s);
	return v;
}

char *
url_bare(const char *url, char **user, char **password)
{
	CURLU *u = curl_url();
	char *bare = NULL, *s = NULL;

	*user = *password = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) !=
	    CURLUE_OK) {
		curl_url_cleanup(u);
		return cut_userinfo(url);
	}
	*user = credential(u, CURLUPART_USER);
	*password = credential(u, CURLUPART_PASSWORD);
	if (*user == NULL && *password == NULL) {
		curl_url_cleanup(u);
		return xstrdup(url);	/* as given, byte for byte */
	}
	if (curl_url_set(u, CURLUPART_USER, NULL, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
		bare = xstrdup(s);
	curl_free(s);
	curl_url_cleanup(u);
	return bare != NULL ? bare : cut_userinfo(url);
}

char *
url_redirect(const char *from, const char *location, struct failure *why)
{
	CURLU *u = curl_url();
	char *to = NULL, *s = NULL, *user, *password, *shown;
	CURLUcode rc;

	/* libcurl resolved the Location against from, or, when it could
	 * not, handed it over as it came: resolve it here to tell which. */
	if ((rc = curl_url_set(u, CURLUPART_URL, from, 0)) == CURLUE_OK)
		rc = curl_url_set(u, CURLUPART_URL, location,
		    CURLU_NON_SUPPORT_SCHEME);
	if (rc == CURLUE_OK)
		rc = curl_url_get(u, CURLUPART_URL, &s, 0);
	curl_url_cleanup(u);
	if (rc != CURLUE_OK) {
		shown = cut_userinfo(location);
		failure_set(why, "redirect refused: not a URL");
		failure_detail(why, "to %s: %s", shown, curl_url_strerror(rc));
		free(shown);
		curl_free(s);
		return NULL;
	}
	to = url_bare(s, &user, &password);	/* the server's: not used */
	curl_free(s);
	free(user);
	free(password);
	if (!url_is_http(to)) {
		failure_set(why, "redirect refused: only http and https URLs "
		    "are fetched");
		failure_detail(why, "to %s", to);
		free(to);
		return NULL;
	}
	return to;
}
