/*
 * ingest.h: the modules of the ingest stage.
 *
 *   main.c      options, settings, the run and its summary
 *   sources.c   what a SOURCE operand is: list, URL, file, folder, archive
 *   local.c     files and folders become resource records
 *   archive.c   tar and zip members (libarchive) become resource records
 *   warcin.c    WARC files are passed through record by record
 *   record.c    the records ingest writes, and the one place it writes
 *   fetch.c     the URL scheduler: hosts, politeness, robots, retries
 *   transfer.c  one HTTP transfer (libcurl easy handle) and its record
 *   url.c       URLs: origin, robots path, credentials taken out
 *   failure.c   why an item failed: a reason, and a detail after it
 *   robots.c    robots.txt (RFC 9309): parse, match
 *   progress.c  the progress line on a terminal
 *
 * Local sources are written as they are walked, in operand order; URLs are
 * queued and fetched once every source has been walked, and their records
 * come out in the order the transfers finish.
 */
#ifndef INGEST_H
#define INGEST_H

#include <time.h>

#include "pith.h"

struct fetcher;

/* The progress line of URL fetches, on stderr when it is a terminal. */
struct progress {
	int on;			/* stderr is a terminal */
	int shown;		/* a line is on screen, not yet ended */
	size_t total, done;	/* URLs queued, URLs finished */
	long long started, last; /* monotonic ms */
};

/* The run: settings, the output, and what happened. */
struct ingest {
	const struct conf *conf;	/* borrowed */
	struct warc_writer *out;	/* stdout */
	size_t max_size;		/* largest file, member or body */
	struct fetcher *fetch;		/* URL queue, created on first URL */
	long written;			/* records written */
	long failed;			/* items reported on stderr and counted */
	long not_modified;		/* 304: unchanged since the last run */
	long disallowed;		/* robots.txt forbids them: not fetched */
	struct progress progress;
};

/* Why an item failed.  reason is a short phrase, the same for every item
 * that failed so ("HTTP 404", "connection refused", "timed out after
 * 30 s"): it is the record's Pith-Fetch-Error, by which store and the
 * pipeline's summary count failures together.  detail is what is this
 * item's own (the server's words, libcurl's message, where a redirect
 * went), said after the reason on stderr ("reason (detail)") and kept
 * in the record's block; empty when there is none.  unreachable: the
 * host could not be reached at all (its name not resolved, a connection
 * refused or timed out). */
struct failure {
	char reason[PITH_ERRLEN];
	char detail[PITH_ERRLEN];
	int unreachable;
};

/* ---- failure.c ---- */

/* why's reason, its detail emptied; and a part of its detail, after a
 * comma when there is one already. */
