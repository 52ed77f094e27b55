/*
 * store: archive cleaned text with its provenance.
 *
 *   store [-c CONF] [-q | -v] [-o DIR] [--format FMT] [--level N]
 *         [--stats FILE] [--lock-fd N]
 *   store [-c CONF] [-o DIR] --list | --get URL
 *   store [-c CONF] [-o DIR] --merge SHARD_DIR...
 *
 * Reads clean's WARC stream on stdin and writes one archive per run into
 * DIR, pith-YYYYMMDDTHHMMSSZ-PID.EXT: ID.txt and ID.json for each
 * document, ID.comments.txt for its comment section, manifest.jsonl last
 * (or, for warc.gz, the conversion records and a manifest record).  The
 * layout and the fields are in man/pith.7.
 *
 * --stats FILE writes one line for the driver, keys in this order:
 *
 *   read=N      items read: documents, failure records, damaged records,
 *               records that are not cleaned text (comments parts and
 *               warcinfo records are not items)
 *   cleaned=N   documents among them (conversion records)
 *   stored=N    documents written to the archive; 0 when it was not
 *               kept (a write error): they count as failed, for it
 *   failed=N    items that failed here or upstream; each is in the manifest
 *   empty=N     documents with no text: neither stored nor failed
 *   duplicate=N documents whose text the catalog holds already (from this
 *               run or an earlier one): not stored again
 *   near_duplicate=N  documents whose text is near one the catalog
 *               holds (lib/minhash.c): stored and marked, or with
 *               near-duplicates = skip, not stored
 *   not_modified=N  URLs unchanged since the last run (HTTP 304)
 *   disallowed=N    URLs robots.txt forbade, not fetched
 *   skipped=N   records clean skipped as no pages (requests, robots.txt,
 *               images, a crawler's own records)
 *   truncated=N documents stored from truncated captures (WARC-Truncated)
 *   filtered=N  texts clean left out, not in its [clean] languages
 *   archive=F   the archive's file name, "-" when none was written
 *
 * then "reason=N WHY" for each reason items failed.  lib/stats.c writes
 * the lines (and pipeline reads them), escaping what would leave a line.
 *
 * DIR/catalog.sqlite lists every document stored by every run; a document
 * whose text is already there is a duplicate, not stored again.  A run
 * holds DIR/.lock; the catalog rows of a run commit only after its
 * archive is in place, and an archive no row names (its run ended between
 * the two) is adopted by the next run (adopt.c).
 *
 * Exit: 0 every item stored; 1 some items failed, the others are stored
 * (--get: unknown URL); 2 usage, configuration or output failure (no
 * archive is left); 75 DIR is locked by another run.
 *
 * --merge adds the documents of the catalogs of the SHARD_DIRs (output
 * folders of pipeline --shard) to DIR's catalog, naming their archives in
 * place (merge.c).  --lock-fd N: DIR/.lock is already held on descriptor
 * N, inherited from pipeline; store adopts it instead of locking again.
 */
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

enum { OPT_STATS = 256, OPT_LIST, OPT_GET, OPT_MERGE, OPT_LOCK_FD };

struct options {
	const char *stats;
	const char *get;	/* --get URL */
	int list;		/* --list */
	int merge;		/* --merge: operands are shard folders */
	int lock_fd;		/* --lock-fd N, else -1 */
	char **srcs;		/* the operands of --merge, borrowed */
	int nsrcs;
};

/* The temporary archive, removed if a signal ends the run. */
static struct archive_out *volatile tmp_owner;

