/*
 * conf.c: pipeline.conf, and the one table of every setting.
 *
 * Each stage's settings are its long option names.  The table below is the
 * only list of them: the file parser checks keys against it, each
 * program's getopt_long table and -h text are built from it (with the
 * program's own options, in the same shape), and the man pages' option
 * lists are generated from that -h text (scripts/mkman).
 * Precedence is defaults < file < command line simply because that is the
 * order in which values are written over each other.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pith.h"

enum conf_type { C_STR, C_INT, C_SIZE, C_DURATION, C_BOOL, C_ENUM, C_LIST };

struct conf_key {
	const char *section, *key;
	enum conf_type type;
	const char *def;
	const char *choices;	/* C_ENUM: "a|b|c"; C_INT: "min:max";
				   C_LIST: "languages", its words language
				   codes (conf_language_known) */
	int how_only;		/* 1: changes how a stage runs, never what
				   it writes: left out of the settings
				   digest; 2 (LATER): a key newer than the
				   digest, digested when it is not its
				   default, so earlier digests hold */
	int letter;		/* its short option in its own stage, or 0 */
	const char *arg;	/* the argument's name in -h; NULL: a flag
				   (C_BOOL), --KEY for yes, --KEY=no for no */
	const char *help;	/* one line for -h; -h adds the choices or
				   range, and the default */
};

#define LATER 2

