/*
 * api.c: the library's interface (include/pith/extract.h) over the
 * engine.  A document's bytes are sniffed (binary, HTML or text), decoded
 * to UTF-8, blanked where HTML is never read, and extracted; the result
 * holds what the engine found.  clean(1) calls it as any program does.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "pith/extract.h"

#define MAX_SIZE	((size_t)16 << 20)

struct pith_extractor {
	struct extract_opts opts;
	size_t max_size;
	char err[PITH_ERRLEN];
};

struct pith_result {
	struct extract ex;
	struct charset_info cs;
	int is_html;
	enum body_format body;	/* of ex.body and ex.body_comments */
	char *url;
	struct buf out;		/* the last format asked for */
	char confidence[8];	/* ex.lang's, as text ("0.97"), or "" */
};

const char *
pith_version(void)
{
	return "1.1";
}

void
pith_options_init(struct pith_options *o)
{
	*o = (struct pith_options){ PITH_BALANCED, 0, MAX_SIZE, 512, 200000 };
}

pith_extractor *
pith_extractor_new(const struct pith_options *o)
{
	struct pith_options d;
	pith_extractor *x;

	if (o == NULL) {
		pith_options_init(&d);
		o = &d;
	}
	if (o->max_size == 0 || o->max_depth < 16 || o->max_depth > 100000 ||
	    o->max_nodes < 1000 || o->max_nodes > 100000000 ||
	    (unsigned)o->preset > PITH_RECALL)
		return NULL;
	x = xcalloc(1, sizeof *x);
	x->opts.preset = o->preset == PITH_PRECISION ? PRESET_PRECISION :
	    o->preset == PITH_RECALL ? PRESET_RECALL : PRESET_BALANCED;
	x->opts.comments = o->comments != 0;
	x->opts.max_depth = o->max_depth;
	x->opts.max_nodes = o->max_nodes;
	x->opts.pool = pool_new();
	x->max_size = o->max_size;
	return x;
}

void
pith_extractor_free(pith_extractor *x)
{
	if (x == NULL)
		return;
	pool_free(x->opts.pool);
	free(x);
}

int
pith_extractor_set_body(pith_extractor *x, enum pith_body body,
    unsigned flags)
{
	if ((unsigned)body > PITH_BODY_HTML ||
	    (flags & ~(unsigned)(PITH_LINKS | PITH_IMAGES)) != 0)
		return -1;
	x->opts.body = body == PITH_BODY_MARKDOWN ? BODY_MARKDOWN :
	    body == PITH_BODY_HTML ? BODY_HTML : BODY_TEXT;
	x->opts.links = (flags & PITH_LINKS) != 0;
	x->opts.images = (flags & PITH_IMAGES) != 0;
	return 0;
}

const char *
pith_extractor_error(const pith_extractor *x)
{
	return x->err;
}

const char *
pith_status_string(int status)
{
	switch (status) {
	case PITH_OK:		return "ok";
	case PITH_EMPTY:	return "no article text found";
	case PITH_BINARY:	return "binary content, not a page or text";
	case PITH_TOO_LARGE:	return "larger than max-size";
	case PITH_BAD_CHARSET:	return "the bytes could not be decoded";
	case PITH_PARSE:	return "HTML parser failed";
	case PITH_INVALID:	return "invalid argument";
	}
	return "unknown status";
}

static int
fail(pith_extractor *x, int status, pith_result **out)
{
	if (x->err[0] == '\0')
		snprintf(x->err, sizeof x->err, "%s", pith_status_string(status));
	*out = NULL;
	return status;
}

static int
type_is(const char *content_type, const char *prefix)
{
	return content_type != NULL &&
	    strncasecmp(content_type, prefix, strlen(prefix)) == 0;
}

enum path { PATH_AUTO, PATH_HTML, PATH_TEXT };

/* The path for these bytes: forced, else the declared type when it is
 * text/plain or HTML, else what the bytes look like. */
static int
choose_html(enum path path, const char *content_type, const char *p,
    size_t n, enum sniff_kind kind)
{
	if (path != PATH_AUTO)
		return path == PATH_HTML;
	if (type_is(content_type, "text/plain"))
		return 0;
	if (type_is(content_type, "text/html") ||
	    type_is(content_type, "application/xhtml"))
		return kind != SNIFF_TEXT || memchr(p, '<',
		    n < 4096 ? n : 4096) != NULL;
	return kind == SNIFF_HTML;
}

