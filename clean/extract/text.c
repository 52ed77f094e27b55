/*
 * text.c: the plain-text path of the engine.  A dump of every visible line of
 * a page (menus, article, related links, comment forms, footers) goes in;
 * the article comes out.
 *
 *   1. lines: CJK text read in the wrong charset decoded again, markup
 *      unwrapped, spaces collapsed, empty lines gone
 *   2. features: length, words, stopwords, prices, URLs, sentence end,
 *      boilerplate phrases (text_rules.c); the first line, when it looks
 *      like a title, is metadata and its repeat is the headline; long
 *      lines seen twice are teasers or a second copy
 *   3. a class per line on its own (jusText: bad, short, near-good, good),
 *      then revised by its neighbours (a short line between paragraphs is
 *      a subheading; a run of short lines is a menu)
 *   4. the main region: the run of lines where good text outweighs
 *      boilerplate most; tail markers (related posts, tags) cost, and a
 *      comment section ends it once the article has begun; lists, rows
 *      and code inside it cost nothing; a list announced by a colon runs
 *      on past it, unless its label names links ("Related on Site:"); a good run before it (the lead, cut off by a byline,
 *      a photo or share buttons) joins it
 *
 * Every step is linear in the number of lines.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "text_rules.h"

enum cls { C_BAD, C_SHORT, C_NEARGOOD, C_GOOD };

/* Bytes: a shorter line is never continued by the next one (menus). */
enum { CONTINUED_MIN = 20 };

/* Lines: a run of this many alike is a table or a list (mark_rows). */
enum { TABLE_ROWS = 3 };

/* Percent of a line's visible characters that punctuation makes in code. */
enum { CODE_MARKS = 25 };

/* Comment and teaser heads (mark_stamp_series): a stamp is a date alone
 * or has a clock time and this many words; a series this many stamps, at most STAMP_GAP lines apart; it
 * ends the article after SERIES_MIN_WORDS good words (a forum's first
 * post is shorter, and a forum's series starts before it anyway). */
enum { STAMP_WORDS = 3, STAMP_SERIES = 3, STAMP_GAP = 12,
	SERIES_MIN_WORDS = 300 };

/* Words: a line announcing links is a label no longer than this. */
enum { LABEL_WORDS = 6 };

/* CJK characters: a run this long ended by a space is a clause. */
enum { CJK_CLAUSE_MIN = 5 };

/* Percent of a line's CJK characters in kana: Japanese, not Chinese. */
enum { KANA_SHARE = 10 };

enum {
	F_TERMINAL = 1 << 0,	/* ends like a sentence */
	F_PRICE = 1 << 1,	/* a currency sign and a number */
	F_TITLE = 1 << 2,	/* the page title or its repeat: metadata */
	F_URL = 1 << 4,		/* holds a URL */
	F_ECHOED = 1 << 5,	/* a long line that occurs again later */
	F_DUP = 1 << 6,		/* a later occurrence of a long line */
	F_LISTED = 1 << 7,	/* a list that prose announces with a colon,
				   one of its items, or a row of a table */
	F_CODE = 1 << 8,	/* reads as program code */
	F_STAMP = 1 << 9,	/* short, a date alone or a clock time with
				   words: the head of a comment or a teaser */
	F_WIDGET = 1 << 11,	/* short, what players, feeds and galleries
				   print: a time or a duration at its end, a
				   relative time, a slide counter */
	F_SERIES = 1 << 10,	/* the first stamp of a series: comments or
				   teasers, each under a date */
};

struct line {
	size_t off, len;		/* in doc.text */
	int chars;			/* characters, CJK counted wide */
	int words;			/* spaced words, plus CJK characters / 2 */
	int cjk, cjk_function;		/* CJK characters, function ones */
	int cjk_marks;			/* clause marks (，。、 or a space) */
	int kana;			/* hiragana and katakana among them */
	uint32_t shape;			/* hash of its punctuation, in order */
	int nshape;			/* punctuation marks in it */
	int stops[LANG_NLANGS];		/* stopwords of each language */
	unsigned flags;
	const struct phrase *phrase;	/* boilerplate phrase, or NULL */
	enum cls first, cls, next;	/* context-free, current, revised */
	long score;			/* what it adds to a run: score_lines */
	enum cls near[4];		/* neighbours' classes: find_neighbours */
};

