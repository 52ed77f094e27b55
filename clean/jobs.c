/*
 * jobs.c: clean -j N.  Worker processes clean the items (file operands,
 * and the records of WARC streams, which the parent reads and hands
 * out); each worker's stdout and stderr go into memory files, sent back
 * per item, and the parent writes them in input order.  So the output,
 * on stdout or in -o DIR, and the messages are those of one process.
 *
 * Work is handed out one item at a time to whichever worker is idle, so
 * a large page does not hold up the others: they go on with up to WINDOW
 * items each past it.  Memory is bounded by what waits to be written: no
 * item is handed out while more than HELD bytes of output do.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clean.h"

#define MAX_JOBS 256
#define WINDOW 32		/* items in flight per worker */
#define HELD (8 << 20)		/* output waiting to be written, at most */
#define KEEP (64 << 10)		/* a slot's buffer kept for the next item */

enum item_kind { ITEM_FILE, ITEM_RECORD, ITEM_END };

/* What the parent sends a worker: a header, then for a record len bytes
 * of packed fields and its block of block bytes. */
struct item_head {
	uint32_t kind;
	uint32_t index;		/* ITEM_FILE: the input */
	uint64_t len;
	uint64_t block;
	uint32_t spool;		/* into the repeat spool, not out at once */
	uint32_t unused;
};

/* What a worker sends back: a header, then out_len + err_len bytes. */
struct result_head {
	int64_t failed;		/* items that failed, or -1: output failed */
	uint64_t out_len, err_len;
};

struct worker {
	pid_t pid;
	int to, from;		/* pipes: items in, results out */
	long seq;		/* the item it cleans, or -1 when idle */
};

struct slot {
	int done;
	long failed;
	struct buf out, err;
};

struct jobs {
	struct cleaner *c;
	struct worker w[MAX_JOBS];
	int nworkers, busy;
	struct slot *slots;	/* a ring of window slots, by sequence */
	long window, next_seq, write_seq;
	size_t held;		/* bytes in the slots that wait */
	long spool_seq;		/* the first item to spool, or -1 */
	long written;		/* documents written to stdout (text mode) */
	long failed;
	int fatal;
	/* the source of items */
	const struct inputs *in;	/* borrowed */
	size_t next_input;
	struct warc_reader *reader;
	const char *reader_name;	/* borrowed */
	int reader_fd, own_reader;	/* opened here, from an operand */
	struct warc_record rec;
	struct buf pack;
};

/* ---- records through a pipe ---- */

static void
pack_str(struct buf *b, const char *s)
{
	uint32_t n = (uint32_t)strlen(s);

	buf_append(b, &n, sizeof n);
	buf_append(b, s, n);
}

/* The record's fields, to be rebuilt by unpack_record; the block goes
 * as it is, without a copy. */
static void
pack_record(const struct warc_record *r, struct buf *b)
{
	uint64_t n = r->nfields;
	size_t i;

	buf_reset(b);
	pack_str(b, r->version);
	buf_append(b, &n, sizeof n);
	for (i = 0; i < r->nfields; i++) {
		pack_str(b, r->fields[i].name);
		pack_str(b, r->fields[i].value);
	}
	buf_append(b, &r->offset, sizeof r->offset);
}

/* The next string of a packing, copied; NULL when p runs out. */
static char *
unpack_str(const char **p, const char *end)
{
	uint32_t n;
	char *s;

	if ((size_t)(end - *p) < sizeof n)
		return NULL;
	memcpy(&n, *p, sizeof n);
	*p += sizeof n;
	if ((size_t)(end - *p) < n)
		return NULL;
	s = xstrndup(*p, n);
	*p += n;
	return s;
}

/* The fields into r, emptied; 0, or -1 when the packing is short (a
 * bug: the parent wrote it). */
