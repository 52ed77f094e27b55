/*
 * langid.cc: langid.h over CLD2, the one C++ file of pith.  CLD2 is
 * Chrome's detector, trained on web text: 83 languages (libcld2) from
 * quadgrams and, for CJK, Thai and the like, their scripts.  Nothing
 * here throws, allocates or keeps state; no C++ name is exported by
 * libpith (pith.map).
 */
#include <stdio.h>		/* compact_lang_det.h needs FILE */
#include <string.h>

#include <cld2/public/compact_lang_det.h>
#include <cld2/internal/lang_script.h>

#include "langid.h"

/* CLD2's codes that are not ISO 639 as the rest of the world writes it
 * (Google's old ones), and the variants told apart by script or country
 * that are one language. */
static const struct {
	const char *cld2, *iso;
} renamed[] = {
	{ "iw", "he" },			/* Hebrew */
	{ "jw", "jv" },			/* Javanese */
	{ "zh-Hant", "zh" },		/* Chinese in traditional characters */
	{ "sr-ME", "sr" },		/* Montenegrin */
};

/* The ISO code of lang into out (8 bytes): 1, or 0 for what is no
 * language (unknown, a script alone, a test code "zzb", an unused number). */
static int
iso_code(CLD2::Language lang, char out[8])
{
	const char *c = CLD2::LanguageCode(lang);
	size_t i, n;

	if (c == NULL)
		return 0;
	for (i = 0; i < sizeof renamed / sizeof renamed[0]; i++)
		if (strcmp(c, renamed[i].cld2) == 0)
			c = renamed[i].iso;
	n = strlen(c);
	if (n < 2 || n > 3 || strcmp(c, "un") == 0 || strcmp(c, "xxx") == 0 ||
	    strncmp(c, "zz", 2) == 0 || strcmp(c, "tlh") == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (c[i] < 'a' || c[i] > 'z')
			return 0;	/* "xx-Latn", "81" */
	memcpy(out, c, n + 1);
	return 1;
}

/* p moved forward to the start of a character (at most 3 bytes). */
static size_t
char_start(const char *s, size_t i, size_t len)
{
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* LANGID_PIECES pieces of the long text s (len > LANGID_MAX_BYTES), from
 * its start to its end, each cut at characters, into buf, a line end
 * between them; their length. */
static size_t
sample(const char *s, size_t len, char *buf)
{
	const size_t piece = LANGID_MAX_BYTES / LANGID_PIECES - 1;
	size_t i, from, to, n = 0;

	for (i = 0; i < LANGID_PIECES; i++) {
		from = char_start(s, (len - piece) / (LANGID_PIECES - 1) * i,
		    len);
		to = from + piece < len ? char_start(s, from + piece, len) : len;
		while (to > from + piece)	/* back to the last whole one */
			while (--to > from &&
			    ((unsigned char)s[to] & 0xc0) == 0x80)
				;
		memcpy(buf + n, s + from, to - from);
		n += to - from;
		buf[n++] = '\n';
	}
	return n;
}

/* The language of most of the text, and its share.  Not CLD2's summary
 * language, which passes over English when it has less than about 70%
 * of a text: a rule for whole pages, whose menus and footers are often
 * English; a cleaned text has none, and a blog post in English with
 * comments in Portuguese is English. */
int
langid_identify(const char *text, size_t len, struct langid *out)
{
	CLD2::Language lang3[3];
	int percent3[3], text_bytes = 0;
	bool reliable = false;
	char buf[LANGID_MAX_BYTES];

	out->code[0] = '\0';
	out->confidence = 0;
	if (text == NULL || len < LANGID_MIN_BYTES)
		return 0;
	if (len > LANGID_MAX_BYTES) {
		len = sample(text, len, buf);
		text = buf;
	}
	CLD2::ExtDetectLanguageSummary(text, (int)len, true, lang3, percent3,
	    &text_bytes, &reliable);
	if (!reliable || text_bytes < LANGID_MIN_BYTES ||
	    !iso_code(lang3[0], out->code)) {
		out->code[0] = '\0';
		return 0;
	}
	out->confidence = percent3[0] / 100.0;
	return 1;
}

int
langid_known(const char *code)
{
	char c[8];
	int i;

	for (i = 0; i < CLD2::NUM_LANGUAGES; i++)
		if (iso_code((CLD2::Language)i, c) && strcmp(c, code) == 0)
			return 1;
	return 0;
}
