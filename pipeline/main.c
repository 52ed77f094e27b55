/*
 * pipeline: run ingest | clean | store as three processes joined by
 * pipes, for cron.  Checks every stage's exit status and prints one
 * summary line.
 *
 *   pipeline [-c CONF] [-o DIR] [SOURCE...]
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pith.h"

enum { INGEST, CLEAN, STORE, NSTAGES };
static const char *stage_names[NSTAGES] = { "ingest", "clean", "store" };

struct stage {
	char *path;		/* the program, beside this one */
	char **argv;		/* owned array, borrowed strings */
	int argc;
	pid_t pid;
	int status;		/* exit status, or 128 + signal */
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: pipeline [-c CONF] [-o DIR] [SOURCE...]\n");
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
		errx(PITH_EXIT_USAGE, "cannot find my own program: %s",
		    strerror(errno));
	self[n] = '\0';
	slash = strrchr(self, '/');
	base = slash + 1;
	buf_init(&path);
	buf_printf(&path, "%.*s/%s%s", (int)(slash - self), self,
	    strncmp(base, "pith-", 5) == 0 ? "pith-" : "", stage);
	if (access(path.data, X_OK) < 0)
		errx(PITH_EXIT_USAGE, "%s: %s", path.data, strerror(errno));
	return buf_steal(&path);
}

static void
add_arg(struct stage *s, const char *arg)
{
	s->argv = xrealloc(s->argv, (size_t)(s->argc + 2) * sizeof *s->argv);
	s->argv[s->argc++] = (char *)arg;
	s->argv[s->argc] = NULL;
}

/* The folder store writes (-o, else [store] output): ingest reads the
 * validators of earlier runs from its catalog.  Owned; NULL when the
 * configuration does not load (the stages will say why). */
static char *
catalog_dir(const char *config, const char *outdir)
{
	struct conf *conf;
	char err[PITH_ERRLEN], *dir = NULL;
	const char *used;

	if (outdir != NULL)
		return xstrdup(outdir);
	conf = conf_new();
	if (conf_setup(conf, config, NULL, 0, &used, err, sizeof err) == 0)
		dir = xstrdup(conf_str(conf, "store", "output"));
	conf_free(conf);
	return dir;
}

static void
build_stages(struct stage st[NSTAGES], const char *config, const char *outdir,
    const char *catalog, const char *stats, int nsrc, char **sources)
{
	int i;

	for (i = 0; i < NSTAGES; i++) {
		st[i] = (struct stage){ .path = stage_path(stage_names[i]) };
		add_arg(&st[i], stage_names[i]);
		if (config != NULL) {
			add_arg(&st[i], "-c");
			add_arg(&st[i], config);
		}
	}
	if (catalog != NULL) {
		add_arg(&st[INGEST], "--catalog");
		add_arg(&st[INGEST], catalog);
	}
	for (i = 0; i < nsrc; i++)
		add_arg(&st[INGEST], sources[i]);
	add_arg(&st[CLEAN], "-f");
	add_arg(&st[CLEAN], "warc");
	if (outdir != NULL) {
		add_arg(&st[STORE], "-o");
		add_arg(&st[STORE], outdir);
	}
	add_arg(&st[STORE], "--stats");
	add_arg(&st[STORE], stats);
}

static pid_t
spawn(struct stage *s, int in, int out)
{
	pid_t pid = fork();

	if (pid < 0)
		err(PITH_EXIT_USAGE, "fork");
	if (pid == 0) {
		if ((in != STDIN_FILENO && dup2(in, STDIN_FILENO) < 0) ||
		    (out != STDOUT_FILENO && dup2(out, STDOUT_FILENO) < 0))
			_exit(PITH_EXIT_USAGE);
		execv(s->path, s->argv);
		warn("%s", s->path);
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
		err(PITH_EXIT_USAGE, "pipe");
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

/* The value of "key=N" in store's stats line, or -1. */
static long
stat_value(const char *line, const char *key)
{
	const char *p = line;
	size_t n = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[n] == '=')
			return strtol(p + n + 1, NULL, 10);
		p += n;
	}
	return -1;
}

/* A count an older store may not write: 0 when absent. */
static long
stat_count(const char *line, const char *key)
{
	long n = stat_value(line, key);

	return n < 0 ? 0 : n;
}

static void
summarise(const struct stage st[NSTAGES], const char *stats)
{
	struct buf line;
	int fd, i;

	buf_init(&line);
	if ((fd = open(stats, O_RDONLY)) >= 0) {
		read_all_fd(fd, &line, 4096);
		close(fd);
	}
	if (line.len > 0)
		fprintf(stderr, "pipeline: %ld read, %ld cleaned, %ld stored, "
		    "%ld duplicate, %ld not modified, %ld disallowed, "
		    "%ld failed", stat_value(line.data, "read"),
		    stat_value(line.data, "cleaned"),
		    stat_value(line.data, "stored"),
		    stat_count(line.data, "duplicate"),
		    stat_count(line.data, "not_modified"),
		    stat_count(line.data, "disallowed"),
		    stat_value(line.data, "failed"));
	else
		fprintf(stderr, "pipeline: store gave no summary");
	for (i = 0; i < NSTAGES; i++)
		if (st[i].status != 0)
			fprintf(stderr, "; %s %s %d", stage_names[i],
			    st[i].status > 128 ? "killed by signal" : "exit",
			    st[i].status > 128 ? st[i].status - 128 :
			    st[i].status);
	fputc('\n', stderr);
	buf_free(&line);
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

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct stage st[NSTAGES];
	const char *config = NULL, *outdir = NULL;
	char stats[] = "/tmp/pith-stats.XXXXXX", *catalog;
	int ch, fd, status, i;

	while ((ch = getopt_long(argc, argv, "c:o:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': config = optarg; break;
		case 'o': outdir = optarg; break;
		case 'h': usage(stdout); return PITH_EXIT_OK;
		case 'V': puts("pith-pipeline " PITH_VERSION); return PITH_EXIT_OK;
		default: usage(stderr); return PITH_EXIT_USAGE;
		}
	}
	argc -= optind, argv += optind;
	if (config != NULL && access(config, R_OK) < 0)
		errx(PITH_EXIT_USAGE, "%s: %s", config, strerror(errno));
	if ((fd = mkstemp(stats)) < 0)
		err(PITH_EXIT_USAGE, "%s", stats);
	close(fd);
	catalog = catalog_dir(config, outdir);
	build_stages(st, config, outdir, catalog, stats, argc, argv);
	run_stages(st);
	summarise(st, stats);
	unlink(stats);
	status = run_status(st);
	for (i = 0; i < NSTAGES; i++) {
		free(st[i].path);
		free(st[i].argv);
	}
	free(catalog);
	return status;
}