static int
unpack_record(const char *p, size_t len, struct warc_record *r)
{
	const char *end = p + len;
	char *name, *value;
	uint64_t n, i;

	warc_record_reset(r);
	if ((name = unpack_str(&p, end)) == NULL)
		return -1;
	snprintf(r->version, sizeof r->version, "%s", name);
	free(name);
	if ((size_t)(end - p) < sizeof n)
		return -1;
	memcpy(&n, p, sizeof n);
	p += sizeof n;
	for (i = 0; i < n; i++) {
		name = unpack_str(&p, end);
		value = name ? unpack_str(&p, end) : NULL;
		if (value != NULL)
			warc_add(r, name, value);
		free(name);
		free(value);
		if (value == NULL)
			return -1;
	}
	if ((size_t)(end - p) < sizeof r->offset)
		return -1;
	memcpy(&r->offset, p, sizeof r->offset);
	return 0;
}

/* ---- the worker ---- */

static int
read_full(int fd, void *p, size_t n)
{
	ssize_t got;
	size_t done = 0;

	while (done < n) {
		got = read(fd, (char *)p + done, n - done);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		done += (size_t)got;
	}
	return 0;
}

/* A memory file in place of fd (stdout or stderr). */
static int
capture(int fd, const char *name)
{
	int m = memfd_create(name, MFD_CLOEXEC);

	if (m < 0 || dup2(m, fd) < 0)
		return -1;
	close(m);
	return 0;
}

/* What fd (a memory file) holds, appended to b; then it is emptied. */
static int
take_captured(int fd, struct buf *b)
{
	struct stat st;
	ssize_t got;

	if (fstat(fd, &st) < 0)
		return -1;
	buf_reserve(b, (size_t)st.st_size);
	got = pread(fd, b->data + b->len, (size_t)st.st_size, 0);
	if (got != st.st_size)
		return -1;
	b->len += (size_t)got;
	b->data[b->len] = '\0';
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	return 0;
}

/* A record's fields and block from fd into j->rec, the block straight
 * into the record; -1 when fd ends, -2 when the fields came broken. */
static int
read_record(struct jobs *j, int fd, const struct item_head *h,
    struct buf *fields)
{
	struct buf *block = &j->rec.block;
	int broken;

	buf_reset(fields);
	buf_reserve(fields, h->len);
	if (read_full(fd, fields->data, h->len) < 0)
		return -1;
	fields->len = h->len;
	broken = unpack_record(fields->data, fields->len, &j->rec) < 0;
	buf_reserve(block, h->block);	/* emptied by unpack_record */
	if (read_full(fd, block->data, h->block) < 0)
		return -1;
	block->len = h->block;
	block->data[block->len] = '\0';
	return broken ? -2 : 0;
}

/* Clean one item; its failed items, or -1 with err (output failed). */
static long
work_item(struct jobs *j, const struct item_head *h, int in,
    struct buf *fields, char *err, size_t errlen)
{
	struct cleaner *c = j->c;
	long rc;

	c->written = 0;
	if (h->kind == ITEM_FILE)
		rc = clean_input(c, &j->in->v[h->index], err, errlen);
	else if ((rc = read_record(j, in, h, fields)) == -1)
		_exit(PITH_EXIT_USAGE);		/* the parent is gone */
	else if (rc < 0) {
		snprintf(err, errlen, "a record came through broken");
		rc = -1;
	} else
		rc = clean_one_record(c, &j->rec, err, errlen);
	if (rc >= 0 && output_finish(c, err, errlen) < 0)
		rc = -1;
	return rc;
}

/* Send back what the item wrote on stdout and stderr. */
static int
send_result(int fd, long failed, struct buf *out)
{
	struct result_head r = { .failed = failed };

	buf_reset(out);
	if (take_captured(STDOUT_FILENO, out) < 0)
		return -1;
	r.out_len = out->len;
	if (take_captured(STDERR_FILENO, out) < 0)
		return -1;
	r.err_len = out->len - r.out_len;
	if (write_all(fd, &r, sizeof r) < 0 ||
	    write_all(fd, out->data ? out->data : "", out->len) < 0)
		return -1;
	return 0;
}

