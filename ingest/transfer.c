/*
 * transfer.c: one HTTP transfer, from easy-handle options to the record.
 *
 * Redirects are not followed by libcurl but hop by hop by fetch.c, so
 * that every hop is checked against robots.txt and waits its host's turn;
 * each hop is a transfer here.  The record keeps the final response only,
 * and says honestly what it holds: libcurl decoded the Content-Encoding,
 * so that header is renamed X-Pith-Original-Content-Encoding, the
 * Transfer-Encoding is dropped and Content-Length is the decoded length
 * (as Common Crawl does).
 *
 * A page's timeout bounds the URL, not one transfer: its hops, attempts
 * and back-offs share it, and each transfer gets what is left.  Waiting
 * for its host's turn is not counted: host-delay, Crawl-delay and the
 * host's robots.txt bound that.
 */
#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"

/* Backoff between retries: BACKOFF_MS, doubled at each attempt, at most
 * BACKOFF_MAX_MS; a Retry-After longer than RETRY_AFTER_MAX_MS is not
 * waited for (the item fails and says why). */
#define BACKOFF_MS		1000L
#define BACKOFF_MAX_MS		60000L
#define RETRY_AFTER_MAX_MS	120000L
#define HEAD_MAX		(256 * 1024)	/* status line and headers */
/* libcurl's clock and ours differ by a few ms: a transfer that timed out
 * within this of the page's timeout has spent it. */
#define CLOCK_SLACK_MS		20
/* libcurl (7.88) scans its whole DNS cache at every lookup to prune it:
 * with tens of thousands of hosts that scan cost more than the fetching.
 * A short life keeps the cache small and still serves a host's robots.txt
 * and next pages, one host-delay apart. */
#define DNS_CACHE_S		2L

struct job *
job_new(enum job_kind kind, const char *url)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->kind = kind;
	j->asked = xstrdup(url);
	j->url = xstrdup(url);
	buf_init(&j->head);
	buf_init(&j->body);
	return j;
}

void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	free(j->asked);
	free(j->url);
	free(j->user);
	free(j->password);
	free(j->etag);
	free(j->last_modified);
	curl_slist_free_all(j->headers);
	buf_free(&j->head);
	buf_free(&j->body);
	free(j);
}

/* Header lines of every response come here, redirects and 1xx included:
 * a status line starts a new response and drops what came before. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct job *j = arg;
	size_t len = size * n;

	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		buf_reset(&j->head);
		buf_reset(&j->body);
		j->cut = 0;
	} else if (j->body.len > 0) {
		return len;		/* trailers: not part of the head */
	}
	if (len > HEAD_MAX - j->head.len)
		return 0;		/* aborts: CURLE_WRITE_ERROR */
	buf_append(&j->head, p, len);
	return len;
}

/* robots.txt keeps its first max bytes (RFC 9309 2.5: at least 500 KiB)
 * less a last line the cap cut in two: "Allow: /private" cut from
 * "Allow: /private-archive/" would allow what the file does not. */
static void
keep_whole_lines(struct job *j, const char *p, size_t n)
{
	buf_append(&j->body, p, n);
	while (j->body.len > 0 && j->body.data[j->body.len - 1] != '\n' &&
	    j->body.data[j->body.len - 1] != '\r')
		j->body.len--;
	j->body.data[j->body.len] = '\0';
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct job *j = arg;
	size_t len = size * n;

	if (len > j->max - j->body.len) {
		if (j->kind == JOB_ROBOTS)
			keep_whole_lines(j, p, j->max - j->body.len);
		j->cut = 1;
		return 0;		/* aborts the transfer: CURLE_WRITE_ERROR */
	}
	buf_append(&j->body, p, len);
	return len;
}

/* If-None-Match and If-Modified-Since from the validators of the last
 * fetch: a server whose page has not changed answers 304. */
