/*
 * pith.c: the Python module pith, over libpith (include/pith/extract.h).
 *
 *	import pith
 *	text = pith.extract(html, url)		# a str, or None: no article
 *	doc = pith.extract_json(html, url)	# a dict: clean -f json's keys
 *
 * The extraction runs without the GIL, so threads extract at once.  An
 * extractor (gumbo's memory, reused page to page) serves one thread at a
 * time: each thread keeps its own, one per option set (preset x
 * comments), made as it first asks for one and freed as it exits, by a
 * pthread key's destructor.  Threads share nothing and take no lock.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pith/extract.h"

/* What a keyword's words mean to the library. */
struct word {
	const char *name;
	int value;
};

static const struct word presets[] = {
	{ "balanced", PITH_BALANCED },
	{ "precision", PITH_PRECISION },	/* less boilerplate */
	{ "recall", PITH_RECALL },		/* less text lost */
	{ NULL, 0 }
};

enum mode { MODE_HTML, MODE_TEXT, MODE_AUTO };
static const struct word modes[] = {
	{ "html", MODE_HTML },	/* HTML, whatever the bytes look like */
	{ "text", MODE_TEXT },	/* a plain-text dump of a page */
	{ "auto", MODE_AUTO },	/* as the bytes look, as clean --mode auto */
	{ NULL, 0 }
};

/* extract's formats: text or JSON, with a body of text, markdown or
 * HTML (pith_extractor_set_body) */
enum { F_TEXT, F_JSON, F_MARKDOWN, F_HTML };
static const struct word formats[] = {
	{ "text", F_TEXT },
	{ "json", F_JSON },
	{ "markdown", F_MARKDOWN },
	{ "html", F_HTML },
	{ NULL, 0 }
};

#define NPRESETS	3
#define NSETS		(NPRESETS * 2)	/* comments or not */

/* A thread's extractors, by option set: made as the thread asks for
 * each, freed with the thread. */
struct extractors {
	pith_extractor *x[NSETS];
};

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t key;	/* written once, under key_once */
static int key_made;		/* the same */

/* The module's own objects, one set per interpreter. */
struct state {
	PyObject *error;	/* pith.Error */
	PyObject *loads;	/* json.loads */
};

/* One call: the page and the options parsed, then what came of it. */
struct call {
	Py_buffer page;		/* held until call_free */
	const char *url, *charset;	/* borrowed from the arguments */
	int preset, comments, mode, format;
	int links, images;	/* in a markdown or HTML body */
	char type[96];		/* the content type for pith_extract */
	int status;		/* enum pith_status, or -1: out of memory */
	pith_result *r;
	const char *json;	/* r's JSON (format json), owned by r */
	size_t json_len;
	char err[256];		/* why, when status is a failure */
};

/* Frees a thread's extractors: the key's destructor, run as a thread
 * exits. */
static void
extractors_free(void *p)
{
	struct extractors *t = p;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < NSETS; i++)
		pith_extractor_free(t->x[i]);
	free(t);
}

/* At the interpreter's end: the extractors of the thread that ends it,
 * for which exit() runs no key destructor. */
static void
free_at_exit(void)
{
	if (!key_made)
		return;
	extractors_free(pthread_getspecific(key));
	pthread_setspecific(key, NULL);
}

/* Run once in the process, as the module is first loaded. */
static void
make_key(void)
{
	key_made = pthread_key_create(&key, extractors_free) == 0;
	if (key_made)
		Py_AtExit(free_at_exit);
}

/* The calling thread's extractor for preset and comments, made on its
 * first use; NULL when memory ran out.  Owned by the thread.  Called
 * without the GIL. */
static pith_extractor *
thread_extractor(int preset, int comments)
{
	struct extractors *t = pthread_getspecific(key);
	struct pith_options o;
	int i = preset * 2 + (comments != 0);

	if (t == NULL) {
		if ((t = calloc(1, sizeof *t)) == NULL)
			return NULL;
		if (pthread_setspecific(key, t) != 0) {
			free(t);
			return NULL;
		}
	}
	if (t->x[i] == NULL) {
		pith_options_init(&o);
		o.preset = (enum pith_preset)preset;
		o.comments = comments != 0;
		t->x[i] = pith_extractor_new(&o);
	}
	return t->x[i];
}

/* The value of the word s for the keyword what, or -1 and a ValueError
 * that lists the words it takes. */
