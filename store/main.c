/*
 * store: archive cleaned text with its provenance.
 *
 *   store [-c CONF] [-o DIR] [--format FMT]
 *
 * Reads clean's WARC stream on stdin.  Each conversion record is a
 * document: DOCID.txt (its text) and DOCID.json (its provenance) go into
 * one archive per run, with manifest.jsonl last; failures reported by
 * ingest and clean are listed in the manifest too.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

#define MAX_CLI 16

struct counts {
	long read, cleaned, stored, failed, empty;
};

struct run {
	struct archive_out *out;
	struct buf manifest;
	struct counts n;
	char last_source[WARC_ID_LEN + 16];	/* source of the last document */
	char last_id[21];			/* and its doc id */
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: store [-c CONF] [-o DIR] [--format FMT] "
	    "[--max-size N] [--stats FILE]\n");
}

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, 'f' },
	{ "max-size", required_argument, NULL, 'S' },
	{ "stats", required_argument, NULL, 's' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* A [store] setting from the command line, applied after the file. */
static void
note(struct conf_cli *cli, size_t *n, const char *key, const char *value)
{
	if (*n == MAX_CLI)
		errx(PITH_EXIT_USAGE, "too many options");
	cli[(*n)++] = (struct conf_cli){ "store", key, value };
}

static void
add_manifest(struct run *run, char *line)
{
	buf_puts(&run->manifest, line);
	buf_putc(&run->manifest, '\n');
	free(line);
}

static time_t
capture_time(const struct warc_record *r)
{
	const char *date = warc_get(r, "WARC-Date");
	time_t t = 0;

	if (date != NULL)
		parse_utc(date, &t);
	return t;
}

/* A document's text and provenance; -1 only when writing failed. */
static int
store_document(struct run *run, struct warc_record *r, char *err,
    size_t errlen)
{
	const char *part = warc_get(r, PF_PART), *src = warc_get(r, "WARC-Refers-To");
	char digest[DIGEST_SHA1_LEN], id[21], name[64], *json;
	time_t mtime = capture_time(r);
	int rc;

	digest_sha1_b32(r->block.data ? r->block.data : "", r->block.len, digest);
	if (part != NULL && strcasecmp(part, "comments") == 0 && src != NULL &&
	    strcmp(src, run->last_source) == 0) {
		snprintf(name, sizeof name, "%s.comments.txt", run->last_id);
		if (archive_out_is_warc(run->out))
			return archive_out_record(run->out, r, err, errlen);
		return archive_out_add(run->out, name, r->block.data,
		    r->block.len, mtime, err, errlen);
	}
	run->n.cleaned++;
	if (r->block.len == 0) {
		run->n.empty++;
		return 0;
	}
	doc_id(r, digest, id);
	if (archive_out_is_warc(run->out))
		rc = archive_out_record(run->out, r, err, errlen);
	else {
		snprintf(name, sizeof name, "%s.txt", id);
		rc = archive_out_add(run->out, name, r->block.data, r->block.len,
		    mtime, err, errlen);
		json = provenance_json(r, id, digest, archive_out_name(run->out));
		snprintf(name, sizeof name, "%s.json", id);
		if (rc == 0)
			rc = archive_out_add(run->out, name, json, strlen(json),
			    mtime, err, errlen);
		free(json);
	}
	if (rc < 0)
		return -1;
	add_manifest(run, manifest_doc(r, id, digest, 0));
	snprintf(run->last_source, sizeof run->last_source, "%s", src ? src : "");
	snprintf(run->last_id, sizeof run->last_id, "%s", id);
	run->n.stored++;
	return 0;
}

/* Sort one record into the run; -1 only when writing failed. */
static int
take_record(struct run *run, struct warc_record *r, char *err, size_t errlen)
{
	const char *type = warc_get(r, "WARC-Type");
	const char *uri = warc_get(r, "WARC-Target-URI");
	const char *why;

	if (type == NULL || strcasecmp(type, "warcinfo") == 0)
		return 0;
	if (strcasecmp(type, "conversion") == 0) {
		if (warc_get(r, PF_PART) == NULL)
			run->n.read++;
		return store_document(run, r, err, errlen);
	}
	run->n.read++;
	if (strcasecmp(type, "metadata") == 0 &&
	    ((why = warc_get(r, PF_FETCH_ERROR)) != NULL ||
	    (why = warc_get(r, PF_CLEAN_ERROR)) != NULL)) {
		run->n.failed++;
		add_manifest(run, manifest_failure(r, warc_get(r, PF_FETCH_ERROR)
		    ? "ingest" : "clean", why));
		return 0;
	}
	if (strcasecmp(type, "metadata") == 0) {
		run->n.read--;
		return 0;
	}
	warnx("%s: a %s record is not cleaned text; run clean first",
	    uri ? uri : "record", type);
	run->n.failed++;
	return 0;
}

static int
finish(struct run *run, const char **final, char *err, size_t errlen)
{
	struct warc_record r;
	int rc = 0;

	if (run->n.stored == 0 && run->manifest.len == 0)
		return archive_out_commit(run->out, final, err, errlen);
	if (archive_out_is_warc(run->out)) {
		warc_record_init(&r);
		warc_set(&r, "WARC-Type", "metadata");
		warc_set(&r, "Content-Type", "application/x-ndjson");
		warc_set(&r, "WARC-Target-URI", "urn:pith:manifest");
		buf_append(&r.block, run->manifest.data, run->manifest.len);
		rc = archive_out_record(run->out, &r, err, errlen);
		warc_record_free(&r);
	} else
		rc = archive_out_add(run->out, "manifest.jsonl",
		    run->manifest.data, run->manifest.len, time(NULL), err,
		    errlen);
	if (rc < 0)
		return -1;
	return archive_out_commit(run->out, final, err, errlen);
}

static int
write_stats(const char *path, const struct counts *n)
{
	struct buf line;
	int rc;

	buf_init(&line);
	buf_printf(&line, "read=%ld cleaned=%ld stored=%ld duplicate=0 "
	    "failed=%ld empty=%ld\n", n->read, n->cleaned, n->stored,
	    n->failed, n->empty);
	rc = write_file_atomic(path, line.data, line.len);
	buf_free(&line);
	return rc;
}

/* The output folder exists and is writable, or the run stops now. */
static void
prepare_dir(const char *dir)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		errx(PITH_EXIT_USAGE, "%s: cannot create: %s", dir, strerror(errno));
	if (access(dir, W_OK | X_OK) < 0)
		errx(PITH_EXIT_USAGE, "%s: not a writable folder: %s", dir,
		    strerror(errno));
}