static void __attribute__((noreturn))
work(struct jobs *j, int in, int out)
{
	struct item_head h;
	struct buf data, result;
	char err[PITH_ERRLEN];
	long rc;

	signal(SIGPIPE, SIG_DFL);
	j->c->jobs = 1;
	j->c->repeat = NULL;	/* the parent's: a worker only spools */
	if (capture(STDOUT_FILENO, "clean-out") < 0 ||
	    capture(STDERR_FILENO, "clean-err") < 0)
		_exit(PITH_EXIT_USAGE);
	buf_init(&data);
	buf_init(&result);
	while (read_full(in, &h, sizeof h) == 0 && h.kind != ITEM_END) {
		j->c->spooling = h.spool != 0;
		rc = work_item(j, &h, in, &data, err, sizeof err);
		if (rc < 0)
			dprintf(STDERR_FILENO, "%s: %s\n",
			    program_invocation_short_name, err);
		if (send_result(out, rc, &result) < 0 || rc < 0)
			_exit(PITH_EXIT_USAGE);
	}
	_exit(PITH_EXIT_OK);
}

/* ---- the parent ---- */

static int
start_workers(struct jobs *j, int n)
{
	int to[2], from[2], k, i;

	fflush(NULL);		/* nothing buffered is written twice */
	for (k = 0; k < n && k < MAX_JOBS; k++) {
		if (pipe2(to, O_CLOEXEC) < 0)
			break;
		if (pipe2(from, O_CLOEXEC) < 0) {
			close(to[0]);
			close(to[1]);
			break;
		}
		if ((j->w[k].pid = fork()) < 0) {
			close(to[0]), close(to[1]), close(from[0]), close(from[1]);
			break;
		}
		if (j->w[k].pid == 0) {
			for (i = 0; i < k; i++)
				close(j->w[i].to), close(j->w[i].from);
			close(to[1]);
			close(from[0]);
			work(j, to[0], from[1]);
		}
		close(to[0]);
		close(from[1]);
		j->w[k].to = to[1];
		j->w[k].from = from[0];
		widen_pipe(to[1]);	/* a record goes in one write */
		j->w[k].seq = -1;
		j->nworkers++;
	}
	return j->nworkers > 0 ? 0 : -1;
}

static struct slot *
slot_of(struct jobs *j, long seq)
{
	return &j->slots[seq % j->window];
}

/* An item the parent itself reports (a damaged record, an operand that
 * will not open): a slot that is done at once, with its message. */
static void
report_here(struct jobs *j, const char *name, const char *why)
{
	struct slot *s = slot_of(j, j->next_seq++);

	s->done = 1;
	s->failed = 1;
	buf_printf(&s->err, "%s: ", program_invocation_short_name);
	str_escape(&s->err, name, strlen(name), 0);
	buf_puts(&s->err, ": ");
	str_escape(&s->err, why, strlen(why), 0);
	buf_putc(&s->err, '\n');
	j->held += s->err.len;
}

static void
close_reader(struct jobs *j)
{
	if (j->own_reader) {
		file_reader_free(j->reader, j->reader_name);
		close(j->reader_fd);
	}
	j->reader = NULL;
	j->own_reader = 0;
}

/* The next item into h (and j->pack for a record); 0 when none is left.
 * Reports what fails to be read as items of their own. */