struct doc {
	struct buf text;		/* the lines, cleaned, back to back */
	struct buf scratch, scratch2;
	struct line *line;
	size_t n, cap;
	const struct text_limits *lim;
	struct stopset *stopset;
	int lang;			/* the document's language, or -1 */
};

/* ---- 1. lines ---- */

/* Append s to d->text with invisible characters dropped and runs of
 * spaces made one; returns the cleaned length. */
static size_t
collapse_spaces(struct doc *d, const char *s, size_t n)
{
	size_t i = 0, k, start = d->text.len;
	int space = 1;
	uint32_t c;

	while (i < n) {
		c = utf8_get(s + i, n - i, &k);
		switch (char_class(c)) {
		case CC_SPACE:
			space = 1;
			break;
		case CC_INVISIBLE:
			break;
		default:
			if (space && d->text.len > start)
				buf_putc(&d->text, ' ');
			space = 0;
			buf_append(&d->text, s + i, k);
		}
		i += k;
	}
	return d->text.len - start;
}

/* Closing quotes and brackets may follow the full stop. */
static int
ends_sentence(const char *s, size_t n)
{
	size_t i = n, k;
	uint32_t c;

	while (i > 0) {
		do
			i--;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
		c = utf8_get(s + i, n - i, &k);
		if (c == '"' || c == '\'' || c == ')' || c == ']' ||
		    c == 0x201D || c == 0x2019 || c == 0xBB || c == 0x300D ||
		    c == 0x300F || c == 0xFF09)
			continue;
		return char_is_terminal(c);
	}
	return 0;
}

/* A hard-wrapped paragraph or OCR text breaks sentences over lines: a
 * line that starts with a lowercase word continues one that ended
 * mid-sentence on a word or a comma. */
static int
continues(const char *prev, size_t np, const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t c = 0;

	if (np < CONTINUED_MIN || ends_sentence(prev, np))
		return 0;
	i = np - 1;
	while (i > 0 && ((unsigned char)prev[i] & 0xC0) == 0x80)
		i--;
	c = utf8_get(prev + i, np - i, &k);
	if (char_class(c) != CC_LETTER && c != ',')
		return 0;
	for (i = 0; i < n && s[i] != ' '; i += k) {
		c = utf8_get(s + i, n - i, &k);
		if ((char_class(c) != CC_LETTER || char_lower(c) != c) &&
		    (i == 0 || (c != '-' && c != '\'' && c != 0x2019)))
			return 0;
	}
	return i > 0;
}

static void
add_line(struct doc *d, const char *s, size_t n)
{
	struct line *l;
	size_t off = d->text.len, len;

	buf_reset(&d->scratch);
	text_unmarkup(s, n, &d->scratch);
	if (memmem(s, n, "&lt;", 4) != NULL) {	/* escaped markup: "&lt;b&gt;" */
		buf_reset(&d->scratch2);
		text_unmarkup(d->scratch.data, d->scratch.len, &d->scratch2);
		len = collapse_spaces(d, d->scratch2.data, d->scratch2.len);
	} else
		len = collapse_spaces(d, d->scratch.data ? d->scratch.data : "",
		    d->scratch.len);
	if (len == 0)
		return;
	l = d->n > 0 ? &d->line[d->n - 1] : NULL;
	if (l != NULL && l->off + l->len == off && continues(d->text.data +
	    l->off, l->len, d->text.data + off, len)) {
		buf_putc(&d->text, ' ');
		memmove(d->text.data + off + 1, d->text.data + off, len);
		d->text.data[off] = ' ';
		l->len += 1 + len;
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->line = xrealloc(d->line, d->cap * sizeof *d->line);
	}
	l = &d->line[d->n++];
	memset(l, 0, sizeof *l);
	l->off = off;
	l->len = len;
}

static void
split_lines(struct doc *d, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (nl == NULL)
			nl = end;
		add_line(d, p, nl - p);
		p = nl + 1;
	}
}

static const char *
line_text(const struct doc *d, const struct line *l)
{
	return d->text.data + l->off;
}

/* ---- 2. features ---- */

/* Count the stopwords of a lowercased letter run. */
static void
count_stopword(struct doc *d, struct line *l, const char *w, size_t n)
{
	unsigned langs = n ? stopset_langs(d->stopset, w, n) : 0;
	int i;

	for (i = 0; i < LANG_NLANGS; i++)
		if (langs & 1u << i)
			l->stops[i]++;
}

