/*
 * pool.c: gumbo's memory for one page.  gumbo makes a malloc and a free
 * for every token, node and string piece, which was a tenth of clean's
 * instructions.  Here blocks are cut one after the other from large
 * chunks, a freed block waits on its size class's list for the next
 * request of that class, and pool_reset takes everything back at once
 * after the page, keeping the chunks for the next one.
 *
 * The classes are multiples of 16 bytes up to 128, then four a doubling
 * up to POOL_MAX, so a block wastes at most a quarter of its size, and
 * mostly less (gumbo's nodes are 104 and 128 bytes: 112 and 128).  A
 * block has no header: its chunk is aligned to its size, so a block's
 * chunk is its address rounded down, and the chunk keeps the class of
 * each block in a byte per 16 bytes.  A block past POOL_MAX has a chunk
 * of its own.  Memory: less than malloc takes for gumbo (which makes many
 * small strings), and what a page needed is kept for the next, up to
 * POOL_KEEP.
 *
 * Under AddressSanitizer the pool tells ASan what malloc would: chunks
 * are poisoned but for the blocks handed out, each to the size asked
 * for, so a read past a block, or of a block after its release or after
 * the page, is reported as it would be with malloc.
 */
#include <stdint.h>
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

#define POOL_CHUNK	((size_t)256 << 10)	/* a chunk, aligned to it */
#define POOL_MAX	((size_t)32 << 10)	/* the largest class */
#define POOL_KEEP	((size_t)64 << 20)	/* chunks kept after a page */
#define SMALL		8			/* 16, 32, ..., 128 */
#define NCLASSES	(SMALL + 4 * 8)		/* then 160 .. 32768 */
#define GRAIN		16			/* a class byte for each */
#define NGRAINS		(POOL_CHUNK / GRAIN)

struct chunk {
	struct chunk *next;
	size_t used, size;	/* bytes of data cut, and in all */
	int big;		/* one block past POOL_MAX */
	unsigned char cls[];	/* the class of the block at each grain
				   of data (not in a big one) */
};

/* Where a chunk's blocks start. */
#define DATA(c)	((char *)(c) + ((c)->big ? sizeof(struct chunk) : \
		    sizeof(struct chunk) + NGRAINS))

struct pool {
	struct chunk *chunks;		/* in use this page */
	struct chunk *spare;		/* kept from pages before */
	size_t nspare;
	struct chunk *cur;		/* where blocks are cut */
	void *free[NCLASSES];		/* freed blocks, linked through
					   their first bytes */
};

/* The class of an n-byte block. */
static size_t
class_of(size_t n)
{
	unsigned b;

	if (n <= 128)
		return n == 0 ? 0 : (n - 1) / 16;
	b = 63 - (unsigned)__builtin_clzll((unsigned long long)(n - 1));
	return SMALL + (b - 7) * 4 + ((n - 1) >> (b - 2) & 3);
}

/* The bytes of a block of class cls. */
static size_t
class_size(size_t cls)
{
	size_t b;

	if (cls < SMALL)
		return (cls + 1) * 16;
	b = (size_t)1 << (7 + (cls - SMALL) / 4);
	return b + ((cls - SMALL) % 4 + 1) * (b / 4);
}

static struct chunk *
chunk_of(const void *block)
{
	return (struct chunk *)((uintptr_t)block & ~(uintptr_t)(POOL_CHUNK - 1));
}

/* A chunk of size bytes (a multiple of POOL_CHUNK), aligned to
 * POOL_CHUNK. */
static struct chunk *
chunk_new(size_t size, int big)
{
	struct chunk *c = xaligned(POOL_CHUNK, size);

	c->big = big;
	c->used = 0;
	c->size = size - (size_t)(DATA(c) - (char *)c);
	poison(DATA(c), c->size);
	return c;
}

static void
chunk_free(struct chunk *c)
{
	unpoison(DATA(c), c->size);
	free(c);
}

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
	pool_reset(p);
	for (c = p->spare; c != NULL; c = next) {
		next = c->next;
		chunk_free(c);
	}
	free(p);
}

void
pool_reset(struct pool *p)
{
	struct chunk *c, *next;
	size_t k;

	for (c = p->chunks; c != NULL; c = next) {
		next = c->next;
		if (p->nspare * POOL_CHUNK >= POOL_KEEP) {
			chunk_free(c);
			continue;
		}
		c->used = 0;
		poison(DATA(c), c->size);
		c->next = p->spare;
		p->spare = c;
		p->nspare++;
	}
	p->chunks = p->cur = NULL;
	for (k = 0; k < NCLASSES; k++)
		p->free[k] = NULL;
}

/* A block of class cls cut from the chunk, or from the next one. */
static void *
cut(struct pool *p, size_t cls)
{
	size_t size = class_size(cls);
	struct chunk *c = p->cur;
	char *b;

	if (c == NULL || c->size - c->used < size) {
		if ((c = p->spare) != NULL) {
			p->spare = c->next;
			p->nspare--;
		} else
			c = chunk_new(POOL_CHUNK, 0);
		c->next = p->chunks;
		p->chunks = p->cur = c;
	}
	b = DATA(c) + c->used;
	c->cls[c->used / GRAIN] = (unsigned char)cls;
	c->used += size;
	return b;
}

size_t
pool_held(const struct pool *p)
{
	const struct chunk *c;
	size_t n = 0;

	for (c = p->chunks; c != NULL; c = c->next)
		n += POOL_CHUNK;
	return n + p->nspare * POOL_CHUNK;
}

void *
pool_alloc(void *pool, size_t n)
{
	struct pool *p = pool;
	struct chunk *c;
	size_t cls;
	void *b;

	if (n > POOL_MAX) {	/* rounded up: a chunk is a multiple */
		c = chunk_new((sizeof *c + n + POOL_CHUNK - 1) &
		    ~(POOL_CHUNK - 1), 1);
		unpoison(DATA(c), n);
		return DATA(c);
	}
	cls = class_of(n);
	if ((b = p->free[cls]) != NULL) {
		unpoison(b, sizeof(void *));
		p->free[cls] = *(void **)b;
	} else
		b = cut(p, cls);
	unpoison(b, n);
	return b;
}

void
pool_release(void *pool, void *ptr)
{
	struct pool *p = pool;
	struct chunk *c;
	size_t cls;

	if (ptr == NULL)
		return;
	c = chunk_of(ptr);
	if (c->big) {
		chunk_free(c);
		return;
	}
	cls = c->cls[((char *)ptr - DATA(c)) / GRAIN];
	unpoison(ptr, sizeof(void *));
	*(void **)ptr = p->free[cls];
	p->free[cls] = ptr;
	poison(ptr, class_size(cls));
}
