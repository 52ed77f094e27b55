/*
 * t_blank: the pre-parse blanking of clean (html_blank.c).  Script, style, svg
 * and template bodies and comments go; JSON-LD, the text around them and
 * anything the tokenizer would read as text stay.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "tap.h"

static char out[8192];

static const char *
blank(const char *html)
{
	size_t n = strlen(html);

	memcpy(out, html, n + 1);
	out[html_blank(out, n)] = '\0';
	return out;
}

static void
test_scripts(void)
{
	is_str(blank("<p>a</p><script>var x = 1;</script><p>b</p>"),
	    "<p>a</p><script></script><p>b</p>", "script body removed");
	is_str(blank("<SCRIPT type=text/javascript>x()</SCRIPT >b"),
	    "<SCRIPT type=text/javascript></SCRIPT >b", "uppercase script");
	is_str(blank("<script type=\"application/ld+json\">{\"a\":1}</script>"),
	    "<script type=\"application/ld+json\">{\"a\":1}</script>",
	    "JSON-LD kept");
	is_str(blank("<script type=' Application/LD+JSON '>{}</script>x"),
	    "<script type=' Application/LD+JSON '>{}</script>x",
	    "JSON-LD kept, any case and spaces");
	is_str(blank("<script>s = '</script>';</script>"),
	    "<script></script>';</script>",
	    "</script> in a string ends the script, as in a browser");
	is_str(blank("<script>document.write('<!--<script>x</script>');</script>c"),
	    "<script></script>c", "double-escaped script data");
	is_str(blank("<script><!--\nvar s = \"<script src=a.js>\";\n// -->\n"
	    "</script><p>The page</p>"), "<script></script><p>The page</p>",
	    "'-->' leaves the double-escaped state: the next </script> ends it");
	is_str(blank("<p>a</p><script>never closed <p>b</p>"),
	    "<p>a</p><script>", "unclosed script runs to the end");
	is_str(blank("<scripts>x</scripts>"), "<scripts>x</scripts>",
	    "a longer tag name is not script");
	is_str(blank("<style>p{}</style><p>t</p>"), "<style></style><p>t</p>",
	    "style body removed");
}

static void
test_comments(void)
{
	is_str(blank("a<!-- <script> -->b<script>x</script>c"),
	    "a<!---->b<script></script>c", "comment removed, script after");
	is_str(blank("a<!-- </script> -->b"), "a<!---->b",
	    "</script> inside a comment");
	is_str(blank("a<!---->b<!-->c"), "a<!---->b<!-->c", "empty comments");
	is_str(blank("a<!-- x --!>b"), "a<!---->b", "--!> ends a comment");
	is_str(blank("a<!-- never closed <p>b</p>"), "a",
	    "unclosed comment runs to the end");
}

static void
test_safety(void)
{
	is_str(blank("<a class=\"<script>x</script>\">t</a>"),
	    "<a class=\"<script>x</script>\">t</a>",
	    "<script> inside an attribute value is not a tag");
	is_str(blank("<title>a <script>b</script></title>"),
	    "<title>a <script>b</script></title>", "title is text");
	is_str(blank("<title>Cut ' + a + '\n<div><p>The page</p></div>"),
	    "<div><p>The page</p></div>",
	    "a title that never closes ends at the next markup, dropped");
	is_str(blank("<textarea>a<p>b</p>"), "<p>b</p>",
	    "so does a textarea");
	is_str(blank("<title>a</title><textarea>b</textarea>"),
	    "<title>a</title><textarea>b</textarea>", "closed ones are kept");
	is_str(blank("<textarea><!-- x --></textarea>"),
	    "<textarea><!-- x --></textarea>", "textarea is text");
	is_str(blank("1 < 2 <3 text"), "1 < 2 <3 text", "a lone < is text");
	is_str(blank("<p class=x"), "<p class=x", "unclosed tag kept");
	is_str(blank("<svg viewBox='0 0 1 1'><path d='M0'/><svg></svg></svg>t"),
	    "<svg ></svg>t", "svg contents removed");
	is_str(blank("<svg><p>real text</p>"), "<svg><p>real text</p>",
	    "svg holding HTML kept");
	is_str(blank("<svg><path/>"), "<svg><path/>", "unclosed svg kept");
	is_str(blank("<template><p>x</p><template>y</template></template>z"),
	    "<template></template>z", "template contents removed");
}

/* Inputs that once made the pass quadratic: what comes out must still
 * be safe (bench/speed's adversarial run times them). */