/* What a byte is to code: 2 a bracket, brace, semicolon or comparison
 * sign, 1 other punctuation that code is dense with, 0 anything else. */
static int
code_mark(unsigned char c)
{
	switch (c) {
	case '{': case '}': case '(': case ')': case ';': case '=': case '<':
	case '>':
		return 2;
	case '[': case ']': case '_': case '*': case '&': case '"': case '\'':
	case '$': case '#': case '/': case ':': case '.': case ',': case '+':
	case '-': case '!':
		return 1;
	}
	return 0;
}

/* Program code (a tutorial's examples): punctuation makes a quarter of
 * its visible characters, and two of them are brackets, braces,
 * semicolons or comparison signs, so "[Source]" tags are no code. */
/* Lowercase the line into d->scratch, counting words, CJK and stopwords
 * on the way. */
static void
scan_words(struct doc *d, struct line *l)
{
	const char *s = line_text(d, l);
	size_t i = 0, k, run = 0;
	int in_word = 0, digits = 0, currency = 0, clause = 0, k2;
	size_t visible = 0, marks = 0, strong = 0;
	uint32_t c;
	enum char_class cc;

	buf_reset(&d->scratch);
	while (i < l->len) {
		c = utf8_get(s + i, l->len - i, &k);
		cc = char_class(c);
		if (cc != CC_LETTER && d->scratch.len > run)
			count_stopword(d, l, d->scratch.data + run,
			    d->scratch.len - run);
		if (cc == CC_SPACE)
			in_word = 0;
		else if ((cc == CC_LETTER || cc == CC_DIGIT) && !in_word) {
			in_word = 1;
			l->words++;
		}
		l->chars += cc == CC_CJK ? d->lim->cjk_char_width : 1;
		if (cc == CC_CJK) {
			l->cjk++;
			l->cjk_function += is_cjk_function_char(c);
			l->kana += c >= 0x3040 && c <= 0x30FF;
			in_word = 0;
		}
		/* Some writers end clauses with a space instead of a comma;
		 * a menu's words are shorter than a clause. */
		if (is_cjk_clause_mark(c) ||
		    (cc == CC_SPACE && clause >= CJK_CLAUSE_MIN))
			l->cjk_marks++;
		clause = cc == CC_CJK ? clause + 1 : 0;
		digits += cc == CC_DIGIT;
		currency += char_is_currency(c);
		if (cc == CC_PUNCT) {
			l->shape = (l->shape ^ c) * 16777619u;
			l->nshape++;
		}
		if (cc != CC_SPACE) {
			visible++;
			k2 = c < 0x80 ? code_mark(c) : 0;
			marks += k2 > 0;
			strong += k2 == 2;
		}
		utf8_put(&d->scratch, char_lower(c));
		if (cc != CC_LETTER)
			run = d->scratch.len;
		i += k;
	}
	if (d->scratch.len > run)
		count_stopword(d, l, d->scratch.data + run, d->scratch.len - run);
	l->words += l->cjk / 2;
	if (currency > 0 && digits > 0)
		l->flags |= F_PRICE;
	/* Program code (a tutorial's examples): punctuation makes a quarter
	 * of its visible characters, and two of them are brackets, braces,
	 * semicolons or comparison signs, so "[Source]" tags are no code. */
	if (strong >= 2 && marks * 100 >= visible * CODE_MARKS)
		l->flags |= F_CODE;
}

/* Digits in a row at s[i]. */
static size_t
digits_at(const char *s, size_t n, size_t i)
{
	size_t j;

	for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
		;
	return j - i;
}

/* A clock time ("8:27 pm", "@02:14PM", "16:57") stands in a line. */
static int
has_clock(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k ? k : 1) {
		k = digits_at(s, n, i);
		if (k == 0 || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'))
			continue;
		if (k <= 2 && i + k < n && s[i + k] == ':' &&
		    digits_at(s, n, i + k + 1) == 2)
			return 1;
	}
	return 0;
}

/* Starts with a lowercase letter: the rest of a sentence broken over
 * lines, not a heading or a caption. */
static int
starts_lower(const char *s, size_t n)
{
	size_t k;
	uint32_t c = utf8_get(s, n, &k);

	return char_class(c) == CC_LETTER && !char_is_upper(c);
}

