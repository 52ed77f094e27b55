/*
 * t_pool: gumbo's page allocator (clean/extract/pool.c).  Blocks of every class
 * and past the largest keep their bytes apart, freed blocks are reused,
 * and a reset gives the same memory to the next page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "tap.h"

#ifdef POOL_ASAN
#include <sanitizer/asan_interface.h>
#endif

#define N 600

static int
aligned(const void *p)
{
	return (uintptr_t)p % _Alignof(max_align_t) == 0;
}

/* N blocks of growing sizes, each filled with its own byte; then check. */
static int
fill_and_check(struct pool *p, char **blocks, size_t *sizes)
{
	size_t i, k;
	int good = 1;

	for (i = 0; i < N; i++) {
		sizes[i] = (i * 977) % 70000;	/* 0 .. past 64 KiB */
		blocks[i] = pool_alloc(p, sizes[i]);
		good &= blocks[i] != NULL && aligned(blocks[i]);
		memset(blocks[i], (int)(i & 0xff), sizes[i]);
	}
	for (i = 0; i < N; i++)
		for (k = 0; k < sizes[i]; k++)
			good &= blocks[i][k] == (char)(i & 0xff);
	return good;
}

/* Under AddressSanitizer the pool says what malloc would: the bytes past
 * a block, a released block and what a reset took back are poisoned. */
static void
test_poison(struct pool *p)
{
#ifdef POOL_ASAN
	char *a = pool_alloc(p, 40), *b;	/* of the 48-byte class */

	ok(!__asan_address_is_poisoned(a) &&
	    !__asan_address_is_poisoned(a + 39), "asan: a block is readable");
	ok(__asan_address_is_poisoned(a + 40), "asan: the byte past it is not");
	pool_release(p, a);
	ok(__asan_address_is_poisoned(a), "asan: a released block is not");
	b = pool_alloc(p, 36);
	ok(b == a && !__asan_address_is_poisoned(b + 35) &&
	    __asan_address_is_poisoned(b + 36), "asan: reused, to its new size");
	pool_reset(p);
	ok(__asan_address_is_poisoned(b), "asan: a reset takes it back");
#else
	(void)p;
	ok(1, "asan: # SKIP not an AddressSanitizer build");
#endif
}

int
main(void)
{
	struct pool *p = pool_new();
	static char *blocks[N];
	static size_t sizes[N];
	char *a, *b;
	size_t i;

	ok(fill_and_check(p, blocks, sizes), "%d blocks keep their bytes apart", N);
	for (i = 0; i < N; i += 2)
		pool_release(p, blocks[i]);
	pool_release(p, NULL);
	for (i = 1; i < N; i += 2)
		memset(blocks[i], 0x5a, sizes[i]);
	ok(1, "released every other block; NULL is a no-op");
	a = pool_alloc(p, 100);
	pool_release(p, a);
	b = pool_alloc(p, 98);
	ok(a == b, "a freed block serves the next request of its class");
	for (i = 1; i < N; i += 2)
		pool_release(p, blocks[i]);
	pool_reset(p);
	a = pool_alloc(p, 10);
	pool_reset(p);
	b = pool_alloc(p, 10);
	ok(a == b, "a reset hands out the same memory again");
	ok(fill_and_check(p, blocks, sizes), "after a reset, blocks still apart");
	for (i = 0; i < N; i++)
		pool_release(p, blocks[i]);
	pool_reset(p);
	test_poison(p);
	for (i = 0; i < 1000000; i++)		/* a page of 120 MB */
		pool_alloc(p, 100);
	ok(pool_held(p) >= (size_t)100000000, "a big page: %zu MB held",
	    pool_held(p) >> 20);
	pool_reset(p);
	ok(pool_held(p) <= (size_t)64 << 20, "after it, %zu MB kept (64 at most)",
	    pool_held(p) >> 20);
	pool_free(p);
	pool_free(NULL);
	return done();
}
