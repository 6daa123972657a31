/* tmpfile.h: the bytes of a file that a writer can only write to a path (a PDF from
 * cairo, an .xlsx from libxlsxwriter), made in a private temporary directory. */
#ifndef WUYE_TMPFILE_H
#define WUYE_TMPFILE_H

#include "base/buf.h"

/* Makes a directory of its own (0700, under $TMPDIR or /tmp), has `write` write the file
 * `name` in it, appends the file's bytes to out and removes both.  -1 with err (the
 * writer's error, or what failed on the disk). */
int tmpfile_bytes(const char *name, int (*write)(const char *path, void *arg, struct buf *err), void *arg,
		  struct buf *out, struct buf *err);

#endif
