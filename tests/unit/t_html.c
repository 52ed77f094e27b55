/*
 * t_html: the HTML path of the engine (clean/extract/html_*.c).  The
 * fixtures in tests/fixtures/html, each NAME.html against NAME.expected,
 * then what they keep and drop said one by one; the comment section; the limits
 * (max-depth, max-nodes, absurd nesting); metadata from JSON-LD,
 * OpenGraph and markup; the class/id token table.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "extract.h"
#include "html.h"
#include "tap.h"

static struct extract ex;
static char err[PITH_ERRLEN];
static const char *page_url;	/* the page's own address, or NULL */

static int
run_opts(const char *html, size_t len, const struct extract_opts *o)
{
	extract_free(&ex);
	extract_init(&ex);
	err[0] = '\0';
	return html_extract(html, len, page_url, o, &ex, err, sizeof err);
}

/* Clean html with the defaults; the text, or "(failed)". */
static const char *
run(const char *html)
{
	struct extract_opts o = { .max_depth = 512, .max_nodes = 2000000 };

	if (run_opts(html, strlen(html), &o) != 0)
		return "(failed)";
	return ex.text.data ? ex.text.data : "";
}

static int
has(const char *out, const char *s)
{
	return strstr(out, s) != NULL;
}

static char *
slurp(const char *name, const char *ext)
{
	const char *top = getenv("PITH_TOP");
	char path[4096];
	struct buf b;

	snprintf(path, sizeof path, "%s/tests/fixtures/html/%s%s",
	    top ? top : ".", name, ext);
	buf_init(&b);
	if (read_file_max(path, &b, 1 << 24) != 0) {
		buf_free(&b);
		return NULL;
	}
	buf_putc(&b, '\0');
	return buf_steal(&b);
}

static const char *const fixtures[] = {
	"news", "wp_comments", "consent", "related", "split", "list",
	"table", "de_news", "hidden", "layout_table", "embeds",
};

/* Each NAME.html cleans to NAME.expected (less its last newline). */
static void
test_fixtures(void)
{
	char *in, *want;
	size_t i, n;

	for (i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		in = slurp(fixtures[i], ".html");
		want = slurp(fixtures[i], ".expected");
		if (in == NULL || want == NULL) {
			ok(0, "fixture %s: cannot read it", fixtures[i]);
		} else {
			n = strlen(want);
			if (n > 0 && want[n - 1] == '\n')
				want[n - 1] = '\0';
			is_str(run(in), want, "fixture %s", fixtures[i]);
		}
		free(in);
		free(want);
	}
}

/* Run a fixture and check one string is kept (keep) or dropped. */
static void
check(const char *name, const char *s, int keep, const char *what)
{
	char *in = slurp(name, ".html");
	const char *out = in ? run(in) : "(failed)";

	ok(in != NULL && has(out, s) == keep, "%s: %s %s", name, what,
	    keep ? "kept" : "dropped");
	free(in);
}

static void
test_kept_and_dropped(void)
{
	check("news", "Sport", 0, "the menu");
	check("news", "Home", 0, "the breadcrumbs");
	check("news", "By Jane", 0, "the byline");
	check("news", "Harbour reopens", 0, "the headline (metadata)");
	check("news", "Waves breaking", 0, "the figure caption");
	check("news", "Share on", 0, "the share bar");
	check("news", "Most read", 0, "the sidebar");
	check("news", "Copyright", 0, "the footer");
	check("news", "Inspections next week", 1, "the subheading");
	check("news", "Local traders", 1, "the last paragraph");
	check("wp_comments", "Marta", 0, "the comment list");
	check("wp_comments", "Leave a Reply", 0, "the comment form");
	check("wp_comments", "Skip to content", 0, "the skip link");
	check("wp_comments", "Recent Posts", 0, "the widget area");
	check("wp_comments", "Tagged", 0, "the entry footer");
	check("wp_comments", "Previous post", 0, "post navigation");
	check("consent", "cookies", 0, "the cookie banner");
	check("consent", "newsletter", 0, "the newsletter sign-up");
	check("consent", "free articles", 0, "the paywall prompt");
	check("consent", "Opponents had argued", 1, "the text after the sign-up");
	check("related", "Caspian", 0, "the related stories");
	check("related", "belly fat", 0, "the sponsored links");
	check("related", "Hospital waiting", 0, "the most-read list");
	check("split", "Sleeper services", 1, "the lead outside the body");
	check("split", "Not every route", 1, "the last part of a split article");
	check("split", "Advertisement", 0, "the ads between the parts");
	check("list", "Do not panic", 1, "the last list item");
	check("list", "Cakes", 0, "the menu list");
	check("table", "October | 187 | 84\n", 1, "a table row as one line");
	check("de_news", "Anzeige", 0, "the ad (werbung)");
	check("de_news", "Auf Facebook", 0, "the share links (teilen)");
	check("de_news", "Endlich", 0, "the comments (kommentare)");
	check("hidden", "Hidden attribute", 0, "hidden");
	check("hidden", "Display none", 0, "display: none");
	check("hidden", "Aria hidden", 0, "aria-hidden");
	check("hidden", "Screen reader", 0, ".sr-only");
	check("hidden", "Visually hidden", 0, ".visually-hidden");
	check("hidden", "Script text", 0, "<script>");
	check("hidden", "margin", 0, "<style>");
	check("hidden", "Noscript", 0, "<noscript>");
	check("noscript_shell", "Point it at a folder", 1,
	    "a script-only page's <noscript>, which holds the page");
	check("noscript_shell", "Loading", 0, "the app shell around it");
	check("noscript_shell", "Powered by", 0, "the footer inside it");
	check("landing", "Cold storage", 1,
	    "a landing page: every section's heading, not the best one alone");
	check("landing", "where it is bound", 1, "its last section");
	check("landing", "All rights reserved", 0, "its footer");
	check("landing", "Contact", 0, "its menu");
	check("layout_table", "Mail me", 0, "the layout table's link column");
	check("layout_table", " | ", 0, "layout cells as cells");
	check("embeds", "honestly it shows", 1, "a quoted tweet in a social embed");
	check("embeds", "last slogan", 0, "a paragraph that is one link");
	check("embeds", "Follow us", 0, "a boilerplate phrase");
}

