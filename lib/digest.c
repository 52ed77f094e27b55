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

/* RFC 4648 base32, no padding needed for 20 bytes (160 bits = 32 chars). */
void
digest_sha1_b32(const void *p, size_t n, char out[DIGEST_SHA1_LEN])
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	static EVP_MD *sha1;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len, bits = 0, i;
	unsigned long acc = 0;
	char *o = out;

	digest(fetched(&sha1, "SHA1"), p, n, md, &len);
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
