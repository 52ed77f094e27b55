/*
 * pipeline: run ingest | clean | store as three processes joined by
 * pipes, for cron.  Checks every stage's exit status and prints one
 * summary line.
 *
 *   pipeline [-c CONF] [-q | -v] [-o DIR] [--shard I/N]
 *            [--STAGE-KEY VALUE ...] [SOURCE...]
 *
 * Every key of a stage's section of pipeline.conf is an option
 * --STAGE-KEY (--store-format warc.gz), passed to that stage as its own
 * --KEY=VALUE, but for the keys pipeline sets itself to join the stages.
 *
 * -q says only what went wrong: the stages' failures, and the summary
 * when something failed (a cron job mails only then); -v stamps every
 * line of every stage with the time.
 *
 * It takes DIR/.lock before any stage starts, so a second run into the
 * same folder is refused at once (exit 75) and fetches nothing; store
 * inherits the lock (--lock-fd).  With --shard I/N the run takes the I-th
 * of N slices of its sources into DIR/shard-I-of-N (shard.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pipeline.h"

enum { INGEST, CLEAN, STORE, NSTAGES };
static const char *const stage_names[NSTAGES + 1] = { "ingest", "clean",
    "store", NULL };

struct stage {
	char *path;		/* the program, beside this one */
	char **argv;		/* owned array, borrowed strings */
	int argc;
	pid_t pid;
	int status;		/* exit status, or 128 + signal */
	int keep_fd;		/* a descriptor the stage inherits, or -1 */
};

/* What one run is asked to do. */
struct job {
	const char *config;	/* -c, or NULL */
	const char *outdir;	/* the store's folder */
	char **sources;		/* borrowed */
	int nsrc;
	int lock_fd;		/* outdir/.lock, held */
	const char *label;	/* "shard I/N: " or "" */
	char **settings[NSTAGES];	/* each stage's --KEY=VALUE, from
					   --STAGE-KEY VALUE; owned */
	int nsettings[NSTAGES];
};

enum { OPT_SHARD = 256 };