static void
conditional_headers(CURL *c, struct job *j)
{
	struct curl_slist *list = NULL;
	struct buf line;

	curl_slist_free_all(j->headers);
	buf_init(&line);
	if (j->etag != NULL) {
		buf_printf(&line, "If-None-Match: %s", j->etag);
		list = curl_slist_append(list, line.data);
	}
	if (j->last_modified != NULL) {
		buf_reset(&line);
		buf_printf(&line, "If-Modified-Since: %s", j->last_modified);
		list = curl_slist_append(list, line.data);
	}
	buf_free(&line);
	j->headers = list;
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
}

/* What a page has left of its timeout, in ms; LLONG_MAX when unbounded
 * (robots.txt, whose transfers each get the timeout, or timeout 0). */
static long long
time_left(const struct job *j, const struct transfer_opts *o)
{
	if (j->kind == JOB_ROBOTS || o->timeout_ms <= 0)
		return LLONG_MAX;
	return o->timeout_ms - j->spent_ms;
}

void
transfer_setup(void *easy, struct job *j, const struct transfer_opts *o)
{
	CURL *c = easy;
	long long left = time_left(j, o);
	long timeout = left == LLONG_MAX ? o->timeout_ms :
	    left > 1 ? (long)left : 1;

	buf_reset(&j->head);
	buf_reset(&j->body);
	j->cut = 0;
	j->curl_err[0] = '\0';
	j->max = j->kind == JOB_ROBOTS ? 512 * 1024 : o->max_size;
	j->started = time(NULL);
	j->began = monotonic_ms(0);
	j->attempt++;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, j->url);
	curl_easy_setopt(c, CURLOPT_PRIVATE, j);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);	/* fetch.c does */
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, o->user_agent);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	/* A page larger than it declares fails at once; robots.txt is read
	 * up to its cap whatever it declares (on_body stops it there). */
	if (j->kind == JOB_PAGE)
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
		    (curl_off_t)j->max);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_DNS_CACHE_TIMEOUT, DNS_CACHE_S);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, j->curl_err);
	if (j->auth_host != NULL && j->host == j->auth_host) {
		curl_easy_setopt(c, CURLOPT_USERNAME, j->user ? j->user : "");
		curl_easy_setopt(c, CURLOPT_PASSWORD, j->password ?
		    j->password : "");
	}
	conditional_headers(c, j);
}