/* The line ends with a time or a video's duration ("Remaining Time
 * -0:00", "Rapid-fire shots at Las Vegas concert 01:55"). */
static int
ends_clock(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	if (n - i != 2 || i < 2 || s[i - 1] != ':')
		return 0;
	return s[i - 2] >= '0' && s[i - 2] <= '9';
}

/* A stamp's length: its CJK part is a name or a label ("发布时间 2024/03/15
 * 22:36 by 小李"), not prose, so its characters count once, as letters,
 * not as wide as the information a character of prose carries. */
static int
stamp_chars(const struct doc *d, const struct line *l)
{
	return l->chars - l->cjk * (d->lim->cjk_char_width - 1);
}

static void
measure(struct doc *d, struct line *l)
{
	const char *s = line_text(d, l);

	scan_words(d, l);
	l->phrase = phrase_find(d->scratch.data, d->scratch.len);
	if (ends_sentence(s, l->len))
		l->flags |= F_TERMINAL;
	if (memmem(s, l->len, "://", 3) != NULL ||
	    memmem(s, l->len, "www.", 4) != NULL)
		l->flags |= F_URL;
	/* The head of a comment ("Jen October 23, 2012 at 5:45 pm"; a live
	 * blog's "4:09AM" alone is none) or of a dated teaser. */
	if (stamp_chars(d, l) < d->lim->length_low &&
	    ((l->words >= STAMP_WORDS && has_clock(s, l->len)) ||
	    is_date_line(d->scratch.data, d->scratch.len)))
		l->flags |= F_STAMP;
	if (l->chars < d->lim->length_low && ((ends_clock(s, l->len) &&
	    !starts_lower(s, l->len)) ||
	    is_time_ago(d->scratch.data, d->scratch.len) ||
	    is_counter(d->scratch.data, d->scratch.len)))
		l->flags |= F_WIDGET;
}

/* The language whose stopwords are commonest, if they are common at all
 * (a tenth of the words); -1 otherwise (Korean, Arabic, CJK, lists). */
static int
document_language(const struct doc *d)
{
	long total[LANG_NLANGS] = { 0 }, words = 0;
	size_t i;
	int lang, best = 0;

	for (i = 0; i < d->n; i++) {
		words += d->line[i].words;
		for (lang = 0; lang < LANG_NLANGS; lang++)
			total[lang] += d->line[i].stops[lang];
	}
	for (lang = 1; lang < LANG_NLANGS; lang++)
		if (total[lang] > total[best])
			best = lang;
	return total[best] * 10 >= words && total[best] > 0 ? best : -1;
}

/* A long line that occurs twice is mostly boilerplate: teaser lists and
 * disclaimers shown at the top and again at the bottom.  But some dumps
 * hold the whole article twice (a page and its print or AMP copy), so
 * later copies are dropped and the first one only weighs less.  The
 * headline repeating the title is the title's business (take_title). */
static void
mark_repeats(struct doc *d)
{
	size_t mask = 64, i, j, *slot;
	const struct line *l, *o;

	while (mask < 2 * d->n)
		mask *= 2;
	slot = xcalloc(mask--, sizeof *slot);	/* line index + 1, 0 empty */
	for (i = 0; i < d->n; i++) {
		l = &d->line[i];
		if (l->chars < d->lim->repeat_chars)
			continue;
		for (j = fnv1a(line_text(d, l), l->len) & mask; slot[j];
		    j = (j + 1) & mask) {
			o = &d->line[slot[j] - 1];
			if (o->len == l->len && memcmp(line_text(d, o),
			    line_text(d, l), l->len) == 0)
				break;
		}
		if (slot[j] == 0)
			slot[j] = i + 1;
		else {
			d->line[slot[j] - 1].flags |= F_ECHOED;
			d->line[i].flags |= F_DUP;
		}
	}
	free(slot);
}

/* ---- 3. classes ---- */

/* Share of a line's words that are stopwords; for CJK text, of its
 * characters that are function characters or clause marks (doubled: news
 * prose names more than it says "of", and a clause mark comes every ten
 * characters or so). */
