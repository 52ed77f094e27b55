/*
 * progress.c: "ingest: 120/2000 URLs, 3 failed, 41/s" on stderr, redrawn
 * in place, when stderr is a terminal and -q was not given; nothing at
 * all otherwise, so that a cron job's mail holds only what went wrong.
 */
#include <stdio.h>
#include <unistd.h>

#include "ingest.h"

#define REDRAW_MS 200		/* at most five redraws a second */

void
progress_init(struct progress *p, int fd)
{
	p->on = isatty(fd) && msg_level() != MSG_QUIET;
	p->started = p->last = monotonic_ms(0);
}

void
progress_show(struct ingest *in, int final)
{
	struct progress *p = &in->progress;
	long long now;
	double secs;

	if (!p->on || p->total == 0)
		return;
	now = monotonic_ms(0);
	if (!final && now - p->last < REDRAW_MS)
		return;
	p->last = now;
	secs = (double)(now - p->started) / 1000;
	fprintf(stderr, "\r\033[Kingest: %zu/%zu URLs, %ld failed, %ld not "
	    "modified, %ld disallowed, %.0f/s", p->done, p->total, in->failed,
	    in->not_modified, in->disallowed, secs > 0 ? p->done / secs : 0);
	if (final)
		fputc('\n', stderr);
	p->shown = !final;
	fflush(stderr);
}

void
progress_clear(struct ingest *in)
{
	if (!in->progress.shown)
		return;
	fputs("\r\033[K", stderr);
	in->progress.shown = 0;
	in->progress.last = 0;		/* redraw after the message */
}