static const struct conf_key keys[] = {
	{ "ingest", "sources", C_LIST, "", NULL, 0, 0, "LIST",
	  "what to read, if no SOURCE is named" },	/* none: usage */
	{ "ingest", "contact", C_STR, "https://github.com/pith-project/pith",
	  NULL, 0, 0, "URL", "contact URL in the User-Agent" },
	{ "ingest", "user-agent", C_STR, "", NULL, 0, 0, "UA",
	  "the whole User-Agent, not pith's" },
	{ "ingest", "timeout", C_DURATION, "30", NULL, 0, 0, "DURATION",
	  "time for one URL, all its hops and tries" },
	{ "ingest", "connect-timeout", C_DURATION, "10", NULL, 0, 0,
	  "DURATION", "time to connect" },
	{ "ingest", "max-size", C_SIZE, "10M", NULL, 0, 0, "SIZE",
	  "largest body or file read" },
	{ "ingest", "max-redirects", C_INT, "5", "0:50", 0, 0, "N",
	  "redirects followed" },
	{ "ingest", "retries", C_INT, "2", "0:20", 0, 0, "N",
	  "retries of a failure that may pass" },
	{ "ingest", "host-delay", C_DURATION, "1", NULL, 0, 0, "DURATION",
	  "pause between two requests to one host" },
	{ "ingest", "connections", C_INT, "16", "1:1024", 0, 0, "N",
	  "parallel connections, one a host" },
	{ "ingest", "robots", C_BOOL, "yes", NULL, 0, 0, "yes|no",
	  "obey robots.txt" },
	{ "ingest", "catalog", C_STR, "", NULL, 0, 0, "DIR",
	  "validators of earlier runs: conditional GET" },
	{ "clean", "format", C_ENUM, "auto", "auto|warc|text|json", 0, 'f',
	  "FMT", "what is written; auto: WARC for WARC input" },
	{ "clean", "mode", C_ENUM, "auto", "auto|html|text", 0, 'm', "MODE",
	  "how a document is read; auto: sniffed" },
	{ "clean", "output", C_STR, "", NULL, 0, 'o', "DIR",
	  "a file in DIR for each input, not stdout" },
	{ "clean", "preset", C_ENUM, "balanced", "balanced|precision|recall",
	  0, 0, "PRESET", "less boilerplate, or less text lost" },
	{ "clean", "comments", C_BOOL, "no", NULL, 0, 0, NULL,
	  "keep the comment section apart, not drop it" },
	{ "clean", "max-size", C_SIZE, "16M", NULL, 0, 0, "SIZE",
	  "largest document or record cleaned" },
	{ "clean", "max-depth", C_INT, "512", "16:100000", 0, 0, "N",
	  "deeper elements are left out" },
	{ "clean", "max-nodes", C_INT, "200000", "1000:100000000", 0, 0, "N",
	  "elements parsed; more are cut" },
	{ "clean", "body", C_ENUM, "text", "text|markdown|html", LATER, 0,
	  "FMT", "the body: plain text, or markdown or HTML with structure" },
	{ "clean", "links", C_BOOL, "no", NULL, LATER, 0, NULL,
	  "keep hyperlinks in a markdown or HTML body" },
	{ "clean", "images", C_BOOL, "no", NULL, LATER, 0, NULL,
	  "keep images (and captions) in a markdown or HTML body" },
	{ "clean", "jobs", C_INT, "1", "1:256", 1, 'j', "N",
	  "worker processes (the same output)" },
	{ "clean", "repeat-docs", C_INT, "3", "0:1000000", 0, 0, "N",
	  "a line in N pages of a host goes; 0: off" },
	{ "clean", "catalog", C_STR, "", NULL, 1, 0, "DIR",
	  "lines repeated in earlier runs, to drop" },
	{ "clean", "languages", C_LIST, "", "languages", LATER, 0, "LIST",
	  "keep only texts in these languages (ISO 639-1: de en)" },
	{ "store", "output", C_STR, "out", NULL, 0, 'o', "DIR",
	  "the folder of the archives and the catalog" },
	{ "store", "format", C_ENUM, "tar.gz", "tar.gz|tar.zst|zip|warc.gz",
	  0, 0, "FMT", "the archive's format" },
	{ "store", "level", C_INT, "1", "1:19", 0, 0, "N",
	  "compression level; gzip and zip take 1-9" },
	{ "store", "max-size", C_SIZE, "64M", NULL, 0, 0, "SIZE",
	  "largest record accepted" },
	{ "store", "near-duplicates", C_ENUM, "keep", "keep|skip", 0, 0,
	  "WHAT", "a text near one stored before: kept and marked, or skipped" },
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* The languages clean identifies (clean/extract/langid.cc: CLD2's, in
 * ISO 639-1, or 639-3 where a language has no two-letter code), for
 * [clean] languages.  Kept here, where every program reads the file, so
 * that pipeline refuses a wrong code before any stage starts; t_langid
 * checks that this list and langid_known agree. */
static const char language_codes[] =
    " aa ab af ak am ar as ay az ba be bg bh bi bn bo br bs ca ceb chr co"
    " crs cs cy da de dv dz ee el en eo es et eu fa fi fj fo fr fy ga gaa"
    " gd gl gn gu gv ha haw he hi hmn hr ht hu hy ia id ie ig ik is it iu"
    " ja jv ka kha kk kl km kn ko kri ks ku ky la lb lg lif ln lo loz lt"
    " lua luo lv mfe mg mi mk ml mn mr ms mt my na ne new nl nn no nr nso"
    " ny oc om or os pa pam pl ps pt qu raj rm rn ro ru rw sa sco sd sg si"
    " sk sl sm sn so sq sr ss st su sv sw syr ta te tg th ti tk tl tn to"
    " tr ts tt tum tw ug uk ur uz ve vi vo war wo xh yi yo za zh zu ";

int
conf_language_known(const char *code)
{
	char word[8];
	size_t n = strlen(code), i;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (code[i] < 'a' || code[i] > 'z')
			return 0;
	snprintf(word, sizeof word, " %s ", code);
	return strstr(language_codes, word) != NULL;
}

/* The first word of value that is not a language code into bad (a word
 * of the list given): 0, or -1 when there is one. */
static int
check_languages(const char *value, char *bad, size_t badlen)
{
	const char *p = value;
	size_t n;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 0;
		n = 0;
		while (p[n] != '\0' && !isspace((unsigned char)p[n]))
			n++;
		snprintf(bad, badlen, "%.*s", (int)n, p);
		if (n >= badlen || !conf_language_known(bad))
			return -1;
		p += n;
	}
}

struct conf_value {
	char *str;		/* the value as given (lists: joined by spaces) */
	long long num;		/* C_INT, C_SIZE, C_BOOL; C_DURATION in ms */
	char **items;		/* C_LIST */
	size_t nitems;
	int from_file;		/* a list key seen in the file: later lines add */
};

struct conf {
	struct conf_value v[NKEYS];
};

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	for (; *err != '\0'; err++)	/* a garbage file: no control bytes */
		if ((unsigned char)*err < 0x20 || *err == 0x7f)
			*err = '?';
}

static int
find_key(const char *section, const char *key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0 &&
		    strcmp(keys[i].key, key) == 0)
			return (int)i;
	return -1;
}

static int
known_section(const char *section)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0)
			return 1;
	return 0;
}

