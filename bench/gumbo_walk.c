/*
 * gumbo_walk: the baseline of bench/speed.  Parses each file with gumbo
 * (max_errors = 0, as clean does) and walks the tree once, counting
 * nodes and text bytes; nothing else.  Files are read whole (.gz too).
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"

static size_t
walk(const GumboNode *root, size_t *text)
{
	const GumboNode **stack = NULL;
	size_t n = 0, cap = 0, top = 0, i;
	const GumboNode *node;
	const GumboVector *kids;

	stack = xrealloc(stack, (cap = 1024) * sizeof *stack);
	stack[top++] = root;
	while (top > 0) {
		node = stack[--top];
		n++;
		if (node->type == GUMBO_NODE_TEXT)
			*text += strlen(node->v.text.text);
		if (node->type != GUMBO_NODE_ELEMENT)
			continue;
		kids = &node->v.element.children;
		for (i = 0; i < kids->length; i++) {
			if (top == cap)
				stack = xrealloc(stack, (cap *= 2) * sizeof *stack);
			stack[top++] = kids->data[i];
		}
	}
	free(stack);
	return n;
}

int
main(int argc, char **argv)
{
	GumboOptions opts = kGumboDefaultOptions;
	size_t nodes = 0, text = 0, bytes = 0;
	struct buf page;
	int i;

	opts.max_errors = 0;
	buf_init(&page);
	for (i = 1; i < argc; i++) {
		buf_reset(&page);
		if (read_file_max(argv[i], &page, 1 << 30) < 0) {
			fprintf(stderr, "gumbo_walk: %s: cannot read\n", argv[i]);
			continue;
		}
		GumboOutput *out = gumbo_parse_with_options(&opts, page.data,
		    page.len);
		nodes += walk(out->root, &text);
		bytes += page.len;
		gumbo_destroy_output(&opts, out);
	}
	printf("%d pages, %zu bytes, %zu nodes, %zu text bytes\n", argc - 1,
	    bytes, nodes, text);
	buf_free(&page);
	return 0;
}