static double
stop_density(const struct doc *d, const struct line *l)
{
	int spaced = l->words - l->cjk / 2;

	/* Japanese prose ends its clauses with 、 and its sentences with 。:
	 * a line in kana with neither is a headline or a caption, however
	 * many particles it has (headlines are as dense with の, を, に). */
	if (l->cjk > 2 * spaced && l->kana * 100 >= l->cjk * KANA_SHARE &&
	    l->cjk_marks == 0 && !(l->flags & F_TERMINAL))
		return 0;
	if (l->cjk > 2 * spaced)
		return l->cjk ? 2.0 * (l->cjk_function +
		    l->cjk_marks) / l->cjk : 0;
	if (d->lang < 0)	/* unknown language: sentences count as prose */
		return l->flags & F_TERMINAL ? d->lim->stop_high :
		    d->lim->stop_low;
	return spaced > 0 ? stop_scale(d->lang) * l->stops[d->lang] / spaced :
	    0;
}

static enum cls
classify(const struct doc *d, const struct line *l)
{
	const struct text_limits *lim = d->lim;
	double density;

	if (l->flags & (F_TITLE | F_DUP))
		return C_BAD;
	if (l->phrase != NULL)
		return C_BAD;
	if (l->chars < lim->length_low)
		return l->flags & (F_URL | F_PRICE | F_WIDGET) ? C_BAD : C_SHORT;
	density = stop_density(d, l);
	if (density >= lim->stop_high)
		return l->chars > lim->length_high ? C_GOOD : C_NEARGOOD;
	if (density >= lim->stop_low)
		return C_NEARGOOD;
	if ((l->flags & F_TERMINAL) && density >= lim->stop_sentence &&
	    l->words >= lim->sentence_words)
		return C_NEARGOOD;
	return C_BAD;
}

/* Each line's nearest good or bad line before and after it (near[0],
 * near[1]), and the same with near-good lines counting (near[2],
 * near[3]); the document's edges count as bad.  Two sweeps, so the
 * revisions stay linear. */
static void
find_neighbours(struct doc *d)
{
	enum cls gb = C_BAD, any = C_BAD, c;
	size_t i;

	for (i = 0; i < d->n; i++) {
		d->line[i].near[0] = gb;
		d->line[i].near[2] = any;
		c = d->line[i].cls;
		if (c == C_GOOD || c == C_BAD)
			gb = any = c;
		else if (c == C_NEARGOOD)
			any = c;
	}
	gb = any = C_BAD;
	for (i = d->n; i-- > 0;) {
		d->line[i].near[1] = gb;
		d->line[i].near[3] = any;
		c = d->line[i].cls;
		if (c == C_GOOD || c == C_BAD)
			gb = any = c;
		else if (c == C_NEARGOOD)
			any = c;
	}
}

/* Lines in a run of short lines from line i on. */
static size_t
short_run_at(const struct doc *d, size_t i)
{
	size_t j;

	for (j = i; j < d->n && d->line[j].cls == C_SHORT; j++)
		;
	return j - i;
}

/* jusText's rule for a short line: good between good lines, bad between
 * bad ones; next to a near-good line across a bad one, good. */
static enum cls
short_by_context(const struct line *l)
{
	enum cls prev = l->near[0], next = l->near[1];

	if (prev == C_GOOD && next == C_GOOD)
		return C_GOOD;
	if (prev == C_BAD && next == C_BAD)
		return C_BAD;
	if ((prev == C_BAD && l->near[2] == C_NEARGOOD) ||
	    (next == C_BAD && l->near[3] == C_NEARGOOD))
		return C_GOOD;
	return C_BAD;
}

/* jusText's context rules: a short line takes the class of good or bad
 * neighbours on both sides; near-good lines are good unless surrounded by
 * bad ones.  But a run of short_run short lines or more is a menu or a
 * teaser list (headline, byline, date, ...), wherever it stands. */
static void
revise_short(struct doc *d)
{
	size_t i, run = 0;

	find_neighbours(d);
	for (i = 0; i < d->n; i++) {
		struct line *l = &d->line[i];

		l->next = l->cls;
		if (l->cls != C_SHORT)
			continue;
		if (i == 0 || d->line[i - 1].cls != C_SHORT)
			run = short_run_at(d, i);
		l->next = run >= (size_t)d->lim->short_run ? C_BAD :
		    short_by_context(l);
	}
	for (i = 0; i < d->n; i++)
		d->line[i].cls = d->line[i].next;
}

/* Paragraphs of news prose are often shorter than length_high, so a run of
 * near-good lines (short ones may sit between) that together make a few
 * paragraphs' worth is good: jusText alone would find no good line to
 * lean on. */