static void
clear_list(struct conf_value *v)
{
	size_t i;

	for (i = 0; i < v->nitems; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->nitems = 0;
}

static void
add_words(struct conf_value *v, const char *s)
{
	const char *p = s, *start;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
		v->items = xrealloc(v->items, (v->nitems + 1) * sizeof *v->items);
		v->items[v->nitems++] = xstrndup(start, (size_t)(p - start));
	}
}

/* "1", "2.5", "500ms", "2s", "3m", "1h": milliseconds. */
static int
parse_duration(const char *s, long long *ms)
{
	char *end;
	double d, mul = 1000;

	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || end == s || d < 0 || *s == '-' || isspace((unsigned char)*s))
		return -1;
	if (strcmp(end, "ms") == 0)
		mul = 1;
	else if (strcmp(end, "s") == 0 || *end == '\0')
		mul = 1000;
	else if (strcmp(end, "m") == 0)
		mul = 60000;
	else if (strcmp(end, "h") == 0)
		mul = 3600000;
	else
		return -1;
	if (d * mul > 1e12)
		return -1;
	*ms = (long long)(d * mul + 0.5);
	return 0;
}

static int
parse_bool(const char *s, long long *b)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return *b = 1, 0;
		if (strcasecmp(s, no[i]) == 0)
			return *b = 0, 0;
	}
	return -1;
}

static int
in_choices(const char *choices, const char *s)
{
	size_t n = strlen(s);
	const char *p = choices;

	while (p != NULL) {
		if (strncmp(p, s, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return 1;
		p = strchr(p, '|');
		if (p != NULL)
			p++;
	}
	return 0;
}

/* Check and store one value; append says whether a list value adds to
 * the list rather than replacing it.  Errors name the value as name
 * ("--timeout"), or as "section.key" when name is NULL. */
static int
store_value(struct conf *c, int k, const char *value, int append,
    const char *name, char *err, size_t errlen)
{
	const struct conf_key *key = &keys[k];
	struct conf_value *v = &c->v[k];
	long long num = 0, min = 0, max = LLONG_MAX;
	char full[64], bad[64];

	if (name == NULL) {
		snprintf(full, sizeof full, "%s.%s", key->section, key->key);
		name = full;
	}

	switch (key->type) {
	case C_INT:
		if (key->choices != NULL)
			sscanf(key->choices, "%lld:%lld", &min, &max);
		if (parse_num(value, min, max, 0, &num) < 0) {
			errf(err, errlen, "%s: '%.60s' is not a whole number "
			    "from %lld to %lld", name, value, min, max);
			return -1;
		}
		break;
	case C_SIZE:
		if (parse_num(value, 0, LLONG_MAX, 1, &num) < 0) {
			errf(err, errlen, "%s: '%.60s' is not a size (bytes, "
			    "or with k, M, G)", name, value);
			return -1;
		}
		break;
	case C_DURATION:
		if (parse_duration(value, &num) < 0) {
			errf(err, errlen, "%s: '%.60s' is not a duration "
			    "(seconds, or with ms, s, m, h)", name, value);
			return -1;
		}
		break;
	case C_BOOL:
		if (parse_bool(value, &num) < 0) {
			errf(err, errlen, "%s: '%.60s' is not yes or no", name,
			    value);
			return -1;
		}
		break;
	case C_ENUM:
		if (!in_choices(key->choices, value)) {
			errf(err, errlen, "%s: '%.60s' is not one of %s", name,
			    value, key->choices);
			return -1;
		}
		break;
	case C_LIST:
		if (key->choices != NULL && check_languages(value, bad,
		    sizeof bad) < 0) {
			errf(err, errlen, "%s: '%.60s' is not a language clean "
			    "identifies (ISO 639-1 codes, lowercase: de en "
			    "fr)", name, bad);
			return -1;
		}
		if (!append)
			clear_list(v);
		add_words(v, value);
		break;
	case C_STR:
		break;
	}
	free(v->str);
	v->str = xstrdup(value);
	v->num = num;
	return 0;
}

struct conf *
conf_new(void)
{
	struct conf *c = xcalloc(1, sizeof *c);
	char err[PITH_ERRLEN];
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (store_value(c, (int)i, keys[i].def, 0, NULL, err,
		    sizeof err) < 0)
			abort();	/* a bad default is a programming error */
	return c;
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < NKEYS; i++) {
		free(c->v[i].str);
		clear_list(&c->v[i]);
	}
	free(c);
}

/* One line of the file: a section header, a setting, or nothing. */
static int
load_line(struct conf *c, char *line, char *section, size_t seclen,
    char *err, size_t errlen)
{
	char *s = str_trim(line), *eq, *key, *value, *end;
	int k;

	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		end = strchr(s, ']');
		if (end == NULL || *str_trim(end + 1) != '\0') {
			errf(err, errlen, "expected '[section]'");
			return -1;
		}
		*end = '\0';
		s = str_trim(s + 1);
		if (!known_section(s)) {
			errf(err, errlen, "unknown section [%.60s] (ingest, "
			    "clean, store)", s);
			return -1;
		}
		snprintf(section, seclen, "%s", s);
		return 0;
	}
	if ((eq = strchr(s, '=')) == NULL) {
		errf(err, errlen, "expected 'key = value'");
		return -1;
	}
	*eq = '\0';
	key = str_trim(s);
	value = str_trim(eq + 1);
	if (*section == '\0') {
		errf(err, errlen, "'%.60s' is outside any [section]", key);
		return -1;
	}
	if ((k = find_key(section, key)) < 0) {
		errf(err, errlen, "unknown key '%.60s' in [%s]", key, section);
		return -1;
	}
	if (store_value(c, k, value, c->v[k].from_file, NULL, err, errlen) < 0)
		return -1;
	c->v[k].from_file = 1;
	return 0;
}

