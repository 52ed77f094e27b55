/*
 * text_rules.h: the data behind the plain-text path (text.c): stopword
 * lists, boilerplate phrases, thresholds, and the few helpers that read
 * them.  Heuristics live in the tables of text_rules.c, each entry with a
 * comment saying what it catches; text.c only combines them.
 */
#ifndef TEXT_RULES_H
#define TEXT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"

/* ---- characters ---- */

/* The code point at s (n bytes left) and its length in *len (>= 1);
 * invalid or truncated sequences give U+FFFD and length 1. */
uint32_t utf8_get(const char *s, size_t n, size_t *len);
/* Append c to b as UTF-8. */
void utf8_put(struct buf *b, uint32_t c);

enum char_class {
	CC_SPACE,	/* spaces, including no-break and ideographic */
	CC_INVISIBLE,	/* zero-width characters and BOMs: dropped */
	CC_PUNCT,	/* punctuation and symbols */
	CC_DIGIT,
	CC_LETTER,	/* letters of scripts that space their words */
	CC_CJK		/* Han, kana: words are not spaced */
};
enum char_class char_class(uint32_t c);
int char_is_upper(uint32_t c);
uint32_t char_lower(uint32_t c);
/* Currency signs of many locales ($, €, £, ¥, ₽, ₹, ...). */
int char_is_currency(uint32_t c);
/* Ends a sentence: . ! ? … and their CJK forms. */
int char_is_terminal(uint32_t c);

/* ---- markup (text_markup.c) ---- */

/* Append s (n bytes of one line) to out with tags unwrapped (<b>x</b> is
 * x; <br> and other block tags a space) and character references decoded
 * (&amp; &nbsp; &#8217; &#x2019;).  Unknown references stay as they are. */
void text_unmarkup(const char *s, size_t n, struct buf *out);

/* ---- languages and stopwords ---- */

enum text_lang {
	LANG_EN, LANG_DE, LANG_FR, LANG_ES, LANG_IT, LANG_PT, LANG_NL,
	LANG_RU, LANG_PL, LANG_NLANGS
};
#define LANG_ALL ((1u << LANG_NLANGS) - 1)

/* A set of lowercase words with the languages each is a stopword of.
 * Built per call (a few hundred inserts), so nothing global is mutated. */
struct stopset;
struct stopset *stopset_new(void);		/* owned */
void stopset_free(struct stopset *s);		/* NULL-safe */
/* Language mask of word (lowercase UTF-8, n bytes), 0 if not a stopword. */
unsigned stopset_langs(const struct stopset *s, const char *word, size_t n);

/* What a language's stopword share is multiplied by before it is
 * compared with the thresholds (tuned on English). */
double stop_scale(enum text_lang lang);

/* Function characters of Chinese and Japanese prose (particles, 的, 了, ...),
 * which stand in for stopwords where words are not spaced. */
int is_cjk_function_char(uint32_t c);
int is_cjk_clause_mark(uint32_t c);

/* Chinese, Japanese or Korean text whose bytes (GB2312, Big5, Shift_JIS,
 * EUC-KR, UTF-8) a tool read one a character, as Latin-1 or
 * windows-1252 ("ÐÂÎÅ" for 新闻): half of its letters are such
 * characters and their bytes decode (the charset detector chooses) to
 * CJK text.  Then 1, with that text in out (reset first); else 0. */
enum { CJK_MOJIBAKE_MIN = 20 };	/* characters to judge by */
int cjk_unmojibake(const char *s, size_t n, struct buf *out);

/* ---- boilerplate phrases ---- */

enum phrase_kind {
	PK_LINE,	/* this line is boilerplate (share, sign in, copyright) */
	PK_COMMENTS,	/* a comment section or form: the article is over */
	PK_TAIL,	/* related posts, tags, sharing: the article is probably
			   over, though some pages put these inside it */
	PK_INLINE	/* an interruption inside an article ("Read also: ...");
			   bad, but the article may go on after it */
};
enum phrase_match {
	PM_WHOLE,	/* the whole line, give or take punctuation and counts */
	PM_PREFIX,	/* the line starts with it, after leading digits and
			   punctuation ("34 responses to") */
	PM_SUFFIX,	/* the line ends with it ("Jane says:") */
	PM_ANY		/* anywhere in a line */
};
struct phrase {
	const char *text;	/* lowercase */
	enum phrase_match match;
	enum phrase_kind kind;
};

/* The first phrase of the table matching key (the line lowercased, with
 * runs of spaces collapsed), or NULL. */
const struct phrase *phrase_find(const char *key, size_t n);

/* A relative time ("2 hours ago", "vor 3 Tagen", "il y a 5 min"): key
 * is the line lowercased; it must hold a digit.  Teaser lists and
 * comment heads carry these, articles rarely. */
int is_time_ago(const char *key, size_t n);

/* A gallery's counter and nothing else ("15 of 72", "3/43", "2 von 9"):
 * N of M with N <= M, M no rating's scale (5, 10, 100); key is the line
 * lowercased. */
int is_counter(const char *key, size_t n);

/* A line that is a date and nothing else ("Wednesday November 20, 2019",
 * "20. November 2019", "2019-11-20"): key is the line lowercased.  Dated
 * teasers and comments stand under such lines. */
int is_date_line(const char *key, size_t n);

/* A line holds a word saying that what follows are links to other pages
 * ("More news:", "Related on Site:", "Similar projects:", "Share this
 * article:"); s is the line as written. */
int names_links(const char *s, size_t n);

/* ---- thresholds ---- */

struct text_limits {
	/* one line on its own */
	int length_low;		/* chars: shorter lines are "short" */
	int length_high;	/* chars: longer lines with stopwords are good */
	int cjk_char_width;	/* a CJK character counts as this many chars */
	double stop_low;	/* stopword share: below, bad */
	double stop_high;	/* stopword share: from here, good */
	double stop_sentence;	/* stopword share enough for a line that
				   ends like a sentence (names-heavy news) */
	int sentence_words;	/* ... and has at least this many words */
	/* lines in context */
	int short_run;		/* lines: a run of this many short lines is a
				   menu or a teaser list, not subheadings */
	int run_chars;		/* chars: a run of near-good lines this long
				   is good */
	int repeat_chars;	/* chars: a line this long seen twice in one
				   document is boilerplate (a teaser list or a
				   disclaimer shown at top and bottom) */
	int echo_weight;	/* percent: what the first copy of such a line
				   counts */
	int title_max_words;	/* a first line longer than this is no title */
	int list_max;		/* lines: longest list taken after a colon */
	/* the main region */
	int bad_line_cost;	/* words: what any bad line costs the region */
	int tail_cost;		/* words: what a tail marker costs the region */
	int tail_min_words;	/* good words before a tail marker counts */
	int tail_weight;	/* percent: what good text after a comment
				   section marker counts */
	int lead_share;		/* percent: a run before the main region that
				   scores this share of it is the lead */
};

/* The limits of a preset (balanced, precision, recall). */
const struct text_limits *text_limits_for(enum preset p);

#endif