static void
promote_runs(struct doc *d)
{
	size_t i, j, k;
	long chars;

	for (i = 0; i < d->n; i = j) {
		chars = 0;
		for (j = i; j < d->n && d->line[j].cls != C_BAD; j++)
			if (d->line[j].cls == C_NEARGOOD)
				chars += d->line[j].chars;
		if (chars >= d->lim->run_chars)
			for (k = i; k < j; k++)
				if (d->line[k].cls == C_NEARGOOD)
					d->line[k].cls = C_GOOD;
		if (j == i)
			j++;
	}
}

/* A short article of medium paragraphs may hold no good line at all;
 * then its near-good lines are the best the document has. */
static void
promote_if_no_good(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->line[i].cls == C_GOOD)
			return;
	for (i = 0; i < d->n; i++)
		if (d->line[i].cls == C_NEARGOOD)
			d->line[i].cls = C_GOOD;
}

static void
revise_neargood(struct doc *d)
{
	size_t i;

	find_neighbours(d);
	for (i = 0; i < d->n; i++) {
		struct line *l = &d->line[i];

		if (l->cls == C_NEARGOOD)
			l->cls = l->near[0] == C_BAD && l->near[1] == C_BAD ?
			    C_BAD : C_GOOD;
	}
}

/* ---- 4. the main region ---- */

/* What a line adds to a region: good text its words, boilerplate a
 * price; a list that prose announces and program code nothing (they lack
 * stopwords but sit inside articles).  Past the page's tail (a tail marker
 * after the article began), good text counts tail_weight percent:
 * comments and related stories look like prose but follow the article. */
static long
line_score(const struct doc *d, const struct line *l, int in_tail)
{
	long words = l->words > 0 ? l->words : 1;

	if (l->flags & (F_TITLE | F_DUP))
		return 0;
	if (l->flags & F_ECHOED)
		words = words * d->lim->echo_weight / 100;
	if (l->cls == C_GOOD)
		return in_tail ? words * d->lim->tail_weight / 100 : words;
	if ((l->flags & (F_LISTED | F_CODE)) && l->phrase == NULL)
		return 0;
	return -(d->lim->bad_line_cost + l->words / 2);
}

static int
is_marker(const struct line *l, enum phrase_kind kind)
{
	return l->phrase != NULL && l->phrase->kind == kind;
}

/* What each line adds to a run (line_score).  A tail marker once
 * tail_min_words of good text went before it (and after the headline,
 * when the title repeats as one) costs tail_cost; a comment marker also
 * starts the tail. */
static void
score_lines(struct doc *d)
{
	long good = 0;
	size_t i;
	int in_tail = 0;

	for (i = 0; i < d->n; i++) {
		struct line *l = &d->line[i];

		if ((is_marker(l, PK_COMMENTS) &&
		    good >= d->lim->tail_min_words) ||
		    ((l->flags & F_SERIES) && good >= SERIES_MIN_WORDS)) {
			in_tail = 1;
			l->score = -d->lim->tail_cost;
		} else if (is_marker(l, PK_TAIL) &&
		    good >= d->lim->tail_min_words)
			l->score = -d->lim->tail_cost;
		else
			l->score = line_score(d, l, in_tail);
		if (l->cls == C_GOOD)
			good += l->words;
		if (l->flags & F_TITLE)
			good = 0;	/* the headline: the article starts here */
	}
}

/* The run of lines in [from, to) with the highest total score (Kadane):
 * [*lo, *hi), and that score; 0 and an empty run when none is positive. */
static long
best_run(const struct doc *d, size_t from, size_t to, size_t *lo,
    size_t *hi)
{
	long sum = 0, best = 0;
	size_t start = from, i;

	*lo = *hi = from;
	for (i = from; i < to; i++) {
		if (sum <= 0) {
			sum = 0;
			start = i;
		}
		sum += d->line[i].score;
		if (sum > best) {
			best = sum;
			*lo = start;
			*hi = i + 1;
		}
	}
	return best;
}

/* The main region [*lo, *hi), and the lead [*lead_lo, *lead_hi) before
 * it: the best run before the main one, when it scores lead_share percent
 * of it.  A lead and first paragraphs set apart from the body by a
 * byline, a photo and its credit, share buttons or a table of contents
 * are the article's start; a run after the region is more often the
 * comments or related stories. */
