/*
 * extract.c: the result of one extraction, and its final tidying.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "extract.h"

void
extract_init(struct extract *ex)
{
	buf_init(&ex->text);
	buf_init(&ex->comments);
	buf_init(&ex->body);
	buf_init(&ex->body_comments);
	ex->meta = (struct doc_meta){ 0 };
	ex->warning = NULL;
}

void
extract_free(struct extract *ex)
{
	struct doc_meta *m;

	if (ex == NULL)
		return;
	m = &ex->meta;
	buf_free(&ex->text);
	buf_free(&ex->comments);
	buf_free(&ex->body);
	buf_free(&ex->body_comments);
	free(m->title);
	free(m->author);
	free(m->published);
	free(m->site_name);
	free(m->language);
	free(m->canonical_url);
	free(m->description);
	*m = (struct doc_meta){ 0 };
}

/* b in Unicode's composed form (NFC), when it is not already ASCII. */
static void
compose(struct buf *b)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;

	n = utf8proc_map((const utf8proc_uint8_t *)b->data, (utf8proc_ssize_t)
	    b->len, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0) {
		free(out);	/* not UTF-8: left as it is */
		return;
	}
	free(b->data);
	b->data = (char *)out;	/* malloc'd and NUL-terminated */
	b->len = (size_t)n;
	b->cap = (size_t)n + 1;
}

/* Code points that NFC leaves as they are, next to anything: no
 * combining mark, no singleton (U+212B ANGSTROM SIGN is U+00C5 in NFC),
 * none that composes with the character before it.  Text made only of
 * these and ASCII (most text) is NFC already; t_html checks the table
 * against utf8proc. */
static const struct { uint32_t lo, hi; } nfc_stable[] = {
	{ 0x00A0, 0x02FF },	/* Latin-1, Latin Extended, IPA, modifiers */
	{ 0x0400, 0x0482 },	/* Cyrillic letters */
	{ 0x048A, 0x052F },
	{ 0x2010, 0x2027 },	/* dashes, quotes, bullets, ellipsis */
	{ 0x2030, 0x205E },
	{ 0x20A0, 0x20C0 },	/* currency */
	{ 0x2190, 0x2328 },	/* arrows, mathematical operators */
	{ 0x232B, 0x23FF },	/* (U+2329, U+232A are U+3008, U+3009) */
	{ 0x2500, 0x27BF },	/* boxes, shapes, dingbats */
	{ 0x3000, 0x3029 },	/* CJK punctuation (U+302A-U+302F combine), */
	{ 0x3030, 0x3096 },	/* hiragana */
	{ 0x309B, 0x30FF },	/* katakana (U+3099, U+309A combine) */
	{ 0x4E00, 0x9FFF },	/* CJK ideographs */
	{ 0xAC00, 0xD7A3 },	/* Hangul syllables (jamo compose) */
	{ 0xFF01, 0xFF60 },	/* fullwidth forms */
	{ 0x1F000, 0x1FAFF },	/* emoji */
};

int
nfc_stable_char(uint32_t c)
{
	size_t i;

	for (i = 0; i < sizeof nfc_stable / sizeof nfc_stable[0]; i++)
		if (c >= nfc_stable[i].lo && c <= nfc_stable[i].hi)
			return 1;
	return 0;
}

/* Drop what text has no use for (see extract_tidy), then compose what
 * may not be composed. */
static void
tidy(struct buf *b)
{
	unsigned char *p = (unsigned char *)b->data;
	size_t i, j = 0, len;
	unsigned int c;
	int stable = 1;

	for (i = 0; i < b->len; i++) {
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n') ||
		    p[i] == 0x7f)
			continue;		/* C0 but tab and line feed, DEL */
		if (p[i] == 0xc2 && i + 1 < b->len && p[i + 1] >= 0x80 &&
		    (p[i + 1] <= 0x9f || p[i + 1] == 0xad)) {
			i++;			/* C1, and the soft hyphen */
			continue;
		}
		if (p[i] >= 0xc0 && stable &&	/* a lead byte */
		    (len = utf8_char(p + i, b->len - i, &c)) > 0)
			stable = nfc_stable_char(c);
		p[j++] = p[i];
	}
	if (b->data != NULL) {
		b->len = j;
		b->data[j] = '\0';
	}
	if (!stable)
		compose(b);
}

/* The same for a metadata string; owned. */
static void
tidy_str(char **s)
{
	struct buf b;

	if (*s == NULL)
		return;
	buf_init(&b);
	buf_puts(&b, *s);
	tidy(&b);
	free(*s);
	*s = buf_steal(&b);
}

void
extract_tidy(struct extract *ex)
{
	struct doc_meta *m = &ex->meta;

	tidy(&ex->text);
	tidy(&ex->comments);
	tidy(&ex->body);
	tidy(&ex->body_comments);
	tidy_str(&m->title);
	tidy_str(&m->author);
	tidy_str(&m->site_name);
	tidy_str(&m->description);
}
