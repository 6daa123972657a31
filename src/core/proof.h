/* proof.h: reading back the proofs (证据: photos of posted notices, signed delivery
 * receipts, acknowledgements of debt) that contacts keep. */
#ifndef WUYE_PROOF_H
#define WUYE_PROOF_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct proof_file {
	int64_t id;
	char name[256];           /* the file name it was kept under */
	const char *content_type; /* from its first bytes: image/jpeg, image/png, image/gif,
				   * image/webp, application/pdf, else application/octet-stream */
	int viewable;             /* one of the above but the last: a browser may show it */
	struct buf data;
};

/* The proof, when a contact that keeps it was made with an owner (now or before) of the
 * unit, in the unit's project; 0 and *out filled, 1 when there is no such proof (or it
 * is another unit's), -1 on error.  Free with proof_file_release(). */
int proof_of_unit(struct db *db, int64_t unit_id, int64_t proof_id, struct proof_file *out, struct buf *err);
void proof_file_release(struct proof_file *f);

#endif