static int
next_item(struct jobs *j, struct item_head *h)
{
	char why[PITH_ERRLEN];
	const struct input *in;
	const char *path;
	int rc;

	for (;;) {
		if (j->reader != NULL) {
			rc = warc_read(j->reader, &j->rec, why, sizeof why);
			if (rc > 0) {
				pack_record(&j->rec, &j->pack);
				*h = (struct item_head){ ITEM_RECORD, 0,
				    j->pack.len, j->rec.block.len, 0, 0 };
				return 1;
			}
			if (rc < 0) {
				report_here(j, j->reader_name, why);
				return -1;
			}
			close_reader(j);
			continue;
		}
		if (j->in == NULL || j->next_input >= j->in->n)
			return 0;
		in = &j->in->v[j->next_input++];
		path = in->path;
		if (in->refused != NULL) {
			report_here(j, path, in->refused);
			return -1;
		}
		if (strcmp(path, "-") == 0 || !looks_like_warc_name(path)) {
			*h = (struct item_head){ ITEM_FILE,
			    (uint32_t)(j->next_input - 1), 0, 0, 0, 0 };
			return 1;
		}
		if ((j->reader_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			report_here(j, path, strerror(errno));
			return -1;
		}
		j->own_reader = 1;
		j->reader_name = path;
		j->reader = file_reader(j->reader_fd, path, j->c->max_size);
	}
}

static void
set_fatal(struct jobs *j, char *err, size_t errlen, const char *what)
{
	if (!j->fatal)
		snprintf(err, errlen, "%s", what);
	j->fatal = 1;
}

/* The item to worker k: its header, and a record's fields and block. */
static int
send_item(struct jobs *j, int k, struct item_head *h)
{
	struct iovec iov[3] = {
		{ h, sizeof *h },
		{ j->pack.data, h->len },
		{ j->rec.block.data, h->block },
	};

	return writev_all(j->w[k].to, iov, h->kind == ITEM_RECORD ? 3 : 1);
}

/* Whether the next item goes into the repeat spool: it or an item before
 * it is a record with a host (repeat.c), or a file operand, which its
 * worker reads and which may hold such records (stdin among operands,
 * a WARC under another name). */
static int
spools(struct jobs *j, const struct item_head *h)
{
	if (j->c->repeat == NULL)
		return 0;
	if (j->spool_seq < 0 && (h->kind == ITEM_FILE ||
	    repeat_has_host(warc_get(&j->rec, "WARC-Target-URI"))))
		j->spool_seq = j->next_seq;
	return j->spool_seq >= 0;
}

/* The window has a slot free, and not too much output waits in it. */
static int
room(const struct jobs *j)
{
	return j->next_seq - j->write_seq < j->window && j->held <= HELD;
}

/* Hand items to idle workers while the window has room. */
static void
hand_out(struct jobs *j, int *more, char *err, size_t errlen)
{
	struct item_head h;
	int k, rc = 0;

	for (k = 0; k < j->nworkers && *more && !j->fatal; k++) {
		if (j->w[k].seq >= 0)
			continue;
		while (room(j) && (rc = next_item(j, &h)) < 0)
			;
		if (!room(j))
			return;
		if (rc == 0) {
			*more = 0;
			return;
		}
		h.spool = spools(j, &h);
		if (send_item(j, k, &h) < 0) {
			set_fatal(j, err, errlen, "a worker died");
			return;
		}
		j->w[k].seq = j->next_seq++;
		j->busy++;
	}
}

/* One result from worker k into its slot. */
static void
take_result(struct jobs *j, int k, char *err, size_t errlen)
{
	struct result_head r;
	struct slot *s = slot_of(j, j->w[k].seq);

	if (read_full(j->w[k].from, &r, sizeof r) < 0) {
		set_fatal(j, err, errlen, "a worker died");
		r.failed = -1, r.out_len = r.err_len = 0;
	}
	buf_reserve(&s->out, r.out_len);
	buf_reserve(&s->err, r.err_len);
	if (read_full(j->w[k].from, s->out.data, r.out_len) < 0 ||
	    read_full(j->w[k].from, s->err.data, r.err_len) < 0) {
		set_fatal(j, err, errlen, "a worker died");
		r.out_len = r.err_len = 0;
	}
	s->out.len = r.out_len;
	s->err.len = r.err_len;
	j->held += s->out.len + s->err.len;
	if (r.failed < 0)
		set_fatal(j, err, errlen, "a worker could not write");
	s->failed = r.failed < 0 ? 0 : r.failed;
	s->done = 1;
	j->w[k].seq = -1;
	j->busy--;
}

/* Wait for at least one result. */
static void
collect(struct jobs *j, char *err, size_t errlen)
{
	struct pollfd pfd[MAX_JOBS];
	int k;

	for (k = 0; k < j->nworkers; k++)
		pfd[k] = (struct pollfd){ j->w[k].seq >= 0 ? j->w[k].from : -1,
		    POLLIN, 0 };
	if (poll(pfd, (nfds_t)j->nworkers, -1) < 0) {
		if (errno != EINTR)
			set_fatal(j, err, errlen, strerror(errno));
		return;
	}
	for (k = 0; k < j->nworkers; k++)
		if (pfd[k].revents != 0)
			take_result(j, k, err, errlen);
}

static void
stdout_failed(struct jobs *j, char *err, size_t errlen)
{
	if (!j->fatal)
		snprintf(err, errlen, "stdout: %s", strerror(errno));
	j->fatal = 1;
}

/* Emptied for the next item; a large buffer is given back. */
static void
empty(struct buf *b)
{
	if (b->cap > KEEP)
		buf_free(b);
	buf_reset(b);
}

/* Write the finished items at the head of the window, in order. */
static void
write_done(struct jobs *j, char *err, size_t errlen)
{
	char why[PITH_ERRLEN];
	struct slot *s;

	while (j->write_seq < j->next_seq &&
	    (s = slot_of(j, j->write_seq))->done) {
		if (j->write_seq == j->spool_seq) {
			j->c->written = j->written;	/* for pass 3 */
			if (output_spool(j->c, why, sizeof why) < 0) {
				set_fatal(j, err, errlen, why);
				return;
			}
		}
		if ((s->out.len > 0 && j->c->format == OUT_TEXT &&
		    j->c->outdir == NULL && !j->c->spooling &&
		    j->written++ > 0 &&
		    write_all(STDOUT_FILENO, "\f\n", 2) < 0) ||
		    write_all(STDOUT_FILENO, s->out.data, s->out.len) < 0)
			stdout_failed(j, err, errlen);
		write_all(STDERR_FILENO, s->err.data, s->err.len);
		j->failed += s->failed;
		s->done = 0;
		j->held -= s->out.len + s->err.len;
		empty(&s->out);
		empty(&s->err);
		j->write_seq++;
	}
}

static int
stop_workers(struct jobs *j)
{
	struct item_head end = { ITEM_END, 0, 0, 0, 0, 0 };
	int k, status, bad = 0;

	for (k = 0; k < j->nworkers; k++) {
		if (!j->fatal)
			write_all(j->w[k].to, &end, sizeof end);
		close(j->w[k].to);
		close(j->w[k].from);
	}
	for (k = 0; k < j->nworkers; k++) {
		while (waitpid(j->w[k].pid, &status, 0) < 0)
			if (errno != EINTR)
				break;
		bad |= !j->fatal && (!WIFEXITED(status) ||
		    WEXITSTATUS(status) != PITH_EXIT_OK);
	}
	return bad ? -1 : 0;
}

static long
run(struct jobs *j, int jobs, char *err, size_t errlen)
{
	void (*old)(int);
	int more = 1;
	long k;

	j->window = (long)jobs * WINDOW;
	j->spool_seq = -1;
	j->slots = xcalloc((size_t)j->window, sizeof *j->slots);
	warc_record_init(&j->rec);
	buf_init(&j->pack);
	old = signal(SIGPIPE, SIG_IGN);		/* a worker gone: EPIPE */
	if (start_workers(j, jobs) < 0)
		set_fatal(j, err, errlen, strerror(errno));
	while (!j->fatal && (more || j->busy > 0)) {
		hand_out(j, &more, err, errlen);
		write_done(j, err, errlen);
		if (j->busy > 0)
			collect(j, err, errlen);
	}
	write_done(j, err, errlen);
	if (stop_workers(j) < 0)
		set_fatal(j, err, errlen, "a worker failed");
	signal(SIGPIPE, old);
	for (k = 0; k < j->window; k++)
		buf_free(&j->slots[k].out), buf_free(&j->slots[k].err);
	free(j->slots);
	buf_free(&j->pack);
	warc_record_free(&j->rec);
	return j->fatal ? -1 : j->failed;
}

long
clean_files_jobs(struct cleaner *c, const struct inputs *in, char *err,
    size_t errlen)
{
	struct jobs j = { .c = c, .in = in };
	long rc;

	rc = run(&j, c->jobs, err, errlen);
	if (j.reader != NULL)
		close_reader(&j);
	return rc;
}

long
clean_records_jobs(struct cleaner *c, struct warc_reader *w,
    const char *name, char *err, size_t errlen)
{
	struct jobs j = { .c = c, .reader = w, .reader_name = name };

	return run(&j, c->jobs, err, errlen);	/* w is the caller's */
}