static void
test_comments(void)
{
	struct extract_opts o = { .max_depth = 512, .max_nodes = 2000000,
	    .comments = 1 };
	char *in = slurp("wp_comments", ".html");
	const char *c;

	if (in == NULL || run_opts(in, strlen(in), &o) != 0) {
		ok(0, "comments: wp_comments runs");
		free(in);
		return;
	}
	c = ex.comments.data ? ex.comments.data : "";
	ok(has(c, "cherry tomatoes did brilliantly"), "comments: first comment");
	ok(has(c, "Mine split after heavy watering"), "comments: second comment");
	ok(!has(c, "Pinch out the side shoots"), "comments: not the article");
	ok(!has(ex.text.data, "cherry tomatoes did"), "comments: not in text");
	run(in);
	ok(ex.comments.len == 0, "comments: none unless asked for");
	free(in);
	in = "<html><body><article><p>A page without a comment section, "
	    "cleaned with the comments asked for all the same.</p></article>"
	    "</body></html>";
	ok(run_opts(in, strlen(in), &o) == 0 && ex.comments.len == 0,
	    "comments asked for, none there: none (UBSan saw NULL + 0)");
}

#define PARA "<p>This paragraph is long enough to be read as prose, with " \
	"commas, clauses and a full stop at the end of it, as articles do.</p>"

/* n nested divs with a paragraph at the top and one at the bottom. */
static char *
nested(int n)
{
	struct buf b;
	int i;

	buf_init(&b);
	buf_puts(&b, "<html><body><div>" PARA PARA "<p>Shallow marker, kept "
	    "because it sits near the top of the page, well above any cut.</p>");
	for (i = 0; i < n; i++)
		buf_puts(&b, "<div>");
	buf_puts(&b, PARA "<p>Deep marker, so far down that a depth limit "
	    "cuts it, which the warning has to say.</p>");
	for (i = 0; i < n; i++)
		buf_puts(&b, "</div>");
	buf_puts(&b, "</div></body></html>");
	return buf_steal(&b);
}

/* Fuzz crash: a style attribute that ends right after "display" (the
 * search went on past its NUL). */
static void
test_style_at_end(void)
{
	const char *out = run("<html><body><div style=\"display\">" PARA
	    "</div><div style=\"color: red; visibility\">" PARA "</div>"
	    "<div style=\"display :  none\"><p>Gone, hidden by its style, "
	    "whatever its length says about it.</p></div></body></html>");

	ok(has(out, "long enough to be read") && !has(out, "Gone, hidden"),
	    "style: a value ending at the property name is read safely");
}