/* The markup bodies as whole documents: the text path's blocks as
 * paragraphs (a dump has no markup to keep). */
static void
make_bodies(pith_result *r)
{
	struct buf *b[] = { &r->ex.body, &r->ex.body_comments };
	struct buf *t[] = { &r->ex.text, &r->ex.comments };
	struct buf doc;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!r->is_html) {
			buf_reset(b[i]);
			body_paragraphs(b[i], r->body, t[i]->data, t[i]->len);
		}
		while (r->body == BODY_MARKDOWN && b[i]->len > 0 &&
		    b[i]->data[b[i]->len - 1] == '\n')
			b[i]->data[--b[i]->len] = '\0';	/* as the text */
		if (t[i]->len == 0) {	/* no text, no body */
			buf_reset(b[i]);
			continue;
		}
		buf_init(&doc);
		body_document(&doc, r->body, b[i]->data, b[i]->len,
		    r->ex.meta.title,
		    pith_result_field(r, PITH_LANGUAGE));
		buf_take(b[i], &doc);
	}
}

/* The language of the text, identified (its confidence as text too). */
static void
identify(pith_result *r)
{
	if (langid_identify(r->ex.text.data, r->ex.text.len, &r->ex.lang))
		snprintf(r->confidence, sizeof r->confidence, "%.2f",
		    r->ex.lang.confidence);
}

/* The bytes p[0..n) (in own, whose memory may be taken, or NULL) as a
 * result. */
static int
extract_bytes(pith_extractor *x, enum path path, const char *p, size_t n,
    struct buf *own, const char *url, const char *content_type,
    pith_result **out)
{
	enum sniff_kind kind;
	struct buf utf8;
	pith_result *r;
	int rc;

	x->err[0] = '\0';
	if (out == NULL || (p == NULL && n > 0)) {
		if (out != NULL)
			*out = NULL;
		snprintf(x->err, sizeof x->err, "no bytes, or nowhere to put "
		    "the result");
		return PITH_INVALID;
	}
	if (p == NULL)
		p = "";
	if (n > x->max_size) {
		read_failure(-2, x->max_size, x->err, sizeof x->err);
		return fail(x, PITH_TOO_LARGE, out);
	}
	if ((kind = sniff_content(p, n)) == SNIFF_BINARY) {
		snprintf(x->err, sizeof x->err, "binary content%s%s, not a "
		    "page or text", content_type ? " declared as " : "",
		    content_type ? content_type : "");
		return fail(x, PITH_BINARY, out);
	}
	r = xcalloc(1, sizeof *r);
	extract_init(&r->ex);
	buf_init(&r->out);
	buf_init(&utf8);
	r->is_html = choose_html(path, content_type, p, n, kind);
	r->url = url != NULL ? xstrdup(url) : NULL;
	if (own != NULL)
		rc = charset_to_utf8_buf(own, (size_t)(p - own->data), n,
		    content_type, r->is_html, &utf8, &r->cs, x->err,
		    sizeof x->err);
	else
		rc = charset_to_utf8(p, n, content_type, r->is_html, &utf8,
		    &r->cs, x->err, sizeof x->err);
	if (rc < 0) {
		buf_free(&utf8);
		pith_result_free(r);
		return fail(x, PITH_BAD_CHARSET, out);
	}
	if (r->is_html && utf8.data != NULL) {	/* shrinks: room for the NUL */
		utf8.len = html_blank(utf8.data, utf8.len);
		utf8.data[utf8.len] = '\0';
	}
	if (r->is_html)
		rc = html_extract_buf(&utf8, url, &x->opts, &r->ex, x->err,
		    sizeof x->err);
	else
		rc = text_extract(utf8.data ? utf8.data : "", utf8.len,
		    &x->opts, &r->ex, x->err, sizeof x->err);
	buf_free(&utf8);		/* a page may be many megabytes */
	if (rc < 0) {
		pith_result_free(r);
		return fail(x, PITH_PARSE, out);
	}
	identify(r);
	r->body = x->opts.body;
	if (r->body != BODY_TEXT)
		make_bodies(r);
	if (r->ex.text.len == 0) {
		snprintf(x->err, sizeof x->err, "no article text found (%s "
		    "path)", r->is_html ? "html" : "text");
		*out = r;	/* its fields, for a caller that wants them */
		return PITH_EMPTY;
	}
	*out = r;
	return PITH_OK;
}

/* "text/html; charset=X" for a declared charset, in buf. */
static const char *
declared(const char *type, const char *charset, char *buf, size_t n)
{
	if (charset == NULL || *charset == '\0')
		return NULL;
	snprintf(buf, n, "%s; charset=%s", type, charset);
	return buf;
}

