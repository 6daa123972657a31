/* encoding.h: bring text files to UTF-8 (Excel on Chinese Windows writes GBK). */
#ifndef WUYE_ENCODING_H
#define WUYE_ENCODING_H

#include <stddef.h>

#include "base/buf.h"

/* Converts data to UTF-8 into out.  Well-formed UTF-8 (with or without a BOM, which is
 * dropped) is taken as it is; anything else is read as GB18030 (a superset of GBK and
 * GB2312).  *name receives "UTF-8" or "GB18030".  Fails, naming the byte offset, when
 * the data is neither. */
int encoding_to_utf8(const char *data, size_t len, struct buf *out, const char **name, struct buf *err);

#endif
