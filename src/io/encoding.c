/* encoding.c: UTF-8 detection and GB18030 conversion with iconv. */
#include "io/encoding.h"

#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <string.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"

int encoding_to_utf8(const char *data, size_t len, struct buf *out, const char **name, struct buf *err)
{
	iconv_t cd;
	char *in;
	size_t inleft;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	if (utf8_valid(data, len)) {
		buf_add(out, data, len);
		*name = "UTF-8";
		return 0;
	}
	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return error(err, "cannot convert from GB18030: %s", strerror(errno));
	in = (char *)(uintptr_t)data;
	inleft = len;
	while (inleft) {
		char *o;
		size_t oleft, r;

		buf_grow(out, inleft * 2 + 16);
		o = out->buf + out->len;
		oleft = out->alloc - out->len - 1;
		r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->buf);
		out->buf[out->len] = '\0';
		if (r == (size_t)-1 && errno != E2BIG) {
			size_t off = len - inleft;
			iconv_close(cd);
			return error(err, _("the file is neither UTF-8 nor GBK/GB18030 text (bad byte at offset %zu)"), off);
		}
	}
	iconv_close(cd);
	*name = "GB18030";
	return 0;
}