static const char *const synopsis[] = {
	"[-c CONF] [-q | -v] [-o DIR] [--format FMT] [--level N] "
	    "[--stats FILE] [--lock-fd N]",
	"[-c CONF] [-o DIR] --list | --get URL",
	"[-c CONF] [-o DIR] --merge SHARD_DIR...",
	NULL
};
static const struct conf_opt own_opts[] = {
	{ "stats", OPT_STATS, "FILE", "write read=N cleaned=N stored=N "
	    "failed=N ... archive=NAME to FILE", NULL, NULL, NULL },
	{ "list", OPT_LIST, NULL, "list the stored documents: doc_id, "
	    "capture time, URI, title, tab-separated", NULL, NULL, NULL },
	{ "get", OPT_GET, "URL", "print the latest stored text of URL",
	    NULL, NULL, NULL },
	{ "merge", OPT_MERGE, NULL, "add the catalogs of the SHARD_DIRs to "
	    "DIR's, archives named in place, texts once", NULL, NULL, NULL },
	{ "lock-fd", OPT_LOCK_FD, "N", "DIR/.lock is held on descriptor N "
	    "(pipeline)", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};
static const char *const sections[] = { "store", NULL };
static const struct conf_prog prog = { "store", synopsis,
    "Archive the WARC conversion records on stdin, one archive per run.",
    own_opts, sections, 0, NULL };

/* Output for -h and -V is data: a failed write is a failure. */
static int
done_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		msg_warn("stdout");
		return PITH_EXIT_USAGE;
	}
	return PITH_EXIT_OK;
}

/* -h: on stdout, exit 0; after a usage error: on stderr, exit 2. */
static __attribute__((noreturn)) void
usage(const struct conf_args *a, int help)
{
	if (conf_args_usage(a, help, help ? stdout : stderr) < 0 && help)
		msg_err(PITH_EXIT_USAGE, "stdout");
	exit(help ? PITH_EXIT_OK : PITH_EXIT_USAGE);
}

static void
own_option(struct options *o, int ch, const struct conf_args *a)
{
	long long fd;

	switch (ch) {
	case OPT_STATS: o->stats = optarg; break;
	case OPT_LIST: o->list = 1; break;
	case OPT_GET: o->get = optarg; break;
	case OPT_MERGE: o->merge = 1; break;
	case OPT_LOCK_FD:
		if (parse_num(optarg, 0, INT_MAX, 0, &fd) < 0)
			msg_errx(PITH_EXIT_USAGE, "--lock-fd %s: not a "
			    "descriptor", optarg);
		o->lock_fd = (int)fd;
		break;
	case 'h': usage(a, 1);
	case 'V': conf_version("store");
	default: usage(a, 0);
	}
}

/* The operands: shard folders for --merge, else none. */
static void
check_operands(struct options *o, const struct conf_args *a, int argc,
    char **argv)
{
	o->srcs = argv + optind;
	o->nsrcs = argc - optind;
	if (o->merge && (o->nsrcs == 0 || o->list || o->get != NULL)) {
		msg_warnx("--merge: name the shard folders, and only them");
		usage(a, 0);
	}
	if (optind < argc && !o->merge) {
		msg_warnx("%s: unexpected operand: records are read from stdin",
		    argv[optind]);
		usage(a, 0);
	}
}