int
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	char section[32] = "", msg[PITH_ERRLEN];
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	long lineno = 0;
	FILE *fp;
	int rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < NKEYS; i++)
		c->v[i].from_file = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)n) != NULL ||
		    !utf8_valid(line, (size_t)n)) {
			errf(err, errlen, "%s:%ld: %s: not a text file", path,
			    lineno, memchr(line, '\0', (size_t)n) ? "a NUL byte" :
			    "not UTF-8");
			rc = -1;
			break;
		}
		if (load_line(c, line, section, sizeof section, msg,
		    sizeof msg) < 0) {
			errf(err, errlen, "%s:%ld: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(fp);
	return rc;
}

int
conf_load_default(struct conf *c, const char *path, const char **used,
    char *err, size_t errlen)
{
	*used = NULL;
	if (path == NULL) {
		if (access("pipeline.conf", F_OK) != 0)
			return 0;
		path = "pipeline.conf";
	}
	*used = path;
	return conf_load(c, path, err, errlen);
}

/* One setting from the command line, its errors naming its option. */
static int
set_named(struct conf *c, const struct conf_cli *cli, char *err,
    size_t errlen)
{
	int k = find_key(cli->section, cli->key);

	if (k < 0) {
		errf(err, errlen, "unknown setting %s.%s", cli->section,
		    cli->key);
		return -1;
	}
	return store_value(c, k, cli->value, 0, cli->option, err, errlen);
}

int
conf_setup(struct conf *c, const char *path, const struct conf_cli *cli,
    size_t ncli, const char **used, char *err, size_t errlen)
{
	size_t i;

	if (conf_load_default(c, path, used, err, errlen) < 0)
		return -1;
	for (i = 0; i < ncli; i++)
		if (set_named(c, &cli[i], err, errlen) < 0)
			return -1;
	return 0;
}

int
conf_set(struct conf *c, const char *section, const char *key,
    const char *value, char *err, size_t errlen)
{
	struct conf_cli cli = { section, key, value, NULL };

	return set_named(c, &cli, err, errlen);
}

static const struct conf_value *
lookup(const struct conf *c, const char *section, const char *key)
{
	int k = find_key(section, key);

	if (k < 0) {
		fprintf(stderr, "pith: internal error: no setting %s.%s\n",
		    section, key);
		abort();
	}
	return &c->v[k];
}

const char *
conf_str(const struct conf *c, const char *section, const char *key)
{
	return lookup(c, section, key)->str;
}

long long
conf_int(const struct conf *c, const char *section, const char *key)
{
	return lookup(c, section, key)->num;
}

int
conf_bool(const struct conf *c, const char *section, const char *key)
{
	return lookup(c, section, key)->num != 0;
}

size_t
conf_list(const struct conf *c, const char *section, const char *key,
    const char *const **items)
{
	const struct conf_value *v = lookup(c, section, key);

	*items = (const char *const *)v->items;
	return v->nitems;
}

void
conf_set_list(struct conf *c, const char *section, const char *key,
    char *const *items, size_t n)
{
	struct conf_value *v = (struct conf_value *)lookup(c, section, key);
	struct buf joined;
	size_t i;

	clear_list(v);
	buf_init(&joined);
	v->items = xcalloc(n ? n : 1, sizeof *v->items);
	for (i = 0; i < n; i++) {
		v->items[i] = xstrdup(items[i]);
		buf_printf(&joined, "%s%s", i ? " " : "", items[i]);
	}
	v->nitems = n;
	free(v->str);
	v->str = buf_steal(&joined);
}

void
conf_section_digest(const struct conf *c, const char *section,
    char out[DIGEST_SHA1_LEN])
{
	struct buf all;
	size_t i;

	buf_init(&all);
	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].section, section) == 0 &&
		    (keys[i].how_only == 0 || (keys[i].how_only == LATER &&
		    strcmp(c->v[i].str, keys[i].def) != 0)))
			buf_printf(&all, "%s=%s\n", keys[i].key, c->v[i].str);
	digest_sha1_b32(all.data, all.len, out);
	buf_free(&all);
}