static int
lookup(const struct word *words, const char *what, const char *s)
{
	char list[64] = "";
	size_t i, n = 0;

	for (i = 0; words[i].name != NULL; i++) {
		if (strcmp(words[i].name, s) == 0)
			return words[i].value;
		if (n < sizeof list)
			n += snprintf(list + n, sizeof list - n, "%s%s",
			    i ? ", " : "", words[i].name);
	}
	PyErr_Format(PyExc_ValueError, "unknown %s '%s' (%s)", what, s, list);
	return -1;
}

/* Whether s looks like a charset label ("iso-8859-1", "Shift_JIS"). */
static int
charset_ok(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.:");

	return n > 0 && n <= 40 && s[n] == '\0';
}

/* The page's bytes into c->page: a bytes-like object as it is, a str
 * in UTF-8 (and declared so); 0, or -1 with an exception set. */
static int
page_bytes(PyObject *html, struct call *c)
{
	const char *s;
	Py_ssize_t n;

	if (PyUnicode_Check(html)) {
		if (c->charset != NULL) {
			PyErr_SetString(PyExc_ValueError, "charset is for "
			    "bytes: a str is encoded and read as UTF-8");
			return -1;
		}
		if ((s = PyUnicode_AsUTF8AndSize(html, &n)) == NULL)
			return -1;
		c->charset = "utf-8";
		return PyBuffer_FillInfo(&c->page, html, (void *)s, n, 1,
		    PyBUF_SIMPLE);
	}
	if (!PyObject_CheckBuffer(html)) {
		PyErr_Format(PyExc_TypeError, "html must be bytes or str, "
		    "not %.100s", Py_TYPE(html)->tp_name);
		return -1;
	}
	return PyObject_GetBuffer(html, &c->page, PyBUF_SIMPLE);
}

/* The content type pith_extract is given in modes text and auto: the
 * path (text/plain forces the text path; any other type lets the bytes
 * choose) and the declared charset. */
static void
content_type(struct call *c)
{
	const char *type = c->mode == MODE_TEXT ? "text/plain" :
	    "application/octet-stream";

	if (c->charset != NULL)
		snprintf(c->type, sizeof c->type, "%s; charset=%s", type,
		    c->charset);
	else if (c->mode == MODE_TEXT)
		snprintf(c->type, sizeof c->type, "%s", type);
}

/* The arguments of extract (with_format) or extract_json into c; 0, or
 * -1 with an exception set.  c is call_free's to free either way. */
static int
parse_call(PyObject *args, PyObject *kw, int with_format, struct call *c)
{
	static char *kw_extract[] = { "html", "url", "format", "preset",
	    "comments", "charset", "mode", "links", "images", NULL };
	static char *kw_json[] = { "html", "url", "preset", "comments",
	    "charset", "mode", NULL };
	const char *format = "json", *preset = "balanced", *mode = "html";
	PyObject *html;
	int ok;

	memset(c, 0, sizeof *c);
	if (with_format) {
		format = "text";
		ok = PyArg_ParseTupleAndKeywords(args, kw,
		    "O|z$sspzspp:extract", kw_extract, &html, &c->url, &format,
		    &preset, &c->comments, &c->charset, &mode, &c->links,
		    &c->images);
	} else
		ok = PyArg_ParseTupleAndKeywords(args, kw,
		    "O|z$spzs:extract_json", kw_json, &html, &c->url, &preset,
		    &c->comments, &c->charset, &mode);
	if (!ok || (c->format = lookup(formats, "format", format)) < 0 ||
	    (c->preset = lookup(presets, "preset", preset)) < 0 ||
	    (c->mode = lookup(modes, "mode", mode)) < 0)
		return -1;
	if (c->charset != NULL && !charset_ok(c->charset)) {
		PyErr_Format(PyExc_ValueError, "bad charset '%.100s'",
		    c->charset);
		return -1;
	}
	if (page_bytes(html, c) < 0)
		return -1;
	content_type(c);
	return 0;
}

/* Extract c's page in the calling thread's extractor for c's options,
 * the GIL released: sets c->status and c->r, and c->json or c->err. */