static void
main_region(const struct doc *d, size_t *lo, size_t *hi, size_t *lead_lo,
    size_t *lead_hi)
{
	long best, lead;

	best = best_run(d, 0, d->n, lo, hi);
	lead = best_run(d, 0, *lo, lead_lo, lead_hi);
	if (lead * 100 < best * d->lim->lead_share)
		*lead_lo = *lead_hi = 0;
}

/* A comment thread is a series of records, each under a head with a
 * name, a date and a time, and a list of teasers under their dates (a
 * headline, an author, the date, a summary): STAMP_SERIES stamps or more, each at most
 * STAMP_GAP lines after the one before, with good text between them.  The
 * first stamp of the page's first series starts its tail (score_lines);
 * later series are the same thread broken by a long comment, or, when the
 * first series started before the text, a forum's posts. */
static void
mark_stamp_series(struct doc *d)
{
	size_t i, first = 0, last = 0, n = 0;
	int good = 0;

	for (i = 0; i <= d->n; i++) {
		if (i < d->n && !(d->line[i].flags & F_STAMP)) {
			good |= d->line[i].cls == C_GOOD;
			continue;
		}
		if (n > 0 && i < d->n && good && i - last <= STAMP_GAP)
			n++;
		else {
			if (n >= STAMP_SERIES) {
				d->line[first].flags |= F_SERIES;
				return;
			}
			first = i;
			n = 1;
		}
		last = i;
		good = 0;
	}
}

/* Ends with a colon: introduces a list ("Tour dates:"). */
static int
ends_with_colon(const struct doc *d, const struct line *l)
{
	const char *s = line_text(d, l);
	size_t n = l->len;

	return (n > 0 && s[n - 1] == ':') ||
	    (n >= 3 && memcmp(s + n - 3, "\xEF\xBC\x9A", 3) == 0);	/* ： */
}

/* An item of a list announced by a colon: neither boilerplate nor
 * prose-long nor a lone word. */
static int
is_list_item(const struct doc *d, const struct line *l)
{
	if (l->phrase != NULL || (l->flags & (F_TITLE | F_DUP | F_PRICE)) ||
	    l->chars > d->lim->length_high)
		return 0;
	return l->words >= 2 || (l->flags & F_URL);
}

/* A label of a few words over links to other pages ("More news:",
 * "Related on Site:"): what it announces is no part of the article. */
static int
is_link_label(const struct doc *d, const struct line *l)
{
	return l->words <= LABEL_WORDS && names_links(line_text(d, l), l->len);
}

/* The items after line i when it announces a list, up to list_max. */
static size_t
list_items(const struct doc *d, size_t i)
{
	size_t j;

	if (!ends_with_colon(d, &d->line[i]) || d->line[i].phrase != NULL ||
	    is_link_label(d, &d->line[i]))
		return 0;
	for (j = i + 1; j < d->n && j - i <= (size_t)d->lim->list_max; j++)
		if (!is_list_item(d, &d->line[j]))
			break;
	return j - i - 1;
}

/* A list inside the article (specifications, steps, dates) is made of
 * short lines without stopwords, which would cut the article in two: when
 * prose announces it, its lines and the announcing line cost the region
 * nothing.  (Lists announced by anything else, such as "Sources:" after a
 * verdict, are as often the page's end.) */
static void
mark_lists(struct doc *d)
{
	size_t i, j, n;

	for (i = 0; i < d->n; i++) {
		if ((n = list_items(d, i)) < 2)
			continue;
		if (i == 0 || d->line[i - 1].cls != C_GOOD)
			continue;
		for (j = i; j <= i + n; j++)
			d->line[j].flags |= F_LISTED;
		i += n;
	}
}

/* Rows of a table or items of a list written alike (tour dates "June 9 –
 * City, ST @ Venue", specifications "Weight: 60 g"): lines with the same
 * punctuation in the same order, neither boilerplate nor prose-long. */
static int
alike(const struct doc *d, const struct line *a, const struct line *b)
{
	return a->nshape >= 2 && a->nshape == b->nshape &&
	    a->shape == b->shape && is_list_item(d, a) && is_list_item(d, b);
}

/* A run of TABLE_ROWS such lines or more costs the region nothing, as a
 * list announced by prose does. */
