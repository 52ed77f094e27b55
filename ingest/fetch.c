/*
 * fetch.c: the URL scheduler, on libcurl's multi interface.
 *
 * URLs are queued per host (scheme, name and port: the origin robots.txt
 * speaks for).  A host runs one transfer at a time and waits host-delay
 * (or its robots.txt Crawl-delay, if longer) between two; up to
 * `connections` hosts run at once.  Before a host's first page its
 * robots.txt is fetched; 4xx (but 429) means allow all, and a robots.txt
 * that cannot be read disallows all (RFC 9309; see robots_known).  A
 * retry waits at the head of its host's queue; a redirect goes to the
 * head of its new host's queue, so every hop is checked and polite.
 *
 * Hosts that could start a transfer wait in a min-heap keyed by the time
 * they may (politeness, backoff): each pass looks only at the hosts whose
 * time has come, so tens of thousands of hosts cost no more than a few.
 * A host is in the heap while it has a job queued, is not busy and does
 * not wait for its robots.txt; schedule() puts it right after any change.
 */
#include <curl/curl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ingest.h"

#define POLL_MAX_MS 1000	/* wake at least this often */
/* Hosts waiting per connection up to which a connection is kept for the
 * host's next URL: libcurl's own cache holds 4 a transfer. */
#define KEEP_HOSTS_PER_CONN 4

enum robots_state { ROBOTS_UNKNOWN, ROBOTS_FETCHING, ROBOTS_KNOWN };

struct host {
	char *origin;			/* "https://example.org:443"; owned */
	struct job *queue, *last;	/* waiting jobs; owned */
	int busy;			/* a transfer is running */
	long long next_ok;		/* monotonic ms: politeness */
	long delay_ms;
	enum robots_state robots_state;
	struct robots *robots;		/* owned, once known */
	struct failure *robots_failed;	/* why all is disallowed, or NULL;
					   owned */
	struct host *next;		/* every host, in order of arrival */
	struct host *chain;		/* the next in its hash bucket */
	long long ready;		/* heap key: when it may start */
	size_t slot;			/* index in the heap + 1; 0: not in it */
};

struct fetcher {
	CURLM *multi;
	CURL **idle;			/* easy handles kept for reuse */
	size_t nidle;
	struct host *hosts, *last_host;
	struct host **buckets;		/* hash of hosts by origin */
	size_t nbuckets, nhosts;
	struct host **heap;		/* hosts by ready time, earliest first */
	size_t nheap, heap_cap;
	struct transfer_opts opts;
	char *user_agent;		/* owned */
	char agent[64];			/* product token for robots.txt */
	long host_delay_ms;
	int robots;
	size_t running, max_running;
	size_t jobs;			/* jobs not yet finished */
	struct validators_reader *val;	/* of earlier runs, or NULL */
};

long long
monotonic_ms(int round_up)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + (ts.tv_nsec +
	    (round_up ? 999999 : 0)) / 1000000;
}

static long long
now_ms(void)
{
	return monotonic_ms(0);
}

/* The time ms from now, rounded up: a host may start again when now_ms()
 * (rounded down) reaches it, never before ms have passed. */
static long long
after_ms(long ms)
{
	return monotonic_ms(1) + ms;
}

static void
configure(struct fetcher *f, const struct conf *c)
{
	const char *ua = conf_str(c, "ingest", "user-agent");
	struct buf b;

	buf_init(&b);
	if (*ua != '\0')
		buf_puts(&b, ua);
	else
		buf_printf(&b, "pith/%s (+%s)", PITH_VERSION,
		    conf_str(c, "ingest", "contact"));
	f->user_agent = buf_steal(&b);
	agent_token(f->user_agent, f->agent, sizeof f->agent);
	f->opts.user_agent = f->user_agent;
	f->opts.timeout_ms = (long)conf_int(c, "ingest", "timeout");
	f->opts.connect_timeout_ms = (long)conf_int(c, "ingest",
	    "connect-timeout");
	f->opts.max_size = (size_t)conf_int(c, "ingest", "max-size");
	f->opts.max_redirects = (long)conf_int(c, "ingest", "max-redirects");
	f->opts.retries = (int)conf_int(c, "ingest", "retries");
	f->host_delay_ms = (long)conf_int(c, "ingest", "host-delay");
	f->max_running = (size_t)conf_int(c, "ingest", "connections");
	f->robots = conf_bool(c, "ingest", "robots");
}

