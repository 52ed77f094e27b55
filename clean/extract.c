/*
 * extract.c: the result of one extraction.
 */
#include <stdlib.h>

#include "clean.h"

void
extract_init(struct extract *ex)
{
	buf_init(&ex->text);
	buf_init(&ex->comments);
	ex->meta = (struct doc_meta){ 0 };
	ex->warning = NULL;
}

void
extract_free(struct extract *ex)
{
	struct doc_meta *m;

	if (ex == NULL)
		return;
	m = &ex->meta;
	buf_free(&ex->text);
	buf_free(&ex->comments);
	free(m->title);
	free(m->author);
	free(m->published);
	free(m->site_name);
	free(m->language);
	free(m->canonical_url);
	free(m->description);
	*m = (struct doc_meta){ 0 };
}