static void
test_limits(void)
{
	struct extract_opts o = { .max_depth = 100, .max_nodes = 2000000 };
	char *page = nested(3000), want[80];
	int rc;
	struct buf b;
	int i;

	ok(run_opts(page, strlen(page), &o) == 0, "depth: 3000 levels parsed");
	ok(has(ex.text.data, "Shallow marker"), "depth: text above the cut");
	ok(!has(ex.text.data, "Deep marker"), "depth: text below the cut");
	ok(ex.warning != NULL && has(ex.warning, "max-depth"),
	    "depth: warning says max-depth");
	o.max_depth = 5000;
	ok(run_opts(page, strlen(page), &o) == 0 && has(ex.text.data,
	    "Deep marker") && ex.warning == NULL, "depth: no cut under the limit");
	free(page);

	page = nested(30000);
	snprintf(want, sizeof want, "nested deeper than %d elements: cut",
	    html_limits.nest_max);
	rc = run_opts(page, strlen(page), &o);
	ok(rc == 0 && ex.warning != NULL && has(ex.warning, want), "nesting: "
	    "30000 levels cut before parsing, the warning names nest_max (%s)",
	    ex.warning);
	ok(has(ex.text.data, "Shallow marker") && !has(ex.text.data,
	    "Deep marker"), "nesting: text above the cut kept");
	free(page);

	buf_init(&b);
	buf_puts(&b, "<html><body>" PARA PARA "<p>Before the cut.</p>");
	for (i = 0; i < 25000; i++)
		buf_puts(&b, "<div></i><span><b></span></b>");
	rc = run_opts(b.data, b.len, &o);
	ok(rc == 0 && ex.warning != NULL && has(ex.warning, want),
	    "nesting: end tags that close nothing are not counted off");
	buf_reset(&b);
	for (i = 0; i < 25000; i++)
		buf_puts(&b, "<div><span>x</div><section><i>y</section>");
	rc = run_opts(b.data, b.len, &o);
	ok(rc == 0 && ex.warning == NULL, "nesting: 50000 sloppy but closed "
	    "elements are not cut (%s)", ex.warning);
	buf_reset(&b);
	buf_puts(&b, "<html><body>" PARA PARA "<p>Before the cut.</p>");
	for (i = 0; i < 5000; i++)
		buf_puts(&b, "<p>x");
	o.max_nodes = 1000;
	ok(run_opts(b.data, b.len, &o) == 0 && has(ex.text.data,
	    "Before the cut") && ex.warning != NULL && has(ex.warning,
	    "max-nodes"), "nodes: 5000 unclosed <p> cut before parsing");
	buf_free(&b);

	buf_init(&b);
	buf_puts(&b, "<html><body><div>");
	for (i = 0; i < 30000; i++)
		buf_printf(&b, "<p>Paragraph %d is a sibling, with commas, not a "
		    "child, so nothing nests.</p>", i);
	buf_puts(&b, "</div></body></html>");
	o.max_nodes = 1000;
	ok(run_opts(b.data, b.len, &o) == 0, "flat: 30000 siblings accepted");
	ok(has(ex.text.data, "Paragraph 900 ") && !has(ex.text.data,
	    "Paragraph 2000 "), "nodes: text stops at max-nodes");
	ok(ex.warning != NULL && has(ex.warning, "max-nodes"),
	    "nodes: warning says max-nodes");
	buf_free(&b);
}

static const char jsonld_page[] =
	"<html lang=\"en_us\"><head><title>Wrong title | Example News</title>"
	"<script type=\"application/ld+json\">{\"@context\":"
	"\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\",\"name\":"
	"\"Example News\"},{\"@type\":[\"NewsArticle\"],\"headline\":"
	"\"Rivers rise across the north\",\"datePublished\":"
	"\"2020-02-03T07:15:00Z\",\"author\":[{\"@type\":\"Person\",\"name\":"
	"\"Ann Lee\"},{\"@type\":\"Person\",\"name\":\"Raj Patel\"}],"
	"\"description\":\"Flood warnings\\n\\n in twelve\\ttowns.\","
	"\"mainEntityOfPage\":{\"@id\":\"https://example.com/rivers\"}}]}"
	"</script></head><body>" PARA PARA PARA "</body></html>";

static const char og_page[] =
	"<html lang=\"fr\"><head><title>Le marché rouvre | Le Journal</title>"
	"<meta property=\"og:site_name\" content=\"Le Journal\">"
	"<meta property=\"article:published_time\" content=\"2021/05/06\">"
	"<meta name=\"author\" content=\"Claire Martin\">"
	"<meta name=\"twitter:description\" content=\"Le marché\n  est ouvert. \">"
	"<link rel=\"canonical\" href=\"../marche\">"
	"</head><body>" PARA PARA PARA "</body></html>";

static const char time_page[] =
	"<html><head><title>Tides | Harbour Notes</title></head><body>"
	"<p><time datetime=\"2017-08-09\">9 August</time></p>"
	PARA PARA PARA "</body></html>";

/* What text is made of: ruby readings left out, soft hyphens dropped,
 * decomposed accents composed (NFC). */
