/* error.h: the error convention of wuye.
 *
 * Functions that can fail return int: 0 on success, negative on failure, and put the
 * human-readable reason into a caller-supplied struct buf *err (lowercase, no final
 * period, the subject quoted).  error() writes the message and returns -1, so call
 * sites read `return error(err, "unit '%s' not found", name);`.  A NULL err is allowed
 * and discards the text.  BUG() is for programmer errors only: bad input never crashes.
 */
#ifndef WUYE_ERROR_H
#define WUYE_ERROR_H

#include "buf.h"

int error(struct buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append a further message line ("\n" separated) to err; returns -1. */
int error_add(struct buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
