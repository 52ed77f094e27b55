/* t_charset: sniffing page, text and binary; decoding to UTF-8. */
#include <string.h>

#include "pith.h"
#include "tap.h"

static const char *
decode(const char *bytes, size_t n, const char *ct, int html,
    struct charset_info *ci)
{
	static struct buf out;
	char err[PITH_ERRLEN];

	buf_free(&out);
	charset_to_utf8(bytes, n, ct, html, &out, ci, err, sizeof err);
	return out.data ? out.data : "";
}

static void
test_sniff(void)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	static const char nuls[] = "abc\0\0\0\x01\x02\x03\0\0\0def\0\0\0";
	static const char spaces[] = "a\tb\n\v\f\r\x1b[1mc\t\t\t\n\n\n\f\f";
	static const char high[] = "))))----\x7f\x7f\x7f\x7f))))";
	static const char controls[] = "abcdefg\x01" "abcdefg\x02" "abcdefg\x1f";

	ok(sniff_content("<!DOCTYPE html><p>x", 19) == SNIFF_HTML, "doctype is html");
	ok(sniff_content("\n  <html><body>", 15) == SNIFF_HTML, "html tag is html");
	ok(sniff_content("Title\n\nSome <u>text</u> here.\n\nMore text.\n", 42)
	    == SNIFF_TEXT, "a dump with a stray tag is text");
	ok(sniff_content("Just words.\n", 12) == SNIFF_TEXT, "plain text");
	{
		struct buf b;
		size_t k;

		buf_init(&b);
		buf_puts(&b, "<script>\n");
		for (k = 0; k < 600; k++)
			buf_puts(&b, "var a = 1; // a tag manager's code\n");
		buf_puts(&b, "</script>\n<html><body><p>Text.</p></body></html>");
		ok(sniff_content(b.data, b.len) == SNIFF_HTML,
		    "20 kB of script before <html> is still html");
		buf_reset(&b);
		for (k = 0; k < 600; k++)
			buf_puts(&b, "A line of a dump, with no markup at all.\n");
		buf_puts(&b, "A quoted <html> tag in the text.\n");
		ok(sniff_content(b.data, b.len) == SNIFF_TEXT,
		    "a dump quoting <html> far down is still text");
		buf_free(&b);
	}
	ok(sniff_content(png, sizeof png - 1) == SNIFF_BINARY, "png is binary");
	ok(sniff_content(nuls, sizeof nuls - 1) == SNIFF_BINARY, "NULs are binary");
	ok(sniff_content("%PDF-1.7\n", 9) == SNIFF_BINARY, "pdf is binary");
	ok(sniff_content(spaces, sizeof spaces - 1) == SNIFF_TEXT,
	    "tabs, line and page breaks and ESC are text");
	ok(sniff_content(high, sizeof high - 1) == SNIFF_TEXT,
	    "bytes from space up are no control bytes (0x29 ')', 0x2d '-', 0x7f)");
	ok(sniff_content(controls, sizeof controls - 1) == SNIFF_BINARY,
	    "other bytes below a space, one in eight, are binary");
}

static void
test_decode(void)
{
	struct charset_info ci;
	const char *s;

	s = decode("caf\xe9", 4, "text/html; charset=ISO-8859-1", 1, &ci);
	is_str(s, "caf\xc3\xa9", "latin1 from the HTTP header");
	is_str(ci.source, "http", "source is http");
	is_str(ci.declared, "iso-8859-1", "declared label kept");
	s = decode("<meta charset=\"windows-1252\"><p>\x80 5", 35, NULL, 1, &ci);
	ok(strstr(s, "\xe2\x82\xac 5") != NULL, "euro sign via <meta charset>");
	is_str(ci.source, "meta", "source is meta");
	s = "<meta http-equiv=\"Content-Type\" content=\"text/html; "
	    "charset=koi8-r\"><p>\xf0\xd2\xc9";
	s = decode(s, strlen(s), NULL, 1, &ci);
	ok(strstr(s, "\xd0\x9f\xd1\x80\xd0\xb8") != NULL, "koi8-r via http-equiv");
	s = decode("\xef\xbb\xbfhi", 5, "text/html; charset=latin1", 1, &ci);
	is_str(s, "hi", "BOM wins and is removed");
	is_str(ci.source, "bom", "source is bom");
	s = decode("\xff\xfeh\0i\0", 6, NULL, 0, &ci);
	is_str(s, "hi", "UTF-16LE by BOM");
	s = decode("\xfe\xff", 2, NULL, 0, &ci);
	is_str(s, "", "a bare UTF-16 BOM decodes to nothing (fuzz regression)");
	s = decode("na\xc3\xafve", 6, "text/html; charset=iso-8859-1", 1, &ci);
	is_str(s, "na\xc3\xafve", "valid UTF-8 under a latin1 label stays UTF-8");
	s = decode("a\xff" "b", 3, NULL, 0, &ci);
	ok(strcmp(s, "a\xc3\xbf" "b") == 0 || strcmp(s, "a\xef\xbf\xbd" "b") == 0,
	    "a stray byte is decoded or replaced, never kept raw");
	s = decode("a\0b", 3, "text/plain; charset=utf-8", 0, &ci);
	is_str(s, "ab", "NUL bytes dropped");
	s = decode("x", 1, "text/html; charset=no-such-charset", 1, &ci);
	is_str(s, "x", "an unknown label falls back");
	s = decode("Stra\xdf" "e und Gr\xfc\xdf" "e aus M\xfcnchen, sch\xf6ne "
	    "Gr\xfc\xdf" "e an alle B\xe4" "ckereien und Fu\xdf" "g\xe4nger",
	    75, NULL, 0, &ci);
	ok(strstr(s, "Stra\xc3\x9f" "e") != NULL, "undeclared latin text detected");
}

int
main(void)
{
	test_sniff();
	test_decode();
	return done();
}