static void
test_characters(void)
{
	const char *out;

	out = run("<html><body><article><p>\xe6\x97\xa5\xe6\x9c\xac"
	    "<ruby>\xe6\xbc\xa2<rp>(</rp><rt>\xe3\x81\x8b\xe3\x82\x93"
	    "</rt><rp>)</rp>\xe5\xad\x97<rt>\xe3\x81\x98</rt></ruby>"
	    "\xe3\x81\xae\xe6\x96\x87\xe7\xab\xa0\xe3\x81\xa7\xe3\x81\x99"
	    "\xe3\x80\x82</p></article></body></html>");
	is_str(out, "\xe6\x97\xa5\xe6\x9c\xac\xe6\xbc\xa2\xe5\xad\x97"
	    "\xe3\x81\xae\xe6\x96\x87\xe7\xab\xa0\xe3\x81\xa7\xe3\x81\x99"
	    "\xe3\x80\x82", "ruby: the words, not their readings");
	out = run("<html><body><article><p>Die Bundes&shy;regierung "
	    "beschlie&szlig;t heute das Haushalts\xc2\xadgesetz.</p>"
	    "</article></body></html>");
	is_str(out, "Die Bundesregierung beschlie\xc3\x9ft heute das "
	    "Haushaltsgesetz.", "soft hyphens, as &shy; or as bytes, dropped");
	out = run("<html><body><article><p>Un caf\x65\xcc\x81 cr\x65\xcc\x80me, "
	    "s'il vous pla\x69\xcc\x82t.</p></article></body></html>");
	is_str(out, "Un caf\xc3\xa9 cr\xc3\xa8me, s'il vous pla\xc3\xaet.",
	    "accents written apart are composed (NFC)");
}

/* Structured content the article holds. */
static void
test_structures(void)
{
	const char *out;

	out = run("<html><body><article><p>The night trains compared, on "
	    "the numbers that matter most to travellers who go by them.</p>"
	    "<div class=\"table-scroll\"><table><tr><th>Train</th><th>Departs"
	    "</th></tr><tr><td>Nordlicht</td><td>21:04</td></tr><tr><td>Kestrel"
	    "</td><td>20:40</td></tr></table></div><p>Two things stand out in "
	    "the table above, and the first is the time the trains leave.</p>"
	    "<p>Journey times vary much more than the distance would suggest: "
	    "the slower trains spend up to two hours in the junction yard "
	    "while their carriages are shunted between trains.</p>"
	    "</article></body></html>");
	ok(has(out, "Nordlicht | 21:04"), "a table in a box named 'scroll' "
	    "(a negative word) is kept");

	out = run("<html><body><article><p>The night trains compared, on "
	    "the numbers that matter most to travellers who go by them, "
	    "from the departure times to the length of the journey.</p>"
	    "<table class=\"sortable sticky-header\"><tr><th>Train</th><th>"
	    "Departs</th></tr><tr><td>Nordlicht</td><td>21:04</td></tr><tr>"
	    "<td>Kestrel</td><td>20:40</td></tr></table><p>Two things stand "
	    "out in the table above, and the first is the time the trains "
	    "leave: both go late enough for a working day to end first.</p>"
	    "<p>Journey times vary much more than the distance would suggest: "
	    "the slower trains spend up to two hours in the junction yard "
	    "while their carriages are shunted between trains.</p>"
	    "</article></body></html>");
	ok(has(out, "Kestrel | 20:40"), "a table of data named 'header' "
	    "(sticky-header) is not furniture");

	out = run("<html><head><script type=\"application/ld+json\">{\"@"
	    "context\":\"https://schema.org\",\"@type\":\"Product\",\"name\":"
	    "\"Trail Kettle\",\"description\":\"A one-litre kettle of folded "
	    "titanium that boils water on a camp stove in four minutes.\"}"
	    "</script></head><body><main><h1>Trail Kettle</h1><p>In stock, "
	    "ships within two days from our warehouse, free returns for a "
	    "month if it is not what you wanted for your trips.</p>"
	    "<div class=\"tabs\" hidden><p>Details</p></div></main></body>"
	    "</html>");
	ok(has(out, "folded titanium"), "a product's JSON-LD description, "
	    "shown only in a hidden tab, is in the text");
	ok(strncmp(out, "A one-litre kettle", 18) == 0, "... first");
}

/* A listing: its <main> is cards of links that readability's cleaning
 * prunes, and the election settles on a promotion box beside it. */
static void
test_listing(void)
{
	static const char *const titles[] = { "Harbour walk", "Old mill",
	    "Salt marsh", "Lighthouse loop", "River meadows", "Beacon hill",
	    "Chalk cliffs", "Heron lake", "Pine ridge", "Dune trail" };
	struct buf html;
	const char *out;
	size_t i;

	buf_init(&html);
	buf_puts(&html, "<html><body><div class=\"offer\"><p>Join today "
	    "and get a free map of the coast with your first order.</p></div>"
	    "<main><h1>Walks near you</h1><ul>");
	for (i = 0; i < sizeof titles / sizeof titles[0]; i++)
		buf_printf(&html, "<li><a href=\"/w/%zu\">%s</a> <a href=\""
		    "/a/%zu\">by the walking club</a> <span>%zu km</span></li>",
		    i, titles[i], i, i + 3);
	buf_puts(&html, "</ul></main></body></html>");
	out = run(html.data);
	ok(has(out, "Harbour walk") && has(out, "Dune trail"),
	    "a listing's cards in <main>, not the promotion box the "
	    "election found");
	buf_free(&html);
}

/* The head of a page that says it is an article, or of one that does
 * not. */
static const char *
og_article(int article)
{
	return article ? "<meta property=\"og:type\" content=\"article\">" :
	    "";
}