void failure_set(struct failure *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void failure_detail(struct failure *why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- record.c ---- */
/* Report a per-item failure on stderr ("ingest: NAME: reason"), count
 * it, and write its metadata record (Pith-Fetch-Error) so that the
 * stages after ingest, and the archive's manifest, know of it.  The
 * reason has no detail (see emit_fetch_error). */
void item_failed(struct ingest *in, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Write r to stdout.  Output failing ends the run (exit 2). */
void emit(struct ingest *in, struct warc_record *r);
/* A local document as a resource record, which takes doc's bytes (doc is
 * left empty); mtime 0 when unknown. */
void emit_resource(struct ingest *in, const char *uri, struct buf *doc,
    time_t mtime);
/* The same with a detail (NULL or "" for none): "ingest: NAME: reason
 * (detail)" on stderr, Pith-Fetch-Error: reason. */
void emit_fetch_error(struct ingest *in, const char *name, const char *reason,
    const char *detail);
/* A URL not fetched for a reason that is no failure: a metadata record
 * with Pith-Fetch-Status (FETCH_NOT_MODIFIED, FETCH_DISALLOWED), counted;
 * why, when not NULL, is its block and is said on stderr.  r holds any
 * other fields to carry (borrowed; emptied after). */
void emit_fetch_status(struct ingest *in, struct warc_record *r,
    const char *url, const char *status, const char *why);

/* ---- sources.c ---- */

/* Handle one SOURCE (list, URL, file, folder, archive, WARC).  depth
 * counts nested @FILE lists. */
void source_add(struct ingest *in, const char *src, int depth);

/* ---- local.c, archive.c, warcin.c ---- */

/* A file or a folder (walked recursively, sorted, hidden names skipped).
 * path is as given; it is made absolute for the record URI. */
void local_add(struct ingest *in, const char *path);
/* The name says tar, tar.gz, tgz, tar.zst or zip. */
int is_archive_name(const char *path);
int is_warc_name(const char *path);
void archive_add(struct ingest *in, const char *path, const char *abspath);
void warc_passthrough(struct ingest *in, const char *path);

/* ---- fetch.c ---- */

/* The settings are read from conf (borrowed; it outlives the fetcher).
 * NULL with err when libcurl cannot be set up. */
struct fetcher *fetcher_new(const struct conf *conf, char *err,
    size_t errlen);
/* Queue a URL (copied).  A scheme other than http(s) or a URL that does
 * not parse fails at once, with its record. */
void fetcher_add(struct fetcher *f, struct ingest *in, const char *url);
/* Fetch everything queued, writing one record per URL. */
void fetcher_run(struct fetcher *f, struct ingest *in);
void fetcher_free(struct fetcher *f);	/* NULL-safe */
/* The monotonic clock in ms, rounded down, or up when round_up is set. */
long long monotonic_ms(int round_up);

/* ---- transfer.c: one URL on its way, between fetch.c and libcurl ---- */

enum job_kind { JOB_PAGE, JOB_ROBOTS };

struct host;

struct job {
	enum job_kind kind;
	char *asked;		/* the URL asked for; owned */
	char *url;		/* the URL of this hop (after redirects); owned */
	char *user, *password;	/* the asked URL's credentials, or NULL; */
	struct host *auth_host;	/*   owned, sent to this host only */
	struct host *host;	/* the host of url; borrowed from fetch.c */
	struct host *owner;	/* JOB_ROBOTS: whose rules these are */
	int attempt;		/* attempts made at this hop */
	int redirects;		/* redirects followed so far */
	long long not_before;	/* monotonic ms: retry backoff */
	long long spent_ms;	/* JOB_PAGE: in transfers and back-offs */
	long long began;	/* monotonic ms: this transfer's start */
	struct job *next;	/* the host's queue */

	void *easy;		/* CURL *, while running; owned by fetch.c */
	struct buf head;	/* the last response's status line and headers */
	struct buf body;	/* its body, decoded */
	size_t max;		/* body cap */
	int cut;		/* body went past max */
	time_t started;		/* fetch time, for WARC-Date */
	char *etag;		/* validators sent with this hop, or NULL; */
	char *last_modified;	/* owned */
	void *headers;		/* struct curl_slist * of them; owned */
	char curl_err[256];	/* CURLOPT_ERRORBUFFER */
};

/* Settings every transfer uses.  timeout_ms bounds a page's transfers
 * and back-offs together, every hop and attempt; robots.txt gets it for
 * each transfer.  0: no bound. */
struct transfer_opts {
	const char *user_agent;
	long timeout_ms, connect_timeout_ms;
	size_t max_size;
	long max_redirects;
	int retries;
};

/* What to do with a finished transfer. */
enum verdict { T_DONE, T_REDIRECT, T_RETRY, T_FAILED };

struct job *job_new(enum job_kind kind, const char *url);
void job_free(struct job *j);		/* NULL-safe; not while running */
/* Set up easy (reset first) for j's next attempt. */
void transfer_setup(void *easy, struct job *j, const struct transfer_opts *o);
/* The record of a T_DONE page: its response, or for a 304 a metadata
 * record saying not modified. */
void transfer_emit(struct ingest *in, struct job *j);
/* Judge a finished transfer.  T_REDIRECT: j->url is the next hop.
 * T_RETRY: *wait_ms is the backoff.  T_FAILED: why says why, also when
 * the page's timeout is spent or a backoff would pass it. */
enum verdict transfer_verdict(struct job *j, int curl_code,
    const struct transfer_opts *o, long *wait_ms, struct failure *why);
/* The product token of a User-Agent ("pith" of "pith/0.1.0 (+...)"). */
void agent_token(const char *user_agent, char *out, size_t outlen);

/* ---- url.c: URLs ---- */

/* "scheme://host:port" of an http(s) URL; owned, or NULL with why. */
char *url_origin(const char *url, char *why, size_t whylen);
/* The path and query robots.txt rules are matched against; owned. */
char *url_path(const char *url);
int url_is_http(const char *url);
/* url without its user name and password, which go decoded to *user and
 * *password (owned; NULL when absent).  A URL without them comes back
 * as given; one that does not parse loses its userinfo as text.  The
 * URL kept, recorded and shown is the one returned (owned). */
char *url_bare(const char *url, char **user, char **password);
/* Where a redirect from goes: location resolved against from, without
 * credentials, if it is an http(s) URL; else NULL with why. Owned. */
char *url_redirect(const char *from, const char *location,
    struct failure *why);

/* ---- robots.c: robots.txt, RFC 9309 ---- */

struct robots;
/* Parse a robots.txt for the crawler whose product token is agent; the
 * group that names it, else the "*" group.  Never fails.  Owned. */
struct robots *robots_parse(const char *txt, size_t n, const char *agent);
/* The rules when robots.txt could not be had: allow all (4xx) or
 * disallow all (5xx, unreachable). */
struct robots *robots_all(int allow);
/* path is the URL's path and query, as sent ("/a/b?x=1"). */
int robots_allowed(const struct robots *r, const char *path);
/* Crawl-delay in ms, 0 when none. */
long robots_crawl_delay_ms(const struct robots *r);
void robots_free(struct robots *r);	/* NULL-safe */

/* ---- progress.c ---- */

/* On when fd is a terminal and -q was not given, so that cron stays
 * quiet. */
void progress_init(struct progress *p, int fd);
/* Redraw "done/total, failures, rate" over the line (\r), at most a few
 * times a second unless final; final ends the line. */
void progress_show(struct ingest *in, int final);
/* Wipe the line before a message, so that the two do not mix. */
void progress_clear(struct ingest *in);

#endif /* INGEST_H */