/* ---- the command line: getopt_long and -h from the table ---- */

/* getopt_long's val for a setting without a letter: SETTING_VAL + its
 * index in keys[] (a program's own long options sit from 256 up). */
#define SETTING_VAL 1000

/* Every program's options, before and after its own. */
static const struct conf_opt common_head[] = {
	{ "config", 'c', "CONF", "settings file (default: ./pipeline.conf, "
	    "if any)", NULL, NULL, NULL },
	{ "quiet", 'q', NULL, "say only what went wrong", NULL, NULL, NULL },
	{ "verbose", 'v', NULL, "say more; each line after the time, UTC",
	    NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};
static const struct conf_opt common_tail[] = {
	{ "help", 'h', NULL, "this text", NULL, NULL, NULL },
	{ "version", 'V', NULL, "the version", NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

/* One option of a command line: a setting, or one of the program's. */
struct arg_opt {
	char *dashed;		/* "--timeout", "--ingest-timeout"; owned */
	int val;		/* getopt_long's */
	int has_arg;		/* getopt_long's */
	int key;		/* the setting it sets (keys[]), or -1 */
	const char *value;	/* what it sets when given no argument */
	const char *arg;	/* -h: its argument's name */
	const char *help;	/* -h */
};

struct conf_args {
	const struct conf_prog *prog;
	struct arg_opt *opts;	/* the program's own first, then settings */
	size_t nopts, nown;
	struct option *longopts;	/* one per opts, then zeros */
	struct buf shortopts;
	const char *config;	/* -c */
	struct conf_cli *cli;	/* the settings given, in order */
	size_t ncli;
};

static void
push_opt(struct conf_args *a, const struct arg_opt *o)
{
	size_t i;

	for (i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].dashed, o->dashed) == 0 ||
		    a->opts[i].val == o->val)
			abort();	/* two options of one name or letter */
	a->opts = xrealloc(a->opts, (a->nopts + 1) * sizeof *a->opts);
	a->opts[a->nopts++] = *o;
}

static void
add_own(struct conf_args *a, const struct conf_opt *own)
{
	struct arg_opt o;
	struct buf name;

	for (; own != NULL && own->name != NULL; own++) {
		buf_init(&name);
		buf_printf(&name, "--%s", own->name);
		o = (struct arg_opt){ buf_steal(&name), own->val,
		    own->arg ? required_argument : no_argument, -1,
		    own->value, own->arg, own->help };
		if (own->key != NULL &&
		    (o.key = find_key(own->section, own->key)) < 0)
			abort();	/* an alias of no setting */
		push_opt(a, &o);
	}
}

/* A setting the program sets itself ("clean.format"): not offered. */
static int
is_excepted(const struct conf_prog *p, const struct conf_key *k)
{
	const char *const *e;
	size_t n = strlen(k->section);

	for (e = p->except; e != NULL && *e != NULL; e++)
		if (strncmp(*e, k->section, n) == 0 && (*e)[n] == '.' &&
		    strcmp(*e + n + 1, k->key) == 0)
			return 1;
	return 0;
}

/* The settings of section, as --KEY, or --SECTION-KEY when prefixed.  A
 * flag takes an optional value, so that --KEY=no overrides the file. */
static void
add_settings(struct conf_args *a, const char *section)
{
	const struct conf_prog *p = a->prog;
	const struct conf_key *k;
	struct arg_opt o;
	struct buf name;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		if (strcmp(k->section, section) != 0 || is_excepted(p, k))
			continue;
		buf_init(&name);
		buf_printf(&name, "--%s%s%s", p->prefixed ? section : "",
		    p->prefixed ? "-" : "", k->key);
		o = (struct arg_opt){ buf_steal(&name), SETTING_VAL + (int)i,
		    k->arg ? required_argument : optional_argument, (int)i,
		    k->arg ? NULL : "yes", k->arg, k->help };
		if (k->letter != 0 && !p->prefixed)
			o.val = k->letter;
		push_opt(a, &o);
	}
}