/* Clean html (freed): s is in the text when the page is not an article,
 * and not when it is. */
static void
check_kind(struct buf *html, int article, const char *s,
    const char *what_page, const char *what_article)
{
	ok(has(run(html->data), s) == !article, "%s", article ? what_article :
	    what_page);
	buf_free(html);
}

/* A service page: one section of prose the election takes, and sections
 * of lists it does not; all are the page, in <main>, unless the page says
 * it is an article. */
static void
test_service(void)
{
	static const char *const para = "Our engineers survey the roof, "
	    "measure the light it gets through the year, and design a set of "
	    "panels that fits it, with the paperwork for the grid done for "
	    "you.";
	struct buf html;
	int i, article;

	for (article = 0; article <= 1; article++) {
		buf_init(&html);
		buf_printf(&html, "<html><head>%s</head><body><main><section>"
		    "<h2>Solar panels, fitted</h2>", og_article(article));
		for (i = 0; i < 7; i++)
			buf_printf(&html, "<p>%s</p>", para);
		buf_puts(&html, "</section>");
		for (i = 0; i < 4; i++) {
			buf_printf(&html, "<section><h2>Plan %d</h2><ul>", i);
			buf_puts(&html, "<li>A survey of the roof and the "
			    "shade on it through the seasons</li><li>Panels, "
			    "inverter and battery sized for the house</li>"
			    "<li>Fitting by our own crew in a day or two, "
			    "scaffolding included</li><li>Ten years of "
			    "cover on the parts and on the work done</li>"
			    "<li>A yearly check of the output against what "
			    "was promised</li><li>Monthly payments over "
			    "five, ten or fifteen years if you want them</li>"
			    "</ul></section>");
		}
		buf_puts(&html, "</main></body></html>");
		check_kind(&html, article, "Ten years of cover",
		    "a service page's sections of lists beside its prose",
		    "... an article is not widened to its <main>");
	}
}

/* A landing page of ten sections, the best holding a quarter of the
 * page's paragraphs: all of them, unless the page says it is an
 * article. */
static void
test_sections(void)
{
	static const char *const best = "We plan the garden with you and "
	    "plant it season by season, with the plants that suit your soil "
	    "and light.";
	static const char *const other = "Each plan lists the plants in it "
	    "and where they were grown";
	struct buf html;
	int i, k, article;

	for (article = 0; article <= 1; article++) {
		buf_init(&html);
		buf_printf(&html, "<html><head>%s</head><body><div>",
		    og_article(article));
		for (i = 0; i < 10; i++) {
			buf_printf(&html, "<section><h2>Part %d</h2><div>", i);
			for (k = 0; k < 3; k++)
				buf_printf(&html, "<p>%s%s</p>", i == 0 ?
				    best : other, i == 9 ? " in Walden." : ".");
			buf_puts(&html, "</div></section>");
		}
		buf_puts(&html, "</div></body></html>");
		check_kind(&html, article, "in Walden",
		    "a landing page's sections, the best holding a quarter",
		    "... an article's best section alone");
	}
}

/* A forum thread whose posts are named "comment": the content when the
 * page says it is a discussion, a comment section when it does not. */
static void
test_forum(void)
{
	static const char *const posts[] = {
	    "My sourdough starter smells of nail varnish after a week in the "
	    "fridge, is it dead or can it be saved with a few feedings?",
	    "It is hungry, not dead: that smell is the yeast running out of "
	    "food, so feed it twice a day at room temperature for a while.",
	    "Agreed, and pour off the grey liquid on top before you feed it, "
	    "it is only alcohol and will not hurt the culture at all." };
	struct buf html;
	const char *out;
	size_t i;
	int ld;

	for (ld = 1; ld >= 0; ld--) {
		buf_init(&html);
		buf_printf(&html, "<html><head>%s</head><body><h1>Starter "
		    "smells odd</h1><div class=\"comments\">", ld ?
		    "<script type=\"application/ld+json\">{\"@context\":"
		    "\"https://schema.org\",\"@type\":\"DiscussionForumPosting"
		    "\",\"headline\":\"Starter smells odd\"}</script>" : "");
		for (i = 0; i < sizeof posts / sizeof posts[0]; i++)
			buf_printf(&html, "<div class=\"comment\"><p>%s</p>"
			    "</div>", posts[i]);
		buf_puts(&html, "</div><div class=\"rules\"><p>Be kind to "
		    "one another, stay on the topic of the thread, search "
		    "before you ask, and say what flour, water and "
		    "temperature you used: a question that says how the "
		    "bread was made gets better answers, and sooner, than "
		    "one that only shows a photograph of the loaf.</p></div>"
		    "</body></html>");
		out = run(html.data);
		ok(has(out, "grey liquid") == ld, ld ? "a forum thread's "
		    "posts, named comment, are the content" : "... without "
		    "its JSON-LD, a comment section is not");
		buf_free(&html);
	}
}

