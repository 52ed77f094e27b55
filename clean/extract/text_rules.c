/*
 * text_rules.c: the tables of the plain-text path.  Everything text.c
 * knows about words and phrases is here; change a list, not the code.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_rules.h"

/* ---- characters ---- */

uint32_t
utf8_get(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t k, i;

	*len = 1;
	if (p[0] < 0x80)
		return p[0];
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		k = 1, c = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		k = 2, c = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		k = 3, c = p[0] & 0x07;
	else
		return 0xFFFD;
	if (n < k + 1)
		return 0xFFFD;
	for (i = 1; i <= k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0xFFFD;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((k == 2 && c < 0x800) || (k == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0xFFFD;
	*len = k + 1;
	return c;
}

void
utf8_put(struct buf *b, uint32_t c)
{
	char t[4];

	if (c < 0x80) {
		buf_putc(b, (int)c);
		return;
	}
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x800) {
		t[0] = 0xC0 | c >> 6, t[1] = 0x80 | (c & 0x3F);
		buf_append(b, t, 2);
	} else if (c < 0x10000) {
		t[0] = 0xE0 | c >> 12, t[1] = 0x80 | (c >> 6 & 0x3F);
		t[2] = 0x80 | (c & 0x3F);
		buf_append(b, t, 3);
	} else {
		t[0] = 0xF0 | c >> 18, t[1] = 0x80 | (c >> 12 & 0x3F);
		t[2] = 0x80 | (c >> 6 & 0x3F), t[3] = 0x80 | (c & 0x3F);
		buf_append(b, t, 4);
	}
}

struct range {
	uint32_t lo, hi;
};

/* Scripts written without spaces between words. */
static const struct range cjk_ranges[] = {
	{ 0x3040, 0x30FF },	/* hiragana, katakana */
	{ 0x3400, 0x4DBF },	/* CJK extension A */
	{ 0x4E00, 0x9FFF },	/* CJK unified ideographs */
	{ 0xF900, 0xFAFF },	/* compatibility ideographs */
	{ 0xFF66, 0xFF9F },	/* halfwidth katakana */
	{ 0x20000, 0x2FA1F },	/* CJK extensions B-F */
};
/* Punctuation and symbols outside ASCII. */
static const struct range punct_ranges[] = {
	{ 0x00A1, 0x00BF },	/* Latin-1: ¡ © « » ¿ ... */
	{ 0x00D7, 0x00D7 }, { 0x00F7, 0x00F7 },
	{ 0x2010, 0x2027 },	/* dashes, quotes, bullets, ellipsis */
	{ 0x2030, 0x205E },
	{ 0x20A0, 0x20CF },	/* currency */
	{ 0x2100, 0x2BFF },	/* letterlike, arrows, math, boxes, shapes */
	{ 0x3000, 0x303F },	/* CJK punctuation */
	{ 0xFE30, 0xFE6F },	/* CJK compatibility forms */
	{ 0xFF01, 0xFF0F }, { 0xFF1A, 0xFF20 }, { 0xFF3B, 0xFF40 },
	{ 0xFF5B, 0xFF65 },	/* fullwidth punctuation */
	{ 0xFFFD, 0xFFFD },
	{ 0x1F000, 0x1FAFF },	/* emoji and pictographs */
};
static const struct range space_ranges[] = {
	{ 0x00A0, 0x00A0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200A },
	{ 0x2028, 0x2029 }, { 0x202F, 0x202F }, { 0x205F, 0x205F },
	{ 0x3000, 0x3000 },
};
static const struct range invisible_ranges[] = {
	{ 0x00AD, 0x00AD },	/* soft hyphen */
	{ 0x200B, 0x200F },	/* zero-width space, joiners, marks */
	{ 0x2060, 0x2064 }, { 0xFEFF, 0xFEFF },	/* word joiner, BOM */
	{ 0xFE00, 0xFE0F },	/* variation selectors */
};

static int
in_ranges(uint32_t c, const struct range *r, size_t n)
{
	while (n-- > 0)
		if (c >= r[n].lo && c <= r[n].hi)
			return 1;
	return 0;
}
#define IN(c, r) in_ranges(c, r, sizeof r / sizeof r[0])

enum char_class
char_class(uint32_t c)
{
	if (c < 0x80) {
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v')
			return CC_SPACE;
		if (c >= '0' && c <= '9')
			return CC_DIGIT;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return CC_LETTER;
		return c < 0x20 || c == 0x7F ? CC_INVISIBLE : CC_PUNCT;
	}
	if (IN(c, space_ranges))
		return CC_SPACE;
	if (IN(c, invisible_ranges) || (c >= 0x80 && c < 0xA0))
		return CC_INVISIBLE;
	if (IN(c, cjk_ranges))
		return CC_CJK;
	if (IN(c, punct_ranges))
		return CC_PUNCT;
	if (c >= 0xFF10 && c <= 0xFF19)
		return CC_DIGIT;
	return CC_LETTER;
}

int
char_is_upper(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	return (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||	/* Latin-1 */
	    (c >= 0x100 && c <= 0x17F && c % 2 == 0) ||	/* Latin Ext-A, roughly */
	    (c >= 0x391 && c <= 0x3AB) ||		/* Greek */
	    (c >= 0x400 && c <= 0x42F);			/* Cyrillic */
}

uint32_t
char_lower(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17F && c % 2 == 0 && c != 0x130 && c != 0x138)
		return c + 1;
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	return c;
}

/* Currency signs: a line of prices is a shop tile, not an article. */
static const uint32_t currency[] = {
	'$', 0xA2 /* ¢ */, 0xA3 /* £ */, 0xA5 /* ¥ */, 0x20AC /* € */,
	0x20BD /* ₽ */, 0x20B9 /* ₹ */, 0x20A9 /* ₩ */, 0x20BA /* ₺ */,
	0x20B4 /* ₴ */, 0x20AA /* ₪ */, 0x0E3F /* ฿ */, 0x20B1 /* ₱ */,
	0xFFE5 /* ￥ */, 0xFFE0 /* ￠ */, 0xFFE1 /* ￡ */, 0x5186 /* 円 */,
	0x5143 /* 元 */,
};

int
char_is_currency(uint32_t c)
{
	size_t i;

	for (i = 0; i < sizeof currency / sizeof currency[0]; i++)
		if (currency[i] == c)
			return 1;
	return 0;
}

int
char_is_terminal(uint32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 /* … */ ||
	    c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */ ||
	    c == 0xFF0E /* ． */ || c == 0x061F /* ؟ */ || c == 0x0964 /* । */;
}

/* ---- stopwords ---- */

/* The commonest function words of each language.  Prose is dense with
 * them (a third of its words or more); menus, tags, names and prices are
 * not.  Short lists on purpose: frequent words that rarely name things. */
static const char *const stop_en[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "because", "been", "before", "but", "by", "can", "could",
	"did", "do", "does", "each", "even", "for", "from", "had", "has",
	"have", "he", "her", "here", "him", "his", "how", "i", "if", "in",
	"into", "is", "it", "its", "just", "like", "many", "may", "me",
	"more", "most", "much", "my", "no", "not", "now", "of", "on", "one",
	"only", "or", "other", "our", "out", "over", "said", "she", "should",
	"so", "some", "such", "than", "that", "the", "their", "them", "then",
	"there", "these", "they", "this", "those", "through", "to", "too",
	"under", "up", "very", "was", "we", "were", "what", "when", "where",
	"which", "while", "who", "will", "with", "would", "you", "your",
};
static const char *const stop_de[] = {
	"aber", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "bin",
	"bis", "bist", "da", "damit", "dann", "das", "dass", "dem", "den",
	"denn", "der", "des", "die", "dies", "diese", "dieser", "doch", "dort",
	"du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er",
	"es", "für", "gegen", "hat", "hatte", "ich", "ihr", "ihre", "im",
	"in", "ist", "ja", "jetzt", "kann", "kein", "keine", "man", "mehr",
	"mit", "muss", "nach", "nicht", "noch", "nun", "nur", "ob", "oder",
	"ohne", "schon", "sein", "seine", "sich", "sie", "sind", "so", "über",
	"um", "und", "uns", "unter", "vom", "von", "vor", "war", "waren",
	"was", "weil", "wenn", "werden", "wie", "wir", "wird", "wurde", "zu",
	"zum", "zur", "zwischen",
};
static const char *const stop_fr[] = {
	"à", "au", "aussi", "aux", "avec", "avait", "c", "ce", "cela", "ces",
	"cette", "comme", "d", "dans", "de", "des", "donc", "du", "elle",
	"elles", "en", "encore", "est", "et", "été", "être", "il", "ils", "j",
	"je", "l", "la", "le", "les", "leur", "leurs", "lui", "mais", "me",
	"même", "mes", "n", "ne", "nous", "on", "ont", "ou", "où", "par",
	"pas", "pour", "qu", "que", "qui", "s", "sa", "sans", "se", "ses",
	"si", "son", "sont", "sur", "tout", "tous", "très", "un", "une",
	"vous", "y",
};
static const char *const stop_es[] = {
	"a", "al", "algo", "como", "con", "cuando", "de", "del", "desde",
	"donde", "el", "él", "ella", "en", "entre", "era", "es", "esa", "ese",
	"eso", "esta", "está", "este", "esto", "fue", "ha", "han", "hay",
	"la", "las", "le", "les", "lo", "los", "más", "me", "mi", "muy", "ni",
	"no", "nos", "o", "para", "pero", "por", "porque", "que", "qué", "se",
	"sea", "ser", "si", "sí", "sin", "sobre", "son", "su", "sus", "también",
	"te", "tiene", "todo", "un", "una", "uno", "y", "ya",
};
static const char *const stop_it[] = {
	"a", "ad", "al", "alla", "alle", "anche", "che", "ci", "come", "con",
	"così", "da", "dal", "dalla", "degli", "dei", "del", "della", "delle",
	"di", "è", "e", "gli", "ha", "hanno", "i", "il", "in", "la", "le",
	"lo", "loro", "ma", "mi", "molto", "ne", "negli", "nel", "nella",
	"non", "o", "per", "più", "quando", "quella", "questa", "questo",
	"se", "si", "sia", "sono", "su", "sua", "sul", "sulla", "suo", "tra",
	"un", "una", "uno",
};
static const char *const stop_pt[] = {
	"a", "ao", "aos", "as", "às", "com", "como", "da", "das", "de", "do",
	"dos", "e", "é", "ela", "ele", "em", "entre", "era", "essa", "esse",
	"esta", "está", "este", "eu", "foi", "há", "isso", "já", "lhe", "mais",
	"mas", "muito", "na", "não", "nas", "no", "nos", "o", "os", "ou",
	"para", "pela", "pelo", "por", "quando", "que", "se", "sem", "ser",
	"seu", "sua", "são", "também", "tem", "um", "uma", "você",
};
static const char *const stop_nl[] = {
	"aan", "al", "als", "bij", "dan", "dat", "de", "die", "dit", "door",
	"een", "en", "er", "geen", "had", "heb", "heeft", "het", "hij", "hoe",
	"haar", "in", "is", "je", "kan", "maar", "met", "naar", "niet", "nog",
	"nu", "of", "om", "ook", "op", "over", "te", "tot", "uit", "van",
	"veel", "voor", "was", "wat", "we", "wel", "werd", "wij", "worden",
	"wordt", "zal", "ze", "zich", "zijn", "zo", "zou",
};
static const char *const stop_ru[] = {
	"а", "без", "бы", "был", "была", "были", "было", "быть", "в", "вам",
	"вас", "во", "вот", "все", "всё", "вы", "где", "да", "для", "до",
	"его", "ее", "её", "если", "есть", "еще", "ещё", "же", "за", "и", "из",
	"или", "им", "их", "к", "как", "когда", "кто", "ли", "мы", "на",
	"над", "не", "него", "нет", "ни", "но", "о", "об", "однако", "он",
	"она", "они", "оно", "от", "по", "под", "после", "при", "с", "со",
	"так", "также", "там", "то", "того", "только", "том", "у", "уже",
	"что", "чтобы", "это", "этом", "я", "который", "которая", "которое",
	"которые", "которых", "которым", "этот", "эта", "эти", "этой", "этого",
	"свой", "своей", "свои", "будет", "будут", "может", "можно", "нужно",
	"очень", "тоже", "более", "даже", "между", "через", "перед", "около",
	"про", "ней", "них", "себя", "себе", "всех", "весь", "вся", "тем",
	"чем", "здесь", "потому", "поэтому", "хотя", "уж", "лишь", "ему", "ей",
	"нас", "нам", "меня", "мне", "тебя", "ты",
};
static const char *const stop_pl[] = {
	"a", "aby", "ale", "bez", "był", "była", "było", "być", "co", "do",
	"gdy", "i", "ich", "jak", "jako", "jest", "jego", "jej", "już", "lub",
	"ma", "między", "mnie", "na", "nad", "nie", "o", "od", "oraz", "po",
	"pod", "przez", "przy", "się", "są", "tak", "także", "tego", "to",
	"tym", "w", "we", "z", "za", "ze", "że", "żeby", "który", "która",
	"które", "których", "którym", "będzie", "będą", "może", "można",
	"bardzo", "też", "jeszcze", "tylko", "nawet", "przed", "około", "dla",
	"czy", "albo", "ten", "ta", "te", "tej", "gdzie", "kiedy", "jednak",
	"jednak", "już", "sobie", "siebie", "nas", "nam", "mnie", "mi",
};

/* scale: languages without articles (Russian, Polish) have fewer
 * function words per sentence; their share is scaled up to compare with
 * the thresholds, which were set on English. */
static const struct {
	enum text_lang lang;
	const char *const *words;
	size_t n;
	double scale;
} stoplists[] = {
#define L(lang, a, scale) { lang, a, sizeof a / sizeof a[0], scale }
	L(LANG_EN, stop_en, 1.0), L(LANG_DE, stop_de, 1.0),
	L(LANG_FR, stop_fr, 1.0), L(LANG_ES, stop_es, 1.0),
	L(LANG_IT, stop_it, 1.0), L(LANG_PT, stop_pt, 1.0),
	L(LANG_NL, stop_nl, 1.0), L(LANG_RU, stop_ru, 1.3),
	L(LANG_PL, stop_pl, 1.3),
#undef L
};

double
stop_scale(enum text_lang lang)
{
	size_t i;

	for (i = 0; i < sizeof stoplists / sizeof stoplists[0]; i++)
		if (stoplists[i].lang == lang)
			return stoplists[i].scale;
	return 1.0;
}

/* Chinese and Japanese function characters: particles and the commonest
 * grammatical characters.  Prose uses them in every clause; menus of
 * nouns ("首页 新闻 体育") hardly at all. */
static const uint32_t cjk_function[] = {
	/* Chinese */
	0x7684 /* 的 */, 0x4E86 /* 了 */, 0x662F /* 是 */, 0x5728 /* 在 */,
	0x548C /* 和 */, 0x6709 /* 有 */, 0x6211 /* 我 */, 0x4ED6 /* 他 */,
	0x8FD9 /* 这 */, 0x4E5F /* 也 */, 0x5C31 /* 就 */, 0x90FD /* 都 */,
	0x800C /* 而 */, 0x4E0E /* 与 */, 0x7740 /* 着 */, 0x4E0D /* 不 */,
	0x4E2A /* 个 */, 0x4EEC /* 们 */, 0x4E3A /* 为 */, 0x4EE5 /* 以 */,
	0x5230 /* 到 */, 0x8BF4 /* 说 */, 0x5BF9 /* 对 */, 0x80FD /* 能 */,
	0x5979 /* 她 */, 0x4F46 /* 但 */, 0x88AB /* 被 */, 0x628A /* 把 */,
	0x5C06 /* 将 */, 0x5F88 /* 很 */, 0x5417 /* 吗 */, 0x5462 /* 呢 */,
	0x4E4B /* 之 */, 0x5176 /* 其 */, 0x6B64 /* 此 */,
	/* the same in traditional characters (Taiwan, Hong Kong) */
	0x9019 /* 這 */, 0x8207 /* 與 */, 0x8457 /* 著 */, 0x500B /* 個 */,
	0x5011 /* 們 */, 0x70BA /* 為 */, 0x8AAA /* 說 */, 0x5C0D /* 對 */,
	0x5C07 /* 將 */, 0x55CE /* 嗎 */,
	/* Japanese particles and auxiliaries (hiragana) */
	0x306E /* の */, 0x306F /* は */, 0x304C /* が */, 0x3092 /* を */,
	0x306B /* に */, 0x3067 /* で */, 0x3068 /* と */, 0x3082 /* も */,
	0x305F /* た */, 0x3057 /* し */, 0x3066 /* て */, 0x3059 /* す */,
	0x307E /* ま */, 0x3044 /* い */, 0x308B /* る */, 0x3060 /* だ */,
	0x306A /* な */, 0x304B /* か */, 0x3063 /* っ */, 0x308C /* れ */,
};

/* c is one of list[0..n-1]. */
static int
in_list(uint32_t c, const uint32_t *list, size_t n)
{
	while (n-- > 0)
		if (list[n] == c)
			return 1;
	return 0;
}
#define IN_LIST(c, l) in_list(c, l, sizeof l / sizeof l[0])

int
is_cjk_function_char(uint32_t c)
{
	return IN_LIST(c, cjk_function);
}

/* The commas, full stops and quotes of Chinese and Japanese prose: a
 * clause is a few characters long, so prose has one every ten or so and
 * menus and headlines none. */
static const uint32_t cjk_clause_marks[] = {
	0x3001 /* 、 */, 0x3002 /* 。 */, 0xFF0C /* ， */, 0xFF1B /* ； */,
	0xFF1A /* ： */, 0xFF01 /* ！ */, 0xFF1F /* ？ */, 0x300C /* 「 */,
	0x300E /* 『 */, 0x201C /* “ */,
};

int
is_cjk_clause_mark(uint32_t c)
{
	return c >= 0x2000 && IN_LIST(c, cjk_clause_marks);
}

/* ---- CJK text read in the wrong charset ---- */

/* What windows-1252 puts at 0x80-0x9F, by byte: a tool that read a page's
 * bytes as windows-1252 rather than Latin-1 wrote these. */
static const uint32_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The byte that c stood for when bytes were read one a character, or -1. */
static int
latin1_byte(uint32_t c)
{
	int i;

	if (c < 0x100)
		return (int)c;
	for (i = 0; i < 32; i++)
		if (cp1252_high[i] == c)
			return 0x80 + i;
	return c == 0xFFFD ? '?' : -1;
}

/* Characters of the scripts a legacy CJK charset holds: Han, kana,
 * Hangul, their punctuation and full-width forms. */
static int
is_cjk_script(uint32_t c)
{
	return char_class(c) == CC_CJK || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* The charsets of CJK pages before UTF-8, after the detector's choice
 * (NULL), which a stray control character or a short text misleads. */
static const char *const cjk_charsets[] = {
	NULL, "gb18030", "big5", "shift_jis", "euc-jp", "euc-kr",
};

/* How well text decodes as CJK: the characters outside ASCII that are
 * not CJK (U+FFFD for bytes that did not decode), or -1 when they are a
 * tenth of the CJK ones or there are too few CJK ones to judge by. */
static long
not_cjk(const char *s, size_t n)
{
	size_t i, k, wide = 0, other = 0;
	uint32_t c;

	for (i = 0; i < n; i += k) {
		c = utf8_get(s + i, n - i, &k);
		if (c >= 0x80 && char_class(c) != CC_SPACE)
			*(is_cjk_script(c) ? &wide : &other) += 1;
	}
	return wide >= CJK_MOJIBAKE_MIN && other * 10 < wide ? (long)other : -1;
}

/* The bytes decoded in the charset that makes the most CJK of them: the
 * detector's, unless another leaves fewer characters that are not CJK. */
static int
decode_cjk(const struct buf *bytes, struct buf *out)
{
	struct buf try;
	struct charset_info ci;
	char err[PITH_ERRLEN], type[64];
	long best = -1, v;
	size_t i;

	buf_init(&try);
	for (i = 0; i < sizeof cjk_charsets / sizeof cjk_charsets[0]; i++) {
		if (cjk_charsets[i] != NULL)
			snprintf(type, sizeof type, "text/plain; charset=%s",
			    cjk_charsets[i]);
		if (charset_to_utf8(bytes->data, bytes->len, cjk_charsets[i] ?
		    type : NULL, 0, &try, &ci, err, sizeof err) < 0 ||
		    (v = not_cjk(try.data, try.len)) < 0 ||
		    (best >= 0 && v >= best))
			continue;
		best = v;
		buf_reset(out);
		buf_append(out, try.data, try.len);
		if (best == 0)
			break;
	}
	buf_free(&try);
	return best >= 0;
}

/* A cheap look at the bytes first: most text has a character that no
 * byte read as Latin-1 or windows-1252 gives (a UTF-8 lead other than
 * U+0080-U+00FF's, those of windows-1252's letters and punctuation and
 * U+FFFD's), or is mostly ASCII letters. */
static int
latin1_lookalike(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, high = 0, ascii = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			ascii += (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
		else if (p[i] == 0xC2 || p[i] == 0xC3)
			high++;
		else if (p[i] >= 0xC0 && p[i] != 0xC5 && p[i] != 0xC6 &&
		    p[i] != 0xCB && p[i] != 0xE2 && p[i] != 0xEF)
			return 0;
	}
	return high >= 2 * CJK_MOJIBAKE_MIN && high >= ascii;
}

int
cjk_unmojibake(const char *s, size_t n, struct buf *out)
{
	struct buf bytes;
	size_t i, k;
	int b, ok;

	if (!latin1_lookalike(s, n))
		return 0;
	buf_init(&bytes);
	buf_reserve(&bytes, n);
	for (i = 0; i < n; i += k) {
		if ((b = latin1_byte(utf8_get(s + i, n - i, &k))) < 0) {
			buf_free(&bytes);
			return 0;
		}
		buf_putc(&bytes, b);
	}
	ok = decode_cjk(&bytes, out);
	buf_free(&bytes);
	return ok;
}

/* An open-addressing hash of the stoplists, built for one call. */
struct stopset {
	struct { const char *w; unsigned langs; } *slot;
	size_t mask;
};

static void
stopset_add(struct stopset *s, const char *w, enum text_lang lang)
{
	size_t n = strlen(w), i = fnv1a(w, n) & s->mask;

	while (s->slot[i].w != NULL && strcmp(s->slot[i].w, w) != 0)
		i = (i + 1) & s->mask;
	s->slot[i].w = w;
	s->slot[i].langs |= 1u << lang;
}

struct stopset *
stopset_new(void)
{
	struct stopset *s = xcalloc(1, sizeof *s);
	size_t i, j;

	s->mask = 2047;		/* a power of two, well above the word count */
	s->slot = xcalloc(s->mask + 1, sizeof *s->slot);
	for (i = 0; i < sizeof stoplists / sizeof stoplists[0]; i++)
		for (j = 0; j < stoplists[i].n; j++)
			stopset_add(s, stoplists[i].words[j], stoplists[i].lang);
	return s;
}

void
stopset_free(struct stopset *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s);
}

unsigned
stopset_langs(const struct stopset *s, const char *word, size_t n)
{
	size_t i = fnv1a(word, n) & s->mask;

	for (; s->slot[i].w != NULL; i = (i + 1) & s->mask)
		if (strncmp(s->slot[i].w, word, n) == 0 &&
		    s->slot[i].w[n] == '\0')
			return s->slot[i].langs;
	return 0;
}

/* ---- boilerplate phrases ---- */

/* Lowercase.  PM_WHOLE lines are compared without leading and trailing
 * digits, punctuation and symbols, so "Comments (12)", "12 comments" and
 * "Tags:" match "comments" and "tags".  The first match wins: keep
 * specific phrases above general ones. */
static const struct phrase phrases[] = {
	/* Comment sections and forms: the article is over. */
	{ "leave a reply", PM_PREFIX, PK_COMMENTS },
	{ "leave a comment", PM_PREFIX, PK_COMMENTS },
	{ "post a comment", PM_PREFIX, PK_COMMENTS },
	{ "add a comment", PM_PREFIX, PK_COMMENTS },
	{ "add comment", PM_WHOLE, PK_COMMENTS },
	{ "post comment", PM_WHOLE, PK_COMMENTS },
	{ "view comments", PM_WHOLE, PK_COMMENTS },
	{ "show comments", PM_WHOLE, PK_COMMENTS },
	{ "comments", PM_WHOLE, PK_COMMENTS },
	{ "comment", PM_WHOLE, PK_COMMENTS },
	{ "join the conversation", PM_PREFIX, PK_COMMENTS },
	{ "responses to", PM_PREFIX, PK_COMMENTS },	/* "34 responses to" */
	{ "replies to", PM_PREFIX, PK_COMMENTS },
	{ "thoughts on", PM_PREFIX, PK_COMMENTS },	/* "12 thoughts on" */
	{ " says:", PM_SUFFIX, PK_COMMENTS },		/* "Jane says:" */
	{ " sagt:", PM_SUFFIX, PK_COMMENTS },
	{ " dit :", PM_SUFFIX, PK_COMMENTS },
	{ " dice:", PM_SUFFIX, PK_COMMENTS },
	{ " disse:", PM_SUFFIX, PK_COMMENTS },
	{ " говорит:", PM_SUFFIX, PK_COMMENTS },
	{ "join the discussion", PM_PREFIX, PK_COMMENTS },
	{ "have your say", PM_PREFIX, PK_COMMENTS },
	{ "your email address will not be published", PM_ANY, PK_COMMENTS },
	{ "you must be logged in to post", PM_ANY, PK_COMMENTS },
	{ "kommentare", PM_WHOLE, PK_COMMENTS },
	{ "kommentar schreiben", PM_PREFIX, PK_COMMENTS },
	{ "schreibe einen kommentar", PM_PREFIX, PK_COMMENTS },
	{ "hinterlasse einen kommentar", PM_PREFIX, PK_COMMENTS },
	{ "commentaires", PM_WHOLE, PK_COMMENTS },
	{ "laisser un commentaire", PM_PREFIX, PK_COMMENTS },
	{ "laissez un commentaire", PM_PREFIX, PK_COMMENTS },
	{ "ajouter un commentaire", PM_PREFIX, PK_COMMENTS },
	{ "comentarios", PM_WHOLE, PK_COMMENTS },
	{ "deja un comentario", PM_PREFIX, PK_COMMENTS },
	{ "deja una respuesta", PM_PREFIX, PK_COMMENTS },
	{ "commenti", PM_WHOLE, PK_COMMENTS },
	{ "lascia un commento", PM_PREFIX, PK_COMMENTS },
	{ "comentários", PM_WHOLE, PK_COMMENTS },
	{ "deixe um comentário", PM_PREFIX, PK_COMMENTS },
	{ "deixe uma resposta", PM_PREFIX, PK_COMMENTS },
	{ "reacties", PM_WHOLE, PK_COMMENTS },
	{ "plaats een reactie", PM_PREFIX, PK_COMMENTS },
	{ "laat een reactie achter", PM_PREFIX, PK_COMMENTS },
	{ "комментарии", PM_WHOLE, PK_COMMENTS },
	{ "оставить комментарий", PM_PREFIX, PK_COMMENTS },
	{ "оставьте комментарий", PM_PREFIX, PK_COMMENTS },
	{ "добавить комментарий", PM_PREFIX, PK_COMMENTS },
	{ "komentarze", PM_WHOLE, PK_COMMENTS },
	{ "dodaj komentarz", PM_PREFIX, PK_COMMENTS },
	{ "zostaw komentarz", PM_PREFIX, PK_COMMENTS },
	{ "发表评论", PM_PREFIX, PK_COMMENTS },
	{ "评论", PM_WHOLE, PK_COMMENTS },
	{ "コメント", PM_WHOLE, PK_COMMENTS },
	{ "コメントを書く", PM_PREFIX, PK_COMMENTS },
	{ "网友评论", PM_WHOLE, PK_COMMENTS },	/* readers' comments */
	{ "条评论", PM_SUFFIX, PK_COMMENTS },		/* "12条评论" */
	{ "件评论", PM_SUFFIX, PK_COMMENTS },		/* "已有1件评论" */
	{ "댓글", PM_WHOLE, PK_COMMENTS },

	/* Lists of other stories: the article is over. */
	{ "related posts", PM_WHOLE, PK_TAIL },
	{ "related articles", PM_WHOLE, PK_TAIL },
	{ "related stories", PM_WHOLE, PK_TAIL },
	{ "related content", PM_WHOLE, PK_TAIL },
	{ "related coverage", PM_WHOLE, PK_TAIL },
	{ "related links", PM_WHOLE, PK_TAIL },
	{ "related topics", PM_WHOLE, PK_TAIL },
	{ "related tags", PM_WHOLE, PK_TAIL },
	{ "related", PM_WHOLE, PK_TAIL },
	{ "you may also like", PM_PREFIX, PK_TAIL },
	{ "you might also like", PM_PREFIX, PK_TAIL },
	{ "you may like", PM_WHOLE, PK_TAIL },
	{ "recommended for you", PM_WHOLE, PK_TAIL },
	{ "recommended stories", PM_WHOLE, PK_TAIL },
	{ "recommended", PM_WHOLE, PK_TAIL },
	{ "more stories", PM_WHOLE, PK_TAIL },
	{ "more from", PM_WHOLE, PK_TAIL },
	{ "most read", PM_WHOLE, PK_TAIL },
	{ "most popular", PM_WHOLE, PK_TAIL },
	{ "popular posts", PM_WHOLE, PK_TAIL },
	{ "recent posts", PM_WHOLE, PK_TAIL },
	{ "trending now", PM_WHOLE, PK_TAIL },
	{ "read next", PM_WHOLE, PK_TAIL },
	{ "up next", PM_WHOLE, PK_TAIL },
	{ "from around the web", PM_WHOLE, PK_TAIL },
	{ "around the web", PM_WHOLE, PK_TAIL },
	{ "promoted stories", PM_WHOLE, PK_TAIL },
	{ "sponsored stories", PM_WHOLE, PK_TAIL },
	/* Sponsored tiles and feeds' heads ("Recommended by" a widget). */
	{ "sponsored links", PM_WHOLE, PK_TAIL },
	{ "sponsored content", PM_WHOLE, PK_TAIL },
	{ "recommended by", PM_WHOLE, PK_TAIL },
	{ "most viewed", PM_WHOLE, PK_TAIL },
	{ "most shared", PM_WHOLE, PK_TAIL },
	{ "trending stories", PM_WHOLE, PK_TAIL },
	{ "popular stories", PM_WHOLE, PK_TAIL },
	{ "latest stories", PM_WHOLE, PK_TAIL },
	{ "you might like", PM_WHOLE, PK_TAIL },
	{ "what to read next", PM_WHOLE, PK_TAIL },
	{ "more to explore", PM_WHOLE, PK_TAIL },
	{ "top stories", PM_WHOLE, PK_TAIL },
	{ "latest news", PM_WHOLE, PK_TAIL },
	{ "post navigation", PM_WHOLE, PK_TAIL },
	/* Links to the post before and after ("Previous post: ...",
	 * "Next article »"): the article is over. */
	{ "previous post", PM_PREFIX, PK_TAIL },
	{ "next post", PM_PREFIX, PK_TAIL },
	{ "previous article", PM_PREFIX, PK_TAIL },
	{ "next article", PM_PREFIX, PK_TAIL },
	{ "previous story", PM_PREFIX, PK_TAIL },
	{ "next story", PM_PREFIX, PK_TAIL },
	{ "older post", PM_PREFIX, PK_TAIL },
	{ "newer post", PM_PREFIX, PK_TAIL },
	{ "vorheriger artikel", PM_PREFIX, PK_TAIL },
	{ "nächster artikel", PM_PREFIX, PK_TAIL },
	{ "article précédent", PM_PREFIX, PK_TAIL },
	{ "article suivant", PM_PREFIX, PK_TAIL },
	{ "artículo anterior", PM_PREFIX, PK_TAIL },
	{ "artículo siguiente", PM_PREFIX, PK_TAIL },
	{ "siguiente artículo", PM_PREFIX, PK_TAIL },
	{ "articolo precedente", PM_PREFIX, PK_TAIL },
	{ "articolo successivo", PM_PREFIX, PK_TAIL },
	{ "artigo anterior", PM_PREFIX, PK_TAIL },
	{ "próximo artigo", PM_PREFIX, PK_TAIL },
	{ "vorig artikel", PM_PREFIX, PK_TAIL },
	{ "volgend artikel", PM_PREFIX, PK_TAIL },
	{ "предыдущая статья", PM_PREFIX, PK_TAIL },
	{ "следующая статья", PM_PREFIX, PK_TAIL },
	{ "poprzedni artykuł", PM_PREFIX, PK_TAIL },
	{ "następny artykuł", PM_PREFIX, PK_TAIL },
	{ "about the author", PM_WHOLE, PK_TAIL },
	{ "ähnliche artikel", PM_WHOLE, PK_TAIL },
	{ "verwandte artikel", PM_WHOLE, PK_TAIL },
	{ "weitere artikel", PM_WHOLE, PK_TAIL },
	{ "mehr zum thema", PM_WHOLE, PK_TAIL },
	{ "das könnte sie auch interessieren", PM_PREFIX, PK_TAIL },
	{ "meistgelesen", PM_WHOLE, PK_TAIL },
	{ "articles similaires", PM_WHOLE, PK_TAIL },
	{ "articles liés", PM_WHOLE, PK_TAIL },
	{ "sur le même sujet", PM_WHOLE, PK_TAIL },
	{ "les plus lus", PM_WHOLE, PK_TAIL },
	{ "vous aimerez aussi", PM_PREFIX, PK_TAIL },
	{ "dans la même rubrique", PM_WHOLE, PK_TAIL },
	{ "artículos relacionados", PM_WHOLE, PK_TAIL },
	{ "noticias relacionadas", PM_WHOLE, PK_TAIL },
	{ "te puede interesar", PM_PREFIX, PK_TAIL },
	{ "también te puede interesar", PM_PREFIX, PK_TAIL },
	{ "lo más leído", PM_WHOLE, PK_TAIL },
	{ "articoli correlati", PM_WHOLE, PK_TAIL },
	{ "notizie correlate", PM_WHOLE, PK_TAIL },
	{ "potrebbe interessarti", PM_PREFIX, PK_TAIL },
	{ "ti potrebbe interessare", PM_PREFIX, PK_TAIL },
	{ "i più letti", PM_WHOLE, PK_TAIL },
	{ "artigos relacionados", PM_WHOLE, PK_TAIL },
	{ "notícias relacionadas", PM_WHOLE, PK_TAIL },
	{ "posts relacionados", PM_WHOLE, PK_TAIL },
	{ "você também pode gostar", PM_PREFIX, PK_TAIL },
	{ "você pode gostar", PM_PREFIX, PK_TAIL },
	{ "mais lidas", PM_WHOLE, PK_TAIL },
	{ "gerelateerde artikelen", PM_WHOLE, PK_TAIL },
	{ "meest gelezen", PM_WHOLE, PK_TAIL },
	{ "похожие статьи", PM_WHOLE, PK_TAIL },
	{ "похожие новости", PM_WHOLE, PK_TAIL },
	{ "новости по теме", PM_WHOLE, PK_TAIL },
	{ "материалы по теме", PM_WHOLE, PK_TAIL },
	{ "другие новости", PM_WHOLE, PK_TAIL },
	{ "вам также может быть интересно", PM_PREFIX, PK_TAIL },
	{ "самое читаемое", PM_WHOLE, PK_TAIL },
	{ "podobne artykuły", PM_WHOLE, PK_TAIL },
	{ "powiązane artykuły", PM_WHOLE, PK_TAIL },
	{ "najczęściej czytane", PM_WHOLE, PK_TAIL },
	{ "相关文章", PM_PREFIX, PK_TAIL },
	{ "相关阅读", PM_PREFIX, PK_TAIL },
	{ "相关新闻", PM_PREFIX, PK_TAIL },
	{ "热门文章", PM_PREFIX, PK_TAIL },
	{ "推荐阅读", PM_PREFIX, PK_TAIL },
	{ "関連記事", PM_PREFIX, PK_TAIL },
	{ "人気記事", PM_PREFIX, PK_TAIL },
	{ "おすすめ記事", PM_PREFIX, PK_TAIL },

	/* Filing and sharing lines under an article. */
	{ "posted in", PM_PREFIX, PK_TAIL },
	{ "this entry was posted", PM_PREFIX, PK_TAIL },	/* a blog's footer */
	{ "a version of this article appeared", PM_PREFIX, PK_TAIL },	/* print */
	{ "filed under", PM_PREFIX, PK_TAIL },
	{ "tagged", PM_PREFIX, PK_TAIL },
	{ "tags", PM_PREFIX, PK_TAIL },
	{ "tag:", PM_PREFIX, PK_TAIL },
	{ "topics", PM_WHOLE, PK_TAIL },
	{ "categories", PM_WHOLE, PK_TAIL },
	{ "share this", PM_PREFIX, PK_TAIL },
	{ "share this article", PM_PREFIX, PK_TAIL },
	{ "share this story", PM_PREFIX, PK_TAIL },
	{ "share this entry", PM_PREFIX, PK_TAIL },
	{ "schlagworte", PM_PREFIX, PK_TAIL },
	{ "schlagwörter", PM_PREFIX, PK_TAIL },
	{ "artikel teilen", PM_WHOLE, PK_TAIL },
	{ "mots-clés", PM_PREFIX, PK_TAIL },
	{ "mots clés", PM_PREFIX, PK_TAIL },
	{ "partager cet article", PM_PREFIX, PK_TAIL },
	{ "etiquetas", PM_PREFIX, PK_TAIL },
	{ "publicado en", PM_PREFIX, PK_TAIL },
	{ "compartir", PM_WHOLE, PK_TAIL },
	{ "condividi", PM_WHOLE, PK_TAIL },
	{ "compartilhe", PM_WHOLE, PK_TAIL },
	{ "compartilhar", PM_WHOLE, PK_TAIL },
	{ "теги", PM_PREFIX, PK_TAIL },
	{ "метки", PM_PREFIX, PK_TAIL },
	{ "tagi", PM_PREFIX, PK_TAIL },
	{ "标签", PM_PREFIX, PK_TAIL },
	{ "タグ", PM_PREFIX, PK_TAIL },
	{ "上一篇", PM_PREFIX, PK_TAIL },
	{ "相关报道", PM_WHOLE, PK_TAIL },	/* related reports */
	{ "相關文章", PM_WHOLE, PK_TAIL },	/* traditional forms */
	{ "相關新聞", PM_WHOLE, PK_TAIL },
	{ "推薦閱讀", PM_WHOLE, PK_TAIL },
	{ "熱門文章", PM_WHOLE, PK_TAIL },
	{ "猜你喜欢", PM_WHOLE, PK_TAIL },	/* you may like */
	{ "阅读排行榜", PM_WHOLE, PK_TAIL },	/* most read, most commented */
	{ "评论排行榜", PM_WHOLE, PK_TAIL },
	{ "排行榜", PM_WHOLE, PK_TAIL },
	{ "関連ニュース", PM_WHOLE, PK_TAIL },
	{ "관련기사", PM_WHOLE, PK_TAIL },	/* related articles */
	{ "많이 본 뉴스", PM_WHOLE, PK_TAIL },	/* most viewed news */
	{ "下一篇", PM_PREFIX, PK_TAIL },

	/* Interruptions: a link to another story inside the article. */
	{ "read also", PM_PREFIX, PK_INLINE },
	{ "read more", PM_PREFIX, PK_INLINE },
	{ "see also", PM_PREFIX, PK_INLINE },
	{ "related:", PM_PREFIX, PK_INLINE },
	{ "related post:", PM_PREFIX, PK_INLINE },
	{ "also read", PM_PREFIX, PK_INLINE },
	{ "must read:", PM_PREFIX, PK_INLINE },
	{ "see more:", PM_PREFIX, PK_INLINE },
	{ "advertisement", PM_WHOLE, PK_INLINE },
	{ "advert", PM_WHOLE, PK_INLINE },
	{ "ad", PM_WHOLE, PK_INLINE },
	{ "sponsored", PM_WHOLE, PK_INLINE },
	{ "story continues below", PM_PREFIX, PK_INLINE },
	{ "article continues below", PM_PREFIX, PK_INLINE },
	{ "continue reading", PM_PREFIX, PK_INLINE },
	{ "lesen sie auch", PM_PREFIX, PK_INLINE },
	{ "lesen sie mehr", PM_PREFIX, PK_INLINE },
	{ "anzeige", PM_WHOLE, PK_INLINE },
	{ "werbung", PM_WHOLE, PK_INLINE },
	{ "lire aussi", PM_PREFIX, PK_INLINE },
	{ "à lire aussi", PM_PREFIX, PK_INLINE },
	{ "voir aussi", PM_PREFIX, PK_INLINE },
	{ "publicité", PM_WHOLE, PK_INLINE },
	{ "lee también", PM_PREFIX, PK_INLINE },
	{ "leer más", PM_PREFIX, PK_INLINE },
	{ "ver también", PM_PREFIX, PK_INLINE },
	{ "publicidad", PM_WHOLE, PK_INLINE },
	{ "leggi anche", PM_PREFIX, PK_INLINE },
	{ "pubblicità", PM_WHOLE, PK_INLINE },
	{ "leia também", PM_PREFIX, PK_INLINE },
	{ "leia mais", PM_PREFIX, PK_INLINE },
	{ "veja também", PM_PREFIX, PK_INLINE },
	{ "publicidade", PM_WHOLE, PK_INLINE },
	{ "lees ook", PM_PREFIX, PK_INLINE },
	{ "advertentie", PM_WHOLE, PK_INLINE },
	{ "читайте также", PM_PREFIX, PK_INLINE },
	{ "смотрите также", PM_PREFIX, PK_INLINE },
	{ "читать далее", PM_PREFIX, PK_INLINE },
	{ "реклама", PM_WHOLE, PK_INLINE },
	{ "czytaj także", PM_PREFIX, PK_INLINE },
	{ "czytaj też", PM_PREFIX, PK_INLINE },
	{ "zobacz także", PM_PREFIX, PK_INLINE },
	{ "zobacz też", PM_PREFIX, PK_INLINE },
	{ "reklama", PM_WHOLE, PK_INLINE },
	{ "阅读更多", PM_PREFIX, PK_INLINE },
	{ "延伸阅读", PM_PREFIX, PK_INLINE },
	{ "あわせて読みたい", PM_PREFIX, PK_INLINE },
	{ "スポンサードリンク", PM_WHOLE, PK_INLINE },
	{ "広告", PM_WHOLE, PK_INLINE },

	/* Labels of widgets, links and placeholders inside an article,
	 * mostly German and French, where hosted blogs and consent tools
	 * write them in the HTML path's short blocks too. */
	/* hosted blogs' like and share widgets */
	{ "like this", PM_WHOLE, PK_LINE },
	{ "like loading", PM_WHOLE, PK_LINE },
	{ "gefällt mir", PM_WHOLE, PK_LINE },
	{ "gefällt mir wird geladen", PM_WHOLE, PK_LINE },
	{ "teilen mit", PM_WHOLE, PK_LINE },
	{ "diesen beitrag teilen", PM_WHOLE, PK_LINE },
	{ "j'aime", PM_WHOLE, PK_LINE },
	{ "j'aime chargement", PM_WHOLE, PK_LINE },
	{ "me gusta", PM_WHOLE, PK_LINE },
	{ "me gusta cargando", PM_WHOLE, PK_LINE },
	{ "compartir esto", PM_WHOLE, PK_LINE },
	{ "mi piace", PM_WHOLE, PK_LINE },
	{ "mi piace caricamento", PM_WHOLE, PK_LINE },
	/* "you may also like", the informal forms too */
	{ "das könnte dich auch interessieren", PM_PREFIX, PK_TAIL },
	{ "das könnte dir auch gefallen", PM_PREFIX, PK_TAIL },
	{ "dir gefällt vielleicht auch", PM_PREFIX, PK_TAIL },
	{ "dies könnte dich auch interessieren", PM_PREFIX, PK_TAIL },
	{ "ähnliche beiträge", PM_WHOLE, PK_TAIL },
	{ "weitere beiträge", PM_WHOLE, PK_TAIL },
	{ "verwandte beiträge", PM_WHOLE, PK_TAIL },
	{ "auch interessant", PM_WHOLE, PK_TAIL },
	{ "tu aimeras aussi", PM_PREFIX, PK_TAIL },
	{ "vous aimerez peut-être aussi", PM_PREFIX, PK_TAIL },
	{ "ces articles pourraient vous intéresser", PM_PREFIX, PK_TAIL },
	{ "ceci pourrait vous intéresser", PM_PREFIX, PK_TAIL },
	{ "à lire également", PM_PREFIX, PK_TAIL },
	{ "articles recommandés", PM_WHOLE, PK_TAIL },
	/* back to the list the article came from */
	{ "zurück zur übersicht", PM_WHOLE, PK_LINE },
	{ "zurück zur liste", PM_WHOLE, PK_LINE },
	{ "zurück zum blog", PM_WHOLE, PK_LINE },
	{ "retour à la liste", PM_WHOLE, PK_LINE },
	{ "retour aux actualités", PM_WHOLE, PK_LINE },
	{ "retour au blog", PM_WHOLE, PK_LINE },
	{ "back to overview", PM_WHOLE, PK_LINE },
	{ "back to list", PM_WHOLE, PK_LINE },
	{ "back to blog", PM_WHOLE, PK_LINE },
	{ "back to news", PM_WHOLE, PK_LINE },
	{ "volver al listado", PM_WHOLE, PK_LINE },
	{ "torna all'elenco", PM_WHOLE, PK_LINE },
	/* consent tools' placeholders for an embed not loaded */
	{ "externer inhalt", PM_WHOLE, PK_LINE },
	{ "inhalt laden", PM_WHOLE, PK_LINE },
	{ "inhalte laden", PM_WHOLE, PK_LINE },
	{ "video laden", PM_WHOLE, PK_LINE },
	{ "karte laden", PM_WHOLE, PK_LINE },
	{ "ich bin damit einverstanden, dass mir externe inhalte", PM_PREFIX, PK_LINE },
	{ "klicken sie hier, um den inhalt", PM_PREFIX, PK_LINE },
	{ "contenu externe", PM_WHOLE, PK_LINE },
	{ "charger le contenu", PM_WHOLE, PK_LINE },
	{ "accepter et afficher", PM_PREFIX, PK_LINE },
	/* comment forms' headings outside a comment section */
	{ "kommentar verfassen", PM_WHOLE, PK_COMMENTS },
	{ "kommentar hinterlassen", PM_WHOLE, PK_COMMENTS },
	{ "hinterlasse eine antwort", PM_WHOLE, PK_COMMENTS },
	{ "antwort hinterlassen", PM_WHOLE, PK_COMMENTS },
	{ "écrire un commentaire", PM_WHOLE, PK_COMMENTS },
	{ "laisser une réponse", PM_WHOLE, PK_COMMENTS },
	{ "donnez votre avis", PM_WHOLE, PK_COMMENTS },
	/* ratings */
	{ "artikel bewerten", PM_WHOLE, PK_LINE },
	{ "beitrag bewerten", PM_WHOLE, PK_LINE },
	{ "war dieser artikel hilfreich", PM_WHOLE, PK_LINE },
	{ "wie hat dir der artikel gefallen", PM_WHOLE, PK_LINE },
	{ "wie hat ihnen der artikel gefallen", PM_WHOLE, PK_LINE },
	{ "noter cet article", PM_WHOLE, PK_LINE },
	{ "évaluer cet article", PM_WHOLE, PK_LINE },
	{ "cet article vous a-t-il été utile", PM_WHOLE, PK_LINE },
	{ "was this article helpful", PM_WHOLE, PK_LINE },
	{ "rate this article", PM_WHOLE, PK_LINE },
	{ "rate this post", PM_WHOLE, PK_LINE },

	/* Legal, account and site furniture, wherever it appears. */
	{ "all rights reserved", PM_ANY, PK_LINE },
	{ "alle rechte vorbehalten", PM_ANY, PK_LINE },
	{ "tous droits réservés", PM_ANY, PK_LINE },
	{ "todos los derechos reservados", PM_ANY, PK_LINE },
	{ "tutti i diritti riservati", PM_ANY, PK_LINE },
	{ "todos os direitos reservados", PM_ANY, PK_LINE },
	{ "alle rechten voorbehouden", PM_ANY, PK_LINE },
	{ "все права защищены", PM_ANY, PK_LINE },
	{ "wszelkie prawa zastrzeżone", PM_ANY, PK_LINE },
	{ "版权所有", PM_ANY, PK_LINE },
	{ "無断転載", PM_ANY, PK_LINE },
	{ "copyright", PM_PREFIX, PK_LINE },
	{ "©", PM_ANY, PK_LINE },
	{ "uses cookies", PM_ANY, PK_LINE },
	{ "use of cookies", PM_ANY, PK_LINE },
	{ "use cookies", PM_ANY, PK_LINE },
	{ "cookie policy", PM_ANY, PK_LINE },
	{ "verwendet cookies", PM_ANY, PK_LINE },
	{ "utilise des cookies", PM_ANY, PK_LINE },
	{ "utiliza cookies", PM_ANY, PK_LINE },
	{ "utilizza cookie", PM_ANY, PK_LINE },
	{ "privacy policy", PM_ANY, PK_LINE },
	{ "terms of use", PM_ANY, PK_LINE },
	{ "terms of service", PM_ANY, PK_LINE },
	{ "user agreement", PM_ANY, PK_LINE },
	{ "sign up for", PM_PREFIX, PK_LINE },
	{ "personal, non-commercial use", PM_ANY, PK_LINE },	/* reprints */
	{ "continue reading the main story", PM_ANY, PK_LINE },	/* under ads */
	{ "check your inbox", PM_ANY, PK_LINE },	/* sign-up forms */
	{ "give us feedback", PM_PREFIX, PK_LINE },
	{ "email to a friend", PM_PREFIX, PK_LINE },
	{ "subscribe to", PM_PREFIX, PK_LINE },
	{ "newsletter", PM_ANY, PK_LINE },
	{ "follow us", PM_PREFIX, PK_LINE },
	{ "follow @", PM_PREFIX, PK_LINE },
	{ "share on", PM_PREFIX, PK_LINE },
	{ "click to share", PM_PREFIX, PK_LINE },
	{ "click here", PM_PREFIX, PK_LINE },
	{ "skip to", PM_PREFIX, PK_LINE },
	{ "sign in", PM_WHOLE, PK_LINE },
	{ "sign up", PM_WHOLE, PK_LINE },
	{ "log in", PM_WHOLE, PK_LINE },
	{ "login", PM_WHOLE, PK_LINE },
	{ "log out", PM_WHOLE, PK_LINE },
	{ "register", PM_WHOLE, PK_LINE },
	{ "subscribe", PM_WHOLE, PK_LINE },
	{ "search", PM_WHOLE, PK_LINE },
	{ "menu", PM_WHOLE, PK_LINE },
	{ "home", PM_WHOLE, PK_LINE },
	{ "close", PM_WHOLE, PK_LINE },
	{ "share", PM_WHOLE, PK_LINE },
	{ "tweet", PM_WHOLE, PK_LINE },
	{ "email", PM_WHOLE, PK_LINE },
	{ "print", PM_WHOLE, PK_LINE },
	{ "reply", PM_WHOLE, PK_LINE },
	{ "previous", PM_WHOLE, PK_LINE },
	{ "next", PM_WHOLE, PK_LINE },
	{ "back to top", PM_WHOLE, PK_LINE },
	{ "load more", PM_WHOLE, PK_LINE },
	{ "show more", PM_WHOLE, PK_LINE },
	{ "facebook", PM_WHOLE, PK_LINE },
	{ "twitter", PM_WHOLE, PK_LINE },
	{ "whatsapp", PM_WHOLE, PK_LINE },
	{ "pinterest", PM_WHOLE, PK_LINE },
	{ "linkedin", PM_WHOLE, PK_LINE },
	{ "instagram", PM_WHOLE, PK_LINE },
	{ "anmelden", PM_WHOLE, PK_LINE },
	{ "abonnieren", PM_WHOLE, PK_LINE },
	{ "teilen", PM_WHOLE, PK_LINE },
	{ "suche", PM_WHOLE, PK_LINE },
	{ "se connecter", PM_WHOLE, PK_LINE },
	{ "s'abonner", PM_WHOLE, PK_LINE },
	{ "partager", PM_WHOLE, PK_LINE },
	{ "rechercher", PM_WHOLE, PK_LINE },
	{ "iniciar sesión", PM_WHOLE, PK_LINE },
	{ "suscríbete", PM_WHOLE, PK_LINE },
	{ "buscar", PM_WHOLE, PK_LINE },
	{ "accedi", PM_WHOLE, PK_LINE },
	{ "cerca", PM_WHOLE, PK_LINE },
	{ "entrar", PM_WHOLE, PK_LINE },
	{ "assine", PM_WHOLE, PK_LINE },
	{ "inloggen", PM_WHOLE, PK_LINE },
	{ "zoeken", PM_WHOLE, PK_LINE },
	{ "delen", PM_WHOLE, PK_LINE },
	{ "войти", PM_WHOLE, PK_LINE },
	{ "подписаться", PM_WHOLE, PK_LINE },
	{ "поделиться", PM_WHOLE, PK_LINE },
	{ "поиск", PM_WHOLE, PK_LINE },
	{ "zaloguj się", PM_WHOLE, PK_LINE },
	{ "udostępnij", PM_WHOLE, PK_LINE },
	{ "szukaj", PM_WHOLE, PK_LINE },
	{ "分享到", PM_PREFIX, PK_LINE },
	{ "责任编辑", PM_PREFIX, PK_LINE },
	{ "シェア", PM_WHOLE, PK_LINE },
	{ "打印", PM_WHOLE, PK_LINE },		/* print, close the window */
	{ "打印本页", PM_WHOLE, PK_LINE },
	{ "打印本稿", PM_WHOLE, PK_LINE },
	{ "关闭", PM_WHOLE, PK_LINE },
	{ "关闭窗口", PM_WHOLE, PK_LINE },
	{ "返回顶部", PM_WHOLE, PK_LINE },	/* back to top */
};

/* Skip leading and trailing characters that are not letters (digits,
 * punctuation, symbols, spaces) and are not '@'. */
static void
trim_to_letters(const char **s, size_t *n)
{
	size_t k, last = 0, i = 0, first = *n;
	uint32_t c;
	enum char_class cc;

	while (i < *n) {
		c = utf8_get(*s + i, *n - i, &k);
		cc = char_class(c);
		if (cc == CC_LETTER || cc == CC_CJK || c == '@') {
			if (first == *n)
				first = i;
			last = i + k;
		}
		i += k;
	}
	if (first == *n) {
		*n = 0;
		return;
	}
	*s += first;
	*n = last - first;
}

/* No letter follows: "tags: x" starts with "tags", "tagsüber" does not. */
static int
word_ends(const char *s, size_t n)
{
	size_t k;
	enum char_class cc;

	if (n == 0)
		return 1;
	cc = char_class(utf8_get(s, n, &k));
	return cc != CC_LETTER && cc != CC_DIGIT;
}

/* A line's pairs of adjacent bytes, hashed to 512 bits.  A phrase is in
 * a line only if all its pairs are: most lines lack one of a phrase's,
 * and a few shifts and masks say so sooner than memmem. */
struct pairs {
	uint64_t bit[8];
};

static void
pairs_of(const char *s, size_t n, struct pairs *p)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned h;
	size_t i;

	memset(p, 0, sizeof *p);
	for (i = 0; i + 1 < n; i++) {
		h = (u[i] * 31u + u[i + 1]) & 511;
		p->bit[h / 64] |= (uint64_t)1 << (h % 64);
	}
}

static int
pairs_within(const struct pairs *need, const struct pairs *have)
{
	size_t w;

	for (w = 0; w < 8; w++)
		if (need->bit[w] & ~have->bit[w])
			return 0;
	return 1;
}

#define NPHRASES (sizeof phrases / sizeof phrases[0])
_Static_assert(NPHRASES < 65536, "the phrase index holds 16-bit indexes");

/* The phrase index, built once.  A PM_WHOLE or PM_PREFIX phrase can only
 * match a line that starts with its first byte: by_first holds them by
 * that byte (byte c's are [first_start[c], first_start[c + 1])), in table
 * order.  PM_SUFFIX and PM_ANY phrases are tried on every line. */
static size_t phrase_len[NPHRASES];
static struct pairs phrase_pairs[NPHRASES];
static uint16_t by_first[NPHRASES], first_start[257];
static uint16_t anywhere[NPHRASES], nanywhere;
static pthread_once_t phrases_indexed = PTHREAD_ONCE_INIT;

static int
led_by_first(const struct phrase *ph)
{
	return ph->match == PM_WHOLE || ph->match == PM_PREFIX;
}

static void
index_phrases(void)
{
	size_t i, k = 0;
	unsigned c;

	for (i = 0; i < NPHRASES; i++) {
		phrase_len[i] = strlen(phrases[i].text);
		pairs_of(phrases[i].text, phrase_len[i], &phrase_pairs[i]);
		if (!led_by_first(&phrases[i]))
			anywhere[nanywhere++] = (uint16_t)i;
	}
	for (c = 0; c < 256; c++) {
		first_start[c] = (uint16_t)k;
		for (i = 0; i < NPHRASES; i++)
			if (led_by_first(&phrases[i]) &&
			    (unsigned char)phrases[i].text[0] == c)
				by_first[k++] = (uint16_t)i;
	}
	first_start[256] = (uint16_t)k;
}

/* Whether phrase i matches the line key; core is key without its
 * leading and trailing non-letters, lead without its leading ones. */
static int
matches(size_t i, const char *key, size_t n, const char *core, size_t ncore,
    const char *lead, size_t nlead, const struct pairs *have)
{
	const char *t = phrases[i].text;
	size_t pl = phrase_len[i];

	switch (phrases[i].match) {
	case PM_WHOLE:
		return ncore == pl && memcmp(core, t, pl) == 0;
	case PM_PREFIX:
		return nlead >= pl && memcmp(lead, t, pl) == 0 &&
		    word_ends(lead + pl, nlead - pl);
	case PM_SUFFIX:
		while (n > 0 && key[n - 1] == ' ')
			n--;
		return n >= pl && memcmp(key + n - pl, t, pl) == 0;
	case PM_ANY:
		return pairs_within(&phrase_pairs[i], have) &&
		    memmem(key, n, t, pl) != NULL;
	}
	return 0;
}

/* Walks the phrases led by the line's first byte and those tried on
 * every line together, in table order, so the first match still wins. */
const struct phrase *
phrase_find(const char *key, size_t n)
{
	const char *core = key;
	size_t ncore = n, nlead, i = 0, end = 0, j = 0, p;
	struct pairs have;

	pthread_once(&phrases_indexed, index_phrases);
	trim_to_letters(&core, &ncore);
	nlead = n - (core - key);
	if (nlead > 0) {
		i = first_start[(unsigned char)core[0]];
		end = first_start[(unsigned char)core[0] + 1];
	}
	pairs_of(key, n, &have);
	while (i < end || j < nanywhere) {
		if (j == nanywhere || (i < end && by_first[i] < anywhere[j]))
			p = by_first[i++];
		else
			p = anywhere[j++];
		if (matches(p, key, n, core, ncore, core, nlead, &have))
			return &phrases[p];
	}
	return NULL;
}

/* ---- relative times ---- */

/* How languages say "N units ago": a word after the number and its unit,
 * or one before them. */
static const char *const ago_suffix[] = {
	" ago",		/* en: "2 hours ago", "14H ago" */
	" fa",		/* it: "2 ore fa" */
	" geleden",	/* nl: "3 dagen geleden" */
	" назад",	/* ru: "5 минут назад" */
	" temu",	/* pl: "2 godziny temu" */
	"前",		/* zh, ja: "3小时前", "2時間前" */
};
static const char *const ago_prefix[] = {
	"vor ",		/* de: "vor 3 Stunden" */
	"il y a ",	/* fr: "il y a 5 minutes" */
	"hace ",	/* es: "hace 2 horas" */
	"há ",		/* pt: "há 2 horas" */
};

int
is_time_ago(const char *key, size_t n)
{
	size_t i, pl;

	for (i = 0; i < n && (key[i] < '0' || key[i] > '9'); i++)
		;
	if (i == n)
		return 0;
	for (i = 0; i < sizeof ago_suffix / sizeof ago_suffix[0]; i++) {
		pl = strlen(ago_suffix[i]);
		if (n >= pl && memcmp(key + n - pl, ago_suffix[i], pl) == 0)
			return 1;
	}
	for (i = 0; i < sizeof ago_prefix / sizeof ago_prefix[0]; i++) {
		pl = strlen(ago_prefix[i]);
		if (n > pl && memcmp(key, ago_prefix[i], pl) == 0 &&
		    key[pl] >= '0' && key[pl] <= '9')
			return 1;
	}
	return 0;
}

/* ---- counters ---- */

/* What stands between the two numbers of a gallery's counter. */
static const char *const counter_of[] = {
	"/", "of", "von", "sur", "de", "di", "van", "из", "z",
};

/* A number at *s of at most 3 digits, and s moved past it. */
static int
small_number(const char **s, const char *end)
{
	int v = 0, k = 0;

	while (*s < end && **s >= '0' && **s <= '9' && k < 4) {
		v = v * 10 + (**s - '0');
		(*s)++, k++;
	}
	return k > 0 && k <= 3 ? v : -1;
}

int
is_counter(const char *key, size_t n)
{
	const char *s = key, *end = key + n;
	size_t i, pl;
	int a, b;

	if ((a = small_number(&s, end)) <= 0)
		return 0;
	while (s < end && *s == ' ')
		s++;
	for (i = 0; i < sizeof counter_of / sizeof counter_of[0]; i++) {
		pl = strlen(counter_of[i]);
		if ((size_t)(end - s) > pl && memcmp(s, counter_of[i], pl) == 0)
			break;
	}
	if (i == sizeof counter_of / sizeof counter_of[0])
		return 0;
	s += pl;
	while (s < end && *s == ' ')
		s++;
	b = small_number(&s, end);
	/* "4/5" and "8/10" are ratings, which reviews keep. */
	return s == end && b >= 2 && a <= b && b != 5 && b != 10 && b != 100;
}

/* Month and weekday names, and their abbreviations, of the languages of
 * the stopword lists (a token matches a name it begins, three letters or
 * more: "nov", "sept", "wednesday"). */
static const char *const date_words[] = {
	/* en */
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday",
	/* de */
	"januar", "jänner", "februar", "märz", "mai", "juni", "juli",
	"oktober", "dezember", "montag", "dienstag", "mittwoch", "donnerstag",
	"freitag", "samstag", "sonntag",
	/* fr */
	"janvier", "février", "mars", "avril", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre", "lundi", "mardi",
	"mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	/* es, it, pt */
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre",
	"gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio",
	"settembre", "ottobre", "dicembre", "janeiro", "fevereiro", "março",
	"maio", "junho", "julho", "setembro", "outubro", "novembro",
	"dezembro",
	/* nl */
	"januari", "februari", "maart", "augustus", "mei",
};
/* Words that may stand between a date's parts ("de" in "20 de
 * noviembre de 2019", "at", "um"). */
static const char *const date_glue[] = { "de", "del", "at", "um", "à", "le",
	"on", "st", "nd", "rd", "th", "am", "pm" };

static int
date_token(const char *t, size_t n, int *year, int *named)
{
	size_t i, j;

	for (j = 0; j < n && t[j] >= '0' && t[j] <= '9'; j++)
		;
	if (j == n) {
		if (n == 4 && (memcmp(t, "19", 2) == 0 || memcmp(t, "20", 2) == 0))
			*year = 1;
		return n <= 4;
	}
	if (j > 0 && j <= 2) {		/* "20th", "1st" */
		t += j;
		n -= j;
	}
	for (i = 0; i < sizeof date_glue / sizeof date_glue[0]; i++)
		if (strlen(date_glue[i]) == n && memcmp(t, date_glue[i], n) == 0)
			return 1;
	if (n < 3)
		return 0;
	for (i = 0; i < sizeof date_words / sizeof date_words[0]; i++)
		if (date_words[i][0] == t[0] && strlen(date_words[i]) >= n &&
		    memcmp(t, date_words[i], n) == 0) {
			*named = 1;
			return 1;
		}
	return 0;
}

int
is_date_line(const char *key, size_t n)
{
	size_t i = 0, j, k, tokens = 0;
	int year = 0, named = 0;
	enum char_class cc;

	/* Most short lines are menus, without a digit: no year, no date. */
	while (i < n && (key[i] < '0' || key[i] > '9'))
		i++;
	if (i == n)
		return 0;
	i = 0;
	while (i < n) {
		for (j = i; j < n; j += k) {
			cc = char_class(utf8_get(key + j, n - j, &k));
			if (cc != CC_LETTER && cc != CC_DIGIT)
				break;
		}
		if (j > i) {
			if (!date_token(key + i, j - i, &year, &named))
				return 0;
			tokens++;
		}
		i = j < n ? j + k : n;
	}
	return year && tokens >= 2 && (named || tokens >= 3);
}

/* ---- link labels ---- */

/* Words that head a list of links to other pages, not a list of the
 * article's own ("Ingredients:", "Tour dates:").  Not "more" and its
 * like: "For more information, see:" heads a manual's own references. */
static const char *const link_words[] = {
	"related", "similar", "other", "popular", "recommended", "latest",
	"recent", "trending", "share", "follow",		/* en */
	"ähnliche", "verwandte", "weitere", "teilen",		/* de */
	"similaires", "liés", "autres", "partager",		/* fr */
	"relacionados", "relacionadas", "similares", "otros", "compartir",
								/* es */
	"correlati", "correlate", "simili", "altri", "condividi",	/* it */
	"outros", "compartilhe",				/* pt */
	"gerelateerde", "andere", "delen",			/* nl */
	"похожие", "другие", "поделиться",			/* ru */
	"podobne", "powiązane", "inne", "udostępnij",		/* pl */
};

/* The word at s[*i] lowercased into w (at most wn bytes; 0 when longer),
 * and *i moved past it and the character after it. */
static size_t
lower_word(const char *s, size_t n, size_t *i, char *w, size_t wn)
{
	struct buf b;
	size_t k, m;
	uint32_t c;

	buf_init(&b);
	for (; *i < n; *i += k) {
		c = utf8_get(s + *i, n - *i, &k);
		if (char_class(c) != CC_LETTER)
			break;
		utf8_put(&b, char_lower(c));
	}
	if (*i < n)
		*i += k;
	m = b.len <= wn ? b.len : 0;
	if (m > 0)
		memcpy(w, b.data, m);
	buf_free(&b);
	return m;
}

int
names_links(const char *s, size_t n)
{
	char w[32];
	size_t i = 0, j, m;

	while (i < n) {
		if ((m = lower_word(s, n, &i, w, sizeof w)) == 0)
			continue;
		for (j = 0; j < sizeof link_words / sizeof link_words[0]; j++)
			if (strlen(link_words[j]) == m &&
			    memcmp(link_words[j], w, m) == 0)
				return 1;
	}
	return 0;
}

/* ---- thresholds ---- */

/* Lengths in characters after markup is gone; shares of words.  The
 * jusText values (Pomikálek 2011) were the starting point: 70/200 chars,
 * 30/32% stopwords; the rest was measured on whole dev sets of dumps. */
static const struct text_limits limits[] = {
	[PRESET_BALANCED] = {
		.length_low = 70, .length_high = 200, .cjk_char_width = 3,
		.stop_low = 0.30, .stop_high = 0.32,
		.stop_sentence = 0.15, .sentence_words = 8,
		.short_run = 3, .run_chars = 400,
		.repeat_chars = 40, .echo_weight = 50,
		.title_max_words = 30, .list_max = 60,
		.bad_line_cost = 3, .tail_cost = 50, .tail_min_words = 60,
		.tail_weight = 0, .lead_share = 40,
	},
	[PRESET_PRECISION] = {
		.length_low = 70, .length_high = 200, .cjk_char_width = 3,
		.stop_low = 0.30, .stop_high = 0.34,
		.stop_sentence = 0.20, .sentence_words = 10,
		.short_run = 3, .run_chars = 600,
		.repeat_chars = 30, .echo_weight = 30,
		.title_max_words = 30, .list_max = 0,
		.bad_line_cost = 4, .tail_cost = 150, .tail_min_words = 20,
		.tail_weight = 0, .lead_share = 70,
	},
	[PRESET_RECALL] = {
		.length_low = 50, .length_high = 150, .cjk_char_width = 3,
		.stop_low = 0.25, .stop_high = 0.30,
		.stop_sentence = 0.12, .sentence_words = 6,
		.short_run = 5, .run_chars = 300,
		.repeat_chars = 60, .echo_weight = 70,
		.title_max_words = 30, .list_max = 100,
		.bad_line_cost = 2, .tail_cost = 30, .tail_min_words = 40,
		.tail_weight = 30, .lead_share = 40,
	},
};

const struct text_limits *
text_limits_for(enum preset p)
{
	if ((size_t)p >= sizeof limits / sizeof limits[0])
		p = PRESET_BALANCED;
	return &limits[p];
}