static void
build_getopt(struct conf_args *a)
{
	const struct arg_opt *o;
	size_t i;

	a->longopts = xcalloc(a->nopts + 1, sizeof *a->longopts);
	buf_init(&a->shortopts);
	for (i = 0; i < a->nopts; i++) {
		o = &a->opts[i];
		a->longopts[i] = (struct option){ o->dashed + 2, o->has_arg,
		    NULL, o->val };
		if (o->val >= 256)
			continue;
		buf_putc(&a->shortopts, o->val);
		if (o->has_arg == required_argument)
			buf_putc(&a->shortopts, ':');
		else if (o->has_arg == optional_argument)
			buf_puts(&a->shortopts, "::");
	}
}

struct conf_args *
conf_args_new(const struct conf_prog *prog)
{
	struct conf_args *a = xcalloc(1, sizeof *a);
	const char *const *sec;

	a->prog = prog;
	add_own(a, common_head);
	add_own(a, prog->opts);
	add_own(a, common_tail);
	a->nown = a->nopts;
	for (sec = prog->sections; *sec != NULL; sec++)
		add_settings(a, *sec);
	build_getopt(a);
	return a;
}

void
conf_args_free(struct conf_args *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nopts; i++)
		free(a->opts[i].dashed);
	free(a->opts);
	free(a->longopts);
	buf_free(&a->shortopts);
	free(a->cli);
	free(a);
}

static const struct arg_opt *
find_val(const struct conf_args *a, int val)
{
	size_t i;

	for (i = 0; i < a->nopts; i++)
		if (a->opts[i].val == val)
			return &a->opts[i];
	return NULL;
}

/* A setting given: kept until the file is read, to go over it. */
static void
add_setting(struct conf_args *a, const struct arg_opt *o, const char *arg)
{
	const struct conf_key *k = &keys[o->key];

	a->cli = xrealloc(a->cli, (a->ncli + 1) * sizeof *a->cli);
	a->cli[a->ncli++] = (struct conf_cli){ k->section, k->key,
	    arg != NULL ? arg : o->value, o->dashed };
}

int
conf_args_next(struct conf_args *a, int argc, char **argv)
{
	const struct arg_opt *o;
	int ch;

	while ((ch = getopt_long(argc, argv, a->shortopts.data, a->longopts,
	    NULL)) != -1) {
		if ((o = find_val(a, ch)) == NULL)
			return '?';
		if (o->key < 0 && ch == 'c')
			a->config = optarg;
		else if (o->key < 0 && (ch == 'q' || ch == 'v'))
			msg_set_level(ch == 'q' ? MSG_QUIET : MSG_VERBOSE);
		else if (o->key < 0)
			return ch;
		else
			add_setting(a, o, optarg);
	}
	return -1;
}

const char *
conf_args_config(const struct conf_args *a)
{
	return a->config;
}

size_t
conf_args_settings(const struct conf_args *a, const struct conf_cli **cli)
{
	*cli = a->cli;
	return a->ncli;
}

int
conf_args_load(const struct conf_args *a, struct conf *c, const char **used,
    char *err, size_t errlen)
{
	return conf_setup(c, a->config, a->cli, a->ncli, used, err, errlen);
}

/* The length of the word at s: up to a space outside [...], so that a
 * synopsis is never broken inside "[-q | -v]". */
static size_t
word_len(const char *s)
{
	size_t n;
	int depth = 0;

	for (n = 0; s[n] != '\0' && (s[n] != ' ' || depth > 0); n++)
		if (s[n] == '[')
			depth++;
		else if (s[n] == ']' && depth > 0)
			depth--;
	return n;
}

/* s from column col to the end of the line, its words wrapped before
 * column 80 onto lines that start at column indent. */
