/*
 * failure.c: why an item failed, as a short stable reason (so that
 * failures group: "2 x connection refused") and a detail said after it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ingest.h"

void
failure_set(struct failure *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why->reason, sizeof why->reason, fmt, ap);
	va_end(ap);
	why->detail[0] = '\0';
}

void
failure_detail(struct failure *why, const char *fmt, ...)
{
	size_t n = strlen(why->detail);
	va_list ap;

	if (n > 0 && n + 2 < sizeof why->detail) {
		memcpy(why->detail + n, ", ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(why->detail + n, sizeof why->detail - n, fmt, ap);
	va_end(ap);
}