/* The validators of earlier runs, from the catalog, for conditional GET.
 * A catalog that cannot serve costs bandwidth, not data: said once, and
 * the run goes on. */
static void
open_validators(struct fetcher *f, const struct conf *c)
{
	const char *dir = conf_str(c, "ingest", "catalog");
	char err[PITH_ERRLEN];

	if (*dir != '\0' && catalog_validators_open(dir, &f->val, err,
	    sizeof err) < 0)
		msg_warnx("%s: conditional GET off for this run", err);
}

struct fetcher *
fetcher_new(const struct conf *conf, char *err, size_t errlen)
{
	struct fetcher *f;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl cannot be initialised");
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	if ((f->multi = curl_multi_init()) == NULL) {
		snprintf(err, errlen, "libcurl: no multi handle");
		free(f);
		curl_global_cleanup();
		return NULL;
	}
	configure(f, conf);
	open_validators(f, conf);
	f->idle = xcalloc(f->max_running, sizeof *f->idle);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)f->max_running);
	return f;
}

static size_t
hash(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Twice as many buckets when there are as many hosts as buckets. */
static void
rehash(struct fetcher *f)
{
	struct host *h;
	size_t i;

	f->nbuckets = f->nbuckets ? f->nbuckets * 2 : 64;
	free(f->buckets);
	f->buckets = xcalloc(f->nbuckets, sizeof *f->buckets);
	for (h = f->hosts; h != NULL; h = h->next) {
		i = hash(h->origin) % f->nbuckets;
		h->chain = f->buckets[i];
		f->buckets[i] = h;
	}
}

static struct host *
host_get(struct fetcher *f, const char *origin)
{
	struct host *h;
	size_t i;

	if (f->nhosts >= f->nbuckets)
		rehash(f);
	i = hash(origin) % f->nbuckets;
	for (h = f->buckets[i]; h != NULL; h = h->chain)
		if (strcmp(h->origin, origin) == 0)
			return h;
	h = xcalloc(1, sizeof *h);
	h->origin = xstrdup(origin);
	h->delay_ms = f->host_delay_ms;
	h->chain = f->buckets[i];
	f->buckets[i] = h;
	if (f->last_host != NULL)
		f->last_host->next = h;
	else
		f->hosts = h;
	f->last_host = h;
	f->nhosts++;
	return h;
}

static void
push_back(struct host *h, struct job *j)
{
	j->host = h;
	j->next = NULL;
	if (h->last != NULL)
		h->last->next = j;
	else
		h->queue = j;
	h->last = j;
}

static void
push_front(struct host *h, struct job *j)
{
	j->host = h;
	j->next = h->queue;
	h->queue = j;
	if (h->last == NULL)
		h->last = j;
}

static struct job *
pop_front(struct host *h)
{
	struct job *j = h->queue;

	h->queue = j->next;
	if (h->queue == NULL)
		h->last = NULL;
	j->next = NULL;
	return j;
}

/* When host h could start its next job, LLONG_MAX if it cannot. */
static long long
ready_at(const struct fetcher *f, const struct host *h)
{
	long long t;

	if (h->busy || h->queue == NULL)
		return LLONG_MAX;
	if (h->queue->kind == JOB_PAGE && h->robots_state == ROBOTS_FETCHING)
		return LLONG_MAX;
	t = h->next_ok;
	return h->queue->not_before > t ? h->queue->not_before : t;
}

static void
heap_set(struct fetcher *f, size_t i, struct host *h)
{
	f->heap[i] = h;
	h->slot = i + 1;
}

static void
heap_up(struct fetcher *f, size_t i)
{
	struct host *h = f->heap[i];

	while (i > 0 && f->heap[(i - 1) / 2]->ready > h->ready) {
		heap_set(f, i, f->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(f, i, h);
}

static void
heap_down(struct fetcher *f, size_t i)
{
	struct host *h = f->heap[i];
	size_t c;

	while ((c = 2 * i + 1) < f->nheap) {
		if (c + 1 < f->nheap && f->heap[c + 1]->ready < f->heap[c]->ready)
			c++;
		if (f->heap[c]->ready >= h->ready)
			break;
		heap_set(f, i, f->heap[c]);
		i = c;
	}
	heap_set(f, i, h);
}

static void
heap_remove(struct fetcher *f, struct host *h)
{
	size_t i = h->slot - 1;
	struct host *last = f->heap[--f->nheap];

	h->slot = 0;
	if (last == h)
		return;
	heap_set(f, i, last);
	heap_up(f, i);
	heap_down(f, last->slot - 1);
}

/* Put h in the heap at its ready time, or out of it when it cannot start
 * a transfer now (busy, nothing queued, robots.txt on its way). */
static void
schedule(struct fetcher *f, struct host *h)
{
	long long t = ready_at(f, h), old = h->ready;

	if (t == LLONG_MAX) {
		if (h->slot != 0)
			heap_remove(f, h);
		return;
	}
	h->ready = t;
	if (h->slot == 0) {
		if (f->nheap == f->heap_cap) {
			f->heap_cap = f->heap_cap ? f->heap_cap * 2 : 64;
			f->heap = xrealloc(f->heap, f->heap_cap *
			    sizeof *f->heap);
		}
		heap_set(f, f->nheap++, h);
		heap_up(f, f->nheap - 1);
	} else if (t < old)
		heap_up(f, h->slot - 1);
	else
		heap_down(f, h->slot - 1);
}

/* j is over: its easy handle back to the pool, a page counted done. */
static void
finish_job(struct fetcher *f, struct ingest *in, struct job *j)
{
	if (j->easy != NULL)
		f->idle[f->nidle++] = j->easy;	/* at most max_running */
	j->easy = NULL;
	if (j->kind == JOB_PAGE)
		in->progress.done++;
	job_free(j);
	f->jobs--;
}

/* Queue j on the host of its current URL, at the front or the back;
 * a URL we cannot fetch fails at once (-1: j is gone). */
static int
enqueue(struct fetcher *f, struct ingest *in, struct job *j, int front)
{
	char why[PITH_ERRLEN], *origin;
	struct host *h;

	if (!url_is_http(j->url)) {
		emit_fetch_error(in, j->asked, "only http and https URLs are "
		    "fetched", NULL);
		goto fail;
	}
	if ((origin = url_origin(j->url, why, sizeof why)) == NULL) {
		emit_fetch_error(in, j->asked, why, NULL);
		goto fail;
	}
	h = host_get(f, origin);
	if (front)
		push_front(h, j);
	else
		push_back(h, j);
	schedule(f, h);
	free(origin);
	return 0;
fail:
	finish_job(f, in, j);
	return -1;
}

/* A URL's credentials are taken out of it here, before it is kept or
 * said anywhere, and go with its job to its own host only. */
void
fetcher_add(struct fetcher *f, struct ingest *in, const char *url)
{
	char *bare, *user, *password;
	struct job *j;

	f->jobs++;
	in->progress.total++;
	bare = url_bare(url, &user, &password);
	j = job_new(JOB_PAGE, bare);
	free(bare);
	j->user = user;
	j->password = password;
	if (enqueue(f, in, j, 0) == 0 && (user != NULL || password != NULL))
		j->auth_host = j->host;
}

/* Whether the connection a host's transfer opens is worth keeping: only
 * when the host has more queued and few other hosts wait before it (the
 * scheduler serves them in turn), so that it is used again soon.  With
 * thousands of hosts waiting, libcurl's cache would fill with
 * connections idle until evicted, and keeping them costs more than
 * connecting anew: per URL 381 us of CPU at 20,000 hosts, 143 at 50
 * (bench/fetch --spread). */
static int
keep_connection(const struct fetcher *f, const struct host *h)
{
	return h->queue != NULL && f->nheap <= KEEP_HOSTS_PER_CONN *
	    f->max_running;
}

static void
start_transfer(struct fetcher *f, struct host *h, struct job *j)
{
	CURL *easy = f->nidle > 0 ? f->idle[--f->nidle] : curl_easy_init();

	if (easy == NULL)
		abort();		/* libcurl out of memory */
	j->easy = easy;
	free(j->etag);
	free(j->last_modified);
	j->etag = j->last_modified = NULL;
	if (j->kind == JOB_PAGE)
		catalog_validators_get(f->val, j->url, &j->etag,
		    &j->last_modified);
	transfer_setup(easy, j, &f->opts);
	curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, keep_connection(f, h) ?
	    0L : 1L);
	curl_multi_add_handle(f->multi, easy);
	h->busy = 1;
	f->running++;
}

/* A page whose host's robots.txt forbids it is not requested: counted as
 * disallowed, or as failed when robots.txt could not be had. */
static int
robots_forbid(struct ingest *in, struct host *h, struct job *j)
{
	char why[PITH_ERRLEN + 64], *path;
	struct warc_record r;
	int allowed;

	if (j->kind != JOB_PAGE || h->robots == NULL)
		return 0;
	path = url_path(j->url);
	allowed = robots_allowed(h->robots, path);
	free(path);
	if (allowed)
		return 0;
	if (h->robots_failed != NULL) {
		emit_fetch_error(in, j->asked, h->robots_failed->reason,
		    h->robots_failed->detail);
		return 1;
	}
	if (strcmp(j->url, j->asked) != 0)
		snprintf(why, sizeof why, "redirect to %s disallowed by "
		    "robots.txt", j->url);
	else
		snprintf(why, sizeof why, "disallowed by robots.txt");
	warc_record_init(&r);
	emit_fetch_status(in, &r, j->asked, FETCH_DISALLOWED, why);
	warc_record_free(&r);
	return 1;
}

/* robots.txt goes before the host's first page. */
static void
queue_robots(struct fetcher *f, struct host *h)
{
	struct buf url;
	struct job *j;

	buf_init(&url);
	buf_printf(&url, "%s/robots.txt", h->origin);
	j = job_new(JOB_ROBOTS, url.data);
	j->owner = h;
	buf_free(&url);
	f->jobs++;
	push_front(h, j);
	h->robots_state = ROBOTS_FETCHING;
}

/* Start what may start: the hosts at the top of the heap whose time has
 * come, while connections are free. */
static void
start_ready(struct fetcher *f, struct ingest *in)
{
	long long now = now_ms();
	struct host *h;

	while (f->running < f->max_running && f->nheap > 0 &&
	    f->heap[0]->ready <= now) {
		h = f->heap[0];
		if (f->robots && h->robots_state == ROBOTS_UNKNOWN)
			queue_robots(f, h);
		while (ready_at(f, h) <= now && robots_forbid(in, h, h->queue))
			finish_job(f, in, pop_front(h));
		if (ready_at(f, h) <= now)
			start_transfer(f, h, pop_front(h));
		schedule(f, h);
	}
}

/* Why a host's pages are all disallowed.  A host that cannot be reached
 * at all is said to be so for each of its URLs ("connection refused"),
 * as that is what a user can act on; robots.txt is in the detail. */
static struct failure *
robots_failure(enum verdict v, long status, const struct failure *why)
{
	struct failure *f = xcalloc(1, sizeof *f);

	if (v == T_DONE)
		failure_set(f, "robots.txt answered HTTP %ld: all disallowed",
		    status);
	else if (why->unreachable) {
		failure_set(f, "%s", why->reason);
		failure_detail(f, "robots.txt%s%s", why->detail[0] ? ": " :
		    " not read", why->detail);
	} else {
		failure_set(f, "robots.txt could not be read (%s): all "
		    "disallowed", why->reason);
		if (why->detail[0] != '\0')
			failure_detail(f, "%s", why->detail);
	}
	return f;
}

/* robots.txt is known for the host it was fetched for: its rules when
 * it came (2xx), allow all when the server says it has none (4xx but
 * 429), and otherwise disallow all, as RFC 9309 2.3.1.4 says of a file
 * that cannot be read: 5xx, 429, 3xx not followed (no Location, too
 * many, to a refused scheme), network errors, timeouts. */
static void
robots_known(struct fetcher *f, struct job *j, enum verdict v,
    const struct failure *why)
{
	struct host *h = j->owner;
	long status = 0;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
	if (v == T_DONE && status >= 200 && status < 300)
		h->robots = robots_parse(j->body.data ? j->body.data : "",
		    j->body.len, f->agent);
	else if (status >= 400 && status < 500 && status != 429)
		h->robots = robots_all(1);	/* unavailable: allow */
	else {
		h->robots = robots_all(0);	/* unreachable: disallow */
		h->robots_failed = robots_failure(v, status, why);
	}
	if (robots_crawl_delay_ms(h->robots) > h->delay_ms)
		h->delay_ms = robots_crawl_delay_ms(h->robots);
	h->next_ok = after_ms(h->delay_ms);	/* robots.txt was a request */
	h->robots_state = ROBOTS_KNOWN;
}

static void
transfer_done(struct fetcher *f, struct ingest *in, struct job *j,
    CURLcode code)
{
	struct failure why = { "", "", 0 };
	long wait_ms = 0;
	enum verdict v;

	v = transfer_verdict(j, (int)code, &f->opts, &wait_ms, &why);
	if (v == T_RETRY || v == T_REDIRECT) {
		f->idle[f->nidle++] = j->easy;
		j->easy = NULL;
	}
	if (v == T_RETRY) {
		j->not_before = after_ms(wait_ms);
		push_front(j->host, j);
	} else if (v == T_REDIRECT && j->kind == JOB_ROBOTS) {
		push_front(j->host, j);		/* a robots.txt hop: same slot */
	} else if (v == T_REDIRECT) {
		enqueue(f, in, j, 1);
	}
	if (v == T_RETRY || v == T_REDIRECT)
		return;
	if (j->kind == JOB_ROBOTS)
		robots_known(f, j, v, &why);
	else if (v == T_DONE)
		transfer_emit(in, j);
	else
		emit_fetch_error(in, j->asked, why.reason, why.detail);
	finish_job(f, in, j);
}

static void
collect_done(struct fetcher *f, struct ingest *in)
{
	struct host *h;
	struct job *j;
	CURLMsg *msg;
	char *priv;
	int left;

	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		j = (struct job *)priv;
		h = j->host;		/* j may be gone after transfer_done */
		curl_multi_remove_handle(f->multi, msg->easy_handle);
		f->running--;
		h->busy = 0;
		h->next_ok = after_ms(h->delay_ms);
		transfer_done(f, in, j, msg->data.result);
		schedule(f, h);
	}
}

/* How long to wait for the network: until the next host's time, or, when
 * every connection is taken, until a transfer ends (libcurl wakes us). */
static int
poll_ms(const struct fetcher *f)
{
	long long now = now_ms(), wake;

	if (f->nheap == 0 || f->running >= f->max_running)
		return POLL_MAX_MS;
	wake = f->heap[0]->ready;
	if (wake <= now)
		return 0;
	return wake - now < POLL_MAX_MS ? (int)(wake - now) : POLL_MAX_MS;
}

void
fetcher_run(struct fetcher *f, struct ingest *in)
{
	int still;

	in->progress.started = now_ms();
	while (f->jobs > 0) {
		start_ready(f, in);
		curl_multi_poll(f->multi, NULL, 0, poll_ms(f), NULL);
		curl_multi_perform(f->multi, &still);
		collect_done(f, in);
		progress_show(in, 0);
	}
	progress_show(in, 1);
}

void
fetcher_free(struct fetcher *f)
{
	struct host *h, *next;

	if (f == NULL)
		return;
	for (h = f->hosts; h != NULL; h = next) {
		next = h->next;
		while (h->queue != NULL)
			job_free(pop_front(h));
		robots_free(h->robots);
		free(h->robots_failed);
		free(h->origin);
		free(h);
	}
	while (f->nidle > 0)
		curl_easy_cleanup(f->idle[--f->nidle]);
	free(f->idle);
	free(f->buckets);
	free(f->heap);
	catalog_validators_free(f->val);
	curl_multi_cleanup(f->multi);
	free(f->user_agent);
	free(f);
	curl_global_cleanup();
}
