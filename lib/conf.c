/*
 * conf.c: pipeline.conf, and the one table of every setting.
 *
 * Each stage's settings are its long option names.  The table below is the
 * only list of them: the file parser checks keys against it, the command
 * line sets values through it, and the README documents it.  Precedence is
 * defaults < file < command line simply because that is the order in which
 * values are written over each other.
 */
#include <ctype.h>
#include <errno.h>
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
	const char *choices;	/* C_ENUM: "a|b|c"; C_INT: "min:max" */
	int how_only;		/* changes how a stage runs, never what it
				   writes: left out of the settings digest */
};

static const struct conf_key keys[] = {
	{ "ingest", "sources", C_LIST, "", NULL, 0 },	/* none: usage */
	{ "ingest", "contact", C_STR, "https://github.com/pith-project/pith", NULL, 0 },
	{ "ingest", "user-agent", C_STR, "", NULL, 0 },
	{ "ingest", "timeout", C_DURATION, "30", NULL, 0 },
	{ "ingest", "connect-timeout", C_DURATION, "10", NULL, 0 },
	{ "ingest", "max-size", C_SIZE, "10M", NULL, 0 },
	{ "ingest", "max-redirects", C_INT, "5", "0:50", 0 },
	{ "ingest", "retries", C_INT, "2", "0:20", 0 },
	{ "ingest", "host-delay", C_DURATION, "1", NULL, 0 },
	{ "ingest", "connections", C_INT, "16", "1:1024", 0 },
	{ "ingest", "robots", C_BOOL, "yes", NULL, 0 },
	{ "ingest", "catalog", C_STR, "", NULL, 0 },
	{ "clean", "format", C_ENUM, "auto", "auto|warc|text|json", 0 },
	{ "clean", "mode", C_ENUM, "auto", "auto|html|text", 0 },
	{ "clean", "output", C_STR, "", NULL, 0 },
	{ "clean", "preset", C_ENUM, "balanced", "balanced|precision|recall", 0 },
	{ "clean", "comments", C_BOOL, "no", NULL, 0 },
	{ "clean", "max-size", C_SIZE, "16M", NULL, 0 },
	{ "clean", "max-depth", C_INT, "512", "16:100000", 0 },
	{ "clean", "max-nodes", C_INT, "200000", "1000:100000000", 0 },
	{ "clean", "jobs", C_INT, "1", "1:256", 1 },
	{ "clean", "repeat-docs", C_INT, "3", "0:1000000", 0 },
	{ "clean", "catalog", C_STR, "", NULL, 1 },
	{ "store", "output", C_STR, "out", NULL, 0 },
	{ "store", "format", C_ENUM, "tar.gz", "tar.gz|tar.zst|zip|warc.gz", 0 },
	{ "store", "level", C_INT, "1", "1:19", 0 },
	{ "store", "max-size", C_SIZE, "64M", NULL, 0 },
};
#define NKEYS (sizeof keys / sizeof keys[0])

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
 * the list rather than replacing it. */
static int
store_value(struct conf *c, int k, const char *value, int append, char *err,
    size_t errlen)
{
	const struct conf_key *key = &keys[k];
	struct conf_value *v = &c->v[k];
	long long num = 0, min = 0, max = LLONG_MAX;

	switch (key->type) {
	case C_INT:
		if (key->choices != NULL)
			sscanf(key->choices, "%lld:%lld", &min, &max);
		if (parse_num(value, min, max, 0, &num) < 0) {
			errf(err, errlen, "%s.%s: '%.60s' is not a whole number "
			    "from %lld to %lld", key->section, key->key, value,
			    min, max);
			return -1;
		}
		break;
	case C_SIZE:
		if (parse_num(value, 0, LLONG_MAX, 1, &num) < 0) {
			errf(err, errlen, "%s.%s: '%.60s' is not a size (bytes, "
			    "or with k, M, G)", key->section, key->key, value);
			return -1;
		}
		break;
	case C_DURATION:
		if (parse_duration(value, &num) < 0) {
			errf(err, errlen, "%s.%s: '%.60s' is not a duration "
			    "(seconds, or with ms, s, m, h)", key->section,
			    key->key, value);
			return -1;
		}
		break;
	case C_BOOL:
		if (parse_bool(value, &num) < 0) {
			errf(err, errlen, "%s.%s: '%.60s' is not yes or no",
			    key->section, key->key, value);
			return -1;
		}
		break;
	case C_ENUM:
		if (!in_choices(key->choices, value)) {
			errf(err, errlen, "%s.%s: '%.60s' is not one of %s",
			    key->section, key->key, value, key->choices);
			return -1;
		}
		break;
	case C_LIST:
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
		if (store_value(c, (int)i, keys[i].def, 0, err, sizeof err) < 0)
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
	if (store_value(c, k, value, c->v[k].from_file, err, errlen) < 0)
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

int
conf_setup(struct conf *c, const char *path, const struct conf_cli *cli,
    size_t ncli, const char **used, char *err, size_t errlen)
{
	size_t i;

	if (conf_load_default(c, path, used, err, errlen) < 0)
		return -1;
	for (i = 0; i < ncli; i++)
		if (conf_set(c, cli[i].section, cli[i].key, cli[i].value, err,
		    errlen) < 0)
			return -1;
	return 0;
}

int
conf_set(struct conf *c, const char *section, const char *key,
    const char *value, char *err, size_t errlen)
{
	int k = find_key(section, key);

	if (k < 0) {
		errf(err, errlen, "unknown setting %s.%s", section, key);
		return -1;
	}
	return store_value(c, k, value, 0, err, errlen);
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
		if (strcmp(keys[i].section, section) == 0 && !keys[i].how_only)
			buf_printf(&all, "%s=%s\n", keys[i].key, c->v[i].str);
	digest_sha1_b32(all.data, all.len, out);
	buf_free(&all);
}