static void
run(struct call *c)
{
	const void *p = c->page.buf;
	size_t n = (size_t)c->page.len;
	pith_extractor *x;

	Py_BEGIN_ALLOW_THREADS
	if ((x = thread_extractor(c->preset, c->comments)) == NULL)
		c->status = -1;
	else if (pith_extractor_set_body(x, c->format == F_MARKDOWN ?
	    PITH_BODY_MARKDOWN : c->format == F_HTML ? PITH_BODY_HTML :
	    PITH_BODY_TEXT, (c->links ? PITH_LINKS : 0) |
	    (c->images ? PITH_IMAGES : 0)) < 0)
		c->status = -1;
	else if (c->mode == MODE_HTML)
		c->status = pith_extract_html(x, p, n, c->url, c->charset,
		    &c->r);
	else
		c->status = pith_extract(x, p, n, c->url,
		    c->type[0] != '\0' ? c->type : NULL, &c->r);
	if (c->status == PITH_OK && c->format == F_JSON)
		c->json = pith_result_format(c->r, PITH_FORMAT_JSON,
		    &c->json_len);
	else if (c->status > PITH_EMPTY)
		snprintf(c->err, sizeof c->err, "%s", pith_extractor_error(x));
	Py_END_ALLOW_THREADS
}

/* The text, and after a blank line the comment section when comments
 * were asked for and found (as trafilatura's text puts them). */
static PyObject *
text_object(const struct call *c)
{
	const char *body = pith_result_body(c->r, PITH_PART_ARTICLE, NULL);
	const char *comments = pith_result_body(c->r, PITH_PART_COMMENTS,
	    NULL);

	if (c->comments && comments != NULL)
		return PyUnicode_FromFormat("%s\n\n%s", body, comments);
	return PyUnicode_FromString(body);
}

/* What came of c as extract returns it (as_dict: as extract_json): a
 * str or a dict, None for no article text, or NULL and an exception. */
static PyObject *
result_object(PyObject *module, const struct call *c, int as_dict)
{
	struct state *st = PyModule_GetState(module);
	PyObject *s, *d;

	if (c->status == -1)
		return PyErr_NoMemory();
	if (c->status == PITH_EMPTY)
		Py_RETURN_NONE;
	if (c->status != PITH_OK) {
		PyErr_SetString(st->error, c->err);
		return NULL;
	}
	if (c->format != F_JSON)
		return text_object(c);
	/* The JSON line less its line end, as trafilatura gives it. */
	s = PyUnicode_DecodeUTF8(c->json, (Py_ssize_t)c->json_len - 1,
	    "strict");
	if (s == NULL || !as_dict)
		return s;
	d = PyObject_CallOneArg(st->loads, s);
	Py_DECREF(s);
	return d;
}

/* What c holds: its result and its hold on the page. */
static void
call_free(struct call *c)
{
	pith_result_free(c->r);
	if (c->page.obj != NULL)
		PyBuffer_Release(&c->page);
}

/* extract and extract_json: parse, run, convert, free. */
static PyObject *
extract_call(PyObject *module, PyObject *args, PyObject *kw, int as_dict)
{
	struct call c;
	PyObject *out = NULL;

	if (parse_call(args, kw, !as_dict, &c) == 0) {
		run(&c);
		out = result_object(module, &c, as_dict);
	}
	call_free(&c);
	return out;
}

PyDoc_STRVAR(extract_doc,
"extract($module, html, url=None, *, format='text', preset='balanced',\n"
"        comments=False, charset=None, mode='html', links=False,\n"
"        images=False)\n"
"--\n"
"\n"
"The article text of a page, as pith-clean(1) finds it, or None when the\n"
"page holds no article text (as trafilatura.extract).\n"
"\n"
"html: the page, bytes (or any bytes-like object) or str; a str is\n"
"  encoded and read as UTF-8.\n"
"url: the page's own address, which resolves its relative links (the\n"
"  canonical URL), or None.\n"
"format: 'text' (blocks separated by a blank line) or 'json' (a JSON\n"
"  object as a str, pith-clean -f json's keys: uri, mode, title, author,\n"
"  published, site_name, language (identified from the text, ISO\n"
"  639-1), language_confidence (0-1), declared_language (the page's),\n"
"  canonical_url, description,\n"
"  charset_declared, charset_detected, warning, text, comments; a key\n"
"  the page has no value for is left out), 'markdown' (GitHub's: headings,\n"
"  lists, tables, code) or 'html' (a small HTML document).\n"
"links, images: in markdown and html, keep hyperlinks (absolute) and\n"
"  images (with their captions).\n"
"preset: 'balanced', 'precision' (less boilerplate) or 'recall' (less\n"
"  text lost).\n"
"comments: keep the comment section, apart: in text after the article\n"
"  and a blank line, in JSON under 'comments'.  Off: it is dropped.\n"
"charset: for bytes, the charset the page's transport declared\n"
"  ('iso-8859-1'), taken before the page's <meta> and the detector.\n"
"mode: 'html', 'text' (a plain-text dump of a page: one line a block)\n"
"  or 'auto' (as the bytes look).\n"
"\n"
"Raises ValueError for a bad argument, TypeError for html of another\n"
"type, and pith.Error (a ValueError) for a page that cannot be read:\n"
"binary bytes, larger than 16 MB.  The GIL is released while it works.");