int
pith_extract_html(pith_extractor *x, const void *bytes, size_t len,
    const char *url, const char *charset, pith_result **out)
{
	char type[128];

	return extract_bytes(x, PATH_HTML, bytes, len, NULL, url,
	    declared("text/html", charset, type, sizeof type), out);
}

int
pith_extract_text(pith_extractor *x, const void *bytes, size_t len,
    const char *charset, pith_result **out)
{
	char type[128];

	return extract_bytes(x, PATH_TEXT, bytes, len, NULL, NULL,
	    declared("text/plain", charset, type, sizeof type), out);
}

int
pith_extract(pith_extractor *x, const void *bytes, size_t len,
    const char *url, const char *content_type, pith_result **out)
{
	return extract_bytes(x, PATH_AUTO, bytes, len, NULL, url,
	    content_type, out);
}

int
pith_extract_given(pith_extractor *x, enum pith_read as, void *block,
    size_t off, size_t len, const char *url, const char *content_type,
    pith_result **out)
{
	struct buf own = { block, off + len, off + len + 1 };
	int rc;

	rc = extract_bytes(x, as == PITH_AS_HTML ? PATH_HTML :
	    as == PITH_AS_TEXT ? PATH_TEXT : PATH_AUTO,
	    block ? (char *)block + off : NULL, len, &own, url, content_type,
	    out);
	buf_free(&own);
	return rc;
}

const char *
pith_result_text(const pith_result *r)
{
	return r->ex.text.data ? r->ex.text.data : "";
}

const char *
pith_result_comments(const pith_result *r)
{
	return r->ex.comments.len > 0 ? r->ex.comments.data : NULL;
}

/* The body and the comments' body, in the result's format. */
static const struct buf *
body_of(const pith_result *r, int comments)
{
	if (r->body == BODY_TEXT)
		return comments ? &r->ex.comments : &r->ex.text;
	return comments ? &r->ex.body_comments : &r->ex.body;
}

const char *
pith_result_body(const pith_result *r, enum pith_part part, size_t *len)
{
	const struct buf *b = body_of(r, part == PITH_PART_COMMENTS);

	if (len != NULL)
		*len = b->len;
	if (part == PITH_PART_COMMENTS && b->len == 0)
		return NULL;
	return b->data ? b->data : "";
}

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

const char *
pith_result_field(const pith_result *r, enum pith_field f)
{
	const struct doc_meta *m = &r->ex.meta;

	switch (f) {
	case PITH_TITLE:		return nonempty(m->title);
	case PITH_AUTHOR:		return nonempty(m->author);
	case PITH_PUBLISHED:		return nonempty(m->published);
	case PITH_SITE_NAME:		return nonempty(m->site_name);
	case PITH_LANGUAGE:		return nonempty(r->ex.lang.code);
	case PITH_CANONICAL_URL:	return nonempty(m->canonical_url);
	case PITH_DESCRIPTION:		return nonempty(m->description);
	case PITH_CHARSET_DECLARED:	return nonempty(r->cs.declared);
	case PITH_CHARSET_DETECTED:	return nonempty(r->cs.detected);
	case PITH_MODE:			return r->is_html ? "html" : "text";
	case PITH_WARNING:		return r->ex.warning;
	case PITH_DECLARED_LANGUAGE:	return nonempty(m->language);
	case PITH_LANGUAGE_CONFIDENCE:	return nonempty(r->confidence);
	}
	return NULL;
}

/* clean's JSON keys, in clean's order (sink.c), for what a page alone
 * says: no source record, so no capture time or record id. */
static const struct { const char *key; int field; } json_keys[] = {
	{ "uri", -1 },
	{ "mode", PITH_MODE },
	{ "title", PITH_TITLE },
	{ "author", PITH_AUTHOR },
	{ "published", PITH_PUBLISHED },
	{ "site_name", PITH_SITE_NAME },
	{ "language", PITH_LANGUAGE },
	{ "language_confidence", PITH_LANGUAGE_CONFIDENCE },	/* a number */
	{ "declared_language", PITH_DECLARED_LANGUAGE },
	{ "canonical_url", PITH_CANONICAL_URL },
	{ "description", PITH_DESCRIPTION },
	{ "charset_declared", PITH_CHARSET_DECLARED },
	{ "charset_detected", PITH_CHARSET_DETECTED },
	{ "warning", PITH_WARNING },
};

