/* tmpfile.c: a writer's file read back from a private temporary directory. */
#include "base/tmpfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/i18n.h"

static int read_back(const char *path, struct buf *out, struct buf *err)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return error(err, _("cannot read '%s': %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	n = (size_t)ferror(f);
	fclose(f);
	return n ? error(err, _("cannot read '%s'"), path) : 0;
}

int tmpfile_bytes(const char *name, int (*write)(const char *path, void *arg, struct buf *err), void *arg,
		  struct buf *out, struct buf *err)
{
	/* a directory nobody else can guess or write into: the file cannot be swapped */
	const char *tmp = getenv("TMPDIR");
	struct buf dir = BUF_INIT, path = BUF_INIT;
	int rc = -1;

	buf_addf(&dir, "%s/wuye-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir.buf)) {
		error(err, _("cannot write a temporary file: %s"), strerror(errno));
		buf_release(&dir);
		return -1;
	}
	buf_addf(&path, "%s/%s", dir.buf, name);
	if (write(path.buf, arg, err) == 0)
		rc = read_back(path.buf, out, err);
	unlink(path.buf);
	rmdir(dir.buf);
	buf_release(&dir);
	buf_release(&path);
	return rc;
}
