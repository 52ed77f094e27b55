/*
 * seen.c: the document ids of this run, so that a document read twice (a
 * WET file given twice, a repeated record) is stored once.  Ids are
 * SHA-256 prefixes, evenly spread, so their first 16 hex digits index an
 * open-addressing table directly.  Across runs this is the catalog's job
 * (issue 6).
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

void
seen_free(struct seen *s)
{
	free(s->ids);
	memset(s, 0, sizeof *s);
}

static size_t
slot_of(const char *id, size_t cap)
{
	char head[17];

	memcpy(head, id, 16);
	head[16] = '\0';
	return (size_t)strtoull(head, NULL, 16) & (cap - 1);
}

/* Insert without growing; 1 if new, 0 if already there. */
static int
put(char (*ids)[DOC_ID_LEN], size_t cap, const char *id)
{
	size_t i = slot_of(id, cap);

	for (; ids[i][0] != '\0'; i = (i + 1) & (cap - 1))
		if (strcmp(ids[i], id) == 0)
			return 0;
	memcpy(ids[i], id, DOC_ID_LEN);
	return 1;
}

/* Kept at most half full, so probes stay short and a slot is free. */
static void
grow(struct seen *s)
{
	size_t cap = s->cap ? s->cap * 2 : 256, i;
	char (*ids)[DOC_ID_LEN] = xcalloc(cap, DOC_ID_LEN);

	for (i = 0; i < s->cap; i++)
		if (s->ids[i][0] != '\0')
			put(ids, cap, s->ids[i]);
	free(s->ids);
	s->ids = ids;
	s->cap = cap;
}

int
seen_add(struct seen *s, const char *id)
{
	if (2 * (s->n + 1) > s->cap)
		grow(s);
	if (!put(s->ids, s->cap, id))
		return 0;
	s->n++;
	return 1;
}
