/*
 * minhash.c: a fingerprint of a text for finding its near-duplicates: the
 * same wire story on ten sites, a page captured again with a new date
 * line, a print and a mobile copy.
 *
 * The text is a set of shingles, four words in a row (words: runs of
 * letters and digits, lowercased as ASCII; each CJK character a word of
 * its own).  The signature is, for each of MINHASH_N hash functions, the
 * least hash over the set; two signatures agree in a share of places
 * that estimates the Jaccard similarity of the two sets (Broder 1997).
 * For an index, the signature is cut into MINHASH_BANDS bands of
 * MINHASH_N / MINHASH_BANDS hashes, each one key: two texts of
 * similarity s share a key with probability 1 - (1 - s^4)^8, 0.985 at
 * s = 0.8 and 0.06 at s = 0.3 (locality-sensitive hashing), and a shared
 * key is then checked on the whole signature.
 *
 * Why not SimHash: on 150 articles with a date line, a share bar and
 * three words changed, the 64-bit SimHash of their shingles moved by 0
 * to 12 bits (median 5), where different articles were 22 bits apart or
 * more; a threshold of 12 needs 13 bands of 5 bits, which match one row
 * in 32 of any catalog.  MinHash's estimate is that similarity itself.
 */
#include <stdint.h>
#include <string.h>

#include "pith.h"

#define SHINGLE 4

/* The hash functions: h_i(x) = (a_i * x + b_i) >> 32 over a 64-bit mix
 * of the shingle (multiply-shift, Dietzfelbinger); a_i odd. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* A CJK character (U+3000..U+9FFF): a word of its own. */
static int
is_cjk(const unsigned char *s, size_t n)
{
	return n >= 3 && s[0] >= 0xe3 && s[0] <= 0xe9;
}

/* The length of the punctuation or space at s that is not ASCII
 * (U+0080..U+00BF: no-break space, guillemets; U+2000..U+207F: spaces,
 * dashes, quotes), or 0. */
static size_t
non_ascii_mark(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xc2)
		return 2;
	if (n >= 3 && s[0] == 0xe2 && (s[1] == 0x80 || s[1] == 0x81))
		return 3;
	return 0;
}

/* The length of the word at s (n bytes left): letters and digits, ASCII
 * or not; 0 when none starts there, *skip then being how far to go. */
static size_t
word_at(const unsigned char *s, size_t n, size_t *skip)
{
	size_t i;

	*skip = 1;
	if (is_cjk(s, n))
		return 3;
	if ((*skip = non_ascii_mark(s, n)) > 0)
		return 0;
	*skip = 1;
	for (i = 0; i < n; i++) {
		if (s[i] < 0x80 && !((s[i] | 0x20) >= 'a' &&
		    (s[i] | 0x20) <= 'z') && !(s[i] >= '0' && s[i] <= '9'))
			break;
		if (s[i] >= 0x80 && (is_cjk(s + i, n - i) ||
		    non_ascii_mark(s + i, n - i) > 0))
			break;
	}
	return i;
}

/* Fold the shingle of the last SHINGLE word hashes into m. */
static void
add_shingle(struct minhash *m, const uint64_t *w, size_t at)
{
	uint64_t x = 0;
	uint32_t h;
	size_t i;

	for (i = 0; i < SHINGLE; i++)
		x = mix(x ^ w[(at + i) % SHINGLE]);
	for (i = 0; i < MINHASH_N; i++) {
		h = (uint32_t)((x * (0x9e3779b97f4a7c15ull * (2 * i + 1)) +
		    0x632be59bd9b4e019ull * i) >> 32);
		if (h < m->h[i])
			m->h[i] = h;
	}
}

int
minhash_text(const char *text, size_t len, struct minhash *m)
{
	const unsigned char *s = (const unsigned char *)text;
	uint64_t w[SHINGLE], h;
	size_t i = 0, n, skip, k, words = 0;

	memset(m->h, 0xff, sizeof m->h);
	while (i < len) {
		if ((n = word_at(s + i, len - i, &skip)) == 0) {
			i += skip;
			continue;
		}
		h = 14695981039346656037ull;
		for (k = 0; k < n; k++) {
			unsigned char c = s[i + k];

			h = (h ^ (c >= 'A' && c <= 'Z' ? c | 0x20 : c)) *
			    1099511628211ull;
		}
		w[words % SHINGLE] = h;
		if (++words >= SHINGLE)
			add_shingle(m, w, words % SHINGLE);
		i += n;
	}
	if (words > 0 && words < SHINGLE) {	/* a text of a few words */
		for (k = words; k < SHINGLE; k++)
			w[k] = 0;
		add_shingle(m, w, 0);
	}
	return words > 0 ? 0 : -1;
}

double
minhash_similarity(const struct minhash *a, const struct minhash *b)
{
	int i, same = 0;

	for (i = 0; i < MINHASH_N; i++)
		same += a->h[i] == b->h[i];
	return (double)same / MINHASH_N;
}

void
minhash_bands(const struct minhash *m, uint64_t keys[MINHASH_BANDS])
{
	int b;

	for (b = 0; b < MINHASH_BANDS; b++)
		keys[b] = fnv1a64(fnv1a64(0, &b, sizeof b),
		    &m->h[b * (MINHASH_N / MINHASH_BANDS)],
		    sizeof m->h[0] * (MINHASH_N / MINHASH_BANDS));
}
