/* buf.h: a growable byte buffer, modelled on git's strbuf.
 *
 * Invariants: b->buf is never NULL and always NUL-terminated, so a buf can be passed
 * wherever a C string is wanted; b->len excludes the NUL.  A buf starts as BUF_INIT
 * (pointing at a shared empty string) and owns memory only after its first write.
 * buf_release() frees and resets; buf_detach() hands the string to the caller.
 */
#ifndef WUYE_BUF_H
#define WUYE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char buf_empty[];
#define BUF_INIT { 0, 0, buf_empty }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);
void buf_grow(struct buf *b, size_t extra);
void buf_reset(struct buf *b);
void buf_setlen(struct buf *b, size_t len);

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Replace the contents with a formatted string. */
void buf_setf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_trim(struct buf *b);
/* Appends s as a JSON string: quoted, with \" \\ and control characters escaped. */
void buf_add_json_string(struct buf *b, const char *s);

#endif
