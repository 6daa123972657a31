/* error.c: filling error buffers and reporting programmer errors. */
#include "error.h"

#include <stdio.h>
#include <stdlib.h>

int error(struct buf *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	buf_reset(err);
	va_start(ap, fmt);
	buf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

int error_add(struct buf *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	if (err->len)
		buf_addch(err, '\n');
	va_start(ap, fmt);
	buf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

void bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
