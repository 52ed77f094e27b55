/*
 * digest.c: SHA-1 in base32 (the WARC digest form), SHA-256 in hex, and
 * random record identifiers.  The digests are OpenSSL's.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "pith.h"

/* The algorithm, looked up once: with EVP_sha1(), OpenSSL 3 fetches it
 * from its providers again on every call (its manual advises an explicit
 * fetch for code that hashes often). */
static const EVP_MD *
fetched(EVP_MD **md, const char *name)
{
	if (*md == NULL && (*md = EVP_MD_fetch(NULL, name, NULL)) == NULL)
		abort();
	return *md;
}

static void
digest(const EVP_MD *md, const void *p, size_t n, unsigned char *out,
    unsigned int *outlen)
{
	if (EVP_Digest(p, n, out, outlen, md, NULL) != 1)
		abort();
}

static EVP_MD *sha1;

/* "sha1:" and RFC 4648 base32 of md, no padding needed for 20 bytes (160
 * bits = 32 chars). */
static void
sha1_b32(const unsigned char *md, unsigned int len,
    char out[DIGEST_SHA1_LEN])
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned int bits = 0, i;
	unsigned long acc = 0;
	char *o = out;

	memcpy(o, "sha1:", 5);
	o += 5;
	for (i = 0; i < len; i++) {
		acc = (acc << 8) | md[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			*o++ = alphabet[(acc >> bits) & 31];
		}
	}
	*o = '\0';
}

void
digest_sha1_b32(const void *p, size_t n, char out[DIGEST_SHA1_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len;

	digest(fetched(&sha1, "SHA1"), p, n, md, &len);
	sha1_b32(md, len, out);
}

struct digest_sha1 {
	EVP_MD_CTX *ctx;
};

struct digest_sha1 *
digest_sha1_begin(void)
{
	struct digest_sha1 *d = xcalloc(1, sizeof *d);

	if ((d->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(d->ctx, fetched(&sha1, "SHA1"), NULL) != 1)
		abort();			/* out of memory, as xmalloc */
	return d;
}

void
digest_sha1_update(struct digest_sha1 *d, const void *p, size_t n)
{
	if (n > 0 && EVP_DigestUpdate(d->ctx, p, n) != 1)
		abort();
}

void
digest_sha1_end_b32(struct digest_sha1 *d, char out[DIGEST_SHA1_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len;

	if (EVP_DigestFinal_ex(d->ctx, md, &len) != 1)
		abort();
	EVP_MD_CTX_free(d->ctx);
	free(d);
	sha1_b32(md, len, out);
}

void
digest_sha256_hex(const void *p, size_t n, char out[DIGEST_SHA256_LEN])
{
	static EVP_MD *sha256;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len, i;

	digest(fetched(&sha256, "SHA256"), p, n, md, &len);
	for (i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

void
warc_new_id(char out[WARC_ID_LEN])
{
	unsigned char u[16];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof u) {
		n = getrandom(u + got, sizeof u - got, 0);
		if (n > 0)
			got += (size_t)n;
	}
	u[6] = (u[6] & 0x0f) | 0x40;		/* version 4 */
	u[8] = (u[8] & 0x3f) | 0x80;		/* RFC 4122 variant */
	snprintf(out, WARC_ID_LEN,
	    "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x>", u[0], u[1], u[2], u[3], u[4], u[5],
	    u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}