static int
store_stream(struct run *run, size_t max, char *err, size_t errlen)
{
	struct warc_reader *rd = warc_reader_new(STDIN_FILENO, "stdin", max);
	struct warc_record r;
	char why[PITH_ERRLEN];
	int rc, status = 0;

	warc_record_init(&r);
	while ((rc = warc_read(rd, &r, why, sizeof why)) != 0) {
		if (rc < 0) {
			warnx("stdin: %s", why);
			run->n.failed++;
		} else if (take_record(run, &r, err, errlen) < 0) {
			status = -1;
			break;
		}
	}
	warc_record_free(&r);
	warc_reader_free(rd);
	return status;
}

int
main(int argc, char **argv)
{
	struct conf_cli cli[MAX_CLI];
	struct conf *conf;
	struct run run = { 0 };
	const char *config = NULL, *stats = NULL, *used, *final, *dir;
	char err[PITH_ERRLEN];
	size_t ncli = 0;
	int ch;

	while ((ch = getopt_long(argc, argv, "c:o:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': config = optarg; break;
		case 's': stats = optarg; break;
		case 'o': note(cli, &ncli, "output", optarg); break;
		case 'f': note(cli, &ncli, "format", optarg); break;
		case 'S': note(cli, &ncli, "max-size", optarg); break;
		case 'h': usage(stdout); return PITH_EXIT_OK;
		case 'V': puts("pith-store " PITH_VERSION); return PITH_EXIT_OK;
		default: usage(stderr); return PITH_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return PITH_EXIT_USAGE;
	}
	conf = conf_new();
	if (conf_setup(conf, config, cli, ncli, &used, err, sizeof err) < 0)
		errx(PITH_EXIT_USAGE, "%s", err);
	dir = conf_str(conf, "store", "output");
	prepare_dir(dir);
	run.out = archive_out_new(dir, conf_str(conf, "store", "format"));
	buf_init(&run.manifest);
	if (store_stream(&run, (size_t)conf_int(conf, "store", "max-size"), err,
	    sizeof err) < 0 || finish(&run, &final, err, sizeof err) < 0) {
		archive_out_abort(run.out);
		errx(PITH_EXIT_USAGE, "%s (nothing of this run was kept)", err);
	}
	if (final == NULL)
		warnx("nothing to store: no archive written");
	if (stats != NULL && write_stats(stats, &run.n) < 0)
		warn("%s", stats);
	archive_out_abort(run.out);
	buf_free(&run.manifest);
	conf_free(conf);
	return run.n.failed > 0 ? PITH_EXIT_ITEMS : PITH_EXIT_OK;
}
