/*
 * charset.c: what a document's bytes are, and their text as UTF-8.
 *
 * The order follows the HTML standard's encoding sniffing: a byte order
 * mark, then the HTTP Content-Type, then a <meta> prescan, then a detector
 * (uchardet).  Labels are mapped the way browsers map them (latin1 and
 * ascii mean windows-1252), and glibc's iconv does the decoding.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

#include "pith.h"

#define PRESCAN_BYTES 4096	/* the standard says 1024; real pages go later */
#define SNIFF_BYTES 8192
#define SNIFF_DEEP (1024 * 1024)	/* markers, after a leading tag */

/* Leading bytes of formats that are never a page. */
static const struct { const char *magic; size_t len; } binary_magic[] = {
	{ "%PDF-", 5 }, { "\x89PNG", 4 }, { "GIF8", 4 }, { "\xff\xd8\xff", 3 },
	{ "PK\x03\x04", 4 }, { "\x1f\x8b", 2 }, { "7z\xbc\xaf", 4 },
	{ "RIFF", 4 }, { "OggS", 4 }, { "ID3", 3 }, { "\x7f" "ELF", 4 },
	{ "\x00\x00\x01\x00", 4 }, { "wOFF", 4 }, { "wOF2", 4 },
	{ "\x28\xb5\x2f\xfd", 4 }, { "BZh", 3 }, { "\xfd" "7zXZ", 5 },
};

/* Markup that tells a page from text with a stray tag in it. */
static const char *html_markers[] = {
	"<!doctype html", "<html", "<head", "<body", "<meta ",
};

/* needle in h[0, hn), case aside.  When its first byte has no case
 * ('<' of "<meta"), memchr finds where it may start. */
static const char *
memcasemem(const char *h, size_t hn, const char *needle)
{
	size_t n = strlen(needle), i;
	int first = tolower((unsigned char)needle[0]);
	const char *p, *last;

	if (n == 0 || n > hn)
		return NULL;
	last = h + (hn - n);		/* the last place it may start */
	if (first == toupper(first)) {
		for (p = h; p <= last && (p = memchr(p, first,
		    (size_t)(last - p) + 1)) != NULL; p++)
			if (strncasecmp(p, needle, n) == 0)
				return p;
		return NULL;
	}
	for (i = 0; h + i <= last; i++)	/* a call only where the first
					   byte fits */
		if (tolower((unsigned char)h[i]) == first &&
		    strncasecmp(h + i, needle, n) == 0)
			return h + i;
	return NULL;
}

static size_t
count_str(const char *s, size_t n, const char *needle)
{
	const char *p = s, *end = s + n, *q;
	size_t count = 0, len = strlen(needle);

	while (p < end && (q = memmem(p, (size_t)(end - p), needle, len)) != NULL)
		count++, p = q + len;
	return count;
}

static size_t
closing_tags(const char *s, size_t n)
{
	return count_str(s, n, "</");
}

static size_t
lines(const char *s, size_t n)
{
	return count_str(s, n, "\n") + 1;
}

/* NUL and the other bytes below a space that text does not carry: white
 * space and ESC (of ISO-2022 and terminal colours) aside.  A mask, not
 * isspace(): no call and no branch for each byte of every page. */
static unsigned
is_control(unsigned char c)
{
	const unsigned text = 1u << '\t' | 1u << '\n' | 1u << '\v' |
	    1u << '\f' | 1u << '\r' | 1u << 0x1b;

	return (c < 0x20) & ~(text >> (c & 31));
}

static int
has_utf16_bom(const unsigned char *p, size_t n)
{
	return n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff));
}