static void
mark_rows(struct doc *d)
{
	size_t a, b, i;

	for (a = 0; a < d->n; a = b) {
		for (b = a + 1; b < d->n && alike(d, &d->line[a], &d->line[b]);
		    b++)
			;
		if (b - a >= TABLE_ROWS)
			for (i = a; i < b; i++)
				d->line[i].flags |= F_LISTED;
	}
}

/* A list announced by the region's last line runs on after it: tour
 * dates, product picks, steps.  Its items are short and lack stopwords,
 * so the region stops before them; take them up to the first line that
 * is boilerplate, prose-long or a lone word. */
static void
extend_list(const struct doc *d, size_t *hi)
{
	if (*hi == 0)
		return;
	if (*hi < d->n && !ends_with_colon(d, &d->line[*hi - 1]) &&
	    ends_with_colon(d, &d->line[*hi]) && d->line[*hi].phrase == NULL)
		(*hi)++;		/* the announcing line itself was short */
	*hi += list_items(d, *hi - 1);
}

/* ---- 5. the title ---- */

/* The first line is the page's title when it is short and no sentence:
 * it goes to the metadata, and so do later lines repeating it or its
 * main part (the headline without " | Site name"). */
static void
take_title(struct doc *d, struct extract *ex)
{
	struct line *t = &d->line[0], *l;
	const char *title = line_text(d, t);
	size_t i;

	if (t->words == 0 || t->words > d->lim->title_max_words ||
	    (t->flags & F_TERMINAL) || t->phrase != NULL)
		return;
	free(ex->meta.title);
	ex->meta.title = xstrndup(title, t->len);
	t->flags |= F_TITLE;
	for (i = 1; i < d->n; i++) {
		l = &d->line[i];
		if (l->len * 2 >= t->len && l->len <= t->len &&
		    memcmp(line_text(d, l), title, l->len) == 0)
			l->flags |= F_TITLE;
	}
}

/* ---- output ---- */

/* Inside the main region, lines are article unless they are plainly
 * boilerplate: names, captions and list items lack the stopwords of
 * prose but belong to it. */
static int
keep_in_region(const struct line *l)
{
	if (l->flags & (F_TITLE | F_DUP))
		return 0;
	if (l->cls == C_GOOD)
		return 1;
	return l->phrase == NULL && !(l->flags & (F_URL | F_PRICE | F_WIDGET));
}


static void
emit(const struct doc *d, size_t lo, size_t hi, struct buf *out)
{
	size_t i;

	for (i = lo; i < hi; i++) {
		const struct line *l = &d->line[i];

		if (!keep_in_region(l))
			continue;
		if (out->len > 0)
			buf_puts(out, "\n\n");
		buf_append(out, line_text(d, l), l->len);
	}
}

static void
doc_free(struct doc *d)
{
	buf_free(&d->text);
	buf_free(&d->scratch);
	buf_free(&d->scratch2);
	free(d->line);
	stopset_free(d->stopset);
}

int
text_extract(const char *text, size_t len, const struct extract_opts *o,
    struct extract *ex, char *err, size_t errlen)
{
	struct doc d = { 0 };
	struct buf fixed;
	size_t i, lo, hi, lead_lo, lead_hi;

	buf_init(&d.text);
	buf_init(&d.scratch);
	buf_init(&d.scratch2);
	buf_init(&fixed);
	d.lim = text_limits_for(o ? o->preset : PRESET_BALANCED);
	d.stopset = stopset_new();
	if (cjk_unmojibake(text, len, &fixed))
		split_lines(&d, fixed.data, fixed.len);
	else
		split_lines(&d, text, len);
	buf_free(&fixed);
	for (i = 0; i < d.n; i++)
		measure(&d, &d.line[i]);
	d.lang = document_language(&d);
	if (d.n > 0)
		take_title(&d, ex);
	mark_repeats(&d);
	for (i = 0; i < d.n; i++)
		d.line[i].cls = d.line[i].first = classify(&d, &d.line[i]);
	promote_runs(&d);
	promote_if_no_good(&d);
	revise_short(&d);
	revise_neargood(&d);
	mark_lists(&d);
	mark_rows(&d);
	mark_stamp_series(&d);
	score_lines(&d);
	main_region(&d, &lo, &hi, &lead_lo, &lead_hi);
	extend_list(&d, &hi);
	buf_reset(&ex->text);
	emit(&d, lead_lo, lead_hi, &ex->text);
	emit(&d, lo, hi, &ex->text);
	doc_free(&d);
	extract_tidy(ex);
	return 0;
}