/* pith.extract */
static PyObject *
py_extract(PyObject *module, PyObject *args, PyObject *kw)
{
	return extract_call(module, args, kw, 0);
}

PyDoc_STRVAR(extract_json_doc,
"extract_json($module, html, url=None, *, preset='balanced',\n"
"             comments=False, charset=None, mode='html')\n"
"--\n"
"\n"
"What extract(..., format='json') gives, as a dict, or None when the\n"
"page holds no article text.  The same arguments but format, links\n"
"and images.");

/* pith.extract_json */
static PyObject *
py_extract_json(PyObject *module, PyObject *args, PyObject *kw)
{
	return extract_call(module, args, kw, 1);
}

static PyMethodDef functions[] = {
	{ "extract", (PyCFunction)(void (*)(void))py_extract,
	    METH_VARARGS | METH_KEYWORDS, extract_doc },
	{ "extract_json", (PyCFunction)(void (*)(void))py_extract_json,
	    METH_VARARGS | METH_KEYWORDS, extract_json_doc },
	{ NULL, NULL, 0, NULL }
};

/* The module's objects: pith.Error, json.loads, __version__. */
static int
module_exec(PyObject *m)
{
	struct state *st = PyModule_GetState(m);
	PyObject *json;

	pthread_once(&key_once, make_key);
	if (!key_made) {
		PyErr_SetString(PyExc_ImportError, "pith: no thread key");
		return -1;
	}
	st->error = PyErr_NewExceptionWithDoc("pith.Error",
	    "A page pith cannot read: binary bytes, or over a limit.",
	    PyExc_ValueError, NULL);
	if (st->error == NULL || PyModule_AddObjectRef(m, "Error",
	    st->error) < 0)
		return -1;
	if ((json = PyImport_ImportModule("json")) == NULL)
		return -1;
	st->loads = PyObject_GetAttrString(json, "loads");
	Py_DECREF(json);
	if (st->loads == NULL)
		return -1;
	return PyModule_AddStringConstant(m, "__version__", pith_version());
}

/* The module's objects to the cycle collector, and their release: the
 * pair every module with state has. */
static int
module_traverse(PyObject *m, visitproc visit, void *arg)
{
	struct state *st = PyModule_GetState(m);

	Py_VISIT(st->error);
	Py_VISIT(st->loads);
	return 0;
}

static int
module_clear(PyObject *m)
{
	struct state *st = PyModule_GetState(m);

	Py_CLEAR(st->error);
	Py_CLEAR(st->loads);
	return 0;
}

/* As the module goes (the interpreter's end). */
static void
module_free(void *m)
{
	module_clear(m);
}

PyDoc_STRVAR(module_doc,
"pith: the article text and metadata of web pages, by pith's extraction\n"
"engine (libpith, pith_extract(3)).\n"
"\n"
"    text = pith.extract(html, url)       # str, or None: no article text\n"
"    doc = pith.extract_json(html, url)   # dict: title, author, text, ...\n"
"\n"
"extract mirrors trafilatura.extract: switching is one line.  Both release\n"
"the GIL while they work, so threads extract at once; each thread keeps\n"
"its own extractors (the parser's memory, reused from page to page),\n"
"freed as the thread exits.");

static PyModuleDef_Slot slots[] = {
	{ Py_mod_exec, module_exec },
	{ 0, NULL }
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "pith",
	.m_doc = module_doc,
	.m_size = sizeof(struct state),
	.m_methods = functions,
	.m_slots = slots,
	.m_traverse = module_traverse,
	.m_clear = module_clear,
	.m_free = module_free,
};

/* The module, made by module_exec (multi-phase: one per interpreter). */
PyMODINIT_FUNC
PyInit_pith(void)
{
	return PyModuleDef_Init(&module);
}
