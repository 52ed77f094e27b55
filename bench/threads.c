/*
 * threads: libpith's interface from 1 and from N threads, each with its
 * extractor, over the same pages (files named on the command line, read
 * into memory first), each page ROUNDS times.  Prints, for each thread
 * count, the wall time, the pages per second and the speed-up over one
 * thread; and whether every thread's texts were those of one thread.
 *
 *   threads N ROUNDS FILE...
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pith/extract.h"

struct page {
	char *bytes;
	size_t len;
	unsigned long sum;	/* of its text, alone */
};

static struct page *pages;
static int npages, rounds, nthreads;

struct worker {
	pthread_t t;
	int first;		/* its share of the pages: first, first + n, ... */
	long done, same;
};

static unsigned long
sum(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	pith_extractor *x = pith_extractor_new(NULL);
	pith_result *r;
	int i, k;

	for (k = 0; k < rounds; k++)
		for (i = w->first; i < npages; i += nthreads) {
			pith_extract_html(x, pages[i].bytes, pages[i].len, NULL,
			    NULL, &r);
			w->same += sum(r ? pith_result_text(r) : "") ==
			    pages[i].sum;
			w->done++;
			pith_result_free(r);
		}
	pith_extractor_free(x);
	return NULL;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall seconds for all pages ROUNDS times over n threads. */
static double
run(int n, long *done, long *same)
{
	struct worker w[64];
	double t0 = now();
	int k;

	nthreads = n;
	*done = *same = 0;
	for (k = 0; k < n; k++) {
		w[k] = (struct worker){ .first = k };
		pthread_create(&w[k].t, NULL, work, &w[k]);
	}
	for (k = 0; k < n; k++) {
		pthread_join(w[k].t, NULL);
		*done += w[k].done;
		*same += w[k].same;
	}
	return now() - t0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0 || (p = malloc((size_t)n + 1)) == NULL ||
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

int
main(int argc, char **argv)
{
	pith_extractor *x = pith_extractor_new(NULL);
	double one, t;
	long done, same;
	pith_result *r;
	int i, n, best;

	if (argc < 4 || (n = atoi(argv[1])) < 1 || n > 64 ||
	    (rounds = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: threads N ROUNDS FILE...\n");
		return 2;
	}
	npages = argc - 3;
	pages = calloc((size_t)npages, sizeof *pages);
	for (i = 0; i < npages; i++) {
		pages[i].bytes = slurp(argv[i + 3], &pages[i].len);
		pith_extract_html(x, pages[i].bytes, pages[i].len, NULL, NULL,
		    &r);
		pages[i].sum = sum(r ? pith_result_text(r) : "");
		pith_result_free(r);
	}
	pith_extractor_free(x);
	one = run(1, &done, &same);
	for (best = 1; best <= n; best++) {
		t = best == 1 ? one : run(best, &done, &same);
		printf("%d thread%s  wall %.3f s  %.0f pages/s  speed-up %.2fx"
		    "  %ld/%ld texts as alone\n", best, best > 1 ? "s" : " ", t,
		    done / t, one / t, same, done);
	}
	return 0;
}