/* Failures worth another try: the network, not the request. */
static int
transient_curl(CURLcode code)
{
	switch (code) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static int
transient_status(long status)
{
	return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

static long
backoff_ms(int attempt)
{
	long ms = BACKOFF_MS;

	while (--attempt > 0 && ms < BACKOFF_MAX_MS)
		ms *= 2;
	return ms < BACKOFF_MAX_MS ? ms : BACKOFF_MAX_MS;
}

/* "HTTP 404" the reason, the status line's reason phrase ("Not Found",
 * whatever the server wrote) the detail. */
static void
status_failure(const struct job *j, long status, struct failure *why)
{
	const char *line = j->head.data ? j->head.data : "";
	const char *end = line + strcspn(line, "\r\n"), *p;

	failure_set(why, "HTTP %ld", status);
	if ((p = memchr(line, ' ', (size_t)(end - line))) != NULL &&
	    (p = memchr(p + 1, ' ', (size_t)(end - p - 1))) != NULL &&
	    end - p > 1)
		failure_detail(why, "%.*s", (int)(end - p - 1), p + 1);
}

/* "5 s", or "1500 ms" when not whole seconds. */
static void
duration_text(long long ms, char *out, size_t outlen)
{
	if (ms % 1000 == 0)
		snprintf(out, outlen, "%lld s", ms / 1000);
	else
		snprintf(out, outlen, "%lld ms", ms);
}

/* The URL's timeout is spent: "timed out after 30 s", whatever the hops
 * (they are the detail). */
static enum verdict
timed_out(const struct transfer_opts *o, int hops, struct failure *why)
{
	char limit[32];

	duration_text(o->timeout_ms, limit, sizeof limit);
	failure_set(why, "timed out after %s", limit);
	failure_detail(why, "%d hop%s", hops, hops == 1 ? "" : "s");
	return T_FAILED;
}

/* The reason of a libcurl failure: one phrase for every URL that failed
 * so, whatever libcurl's message (the detail) says of names, addresses,
 * ports and milliseconds.  A code not here is named by
 * curl_easy_strerror(), which is as stable. */
static const struct {
	CURLcode code;
	const char *reason;
} curl_reasons[] = {
	/* no address for the name: no such name, or no DNS */
	{ CURLE_COULDNT_RESOLVE_HOST, "could not resolve host" },
	{ CURLE_COULDNT_RESOLVE_PROXY, "could not resolve proxy" },
	/* made more precise by the connect's errno: connect_reasons */
	{ CURLE_COULDNT_CONNECT, "could not connect" },
	/* no chain to a trusted CA, expired, or not the host's name */
	{ CURLE_PEER_FAILED_VERIFICATION, "TLS certificate not trusted" },
	{ CURLE_SSL_CONNECT_ERROR, "TLS handshake failed" },
	/* closed before a status line */
	{ CURLE_GOT_NOTHING, "empty reply from server" },
	/* reset or closed mid-transfer */
	{ CURLE_SEND_ERROR, "connection lost while sending" },
	{ CURLE_RECV_ERROR, "connection lost while receiving" },
	/* closed before its Content-Length or last chunk */
	{ CURLE_PARTIAL_FILE, "response cut short" },
	{ CURLE_WEIRD_SERVER_REPLY, "not an HTTP response" },
	/* gzip or deflate that does not inflate */
	{ CURLE_BAD_CONTENT_ENCODING, "body cannot be decoded" },
	/* on_header's cap (HEAD_MAX) */
	{ CURLE_WRITE_ERROR, "headers larger than 256 KiB" },
	{ CURLE_HTTP2, "HTTP/2 error" },
	{ CURLE_HTTP2_STREAM, "HTTP/2 stream error" },
	{ CURLE_OUT_OF_MEMORY, "out of memory" },
};

/* CURLE_COULDNT_CONNECT by the errno of the connect: what a user can act
 * on differs. */
static const struct {
	int errnum;
	const char *reason;
} connect_reasons[] = {
	{ ECONNREFUSED, "connection refused" },	/* up, nothing on the port */
	{ EHOSTUNREACH, "host unreachable" },	/* no route to it */
	{ ENETUNREACH, "network unreachable" },	/* nor to its network */
	{ ETIMEDOUT, "timed out connecting" },	/* the kernel gave up */
};

/* The request went out, so a connection was made (a new one or one
 * reused: libcurl gives no connect time to the latter). */
static int
connected(const struct job *j)
{
	long sent = 0;

	curl_easy_getinfo(j->easy, CURLINFO_REQUEST_SIZE, &sent);
	return sent > 0 || j->head.len > 0;
}

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const char *
curl_reason(const struct job *j, CURLcode code)
{
	long errnum = 0;
	size_t i;

	if (code == CURLE_COULDNT_CONNECT)
		curl_easy_getinfo(j->easy, CURLINFO_OS_ERRNO, &errnum);
	for (i = 0; errnum != 0 && i < NELEM(connect_reasons); i++)
		if (connect_reasons[i].errnum == errnum)
			return connect_reasons[i].reason;
	for (i = 0; i < NELEM(curl_reasons); i++)
		if (curl_reasons[i].code == code)
			return curl_reasons[i].reason;
	return curl_easy_strerror(code);
}

/* A transfer libcurl ended: its reason by the tables above, and by
 * whether the host was reached; libcurl's own message the detail. */
static void
curl_failure(const struct job *j, CURLcode code,
    const struct transfer_opts *o, struct failure *why)
{
	int reached = connected(j);
	char limit[32];

	if (code == CURLE_OPERATION_TIMEDOUT && !reached)
		failure_set(why, "timed out connecting");
	else if (code == CURLE_OPERATION_TIMEDOUT) {
		duration_text(o->timeout_ms, limit, sizeof limit);
		failure_set(why, "timed out after %s", limit);
	} else
		failure_set(why, "%s", curl_reason(j, code));
	why->unreachable = code == CURLE_COULDNT_RESOLVE_HOST ||
	    code == CURLE_COULDNT_CONNECT ||
	    (code == CURLE_OPERATION_TIMEDOUT && !reached);
	if (j->curl_err[0] != '\0')
		failure_detail(why, "%s", j->curl_err);
}

/* Try again after the back-off, or after retry_after s if the server
 * asked for longer (at most RETRY_AFTER_MAX_MS), unless the wait would
 * pass the page's timeout: then fail, why (saying what failed) saying so
 * too.  A back-off is time the page spends. */
static enum verdict
retry_in(struct job *j, const struct transfer_opts *o, curl_off_t retry_after,
    long *wait_ms, struct failure *why)
{
	long ms = backoff_ms(j->attempt);
	int asked = retry_after > 0 && retry_after * 1000 >= ms;
	char limit[32], wait[32];

	if (asked)
		ms = (long)retry_after * 1000;
	if (ms < time_left(j, o)) {
		j->spent_ms += ms;
		*wait_ms = ms;
		return T_RETRY;
	}
	duration_text(o->timeout_ms, limit, sizeof limit);
	duration_text(ms, wait, sizeof wait);
	failure_detail(why, asked ?
	    "Retry-After %s is past the URL's timeout of %s" :
	    "a retry in %s would pass the URL's timeout of %s", wait, limit);
	return T_FAILED;
}

static enum verdict
redirect_verdict(struct job *j, const char *location,
    const struct transfer_opts *o, struct failure *why)
{
	char *to;

	if ((to = url_redirect(j->url, location, why)) == NULL)
		return T_FAILED;
	if (j->redirects >= o->max_redirects) {
		failure_set(why, "more than %ld redirects", o->max_redirects);
		failure_detail(why, "last to %s", to);
		free(to);
		return T_FAILED;
	}
	free(j->url);
	j->url = to;
	j->redirects++;
	j->attempt = 0;
	return T_REDIRECT;
}

static enum verdict
status_verdict(struct job *j, long status, const struct transfer_opts *o,
    long *wait_ms, struct failure *why)
{
	curl_off_t retry_after = 0;
	char *to = NULL;
	enum verdict v;

	curl_easy_getinfo(j->easy, CURLINFO_REDIRECT_URL, &to);
	if (status >= 300 && status < 400 && status != 304 && to != NULL) {
		v = redirect_verdict(j, to, o, why);
		if (v == T_REDIRECT && time_left(j, o) <= 0)
			v = timed_out(o, j->redirects, why);
		return v;
	}
	if (j->kind == JOB_ROBOTS || status < 400)
		return T_DONE;		/* robots: fetch.c reads the status */
	status_failure(j, status, why);
	if (!transient_status(status) || j->attempt > o->retries) {
		if (transient_status(status) && o->retries > 0)
			failure_detail(why, "retries exhausted");
		return T_FAILED;
	}
	/* Seconds, as large as the server likes (2^63-1 overflowed "* 1000");
	 * negative for a date past (libcurl before 8.12), 0 for none or
	 * garbage: those wait the back-off. */
	curl_easy_getinfo(j->easy, CURLINFO_RETRY_AFTER, &retry_after);
	if (retry_after > RETRY_AFTER_MAX_MS / 1000) {
		failure_detail(why, "Retry-After %lld s is too long",
		    (long long)retry_after);
		return T_FAILED;
	}
	return retry_in(j, o, retry_after, wait_ms, why);
}

enum verdict
transfer_verdict(struct job *j, int curl_code, const struct transfer_opts *o,
    long *wait_ms, struct failure *why)
{
	CURLcode code = (CURLcode)curl_code;
	long status = 0;

	why->unreachable = 0;
	j->spent_ms += monotonic_ms(1) - j->began;
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	if (code == CURLE_OK)
		return status_verdict(j, status, o, wait_ms, why);
	if (j->cut || code == CURLE_FILESIZE_EXCEEDED) {
		j->cut = 1;
		if (j->kind == JOB_ROBOTS)
			return T_DONE;	/* the rules: see keep_whole_lines */
		failure_set(why, "body larger than max-size (%zu bytes), cut",
		    j->max);
		return T_FAILED;
	}
	if (code == CURLE_OPERATION_TIMEDOUT && connected(j) &&
	    time_left(j, o) <= CLOCK_SLACK_MS)
		return timed_out(o, j->redirects + 1, why);
	curl_failure(j, code, o, why);
	if (transient_curl(code) && j->attempt <= o->retries)
		return retry_in(j, o, 0, wait_ms, why);
	return T_FAILED;
}

static int
is_header(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && line[n] == ':' && strncasecmp(line, name, n) == 0;
}

/* Status line and headers as received, made honest about the body we
 * keep (see the top of the file), then the body. */
static void
http_block(const struct job *j, struct buf *out)
{
	const char *p = j->head.data ? j->head.data : "";
	const char *end = p + j->head.len, *eol, *next;
	static const char renamed[] = "X-Pith-Original-Content-Encoding";
	int first = 1, keep = 1;
	size_t len;

	for (; p < end; p = next) {
		eol = memchr(p, '\n', (size_t)(end - p));
		next = eol ? eol + 1 : end;
		len = (size_t)((eol ? eol : end) - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		if (!first && (*p == ' ' || *p == '\t')) {
			if (!keep)
				continue;	/* folded line of a dropped header */
		} else if (!first && (is_header(p, len, "Transfer-Encoding") ||
		    is_header(p, len, "Content-Length"))) {
			keep = 0;
			continue;
		} else if (!first && is_header(p, len, "Content-Encoding")) {
			buf_puts(out, renamed);
			p += strlen("Content-Encoding");
			len -= strlen("Content-Encoding");
		}
		keep = 1;
		first = 0;
		buf_append(out, p, len);
		buf_puts(out, "\r\n");
	}
	buf_printf(out, "Content-Length: %zu\r\n\r\n", j->body.len);
	buf_append(out, j->body.data ? j->body.data : "", j->body.len);
}

/* 304: nothing new.  The record keeps the validators, the server's if
 * it sent them again, else those we sent, for the next run. */
static void
emit_not_modified(struct ingest *in, struct job *j, const char *date)
{
	struct http_response h = { 0 };
	struct warc_record r;
	const char *etag = j->etag, *lastmod = j->last_modified, *v;
	char why[PITH_ERRLEN];

	if (http_parse(j->head.data ? j->head.data : "", j->head.len, 4096, &h,
	    why, sizeof why) == 0) {
		if ((v = http_header(&h, "ETag")) != NULL && *v != '\0')
			etag = v;
		if ((v = http_header(&h, "Last-Modified")) != NULL && *v != '\0')
			lastmod = v;
	}
	warc_record_init(&r);
	warc_set(&r, "WARC-Date", date);
	warc_set(&r, PF_SOURCE_URI, j->asked);
	if (etag != NULL)
		warc_set(&r, PF_SRC_ETAG, etag);
	if (lastmod != NULL)
		warc_set(&r, PF_SRC_LASTMOD, lastmod);
	emit_fetch_status(in, &r, j->url, FETCH_NOT_MODIFIED, NULL);
	warc_record_free(&r);
	http_response_free(&h);
}

void
transfer_emit(struct ingest *in, struct job *j)
{
	struct warc_record r;
	char date[21], *ip = NULL;
	long status = 0;

	format_utc(j->started, date);
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status == 304) {
		emit_not_modified(in, j, date);
		return;
	}
	warc_record_init(&r);
	warc_set(&r, "WARC-Type", "response");
	warc_set(&r, "WARC-Target-URI", j->url);
	warc_set(&r, "WARC-Date", date);
	warc_set(&r, "Content-Type", "application/http; msgtype=response");
	if (curl_easy_getinfo(j->easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK &&
	    ip != NULL && *ip != '\0')
		warc_set(&r, "WARC-IP-Address", ip);
	warc_set(&r, PF_SOURCE_URI, j->asked);
	warc_set(&r, PF_FETCHED, "live");
	http_block(j, &r.block);
	emit(in, &r);
	warc_record_free(&r);
}

void
agent_token(const char *user_agent, char *out, size_t outlen)
{
	size_t n = strcspn(user_agent, "/ \t");

	snprintf(out, outlen, "%.*s", (int)n, user_agent);
}