static const char *const synopsis[] = {
	"[-c CONF] [-q | -v] [-o DIR] [--shard I/N] [--STAGE-KEY VALUE ...] "
	    "[SOURCE...]", NULL
};
static const struct conf_opt own_opts[] = {
	{ "output", 'o', "DIR", "the output folder: --store-output", "store",
	    "output", NULL },
	{ "shard", OPT_SHARD, "I/N", "the I-th of N slices of the sources, "
	    "into DIR/shard-I-of-N", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};
/* What pipeline sets itself, to join the stages: not the user's. */
static const char *const fixed[] = { "ingest.catalog", "clean.format",
    "clean.catalog", "clean.output", NULL };
static const struct conf_prog prog = { "pipeline", synopsis,
    "Run ingest | clean | store into DIR, for cron: one summary line.",
    own_opts, stage_names, 1, fixed };

/* -h: on stdout, exit 0; after a usage error: on stderr, exit 2. */
static __attribute__((noreturn)) void
usage(const struct conf_args *a, int help)
{
	if (conf_args_usage(a, help, help ? stdout : stderr) < 0 && help)
		msg_err(PITH_EXIT_USAGE, "stdout");
	exit(help ? PITH_EXIT_OK : PITH_EXIT_USAGE);
}

/* The stage programs sit beside this one: bin/clean, or pith-clean when
 * installed under prefixed names. */
static char *
stage_path(const char *stage)
{
	char self[PATH_MAX], *slash, *base;
	struct buf path;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		msg_errx(PITH_EXIT_USAGE, "cannot find my own program: %s",
		    strerror(errno));
	self[n] = '\0';
	slash = strrchr(self, '/');
	base = slash + 1;
	buf_init(&path);
	buf_printf(&path, "%.*s/%s%s", (int)(slash - self), self,
	    strncmp(base, "pith-", 5) == 0 ? "pith-" : "", stage);
	if (access(path.data, X_OK) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s: %s", path.data, strerror(errno));
	return buf_steal(&path);
}

static void
add_arg(struct stage *s, const char *arg)
{
	s->argv = xrealloc(s->argv, (size_t)(s->argc + 2) * sizeof *s->argv);
	s->argv[s->argc++] = (char *)arg;
	s->argv[s->argc] = NULL;
}

/* The stages say as much as pipeline was asked to; store's notes
 * (nothing new to store) are in the summary, so said only under -v. */
static void
add_level(struct stage *s, int stage)
{
	enum msg_level level = msg_level();

	if (level == MSG_QUIET || (stage == STORE && level == MSG_NORMAL))
		add_arg(s, "-q");
	else if (level == MSG_VERBOSE)
		add_arg(s, "-v");
}

static void
build_stages(struct stage st[NSTAGES], const struct job *job,
    const char *stats, const char *lock_fd)
{
	int i, j;

	for (i = 0; i < NSTAGES; i++) {
		st[i] = (struct stage){ .path = stage_path(stage_names[i]),
		    .keep_fd = -1 };
		add_arg(&st[i], stage_names[i]);
		if (job->config != NULL) {
			add_arg(&st[i], "-c");
			add_arg(&st[i], job->config);
		}
		add_level(&st[i], i);
		for (j = 0; j < job->nsettings[i]; j++)
			add_arg(&st[i], job->settings[i][j]);
	}
	add_arg(&st[INGEST], "--catalog");	/* validators of earlier runs */
	add_arg(&st[INGEST], job->outdir);
	for (i = 0; i < job->nsrc; i++)
		add_arg(&st[INGEST], job->sources[i]);
	add_arg(&st[CLEAN], "-f");
	add_arg(&st[CLEAN], "warc");
	add_arg(&st[CLEAN], "--catalog");	/* lines repeated before */
	add_arg(&st[CLEAN], job->outdir);
	add_arg(&st[STORE], "-o");
	add_arg(&st[STORE], job->outdir);
	add_arg(&st[STORE], "--lock-fd");
	add_arg(&st[STORE], lock_fd);
	st[STORE].keep_fd = job->lock_fd;
	add_arg(&st[STORE], "--stats");
	add_arg(&st[STORE], stats);
}

static pid_t
spawn(struct stage *s, int in, int out)
{
	pid_t pid = fork();

	if (pid < 0)
		msg_err(PITH_EXIT_USAGE, "fork");
	if (pid == 0) {
		if ((in != STDIN_FILENO && dup2(in, STDIN_FILENO) < 0) ||
		    (out != STDOUT_FILENO && dup2(out, STDOUT_FILENO) < 0) ||
		    (s->keep_fd >= 0 && fcntl(s->keep_fd, F_SETFD, 0) < 0))
			_exit(PITH_EXIT_USAGE);
		execv(s->path, s->argv);
		msg_warn("%s", s->path);
		_exit(PITH_EXIT_USAGE);
	}
	return pid;
}

/* Start the three stages; each pipe end is closed here once handed on. */
static void
run_stages(struct stage st[NSTAGES])
{
	int p1[2], p2[2], i, status;
	pid_t pid;

	if (pipe2(p1, O_CLOEXEC) < 0 || pipe2(p2, O_CLOEXEC) < 0)
		msg_err(PITH_EXIT_USAGE, "pipe");
	st[INGEST].pid = spawn(&st[INGEST], STDIN_FILENO, p1[1]);
	close(p1[1]);
	st[CLEAN].pid = spawn(&st[CLEAN], p1[0], p2[1]);
	close(p1[0]);
	close(p2[1]);
	st[STORE].pid = spawn(&st[STORE], p2[0], STDOUT_FILENO);
	close(p2[0]);
	for (i = 0; i < NSTAGES; i++) {
		while ((pid = waitpid(st[i].pid, &status, 0)) < 0 &&
		    errno == EINTR)
			;
		st[i].status = pid < 0 ? PITH_EXIT_USAGE : WIFEXITED(status) ?
		    WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
}

/* "; failed: 2 x WHY; 1 x WHY" from the reasons of store's stats, the
 * commonest first (at most three, then how many more). */
static void
add_reasons(struct buf *out, const struct run_stats *st)
{
	long shown = 0, more = 0;
	char *done = xcalloc(st->nreasons + 1, 1);
	size_t i, best;

	for (;;) {
		best = st->nreasons;
		for (i = 0; i < st->nreasons; i++)
			if (!done[i] && st->reasons[i].count > 0 &&
			    (best == st->nreasons ||
			    st->reasons[i].count > st->reasons[best].count))
				best = i;
		if (best == st->nreasons)
			break;
		done[best] = 1;
		if (shown++ == 3) {
			more += st->reasons[best].count;
			continue;
		}
		buf_printf(out, "%s%ld x %s", shown == 1 ? "; failed: " : "; ",
		    st->reasons[best].count, st->reasons[best].why);
	}
	if (more > 0)
		buf_printf(out, "; %ld x other reasons", more);
	free(done);
}

/* Documents stored from truncated captures (Common Crawl cuts records
 * at 1 MiB): said once here, not for each, which would fill cron's mail. */
/* The near-duplicates among the documents, when there are any. */
static void
add_near(struct buf *out, long n)
{
	if (n > 0)
		buf_printf(out, "; %ld near-duplicate%s", n, n > 1 ? "s" : "");
}

/* The texts clean left out for their language, when there are any. */
static void
add_filtered(struct buf *out, long n)
{
	if (n > 0)
		buf_printf(out, "; %ld filtered by language", n);
}

static void
add_truncated(struct buf *out, long n)
{
	if (n == 1)
		buf_puts(out, "; 1 stored from a truncated capture");
	else if (n > 1)
		buf_printf(out, "; %ld stored from truncated captures", n);
}

/* The summary line, without the program name; owned. */
static char *
summarise(const struct stage st[NSTAGES], const char *stats, double seconds)
{
	struct run_stats n;
	struct buf line, out;
	int fd, i;

	buf_init(&line);
	buf_init(&out);
	if ((fd = open(stats, O_RDONLY)) >= 0) {
		read_all_fd(fd, &line, 1 << 16);
		close(fd);
	}
	if (stats_parse(line.data ? line.data : "", &n) == 0) {
		buf_printf(&out, "%ld read, %ld cleaned, %ld stored, "
		    "%ld duplicate, %ld not modified, %ld disallowed, "
		    "%ld skipped, %ld failed, %ld empty in %.1f s", n.read,
		    n.cleaned, n.stored, n.duplicate, n.not_modified,
		    n.disallowed, n.skipped, n.failed, n.empty, seconds);
		add_near(&out, n.near_duplicate);
		add_filtered(&out, n.filtered);
		add_truncated(&out, n.truncated);
		add_reasons(&out, &n);
		stats_free(&n);
	} else
		buf_puts(&out, "store gave no summary");
	for (i = 0; i < NSTAGES; i++)
		if (st[i].status != 0)
			buf_printf(&out, "; %s %s %d", stage_names[i],
			    st[i].status > 128 ? "killed by signal" : "exit",
			    st[i].status > 128 ? st[i].status - 128 :
			    st[i].status);
	buf_free(&line);
	return buf_steal(&out);
}

/* The run's status: the worst of the stages'.  A stage killed by a signal
 * or failing setup makes the run a setup failure; store's "locked" passes
 * through so that cron can try again later. */
static int
run_status(const struct stage st[NSTAGES])
{
	int i, worst = PITH_EXIT_OK;

	for (i = 0; i < NSTAGES; i++) {
		if (st[i].status == PITH_EXIT_TEMPFAIL)
			return PITH_EXIT_TEMPFAIL;
		if (st[i].status >= PITH_EXIT_USAGE)
			worst = PITH_EXIT_USAGE;
		else if (st[i].status == PITH_EXIT_ITEMS && worst == PITH_EXIT_OK)
			worst = PITH_EXIT_ITEMS;
	}
	return worst;
}

/* Run the three stages for job; its status, and *summary (owned). */
static int
run_job(const struct job *job, char **summary)
{
	struct stage st[NSTAGES];
	char *stats, lock_fd[16];
	struct timespec start, end;
	struct buf tmpl;
	int fd, status, i;

	buf_init(&tmpl);
	buf_printf(&tmpl, "%s/pith-stats.XXXXXX", tmp_dir());
	stats = buf_steal(&tmpl);
	if ((fd = mkstemp(stats)) < 0)
		msg_err(PITH_EXIT_USAGE, "%s", stats);
	close(fd);
	snprintf(lock_fd, sizeof lock_fd, "%d", job->lock_fd);
	build_stages(st, job, stats, lock_fd);
	clock_gettime(CLOCK_MONOTONIC, &start);
	run_stages(st);
	clock_gettime(CLOCK_MONOTONIC, &end);
	*summary = summarise(st, stats, (double)(end.tv_sec - start.tv_sec) +
	    (end.tv_nsec - start.tv_nsec) / 1e9);
	unlink(stats);
	free(stats);
	status = run_status(st);
	if (status != PITH_EXIT_OK)	/* reasons: any bytes, escaped */
		msg_warnx("%s%s", job->label, *summary);
	else
		msg_note("%s%s", job->label, *summary);
	for (i = 0; i < NSTAGES; i++) {
		free(st[i].path);
		free(st[i].argv);
	}
	return status;
}

/* Take DIR/.lock before any stage starts: exit 75 when another run
 * holds it, 2 when the folder cannot be made. */
static int
lock_output(const char *dir)
{
	char err[PITH_ERRLEN] = "";
	int fd;

	if ((fd = dir_lock(dir, err, sizeof err)) < 0)
		msg_errx(fd == PITH_LOCKED ? PITH_EXIT_TEMPFAIL : PITH_EXIT_USAGE,
		    "%s", err);
	return fd;
}

/* --shard I/N: the slice of the sources into DIR/shard-I-of-N, skipped
 * when its marker says it is done; the marker is written on success. */
static int
run_shard(struct job *job, struct shard *sh, char **sources, int nsrc)
{
	char err[PITH_ERRLEN] = "", label[64], *list, *summary = NULL;
	int status;

	if (shard_select(sh, job->outdir, sources, (size_t)nsrc, err,
	    sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	snprintf(label, sizeof label, "shard %ld/%ld: ", sh->index, sh->count);
	job->label = label;
	job->lock_fd = lock_output(sh->dir);
	if (shard_is_done(sh)) {
		msg_note("%sdone already (%s/done): nothing to do", label,
		    sh->dir);
		return PITH_EXIT_OK;
	}
	if ((list = shard_begin(sh, err, sizeof err)) == NULL)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	job->outdir = sh->dir;
	job->sources = &list;
	job->nsrc = 1;
	if (sh->nsrcs == 0) {
		summary = xstrdup("no sources in this shard");
		msg_note("%s%s", label, summary);
		status = PITH_EXIT_OK;
	} else
		status = run_job(job, &summary);
	if (status == PITH_EXIT_OK && shard_finish(sh, summary, err,
	    sizeof err) < 0) {
		msg_warnx("%s", err);
		status = PITH_EXIT_USAGE;
	}
	free(summary);
	free(list);
	return status;
}

/* The configuration, for the output folder and the sources, with every
 * stage's settings given: a bad value stops the run here, before
 * anything is written. */
static struct conf *
load_conf(const struct conf_args *a)
{
	struct conf *conf = conf_new();
	const char *used;
	char err[PITH_ERRLEN];

	if (conf_args_load(a, conf, &used, err, sizeof err) < 0)
		msg_errx(PITH_EXIT_USAGE, "%s", err);
	return conf;
}

/* --STAGE-KEY VALUE goes to the stage as its own --KEY=VALUE, one
 * argument (no shell reads it); store's output is pipeline's -o, which
 * store is given as such. */
static void
stage_settings(struct job *job, const struct conf_args *a)
{
	const struct conf_cli *cli;
	size_t i, n = conf_args_settings(a, &cli);
	struct buf arg;
	int s;

	for (i = 0; i < n; i++) {
		for (s = 0; s < NSTAGES; s++)
			if (strcmp(cli[i].section, stage_names[s]) == 0)
				break;
		if (s == NSTAGES || (s == STORE &&
		    strcmp(cli[i].key, "output") == 0))
			continue;
		buf_init(&arg);
		buf_printf(&arg, "--%s=%s", cli[i].key, cli[i].value);
		job->settings[s] = xrealloc(job->settings[s],
		    (size_t)(job->nsettings[s] + 1) * sizeof *job->settings[s]);
		job->settings[s][job->nsettings[s]++] = buf_steal(&arg);
	}
}

static void
job_free(struct job *job)
{
	int s, i;

	for (s = 0; s < NSTAGES; s++) {
		for (i = 0; i < job->nsettings[s]; i++)
			free(job->settings[s][i]);
		free(job->settings[s]);
	}
}

/* The options; sh when --shard was given, else NULL.  Exits on -h, -V
 * and bad usage. */
static struct shard *
parse_options(struct conf_args *a, int argc, char **argv, struct shard *sh)
{
	struct shard *shard = NULL;
	int ch;

	while ((ch = conf_args_next(a, argc, argv)) != -1) {
		switch (ch) {
		case OPT_SHARD:
			if (shard_parse(optarg, sh) < 0)
				msg_errx(PITH_EXIT_USAGE, "--shard %s: want I/N, "
				    "0 <= I < N", optarg);
			shard = sh;
			break;
		case 'h': usage(a, 1);
		case 'V': conf_version("pipeline");
		default: usage(a, 0);
		}
	}
	return shard;
}

int
main(int argc, char **argv)
{
	struct conf_args *args = conf_args_new(&prog);
	struct job job = { .label = "" };
	struct shard sh = { 0 }, *shard;
	const char *const *conf_src;
	struct conf *conf;
	char *summary = NULL;
	int status;

	shard = parse_options(args, argc, argv, &sh);
	argc -= optind, argv += optind;
	conf = load_conf(args);
	job.config = conf_args_config(args);
	job.outdir = conf_str(conf, "store", "output");
	stage_settings(&job, args);
	if (argc == 0 && conf_list(conf, "ingest", "sources", &conf_src) == 0) {
		msg_warnx("no sources: name some, or set [ingest] sources");
		usage(args, 0);
	}
	if (shard != NULL && argc == 0) {	/* the configured sources */
		argc = (int)conf_list(conf, "ingest", "sources", &conf_src);
		argv = (char **)conf_src;
	}
	if (shard != NULL) {
		status = run_shard(&job, shard, argv, argc);
		shard_free(shard);
	} else {
		job.sources = argv;
		job.nsrc = argc;
		job.lock_fd = lock_output(job.outdir);
		status = run_job(&job, &summary);
		free(summary);
	}
	job_free(&job);
	conf_args_free(args);
	conf_free(conf);
	return status;
}
