/*
 * jobs.c: clean -j N, a scheduler over the item stream.  The parent reads
 * the items (items.c) and hands each to an idle worker process; the
 * worker cleans it (item.c) into a buffer sink and sends back the records
 * and the messages it made; the parent puts them into its own sink and on
 * stderr in input order.  So the output, on stdout or in -o DIR, and the
 * messages are those of one process, and everything that depends on the
 * order of the whole run (the repeat sink) runs in the parent.
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
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clean.h"

#define MAX_JOBS 256
#define WINDOW 32		/* items in flight per worker */
#define HELD (8 << 20)		/* output waiting to be written, at most */
#define KEEP (64 << 10)		/* a slot's buffer kept for the next item */

/* What the parent sends a worker: a header, then the item's path, name,
 * record fields (packed) and body (a record's block, stdin's document),
 * of the lengths it gives.  ITEM_FAILED is never sent: the parent says
 * it. */
enum { PART_PATH, PART_NAME, PART_FIELDS, PART_BODY, NPARTS };
struct item_head {
	uint32_t kind;		/* enum item_kind, or END */
	uint32_t unused;
	uint64_t len[NPARTS];
};
#define END UINT32_MAX

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
	struct buf out, err;	/* packed records, messages */
};

struct jobs {
	const struct settings *s;
	struct items *items;	/* borrowed */
	struct sink *sink;	/* borrowed */
	struct worker w[MAX_JOBS];
	int nworkers, busy;
	struct slot *slots;	/* a ring of window slots, by sequence */
	long window, next_seq, write_seq;
	size_t held;		/* bytes in the slots that wait */
	long failed;
	int fatal;
	struct buf pack;	/* the fields of the record sent */
};

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

/* len bytes from fd into b, emptied first and NUL-terminated. */
static int
read_part(int fd, struct buf *b, uint64_t len)
{
	buf_reset(b);
	buf_reserve(b, (size_t)len);
	if (read_full(fd, b->data, (size_t)len) < 0)
		return -1;
	b->len = (size_t)len;
	b->data[b->len] = '\0';
	return 0;
}

/* The item whose header is h from fd into it, its parts in part[] and
 * rec; -1 when fd ends, -2 when the record came broken. */
static int
read_item(int fd, const struct item_head *h, struct buf *part,
    struct warc_record *rec, struct item *it)
{
	const char *p;
	int k;

	for (k = 0; k < NPARTS; k++)
		if (read_part(fd, &part[k], h->len[k]) < 0)
			return -1;
	*it = (struct item){ .kind = (enum item_kind)h->kind,
	    .path = part[PART_PATH].data, .name = part[PART_NAME].data,
	    .data = &part[PART_BODY], .record = rec };
	if (h->kind != ITEM_RECORD)
		return 0;
	p = part[PART_FIELDS].data;
	if (warc_unpack_fields(&p, p + part[PART_FIELDS].len, rec) < 0)
		return -2;
	buf_take(&rec->block, &part[PART_BODY]);
	return 0;
}

/* Send back the records and the messages of one item. */
static int
send_result(int fd, long failed, const struct buf *out, const struct buf *msgs)
{
	struct result_head r = { failed, out->len, msgs->len };
	struct iovec iov[3] = {
		{ &r, sizeof r },
		{ out->data, out->len },
		{ msgs->data, msgs->len },
	};

	return writev_all(fd, iov, 3);
}