/* n paragraphs of s into html. */
static void
paragraphs(struct buf *html, const char *s, int n)
{
	while (n-- > 0)
		buf_printf(html, "<p>%s</p>", s);
}

/* A product page's tabs and accordion: the hidden panels inside the
 * article are its text; one holding a form, and a hidden panel outside
 * the article, long as it is, are not. */
static void
test_panels(void)
{
	static const char *const para = "The kettle boils a litre in three "
	    "minutes, switches itself off when it is dry, and sits on a base "
	    "that turns so the cord never tangles.";
	struct buf html;
	const char *out;

	buf_init(&html);
	buf_puts(&html, "<html><body><div class=\"drawer-panel\" hidden>");
	paragraphs(&html, "Our stores open at nine, close at six, and take "
	    "returns within a month, with the receipt, in any of them.", 12);
	buf_puts(&html, "</div><div class=\"product\"><h1>Kettle</h1>");
	paragraphs(&html, para, 3);
	buf_puts(&html, "<div class=\"tabs\"><div role=\"tabpanel\">"
	    "<p>Made of brushed steel, with a window to see the water.</p>"
	    "</div><div role=\"tabpanel\" hidden><p>Descale it once a month "
	    "with a spoon of citric acid in a full kettle.</p></div>"
	    "<div class=\"accordion__body\" aria-hidden=\"true\"><p>Sent "
	    "the next working day, free over twenty pounds.</p></div>"
	    "<div class=\"tab-content\" style=\"display: none\"><p>Text "
	    "me a reminder:</p><input name=\"phone\"></div></div></div>"
	    "</body></html>");
	out = run(html.data);
	ok(has(out, "citric acid"), "a hidden tab panel in the article is "
	    "kept");
	ok(has(out, "next working day"), "a hidden accordion panel in the "
	    "article is kept");
	ok(!has(out, "Text me"), "a hidden panel holding a form is not");
	ok(!has(out, "stores open"), "a hidden panel outside the article is "
	    "not");
	buf_free(&html);
}

/* A page streamed by its framework into a hidden holder, a shell of a
 * few words shown: the holder is the page.  A hidden block shorter than
 * what the page shows stays hidden. */
static void
test_hidden_page(void)
{
	static const char *const para = "The ferry leaves the harbour at "
	    "seven, calls at both islands, and is back by noon, weather "
	    "permitting, from May to the end of September.";
	struct buf html;
	const char *out;

	buf_init(&html);
	buf_puts(&html, "<html><body><div class=\"shell\"><p>Loading "
	    "timetable</p></div><div hidden id=\"part-1\"><article>");
	paragraphs(&html, para, 4);
	buf_puts(&html, "</article><div hidden><p>Sign up for the winter "
	    "timetable by mail.</p></div></div></body></html>");
	out = run(html.data);
	ok(has(out, "back by noon"), "a hidden holder with more text than "
	    "the page shows is the page");
	ok(!has(out, "winter timetable"), "... a hidden block inside it "
	    "stays hidden");
	buf_free(&html);
	buf_init(&html);
	buf_puts(&html, "<html><body><article>");
	paragraphs(&html, para, 4);
	buf_puts(&html, "</article><div hidden><p>Sign up for the winter "
	    "timetable by mail, and hear of every change to the sailings "
	    "before anyone else does.</p></div></body></html>");
	ok(!has(run(html.data), "winter timetable"), "a hidden block "
	    "shorter than the page shown stays hidden");
	buf_free(&html);
}

/* nfc_stable_char's table against utf8proc: each code point it names is
 * its own NFC, alone and after a few starters it could compose with. */