static void
test_unclosed(void)
{
	static char many[6000];
	size_t i;

	is_str(blank("<p>a</p><a x=\"<script>x</script>"),
	    "<p>a</p><a x=\"<script>x</script>",
	    "the file ends inside a tag: the rest is that tag, kept");
	is_str(blank("<p>a</p><a <b <!-- c"), "<p>a</p><a <b <!-- c",
	    "a tag without '>' to the end: kept as it is");
	is_str(blank("<script><!-- a --> <!-- b --> <!-- c --> x</script>t"),
	    "<script></script>t", "escaped script, several comments: one end");
	is_str(blank("<script><!--<script> --> </script> x</script>t"),
	    "<script></script> x</script>t", "double escaped, then '-->': the "
	    "next </script> ends it (the tokenizer's rule; gumbo agrees)");
	is_str(blank("<script><!--<script> </script> x</script>t"),
	    "<script></script>t", "double escaped, no '-->': the first "
	    "</script> only leaves it, the second ends the script");
	is_str(blank("<template><a x='"), "<template>",
	    "template that ends inside a tag: dropped to the end");
	for (i = 0; i + 5 < sizeof many - 20; i += 5)
		memcpy(many + i, "<svg>", 5);
	strcpy(many + i, "<p>text</p>");
	is_str(blank(many), many, "many unclosed svgs holding HTML: kept");
}

static void
test_data_uris(void)
{
	char html[1024], want[64];

	memset(html, 0, sizeof html);
	strcpy(html, "<img src=\"data:image/png;base64,");
	memset(html + strlen(html), 'A', 400);
	strcpy(html + 32 + 400, "\" alt=x>t");
	snprintf(want, sizeof want, "<img src=\"data:,\" alt=x>t");
	is_str(blank(html), want, "long data: URI shortened");
	is_str(blank("<img src='data:,x'>"), "<img src='data:,x'>",
	    "short data: URI kept");
}

/* The attributes nothing reads go with their values; those read, and
 * those that steer the tree builder, stay as they were written. */
static void
test_attributes(void)
{
	is_str(blank("<div data-x=\"1\" class=a data-json='{\"k\":\">\"}' "
	    "onclick=go() ID=b srcset=\"a 1x, b 2x\" hidden>t</div>"),
	    "<div  class=a   ID=b  hidden>t</div>",
	    "data-*, on*, srcset go; class, ID, hidden stay, values as written");
	is_str(blank("<meta property=og:title content=\"T\"><link rel=canonical "
	    "href=/a><time datetime=2020>x</time>"),
	    "<meta property=og:title content=\"T\"><link rel=canonical "
	    "href=/a><time datetime=2020>x</time>", "what the metadata reads stays");
	is_str(blank("<math><font color=red title=t>x</font></math>"),
	    "<math><font color=red >x</font></math>",
	    "font's color stays: it ends foreign content");
	is_str(blank("<br data-a/><img title=\"a > b\" alt=x/>"),
	    "<br /><img  alt=x/>", "self-closing kept; a quoted '>' is value");
	is_str(blank("</div data-x=1>"), "</div data-x=1>",
	    "an end tag is copied as it is");
	is_str(blank("<div data-x=\"1>t"), "<div data-x=\"1>t",
	    "a tag the file ends in is kept");
}

int
main(void)
{
	test_scripts();
	test_comments();
	test_safety();
	test_unclosed();
	test_data_uris();
	test_attributes();
	return done();
}