static void __attribute__((noreturn))
work(const struct settings *s, int in, int out)
{
	struct buf part[NPARTS], recs, msgs;
	struct warc_record rec;
	struct item_head h;
	struct sink *sink;
	struct item it;
	char err[PITH_ERRLEN];
	long rc;
	int k;

	signal(SIGPIPE, SIG_DFL);
	for (k = 0; k < NPARTS; k++)
		buf_init(&part[k]);
	buf_init(&recs);
	buf_init(&msgs);
	warc_record_init(&rec);
	sink = sink_buffer(&recs);
	msg_capture(&msgs);
	while (read_full(in, &h, sizeof h) == 0 && h.kind != END) {
		if ((rc = read_item(in, &h, part, &rec, &it)) == -1)
			_exit(PITH_EXIT_USAGE);		/* the parent is gone */
		if (rc < 0) {
			snprintf(err, sizeof err, "a record came through broken");
			rc = -1;
		} else
			rc = clean_item(s, &it, sink, err, sizeof err);
		if (rc < 0)
			msg_warnx("%s", err);
		if (send_result(out, rc, &recs, &msgs) < 0 || rc < 0)
			_exit(PITH_EXIT_USAGE);
		buf_reset(&recs);
		buf_reset(&msgs);
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
			work(j->s, to[0], from[1]);
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
report_here(struct jobs *j, const struct item *it)
{
	struct slot *s = slot_of(j, j->next_seq++);

	s->done = 1;
	s->failed = 1;
	msg_capture(&s->err);
	msg_warnx("%s: %s", it->path, it->why);
	msg_capture(NULL);
	j->held += s->err.len;
}

static void
set_fatal(struct jobs *j, char *err, size_t errlen, const char *what)
{
	if (!j->fatal)
		snprintf(err, errlen, "%s", what);
	j->fatal = 1;
}

/* The item to worker k: its header and parts. */
static int
send_item(struct jobs *j, int k, const struct item *it)
{
	struct item_head h = { (uint32_t)it->kind, 0, { 0 } };
	struct iovec iov[1 + NPARTS];
	const char *body = NULL;

	buf_reset(&j->pack);
	if (it->kind == ITEM_RECORD) {
		warc_pack_fields(it->record, &j->pack);
		body = it->record->block.data;
		h.len[PART_BODY] = it->record->block.len;
	} else if (it->kind == ITEM_DATA) {
		body = it->data->data;
		h.len[PART_BODY] = it->data->len;
	}
	h.len[PART_PATH] = it->path ? strlen(it->path) : 0;
	h.len[PART_NAME] = it->name ? strlen(it->name) : 0;
	h.len[PART_FIELDS] = j->pack.len;
	iov[0] = (struct iovec){ &h, sizeof h };
	iov[1] = (struct iovec){ (void *)it->path, h.len[PART_PATH] };
	iov[2] = (struct iovec){ (void *)it->name, h.len[PART_NAME] };
	iov[3] = (struct iovec){ j->pack.data, h.len[PART_FIELDS] };
	iov[4] = (struct iovec){ (void *)body, h.len[PART_BODY] };
	return writev_all(j->w[k].to, iov, 1 + NPARTS);
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
	struct item it;
	int k;

	for (k = 0; k < j->nworkers && *more && !j->fatal; k++) {
		if (j->w[k].seq >= 0)
			continue;
		for (;;) {
			if (!room(j))
				return;
			if (!items_next(j->items, &it)) {
				*more = 0;
				return;
			}
			if (it.kind != ITEM_FAILED)
				break;
			report_here(j, &it);
		}
		if (send_item(j, k, &it) < 0) {
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
	if (read_part(j->w[k].from, &s->out, r.out_len) < 0 ||
	    read_part(j->w[k].from, &s->err, r.err_len) < 0) {
		set_fatal(j, err, errlen, "a worker died");
		buf_reset(&s->out);
		buf_reset(&s->err);
	}
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

/* Emptied for the next item; a large buffer is given back. */
static void
empty(struct buf *b)
{
	if (b->cap > KEEP)
		buf_free(b);
	buf_reset(b);
}

/* Write the finished items at the head of the window, in order: their
 * records into the sink, their messages on stderr. */
static void
write_done(struct jobs *j, char *err, size_t errlen)
{
	char why[PITH_ERRLEN];
	struct slot *s;

	while (!j->fatal && j->write_seq < j->next_seq &&
	    (s = slot_of(j, j->write_seq))->done) {
		if (sink_replay(j->sink, s->out.data, s->out.len, why,
		    sizeof why) < 0)
			set_fatal(j, err, errlen, why);
		(void)write_all(STDERR_FILENO, s->err.data, s->err.len);
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
	struct item_head end = { END, 0, { 0 } };
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

long
jobs_run(const struct settings *s, struct items *items, struct sink *out,
    char *err, size_t errlen)
{
	struct jobs j = { .s = s, .items = items, .sink = out };
	void (*old)(int);
	int more = 1;
	long k;

	j.window = (long)s->jobs * WINDOW;
	j.slots = xcalloc((size_t)j.window, sizeof *j.slots);
	buf_init(&j.pack);
	old = signal(SIGPIPE, SIG_IGN);		/* a worker gone: EPIPE */
	if (start_workers(&j, s->jobs) < 0)
		set_fatal(&j, err, errlen, strerror(errno));
	while (!j.fatal && (more || j.busy > 0)) {
		hand_out(&j, &more, err, errlen);
		write_done(&j, err, errlen);
		if (j.busy > 0)
			collect(&j, err, errlen);
	}
	write_done(&j, err, errlen);
	if (stop_workers(&j) < 0)
		set_fatal(&j, err, errlen, "a worker failed");
	signal(SIGPIPE, old);
	for (k = 0; k < j.window; k++)
		buf_free(&j.slots[k].out), buf_free(&j.slots[k].err);
	free(j.slots);
	buf_free(&j.pack);
	return j.fatal ? -1 : j.failed;
}