/* The settings, from the file and the command line, and o. */
static struct conf *
parse_options(int argc, char **argv, struct options *o)
{
	struct conf_args *a = conf_args_new(&prog);
	struct conf *conf = conf_new();
	char err[PITH_ERRLEN];
	const char *used;
	int ch;

	o->lock_fd = -1;
	while ((ch = conf_args_next(a, argc, argv)) != -1)
		own_option(o, ch, a);
	check_operands(o, a, argc, argv);
	if (conf_args_load(a, conf, &used, err, sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	conf_args_free(a);
	return conf;
}

static void
on_signal(int sig)
{
	archive_out_unlink_tmp(tmp_owner);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGPIPE };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* The summary for the driver (stats_format): the counts, then each
 * reason items failed; plain write, so /dev/fd/N works. */
static int
write_stats(const char *path, const struct counts *n,
    const struct reasons *why, const char *archive)
{
	struct run_stats s = { .read = n->read, .cleaned = n->cleaned,
	    .stored = n->stored, .failed = n->failed, .empty = n->empty,
	    .duplicate = n->duplicate, .near_duplicate = n->near_duplicate,
	    .not_modified = n->not_modified,
	    .disallowed = n->disallowed, .skipped = n->skipped,
	    .truncated = n->truncated, .filtered = n->filtered,
	    .archive = archive ?
	    xstrdup(archive) : NULL };
	struct buf line;
	size_t i;
	int fd, rc = -1;

	for (i = 0; i < why->n; i++)
		stats_add_reason(&s, why->text[i], why->count[i]);
	if (why->other > 0)
		stats_add_reason(&s, "other reasons", why->other);
	buf_init(&line);
	stats_format(&line, &s);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0 && write_all(fd, line.data, line.len) == 0)
		rc = 0;
	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	if (rc < 0)
		msg_warn("%s", path);
	buf_free(&line);
	stats_free(&s);
	return rc;
}

/* Say what happened to the run, on stderr, when it is not plain success;
 * that nothing was new is a note (-q leaves it out). */
static void
report(const struct run *run, int committed)
{
	if (committed == 0 && run->n.failed > 0)
		msg_warnx("nothing stored (%ld failed): no archive written",
		    run->n.failed);
	else if (committed == 0 && run->n.duplicate > 0 &&
	    run->n.not_modified > 0)
		msg_note("nothing new to store (%ld duplicates, %ld not "
		    "modified): no archive written", run->n.duplicate,
		    run->n.not_modified);
	else if (committed == 0 && run->n.duplicate > 0)
		msg_note("nothing new to store (%ld duplicates): no archive "
		    "written", run->n.duplicate);
	else if (committed == 0 && run->n.not_modified > 0)
		msg_note("nothing new to store (%ld not modified): no archive "
		    "written", run->n.not_modified);
	else if (committed == 0)
		msg_note("nothing to store: no archive written");
	else if (run->n.listed > 0)
		msg_warnx("failed items from earlier stages (%ld) are listed "
		    "in the manifest of %s", run->n.listed,
		    archive_out_path(run->out));
}

/* The archive was not written: said, and in --stats no document is
 * stored; those it was to hold failed, for that reason. */
static void
lost(struct run *run, const char *err)
{
	char why[PITH_ERRLEN + 32];

	snprintf(why, sizeof why, "%s: nothing of this run was kept", err);
	msg_warnx("%s", why);
	run_lost(run, why);
}

/* --list and --get: read the catalog, store nothing. */
static int
find(const struct options *opt, const char *dir)
{
	char err[PITH_ERRLEN] = "";
	int rc;

	if (opt->list && opt->get != NULL) {
		msg_warnx("--list and --get: one at a time");
		return PITH_EXIT_USAGE;
	}
	rc = opt->list ? find_list(dir, err, sizeof err) :
	    find_get(dir, opt->get, err, sizeof err);
	if (rc != 0)
		msg_warnx("%s", err);
	if (rc == 0 && done_stdout() != PITH_EXIT_OK)
		return PITH_EXIT_ITEMS;
	return rc == 0 ? PITH_EXIT_OK : rc > 0 ? PITH_EXIT_ITEMS :
	    PITH_EXIT_USAGE;
}

/* DIR/.lock for a run that writes the catalog: the descriptor inherited
 * from pipeline (--lock-fd N), checked, or taken here.  The descriptor,
 * PITH_LOCKED or -1, with err. */
static int
lock_folder(const char *dir, int inherited, char *err, size_t errlen)
{
	int rc;

	if (inherited < 0)
		return dir_lock(dir, err, errlen);
	rc = dir_lock_adopt(dir, inherited, err, errlen);
	return rc < 0 ? rc : inherited;
}

/* Lock dir and open its catalog to write.  NULL when either fails, said,
 * with *status 75 if another run holds the lock, else 2: SQLite's own
 * locks and errors are not "try again later". */
static struct catalog *
writable_catalog(const char *dir, int lock_fd, int *status)
{
	struct catalog *c = NULL;
	char err[PITH_ERRLEN] = "";
	int fd;

	if ((fd = lock_folder(dir, lock_fd, err, sizeof err)) < 0)
		msg_warnx("%s", err);
	else if ((c = catalog_open(dir, fd, err, sizeof err)) == NULL)
		msg_warnx("%s: %s", dir, err);
	*status = fd == PITH_LOCKED ? PITH_EXIT_TEMPFAIL : PITH_EXIT_USAGE;
	return c;
}

/* --merge: every shard folder's catalog into dir's, in one transaction;
 * a shard that cannot be read is reported and skipped (exit 1). */
static int
merge(const struct options *opt, const char *dir, time_t now)
{
	struct counts n = { 0 };
	struct catalog *c;
	char err[PITH_ERRLEN] = "", id[64], stamp[21];
	int i, rc = 0, status;

	if ((c = writable_catalog(dir, opt->lock_fd, &status)) == NULL)
		return status;
	for (i = 0; i < opt->nsrcs && rc != -2; i++)
		if ((rc = merge_catalog(c, dir, opt->srcs[i], &n, err,
		    sizeof err)) < 0) {
			msg_warnx("%s: %s", opt->srcs[i], err);
			n.failed++;
		}
	format_utc(now, stamp);
	snprintf(id, sizeof id, "merge-%s-%ld", stamp, (long)getpid());
	status = rc == -2 ? PITH_EXIT_USAGE : n.failed > 0 ? PITH_EXIT_ITEMS :
	    PITH_EXIT_OK;
	if (rc != -2 && catalog_commit(c, id, now, &n, status, err,
	    sizeof err) < 0) {
		msg_warnx("%s", err);
		status = PITH_EXIT_USAGE;
	}
	if (status != PITH_EXIT_USAGE)
		msg_warnx("merged %d of %d folders: %ld documents, %ld added, "
		    "%ld duplicate", opt->nsrcs - (int)n.failed, opt->nsrcs,
		    n.read, n.stored, n.duplicate);
	catalog_free(c);
	return status;
}

/* Lock the folder and open the run's catalog transaction, then remove
 * the temporary archives of killed runs (ours is kept) and adopt the
 * archives of runs that ended before their commit.  Exits 75 when another
 * run holds the lock, 2 when the catalog cannot be opened or written. */
static struct catalog *
open_catalog(const char *dir, int lock_fd, struct archive_out *out)
{
	struct catalog *c;
	char err[PITH_ERRLEN] = "", ours[PATH_MAX];
	int status;

	if ((c = writable_catalog(dir, lock_fd, &status)) != NULL) {
		snprintf(ours, sizeof ours, ".%s.tmp", archive_out_name(out));
		catalog_sweep(dir, ours);
		if (adopt_archives(c, dir, err, sizeof err) == 0)
			return c;
		msg_warnx("%s: %s", dir, err);
		catalog_free(c);
		status = PITH_EXIT_USAGE;
	}
	tmp_owner = NULL;
	archive_out_free(out);
	exit(status);
}

int
main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct conf *conf = parse_options(argc, argv, &opt);
	struct run run;
	const char *dir;
	char err[PITH_ERRLEN];
	time_t now = time(NULL);
	int committed = -1, status;

	dir = conf_str(conf, "store", "output");
	if (opt.list || opt.get != NULL || opt.merge) {
		status = opt.merge ? merge(&opt, dir, now) : find(&opt, dir);
		conf_free(conf);
		return status;
	}
	catch_signals();
	tmp_owner = archive_out_new(dir, conf_str(conf, "store", "format"),
	    (int)conf_int(conf, "store", "level"), now, err, sizeof err);
	if (tmp_owner == NULL)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	run_init(&run, tmp_owner, now);
	run.cat = open_catalog(dir, opt.lock_fd, tmp_owner);
	run.near_skip = strcmp(conf_str(conf, "store", "near-duplicates"),
	    "skip") == 0;
	if (run_stream(&run, STDIN_FILENO,
	    (size_t)conf_int(conf, "store", "max-size"), err, sizeof err) == 0)
		committed = run_commit(&run, err, sizeof err);
	if (committed < 0)
		lost(&run, err);
	else
		report(&run, committed);
	status = committed < 0 ? PITH_EXIT_USAGE : run.n.failed > 0 ?
	    PITH_EXIT_ITEMS : PITH_EXIT_OK;
	if (committed >= 0 && catalog_commit(run.cat,
	    archive_out_name(run.out), now, &run.n, status, err,
	    sizeof err) < 0) {
		if (committed > 0)
			msg_warnx("%s: %s is stored but not in the catalog: the "
			    "next run adopts it", err,
			    archive_out_path(run.out));
		else
			msg_warnx("%s", err);
		status = PITH_EXIT_USAGE;
	}
	if (opt.stats != NULL && write_stats(opt.stats, &run.n, &run.why,
	    committed > 0 ? archive_out_name(run.out) : NULL) < 0)
		status = PITH_EXIT_USAGE;
	tmp_owner = NULL;
	archive_out_free(run.out);
	catalog_free(run.cat);
	run_free(&run);
	conf_free(conf);
	return status;
}