enum sniff_kind
sniff_content(const void *data, size_t n)
{
	const unsigned char *p = data;
	const char *s = data;
	size_t i, j, m = n < SNIFF_BYTES ? n : SNIFF_BYTES, control = 0;

	for (i = 0; i < sizeof binary_magic / sizeof binary_magic[0]; i++)
		if (n >= binary_magic[i].len &&
		    memcmp(p, binary_magic[i].magic, binary_magic[i].len) == 0)
			return SNIFF_BINARY;
	if (!has_utf16_bom(p, n)) {
		for (i = 0; i < m; i++)
			control += is_control(p[i]);
		if (memchr(p, 0, m) != NULL && control * 20 > m)
			return SNIFF_BINARY;
		if (control * 10 > m)
			return SNIFF_BINARY;
	}
	j = 0;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		j = 3;
	while (j < m && isspace(p[j]))
		j++;
	for (i = 0; i < sizeof html_markers / sizeof html_markers[0]; i++)
		if (memcasemem(s, m, html_markers[i]) != NULL)
			return SNIFF_HTML;
	if (j + 1 >= m || p[j] != '<' || !(isalpha(p[j + 1]) || p[j + 1] == '!'))
		return SNIFF_TEXT;
	/* It starts with a tag.  A page may open with more script than the
	 * first look (a tag manager before <html>): its markers are looked
	 * for further.  Else a fragment: markup when it closes tags often
	 * enough, not a dump with a stray <u> in it. */
	for (i = 0; i < sizeof html_markers / sizeof html_markers[0]; i++)
		if (memcasemem(s, n < SNIFF_DEEP ? n : SNIFF_DEEP,
		    html_markers[i]) != NULL)
			return SNIFF_HTML;
	return closing_tags(s, m) * 4 >= lines(s, m) ? SNIFF_HTML : SNIFF_TEXT;
}

/* Copy a charset label out of s (after "charset="), lowercased. */
static void
copy_label(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i = 0;

	while (n > 0 && (*s == ' ' || *s == '"' || *s == '\'' || *s == '='))
		s++, n--;
	while (n > 0 && i + 1 < outlen && (isalnum((unsigned char)*s) ||
	    *s == '-' || *s == '_' || *s == '.' || *s == ':'))
		out[i++] = (char)tolower((unsigned char)*s++), n--;
	out[i] = '\0';
}

static int
label_from_content_type(const char *ct, char *out, size_t outlen)
{
	const char *p;

	if (ct == NULL || (p = memcasemem(ct, strlen(ct), "charset")) == NULL)
		return 0;
	p += 7;
	while (*p == ' ')
		p++;
	if (*p != '=')
		return 0;
	copy_label(p + 1, strlen(p + 1), out, outlen);
	return out[0] != '\0';
}

/* The <meta charset> or <meta http-equiv content="...charset=..."> of the
 * first PRESCAN_BYTES. */
static int
label_from_meta(const char *s, size_t n, char *out, size_t outlen)
{
	const char *p = s, *end = s + (n < PRESCAN_BYTES ? n : PRESCAN_BYTES);
	const char *tag, *close, *cs;

	while ((tag = memcasemem(p, (size_t)(end - p), "<meta")) != NULL) {
		close = memchr(tag, '>', (size_t)(end - tag));
		if (close == NULL)
			break;
		cs = memcasemem(tag, (size_t)(close - tag), "charset");
		if (cs != NULL) {
			cs += 7;
			while (cs < close && (*cs == ' ' || *cs == '"'))
				cs++;
			if (cs < close && *cs == '=') {
				copy_label(cs + 1, (size_t)(close - cs - 1),
				    out, outlen);
				if (out[0] != '\0')
					return 1;
			}
		}
		p = close;
	}
	return 0;
}

/* The name iconv should decode a label as, following the WHATWG
 * Encoding Standard's mapping of legacy labels. */