static void
test_nfc_table(void)
{
	static const char *const starters[] = { "a", "e", "O", "\xe3\x81\x86",
	    "\xea\xb0\x80", "\xe0\xa4\xa8" };
	utf8proc_uint8_t in[16], *out;
	utf8proc_ssize_t n, k;
	uint32_t c, bad = 0;
	size_t i, len;

	for (c = 0x80; c < 0x20000 && bad == 0; c++) {
		if (!nfc_stable_char(c))
			continue;
		for (i = 0; i < sizeof starters / sizeof starters[0]; i++) {
			len = strlen(starters[i]);
			memcpy(in, starters[i], len);
			k = utf8proc_encode_char((utf8proc_int32_t)c, in + len);
			n = utf8proc_map(in, (utf8proc_ssize_t)len + k, &out,
			    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
			if (n != (utf8proc_ssize_t)len + k ||
			    memcmp(out, in, (size_t)n) != 0)
				bad = c;
			free(out);
		}
		if (utf8proc_get_property((utf8proc_int32_t)c)->combining_class)
			bad = c;
	}
	ok(bad == 0, "every code point nfc_stable_char names is NFC beside a "
	    "starter (first that is not: U+%04X)", (unsigned)bad);
	ok(!nfc_stable_char(0x212B) && !nfc_stable_char(0x0301) &&
	    !nfc_stable_char(0x3099), "the Angstrom sign, a combining acute "
	    "and the combining dakuten are not");
}

static void
test_meta(void)
{
	struct extract_opts o = { .max_depth = 512, .max_nodes = 2000000 };
	const struct doc_meta *m = &ex.meta;

	run(jsonld_page);
	is_str(m->title, "Rivers rise across the north", "json-ld: headline");
	is_str(m->author, "Ann Lee, Raj Patel", "json-ld: authors joined");
	is_str(m->published, "2020-02-03T07:15:00Z", "json-ld: datePublished");
	is_str(m->site_name, "Example News", "json-ld: WebSite name in @graph");
	is_str(m->canonical_url, "https://example.com/rivers",
	    "json-ld: mainEntityOfPage");
	is_str(m->description, "Flood warnings in twelve towns.",
	    "json-ld: description, its line breaks and tabs one space each");
	is_str(m->language, "en-US", "lang en_us as en-US");

	page_url = "https://www.example.fr/actu/2021/marche-rouvre";
	run_opts(og_page, strlen(og_page), &o);
	page_url = NULL;
	is_str(m->title, "Le marché rouvre", "title less \" | Site\"");
	is_str(m->site_name, "Le Journal", "og:site_name");
	is_str(m->published, "2021-05-06", "article:published_time, slashes");
	is_str(m->author, "Claire Martin", "meta author");
	is_str(m->description, "Le marché est ouvert.",
	    "twitter:description, a line break and spaces as one space");
	is_str(m->canonical_url, "https://www.example.fr/actu/marche",
	    "relative canonical resolved against the URL");
	is_str(m->language, "fr", "html lang");

	run("<html><head><meta property=\"article:published_time\" "
	    "content=\"2019-1-5\"></head><body><p>A short page.</p></body>"
	    "</html>");
	is_str(m->published, "2019-01-05", "a date shorter than its form "
	    "(ASan saw a read past its end)");

	run(time_page);
	is_str(m->published, "2017-08-09", "<time datetime>");
	is_str(m->title, "Tides | Harbour Notes", "no site name: title whole");
	ok(m->author == NULL && m->canonical_url == NULL,
	    "absent fields are NULL");
	ok(!has(ex.text.data, "9 August"), "<time> line not in the text");
}

/* Page builders name their blocks of text "widget" ("c-product-widget",
 * "elementor-widget-text-editor"), as sidebars name theirs: inside the
 * article chosen, such a block holding prose is text; outside it, it is
 * furniture still. */
static void
test_soft_names(void)
{
	const char *out;

	out = run("<html><body><div class=\"layout\"><article><h1>Kettles "
	    "for the trail</h1><p>We boiled water on four stoves over a "
	    "week of walking, and timed every kettle from cold to a rolling "
	    "boil, twice, in the wind and out of it.</p><p>Weight mattered "
	    "less than we thought: the lightest kettle was the slowest, and "
	    "on a cold morning the slowest is the one you leave at home.</p>"
	    "<div class=\"c-product-widget\"><div class=\"c-product-widget__"
	    "content\"><p>The folded titanium kettle boiled a litre in four "
	    "minutes, held its lid in a gust, and packed flat beside the "
	    "stove; it is the one we took on every walk after the test.</p>"
	    "</div></div><p>The enamel kettle was the heaviest by far and "
	    "the only one that did not scorch, which counts for something on "
	    "a trip of many days.</p></article><aside><div class=\"widget "
	    "widget_text\"><p>Our team of writers has walked every trail in "
	    "the guide at least once, and we buy every kettle we test with "
	    "our own money, so that no maker sees a review first.</p></div>"
	    "</aside></div></body></html>");
	ok(has(out, "folded titanium kettle"), "a block of prose named "
	    "'widget' inside the article is text");
	ok(has(out, "enamel kettle"), "... and the paragraphs around it");
	ok(!has(out, "Our team of writers"), "a text widget in a sidebar "
	    "is not");

	out = run("<html><body><article><p>Fourteen pictures of the harbour "
	    "at dawn, taken over a winter from the same wall, show how the "
	    "light moves across the boats as the season turns.</p><p>The "
	    "photographer came back every week, whatever the weather, and "
	    "the last pictures were taken in the first warm days of March."
	    "</p><div class=\"gallery-widget\"><ul><li><p>The boats at six "
	    "in the morning, in the first week of December, under a sky that "
	    "had not yet decided whether to snow or to rain.</p></li><li><p>"
	    "The same boats a week later, with ice on the ropes and the "
	    "harbour master walking the wall with a lamp in his hand.</p>"
	    "</li><li><p>January, and the sun comes up behind the lighthouse "
	    "for the first time this winter, lighting the hulls from the "
	    "side so that every name on them can be read.</p></li><li><p>"
	    "A storm in February has pushed two of the smaller boats onto "
	    "the slipway, where the owners are tying them down again.</p>"
	    "</li></ul></div></article></body></html>");
	ok(has(out, "first warm days"), "an article beside a gallery");
	ok(!has(out, "harbour master"), "a 'widget' holding more than twice "
	    "the article's text is not the article's (slides)");
}

/* Widgets' labels inside an article, in German and French: like and
 * share buttons of hosted blogs, "you may also like" in the informal
 * form, consent placeholders, comment-form and rating headings. */
static void
test_page_labels(void)
{
	const char *out;

	out = run("<html><body><article><p>Am Samstag haben wir den alten "
	    "Bahndamm zwischen den beiden Dörfern erwandert, bei Nebel am "
	    "Morgen und Sonne am Nachmittag.</p><p>Der Weg ist gut "
	    "ausgeschildert, nur an der Brücke über den Bach fehlt ein "
	    "Schild, und wer dort links geht, steht bald im Feld.</p>"
	    "<div class=\"embed-placeholder\"><p><strong>Externer Inhalt"
	    "</strong></p><p>Ich bin damit einverstanden, dass mir externe "
	    "Inhalte angezeigt werden.</p></div><p>Am Ende des Tages waren "
	    "es achtzehn Kilometer, und im Gasthof am Bahnhof gab es noch "
	    "Kuchen für alle, die so spät ankamen.</p><h3>Gefällt mir:</h3>"
	    "<p>Gefällt mir Wird geladen …</p><h3>Das könnte dich auch "
	    "interessieren:</h3></article></body></html>");
	ok(has(out, "achtzehn Kilometer"), "de: the article");
	ok(!has(out, "Externer Inhalt") && !has(out, "einverstanden"),
	    "de: a consent placeholder is left out");
	ok(!has(out, "Gefällt mir"), "de: the like widget is left out");
	ok(!has(out, "könnte dich"), "de: 'you may also like' (du) too");

	out = run("<html><body><article><p>Samedi, nous avons suivi "
	    "l'ancienne voie ferrée entre les deux villages, dans le "
	    "brouillard le matin et au soleil l'après-midi.</p><p>Le chemin "
	    "est bien balisé, sauf au pont sur le ruisseau, où il manque un "
	    "panneau ; qui tourne à gauche se retrouve vite dans les champs."
	    "</p><p>Au bout de la journée, nous avions fait dix-huit "
	    "kilomètres, et l'auberge de la gare servait encore des gâteaux "
	    "aux derniers arrivés.</p><h3>J'aime :</h3><p>J'aime chargement…"
	    "</p><h3>Tu aimeras aussi</h3><p>Cet article vous a-t-il été "
	    "utile ?</p><h3>Laisser une réponse</h3></article></body>"
	    "</html>");
	ok(has(out, "dix-huit kilomètres"), "fr: the article");
	ok(!has(out, "J'aime"), "fr: the like widget is left out");
	ok(!has(out, "aimeras"), "fr: 'you may also like' (tu) too");
	ok(!has(out, "utile ?"), "fr: a rating question too");
	ok(!has(out, "Laisser une réponse"), "fr: a comment form's heading "
	    "too");
}

static void
test_tokens(void)
{
	const char *bad = token_rules_unsorted();

	ok(bad == NULL, "token table sorted (first out of order: %s)",
	    bad ? bad : "none");
	ok(attr_tokens("socialShare", NULL) & TK_UNLIKELY, "camelCase split");
	ok(attr_tokens("post-comments", NULL) & TK_COMMENTS, "comments");
	ok(!(attr_tokens("commentary-body", NULL) & TK_COMMENTS),
	    "commentary is not comments");
	ok(!(attr_tokens("address", NULL) & TK_UNLIKELY), "ad is a whole word");
	ok(attr_tokens("top-ad", NULL) & TK_UNLIKELY, "ad as a word");
	ok(attr_tokens("x", "entry-content") & TK_BODY, "entry-content is body");
	ok(attr_tokens("hidden", NULL) & TK_HIDDEN, "class hidden");
	ok(!(attr_tokens("hidden-xs", NULL) & TK_HIDDEN),
	    "hidden-xs shows on wide screens");
	ok(attr_tokens("sidebar-content", NULL) & TK_MAYBE,
	    "content saves a sidebar name");
	ok(role_tokens("navigation") & TK_UNLIKELY, "role navigation");
	ok((attr_tokens("elementor-widget", NULL) & (TK_SOFT | TK_UNLIKELY)) ==
	    TK_SOFT, "widget is a soft name");
}

int
main(void)
{
	extract_init(&ex);
	test_fixtures();
	test_kept_and_dropped();
	test_comments();
	test_limits();
	test_style_at_end();
	test_characters();
	test_structures();
	test_listing();
	test_forum();
	test_service();
	test_sections();
	test_panels();
	test_hidden_page();
	test_nfc_table();
	test_meta();
	test_soft_names();
	test_page_labels();
	test_tokens();
	extract_free(&ex);
	return done();
}