static void
write_json(const pith_result *r, struct buf *out)
{
	const struct buf *b;
	json_t *o = json_object();
	const char *v;
	size_t i;
	char *s;

	for (i = 0; i < sizeof json_keys / sizeof json_keys[0]; i++) {
		v = json_keys[i].field < 0 ? nonempty(r->url) :
		    pith_result_field(r, (enum pith_field)json_keys[i].field);
		if (v != NULL && json_keys[i].field == PITH_LANGUAGE_CONFIDENCE)
			json_object_set_new(o, json_keys[i].key,
			    json_real(strtod(v, NULL)));
		else if (v != NULL)
			json_object_set_new(o, json_keys[i].key, json_string(v));
	}
	b = body_of(r, 0);
	json_object_set_new(o, "text", json_stringn(b->data ? b->data : "",
	    b->len));
	if (r->body != BODY_TEXT)
		json_object_set_new(o, "body", json_string(body_name(r->body)));
	b = body_of(r, 1);
	if (b->len > 0)
		json_object_set_new(o, "comments", json_stringn(b->data,
		    b->len));
	s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(4));
	json_decref(o);
	buf_puts(out, s ? s : "{}");
	free(s);
}

/* The fields of a conversion record, as clean writes them, of what a page
 * alone says (no source record: no validators, no digest of the bytes). */
static const struct { int field; const char *name; } warc_fields[] = {
	{ PITH_CHARSET_DECLARED, PF_CHARSET_DECL },
	{ PITH_CHARSET_DETECTED, PF_CHARSET_DET },
	{ PITH_MODE, PF_MODE },
	{ PITH_TITLE, PF_TITLE },
	{ PITH_AUTHOR, PF_AUTHOR },
	{ PITH_PUBLISHED, PF_PUBDATE },
	{ PITH_SITE_NAME, PF_SITE },
	{ PITH_CANONICAL_URL, PF_CANONICAL },
	{ PITH_DESCRIPTION, PF_DESCRIPTION },
	{ PITH_LANGUAGE, PF_LANGUAGE },
	{ PITH_LANGUAGE_CONFIDENCE, PF_LANG_CONFIDENCE },
	{ PITH_DECLARED_LANGUAGE, PF_DECLARED_LANG },
	{ PITH_WARNING, PF_WARNING },
};

/* The conversion record of the text (part NULL) or of the comments. */
static void
write_record(const pith_result *r, const char *part, const char *block,
    size_t n, struct buf *out)
{
	struct warc_record rec;
	struct buf type;
	const char *v;
	size_t i;

	buf_init(&type);
	warc_record_init(&rec);
	warc_set(&rec, "WARC-Type", "conversion");
	if (r->url != NULL && *r->url != '\0')
		warc_set(&rec, "WARC-Target-URI", r->url);
	buf_printf(&type, "%s; charset=utf-8", body_type(r->body));
	warc_set(&rec, "Content-Type", type.data);
	buf_free(&type);
	if (part != NULL)
		warc_set(&rec, PF_PART, part);
	warc_set(&rec, PF_CLEANER, "libpith/1.1");
	for (i = 0; i < sizeof warc_fields / sizeof warc_fields[0]; i++)
		if ((v = pith_result_field(r, (enum pith_field)
		    warc_fields[i].field)) != NULL)
			warc_set(&rec, warc_fields[i].name, v);
	buf_append(&rec.block, block, n);
	warc_format(&rec, out);
	warc_record_free(&rec);
}

const char *
pith_result_format(pith_result *r, enum pith_format f, size_t *len)
{
	const struct buf *body = body_of(r, 0), *comments = body_of(r, 1);

	buf_reset(&r->out);
	if (f == PITH_FORMAT_WARC) {
		write_record(r, NULL, body->data ? body->data : "", body->len,
		    &r->out);
		if (comments->len > 0)
			write_record(r, "comments", comments->data,
			    comments->len, &r->out);
		if (len != NULL)
			*len = r->out.len;
		return r->out.data;
	}
	if (f == PITH_FORMAT_JSON)
		write_json(r, &r->out);
	else
		buf_append(&r->out, body->data ? body->data : "", body->len);
	buf_putc(&r->out, '\n');
	if (len != NULL)
		*len = r->out.len;
	return r->out.data;
}

void
pith_result_free(pith_result *r)
{
	if (r == NULL)
		return;
	extract_free(&r->ex);
	buf_free(&r->out);
	free(r->url);
	free(r);
}