static void
put_wrapped(struct buf *out, const char *s, size_t col, size_t indent)
{
	size_t n, words = 0;

	for (; *s != '\0'; s += n, words++) {
		while (*s == ' ')
			s++;
		if ((n = word_len(s)) == 0)
			break;
		if (words > 0 && col + 1 + n > 79) {
			buf_printf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (words > 0) {
			buf_putc(out, ' ');
			col++;
		}
		buf_append(out, s, n);
		col += n;
	}
	buf_putc(out, '\n');
}

static void
put_synopsis(const struct conf_prog *p, struct buf *out)
{
	const char *const *form;
	size_t col = strlen("usage: ") + strlen(p->name) + 1;

	for (form = p->synopsis; *form != NULL; form++) {
		buf_printf(out, "%s%s ", form == p->synopsis ? "usage: " :
		    "       ", p->name);
		put_wrapped(out, *form, col, col);
	}
}

/* "  -f, --format FMT": what an option's -h line starts with; owned. */
static char *
opt_left(const struct arg_opt *o)
{
	struct buf b;

	buf_init(&b);
	if (o->val < 256)
		buf_printf(&b, "  -%c, %s", o->val, o->dashed);
	else
		buf_printf(&b, "      %s", o->dashed);
	if (o->arg != NULL)
		buf_printf(&b, " %s", o->arg);
	else if (o->has_arg == optional_argument)
		buf_puts(&b, "[=no]");
	return buf_steal(&b);
}

/* A setting's help line, then its choices or range and its default. */
static void
put_help(struct buf *b, const struct arg_opt *o, int setting)
{
	const struct conf_key *k;
	const char *colon;

	buf_puts(b, o->help);
	if (!setting)
		return;
	k = &keys[o->key];
	buf_puts(b, " (");
	if (k->type == C_ENUM)
		buf_printf(b, "%s; ", k->choices);
	else if (k->type == C_INT && (colon = strchr(k->choices, ':')))
		buf_printf(b, "%.*s-%s; ", (int)(colon - k->choices),
		    k->choices, colon + 1);
	buf_printf(b, "default: %s)", *k->def != '\0' ? k->def : "none");
}

/* One option's line, whatever its length (to be found with grep): its
 * names, and its help from column width + 2. */
static void
put_opt(struct buf *out, const struct arg_opt *o, int setting, size_t width)
{
	char *left = opt_left(o);

	buf_printf(out, "%-*s  ", (int)width, left);
	put_help(out, o, setting);
	buf_putc(out, '\n');
	free(left);
}

static size_t
opts_width(const struct conf_args *a)
{
	size_t i, n, width = 0;
	char *left;

	for (i = 0; i < a->nopts; i++) {
		left = opt_left(&a->opts[i]);
		if ((n = strlen(left)) > width)
			width = n;
		free(left);
	}
	return width;
}

static void
put_options(const struct conf_args *a, struct buf *out)
{
	const struct conf_prog *p = a->prog;
	const char *const *sec;
	size_t i, width = opts_width(a);

	put_wrapped(out, p->about, 0, 0);
	buf_putc(out, '\n');
	for (i = 0; i < a->nown; i++)
		put_opt(out, &a->opts[i], 0, width);
	for (sec = p->sections; *sec != NULL; sec++) {
		buf_printf(out, p->prefixed ? "\n[%s] settings, passed on to "
		    "%s:\n" : "\n[%s] settings, over pipeline.conf's:\n", *sec,
		    *sec);
		for (i = a->nown; i < a->nopts; i++)
			if (strcmp(keys[a->opts[i].key].section, *sec) == 0)
				put_opt(out, &a->opts[i], 1, width);
	}
	buf_puts(out, "\nA DURATION is in seconds, or with ms, s, m, h; a SIZE "
	    "in bytes, or with k, M, G.\n");
}

int
conf_args_usage(const struct conf_args *a, int full, FILE *fp)
{
	struct buf out;
	int rc = 0;

	buf_init(&out);
	put_synopsis(a->prog, &out);
	if (full)
		put_options(a, &out);
	if (fwrite(out.data, 1, out.len, fp) != out.len || fflush(fp) == EOF)
		rc = -1;
	buf_free(&out);
	return rc;
}

void
conf_version(const char *name)
{
	printf("pith-%s %s\n", name, PITH_VERSION);
	if (fflush(stdout) == EOF || ferror(stdout))
		msg_err(PITH_EXIT_USAGE, "stdout");
	exit(PITH_EXIT_OK);
}
