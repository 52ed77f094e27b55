/*
 * robots.c: robots.txt as RFC 9309 reads it.
 *
 * Groups start with one or more user-agent lines; the rules that follow
 * belong to them.  The crawler obeys every group that names its product
 * token (case-insensitively), else every "*" group.  Of the rules whose
 * pattern matches the URL's path, the longest wins; Allow wins a tie; no
 * match means allowed.  "*" matches any run of octets, a final "$" the end.
 * Crawl-delay is not in the RFC; many sites use it, so we honour it.
 * Patterns and paths are compared in one percent-encoded form (§2.2.2):
 * %XX of an unreserved character decoded, other escapes in upper case,
 * octets outside US-ASCII encoded.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"

#define ROBOTS_MAX_DELAY_MS (5 * 60 * 1000)	/* a longer Crawl-delay is capped */

struct rule {
	char *pattern;		/* owned */
	size_t len;
	int allow;
};

struct robots {
	struct rule *rules;
	size_t nrules;
	long delay_ms;
	long group_delay_ms[2];	/* while parsing: "*" groups, named groups */
	int allow_all, disallow_all;
};

/* The parser's view of the group being read. */
struct group_state {
	int in_agents;		/* the last line was a user-agent line */
	int named, star;	/* this group names us, or is "*" */
	int any_named;		/* some group named us: "*" groups are moot */
};

/* A user-agent line names us when its product token is ours. */
static int
names_agent(const char *value, const char *agent)
{
	size_t n = 0;

	while (isalnum((unsigned char)value[n]) || value[n] == '_' ||
	    value[n] == '-')
		n++;
	return n > 0 && strlen(agent) == n && strncasecmp(value, agent, n) == 0;
}

static int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* RFC 3986 unreserved: the octets an escape never needs to hide. */
static int
unreserved(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* s in the one form rules and paths are compared in (see the top); owned. */
static char *
normalise_escapes(const char *s)
{
	struct buf b;
	int hi, lo, c;

	buf_init(&b);
	buf_reserve(&b, strlen(s) + 1);
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '%' && (hi = hex_value((unsigned char)s[1])) >= 0 &&
		    (lo = hex_value((unsigned char)s[2])) >= 0) {
			c = hi * 16 + lo;
			if (unreserved(c))
				buf_putc(&b, c);
			else
				buf_printf(&b, "%%%02X", c);
			s += 2;
		} else if (c >= 0x80)
			buf_printf(&b, "%%%02X", c);
		else
			buf_putc(&b, c);
	}
	return buf_steal(&b);
}

static void
add_rule(struct robots *r, const char *pattern, int allow, int named)
{
	r->rules = xrealloc(r->rules, (r->nrules + 1) * sizeof *r->rules);
	r->rules[r->nrules].pattern = normalise_escapes(pattern);
	r->rules[r->nrules].len = strlen(r->rules[r->nrules].pattern);
	/* Rules of "*" groups are kept apart by sign until we know whether a
	 * named group exists: named ones are stored with allow | 2. */
	r->rules[r->nrules].allow = allow | (named ? 2 : 0);
	r->nrules++;
}

static void
parse_line(struct robots *r, char *line, const char *agent,
    struct group_state *g)
{
	char *colon, *key, *value;
	long long secs;

	if ((colon = strchr(line, '#')) != NULL)
		*colon = '\0';
	if ((colon = strchr(line, ':')) == NULL)
		return;
	*colon = '\0';
	key = str_trim(line);
	value = str_trim(colon + 1);
	if (strcasecmp(key, "user-agent") == 0) {
		if (!g->in_agents)
			g->named = g->star = 0;
		g->in_agents = 1;
		if (strcmp(value, "*") == 0)
			g->star = 1;
		else if (names_agent(value, agent))
			g->named = g->any_named = 1;
		return;
	}
	g->in_agents = 0;
	if (!g->named && !g->star)
		return;
	if (strcasecmp(key, "allow") == 0 || strcasecmp(key, "disallow") == 0) {
		if (*value != '\0')	/* "Disallow:" alone allows all */
			add_rule(r, value, tolower((unsigned char)*key) == 'a',
			    g->named);
	} else if (strcasecmp(key, "crawl-delay") == 0 &&
	    parse_num(value, 0, ROBOTS_MAX_DELAY_MS / 1000, 0, &secs) == 0) {
		r->group_delay_ms[g->named] = (long)secs * 1000;
	}
}

/* Keep the named groups' rules if there are any, else the "*" ones. */
static void
keep_group(struct robots *r, int named)
{
	size_t i, n = 0;

	for (i = 0; i < r->nrules; i++) {
		if (((r->rules[i].allow & 2) != 0) == named) {
			r->rules[i].allow &= 1;
			r->rules[n++] = r->rules[i];
		} else
			free(r->rules[i].pattern);
	}
	r->nrules = n;
	r->delay_ms = r->group_delay_ms[named];
}

struct robots *
robots_parse(const char *txt, size_t n, const char *agent)
{
	struct robots *r = xcalloc(1, sizeof *r);
	struct group_state g = { 0 };
	char *copy = xstrndup(txt, n), *line, *rest = copy;

	while ((line = strsep(&rest, "\n")) != NULL)
		parse_line(r, line, agent, &g);
	keep_group(r, g.any_named);
	free(copy);
	return r;
}

struct robots *
robots_all(int allow)
{
	struct robots *r = xcalloc(1, sizeof *r);

	if (allow)
		r->allow_all = 1;
	else
		r->disallow_all = 1;
	return r;
}

/* Does pattern match the start of path?  The positions in path that the
 * pattern so far can reach, as Google's reference matcher keeps them. */
static int
pattern_matches(const char *pat, size_t plen, const char *path)
{
	size_t n = strlen(path), *pos = xmalloc((n + 1) * sizeof *pos);
	size_t npos = 1, i, k, m;
	int match = 1;

	pos[0] = 0;
	for (i = 0; i < plen && match; i++) {
		if (pat[i] == '$' && i + 1 == plen) {
			match = pos[npos - 1] == n;
		} else if (pat[i] == '*') {
			npos = n - pos[0] + 1;
			for (k = 1; k < npos; k++)
				pos[k] = pos[0] + k;
		} else {
			for (k = 0, m = 0; k < npos; k++)
				if (pos[k] < n && path[pos[k]] == pat[i])
					pos[m++] = pos[k] + 1;
			npos = m;
			match = m > 0;
		}
	}
	free(pos);
	return match;
}

int
robots_allowed(const struct robots *r, const char *path)
{
	size_t i, best = 0;
	int allow = 1, found = 0;
	char *norm;

	if (r->allow_all || strcmp(path, "/robots.txt") == 0)
		return 1;
	if (r->disallow_all)
		return 0;
	norm = normalise_escapes(path);
	for (i = 0; i < r->nrules; i++) {
		const struct rule *rule = &r->rules[i];

		if (!pattern_matches(rule->pattern, rule->len, norm))
			continue;
		if (!found || rule->len > best ||
		    (rule->len == best && rule->allow)) {
			best = rule->len;
			allow = rule->allow;
			found = 1;
		}
	}
	free(norm);
	return allow;
}

long
robots_crawl_delay_ms(const struct robots *r)
{
	return r->delay_ms;
}

void
robots_free(struct robots *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrules; i++)
		free(r->rules[i].pattern);
	free(r->rules);
	free(r);
}