static const char *
decoder_name(const char *label)
{
	static const struct { const char *label, *name; } map[] = {
		{ "iso-8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
		{ "iso8859-1", "WINDOWS-1252" }, { "l1", "WINDOWS-1252" },
		{ "us-ascii", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
		{ "iso-8859-9", "WINDOWS-1254" }, { "latin5", "WINDOWS-1254" },
		{ "iso-8859-11", "WINDOWS-874" }, { "tis-620", "WINDOWS-874" },
		{ "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
		{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" },
		{ "big5", "BIG5-HKSCS" }, { "x-sjis", "SHIFT_JIS" },
		{ "shift-jis", "SHIFT_JIS" }, { "ms932", "CP932" },
		{ "windows-31j", "CP932" }, { "utf8", "UTF-8" },
		{ "unicode", "UTF-16LE" }, { "ucs-2", "UTF-16LE" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(label, map[i].label) == 0)
			return map[i].name;
	return label;
}

size_t
utf8_char(const void *data, size_t n, unsigned int *cp)
{
	const unsigned char *p = data;
	size_t len, i;
	unsigned int c;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, c = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return len;
}

/* Length of the valid UTF-8 sequence at p, or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned int c;

	return utf8_char(p, n, &c);
}

int
utf8_valid(const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i = 0, len;

	while (i < n) {
		if (p[i] < 0x80) {
			/* ASCII runs, eight bytes at a time */
			while (i + 8 <= n && !((p[i] | p[i + 1] | p[i + 2] |
			    p[i + 3] | p[i + 4] | p[i + 5] | p[i + 6] |
			    p[i + 7]) & 0x80))
				i += 8;
			if (i < n && p[i] < 0x80)
				i++;
			continue;
		}
		if ((len = utf8_seq(p + i, n - i)) == 0)
			return 0;
		i += len;
	}
	return 1;
}

/* Copy UTF-8 to out, invalid bytes as U+FFFD, NULs dropped. */
static void
copy_utf8(const unsigned char *p, size_t n, struct buf *out)
{
	size_t i = 0, start = 0, len;

	buf_reserve(out, n);
	while (i < n) {
		if (p[i] >= 0x80 && (len = utf8_seq(p + i, n - i)) != 0) {
			i += len;
			continue;
		}
		if (p[i] != 0 && p[i] < 0x80) {
			i++;
			continue;
		}
		buf_append(out, p + start, i - start);
		if (p[i] != 0)
			buf_puts(out, "\xef\xbf\xbd");
		start = ++i;
	}
	buf_append(out, p + start, i - start);
}

static int
decode_iconv(const char *from, const char *p, size_t n, struct buf *out)
{
	iconv_t cd = iconv_open("UTF-8", decoder_name(from));
	char *in = (char *)p, *o;
	size_t inleft = n, outleft, start;

	if (cd == (iconv_t)-1)
		return -1;
	buf_reserve(out, 0);		/* input may be empty: still a string */
	start = out->len;
	while (inleft > 0) {
		buf_reserve(out, inleft * 4 + 16);
		o = out->data + out->len;
		outleft = out->cap - out->len - 1;
		if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 &&
		    errno != E2BIG) {
			out->len = (size_t)(o - out->data);
			buf_puts(out, "\xef\xbf\xbd");	/* EILSEQ, EINVAL */
			in++, inleft--;
			continue;
		}
		out->len = (size_t)(o - out->data);
	}
	iconv(cd, NULL, NULL, NULL, NULL);
	iconv_close(cd);
	out->data[out->len] = '\0';
	/* A decoder may pass NULs through: drop them. */
	if (memchr(out->data + start, '\0', out->len - start) != NULL) {
		size_t r, w = start;
		for (r = start; r < out->len; r++)
			if (out->data[r] != '\0')
				out->data[w++] = out->data[r];
		out->len = w;
		out->data[w] = '\0';
	}
	return 0;
}

static void
detect(const char *p, size_t n, char *out, size_t outlen)
{
	uchardet_t ud = uchardet_new();
	const char *name;

	out[0] = '\0';
	if (ud == NULL)
		return;
	if (uchardet_handle_data(ud, p, n < 65536 ? n : 65536) == 0) {
		uchardet_data_end(ud);
		name = uchardet_get_charset(ud);
		if (name != NULL)
			copy_label(name, strlen(name), out, outlen);
	}
	uchardet_delete(ud);
}

/* Valid UTF-8 p[0..n) to out: in's memory when p lies in it (in is left
 * empty), else one copy. */
static void
take_utf8(const unsigned char *p, size_t n, struct buf *in, struct buf *out)
{
	if (in == NULL || in->data == NULL || (const char *)p < in->data ||
	    (const char *)p + n > in->data + in->len) {
		buf_append(out, p, n);
		return;
	}
	memmove(in->data, p, n);
	in->len = n;
	in->data[n] = '\0';
	buf_free(out);
	*out = *in;
	buf_init(in);
}

static int
decode(const void *data, size_t n, struct buf *in, const char *content_type,
    int is_html, struct buf *out, struct charset_info *ci)
{
	const unsigned char *p = data;

	buf_reset(out);
	ci->declared[0] = ci->detected[0] = '\0';
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		ci->source = "bom";
		snprintf(ci->declared, sizeof ci->declared, "utf-8");
		p += 3, n -= 3;
	} else if (has_utf16_bom(p, n)) {
		ci->source = "bom";
		snprintf(ci->declared, sizeof ci->declared, "%s",
		    p[0] == 0xff ? "utf-16le" : "utf-16be");
		p += 2, n -= 2;
	} else if (label_from_content_type(content_type, ci->declared,
	    sizeof ci->declared))
		ci->source = "http";
	else if (is_html && label_from_meta(data, n, ci->declared,
	    sizeof ci->declared))
		ci->source = "meta";
	else
		ci->source = NULL;

	/* Valid UTF-8 is decoded as such whatever the label says: pure ASCII
	 * reads the same in every ASCII-compatible charset, and non-ASCII
	 * bytes that happen to form valid UTF-8 are almost never legacy text
	 * (a mislabelled page).  Only the 7-bit stateful encodings differ. */
	if (strstr(ci->declared, "utf-16") == NULL &&
	    strstr(ci->declared, "2022") == NULL &&
	    strstr(ci->declared, "utf-7") == NULL && utf8_valid(p, n)) {
		if (ci->source == NULL)
			ci->source = "utf-8";
		snprintf(ci->detected, sizeof ci->detected, "utf-8");
		if (memchr(p, '\0', n) == NULL)
			take_utf8(p, n, in, out);	/* valid already */
		else
			copy_utf8(p, n, out);
		return 0;
	}
	if (ci->declared[0] != '\0' && strcasecmp(ci->declared, "utf-8") != 0 &&
	    decode_iconv(ci->declared, (const char *)p, n, out) == 0) {
		snprintf(ci->detected, sizeof ci->detected, "%s", ci->declared);
		return 0;
	}
	detect((const char *)p, n, ci->detected, sizeof ci->detected);
	if (ci->detected[0] != '\0' && strcasecmp(ci->detected, "utf-8") != 0 &&
	    strcasecmp(ci->detected, "ascii") != 0 &&
	    decode_iconv(ci->detected, (const char *)p, n, out) == 0) {
		ci->source = "detector";
		return 0;
	}
	buf_reset(out);
	snprintf(ci->detected, sizeof ci->detected, "utf-8");
	if (ci->source == NULL)
		ci->source = "utf-8";
	copy_utf8(p, n, out);
	return 0;
}

int
charset_to_utf8(const void *data, size_t n, const char *content_type,
    int is_html, struct buf *out, struct charset_info *ci, char *err,
    size_t errlen)
{
	(void)err, (void)errlen;
	return decode(data, n, NULL, content_type, is_html, out, ci);
}

int
charset_to_utf8_buf(struct buf *in, size_t off, size_t n,
    const char *content_type, int is_html, struct buf *out,
    struct charset_info *ci, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	return decode(in->data ? in->data + off : "", n, in, content_type,
	    is_html, out, ci);
}
