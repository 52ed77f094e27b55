/*
 * pool.c: gumbo's memory for one page.  gumbo makes a malloc and a free
 * for every token, node and string piece, which was a tenth of clean's
 * instructions.  Here blocks come from large chunks in power-of-two size
 * classes, freed blocks wait on a list per class for the next request of
 * that class, and pool_reset takes everything back at once after the
 * page, keeping the chunks for the next one.  Blocks past the largest
 * class go to malloc.  Memory: at most twice what gumbo holds at its
 * peak, plus the class lists' slack, for the largest page seen.
 *
 * Under AddressSanitizer the pool stays, and tells ASan what malloc
 * would: chunks are poisoned but for the blocks handed out, each to the
 * size asked for, so a read past a block, or of a block after its release
 * or after the page, is reported as it would be with malloc.
 */
#include <stdlib.h>

#include "html.h"

#ifdef POOL_ASAN
#include <sanitizer/asan_interface.h>
#define poison(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define unpoison(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define poison(p, n)	((void)(p), (void)(n))
#define unpoison(p, n)	((void)(p), (void)(n))
#endif

#define POOL_CHUNK	(256 * 1024)
#define POOL_MIN	32		/* class 0 */
#define POOL_CLASSES	12		/* up to 64 KiB; larger: malloc */
#define BIG		POOL_CLASSES

/* Before each block: its class, and on a free list the next free block;
 * 16 bytes on x86-64, keeping the block aligned as malloc's. */
struct head {
	_Alignas(max_align_t) size_t cls;
	struct head *next;
};

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct pool {
	struct chunk *chunks, *cur;	/* cur: where blocks are cut now */
	struct head *free[POOL_CLASSES];
};

struct pool *
pool_new(void)
{
	return xcalloc(1, sizeof(struct pool));
}

void
pool_free(struct pool *p)
{
	struct chunk *c, *next;

	if (p == NULL)
		return;
	for (c = p->chunks; c != NULL; c = next) {
		next = c->next;
		unpoison(c->data, c->size);
		free(c);
	}
	free(p);
}

void
pool_reset(struct pool *p)
{
	struct chunk *c;
	size_t k;

	for (c = p->chunks; c != NULL; c = c->next) {
		c->used = 0;
		poison(c->data, c->size);
	}
	p->cur = p->chunks;
	for (k = 0; k < POOL_CLASSES; k++)
		p->free[k] = NULL;
}

/* n bytes from the chunks, the next chunk (or a new one) when cur is full. */
static void *
cut(struct pool *p, size_t n)
{
	struct chunk *c;

	while (p->cur != NULL && p->cur->size - p->cur->used < n)
		p->cur = p->cur->next;
	if (p->cur == NULL) {
		c = xmalloc(sizeof *c + POOL_CHUNK);
		c->size = POOL_CHUNK;
		c->used = 0;
		poison(c->data, c->size);
		c->next = p->chunks;
		p->chunks = p->cur = c;
	}
	c = p->cur;
	c->used += n;
	return (char *)c->data + c->used - n;
}

void *
pool_alloc(void *pool, size_t n)
{
	struct pool *p = pool;
	struct head *h;
	size_t cls = 0, size = POOL_MIN;

	while (size < n + sizeof *h && cls < BIG)
		size <<= 1, cls++;
	if (cls == BIG) {
		h = xmalloc(n + sizeof *h);
		h->cls = cls;
		return h + 1;
	}
	if ((h = p->free[cls]) != NULL)
		p->free[cls] = h->next;
	else {
		h = cut(p, size);
		unpoison(h, sizeof *h);
	}
	h->cls = cls;
	unpoison(h + 1, n);
	return h + 1;
}

void
pool_release(void *pool, void *ptr)
{
	struct pool *p = pool;
	struct head *h;

	if (ptr == NULL)
		return;
	h = (struct head *)ptr - 1;
	if (h->cls == BIG) {
		free(h);
		return;
	}
	poison(ptr, ((size_t)POOL_MIN << h->cls) - sizeof *h);
	h->next = p->free[h->cls];
	p->free[h->cls] = h;
}
