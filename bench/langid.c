/*
 * langid: language identification measured, CLD2 (clean's, through
 * clean/extract/langid.cc) beside libexttextcat (the other detector
 * Debian packages in C), on the same texts, each whole and cut to 200,
 * 100 and 50 characters.  Reads "LANG<TAB>TEXT" lines (bench/
 * langid_corpus.py); prints, for each tool and length, the share right,
 * wrong and unanswered, per language and in all, and the time a text.
 *
 *   build/bench/langid [-v] < corpus.tsv
 *
 * Times are CPU time a text (the process's), over all texts of a length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libexttextcat/textcat.h>

#include "langid.h"

#define MAXTEXTS 20000
#define NLEN 4
static const int lengths[NLEN] = { 0, 200, 100, 50 };	/* 0: whole */

struct text {
	char lang[8];
	char *s;
};

enum { RIGHT, WRONG, NONE };

struct tally {
	long n[3];
	double seconds;
	long bytes;
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);	/* a busy machine: CPU */
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* The bytes of s's first chars characters (0: all). */
static size_t
prefix_len(const char *s, int chars)
{
	size_t i = 0;

	if (chars == 0)
		return strlen(s);
	while (s[i] != '\0' && chars > 0) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars--;
	}
	return i;
}

/* exttextcat's first answer as a bare code: "[nb--utf8][da--utf8]" is
 * "no" (CLD2 says Norwegian "no"), "[zh-CN-utf8]" "zh". */
static void
textcat_code(const char *answer, char out[8])
{
	size_t n;

	out[0] = '\0';
	if (answer == NULL || answer[0] != '[')
		return;
	n = strcspn(answer + 1, "-]");
	if (n == 0 || n > 3)
		return;
	memcpy(out, answer + 1, n);
	out[n] = '\0';
	if (strcmp(out, "nb") == 0)
		strcpy(out, "no");
}

static void
count(struct tally *t, const char *want, const char *got)
{
	t->n[*got == '\0' ? NONE : strcmp(want, got) == 0 ? RIGHT : WRONG]++;
}

static void
print_row(const char *tool, const char *lang, int len, const struct tally *t,
    int timed)
{
	long all = t->n[RIGHT] + t->n[WRONG] + t->n[NONE];
	char chars[16];

	if (all == 0)
		return;
	snprintf(chars, sizeof chars, len ? "%d" : "whole", len);
	printf("%-10s %-4s %5s %5ld  right %5.1f%%  wrong %5.1f%%  none %5.1f%%",
	    tool, lang, chars, all, 100.0 * t->n[RIGHT] / all,
	    100.0 * t->n[WRONG] / all, 100.0 * t->n[NONE] / all);
	if (timed)
		printf("  %.1f us/text, %.0f MB/s", 1e6 * t->seconds / all,
		    t->bytes / t->seconds / 1e6);
	printf("\n");
}

int
main(int argc, char **argv)
{
	static struct text texts[MAXTEXTS];
	static char line[1 << 20];
	char langs[64][8], got[8];
	size_t ntexts = 0, nlangs = 0, i, l, k, n;
	int verbose = argc > 1 && strcmp(argv[1], "-v") == 0, tool;
	void *tc = special_textcat_Init("/usr/share/libexttextcat/fpdb.conf",
	    "/usr/share/libexttextcat/");
	struct tally (*t)[NLEN][65] = calloc(2, sizeof *t);
	struct langid id;
	char save;
	double t0;

	if (tc == NULL) {
		fprintf(stderr, "langid: exttextcat's fingerprints not found\n");
		return 2;
	}
	while (ntexts < MAXTEXTS && fgets(line, sizeof line, stdin)) {
		char *tab = strchr(line, '\t');

		if (tab == NULL || tab - line > 7)
			continue;
		line[strcspn(line, "\n")] = '\0';
		*tab = '\0';
		strcpy(texts[ntexts].lang, line);
		texts[ntexts++].s = strdup(tab + 1);
		for (k = 0; k < nlangs && strcmp(langs[k], line) != 0; k++)
			;
		if (k == nlangs && nlangs < 64)
			strcpy(langs[nlangs++], line);
	}
	for (tool = 0; tool < 2; tool++)
		for (l = 0; l < NLEN; l++)
			for (i = 0; i < ntexts; i++) {
				n = prefix_len(texts[i].s, lengths[l]);
				save = texts[i].s[n];
				texts[i].s[n] = '\0';
				t0 = now();
				if (tool == 0) {
					langid_identify(texts[i].s, n, &id);
					strcpy(got, id.code);
				} else
					textcat_code(textcat_Classify(tc,
					    texts[i].s, n), got);
				t[tool][l][64].seconds += now() - t0;
				t[tool][l][64].bytes += (long)n;
				texts[i].s[n] = save;
				for (k = 0; strcmp(langs[k], texts[i].lang); k++)
					;
				count(&t[tool][l][k], texts[i].lang, got);
				count(&t[tool][l][64], texts[i].lang, got);
				if (verbose && *got && strcmp(got, texts[i].lang))
					fprintf(stderr, "%s %d %s as %s: %.80s\n",
					    tool ? "textcat" : "cld2",
					    lengths[l], texts[i].lang, got,
					    texts[i].s);
			}
	for (tool = 0; tool < 2; tool++)
		for (l = 0; l < NLEN; l++) {
			for (k = 0; k < nlangs; k++)
				print_row(tool ? "exttextcat" : "cld2",
				    langs[k], lengths[l], &t[tool][l][k], 0);
			print_row(tool ? "exttextcat" : "cld2", "all",
			    lengths[l], &t[tool][l][64], 1);
		}
	textcat_Done(tc);
	return 0;
}
