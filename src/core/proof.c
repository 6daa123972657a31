/* proof.c: proofs kept with contacts, read back. */
#include "core/proof.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"

static void sniff(struct proof_file *f)
{
	const unsigned char *d = (const unsigned char *)f->data.buf;
	size_t n = f->data.len;

	f->viewable = 1;
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		f->content_type = "image/jpeg";
	else if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		f->content_type = "image/png";
	else if (n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
		f->content_type = "image/gif";
	else if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
		f->content_type = "image/webp";
	else if (n >= 5 && !memcmp(d, "%PDF-", 5))
		f->content_type = "application/pdf";
	else {
		f->content_type = "application/octet-stream";
		f->viewable = 0;
	}
}

int proof_of_unit(struct db *db, int64_t unit_id, int64_t proof_id, struct proof_file *out, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&out->data);
	/* a case's contacts are made with its payer, on any of the payer's units: the proof
	 * is the unit's when a contact keeping it was with one of the unit's owners */
	if (db_prepare(db, &st, "SELECT p.id, p.name, p.data_b64 FROM proof p WHERE p.id = ? AND EXISTS ("
		       "SELECT 1 FROM ownership o JOIN contact c ON c.payer_id = o.party_id JOIN unit cu ON cu.id = c.unit_id "
		       "JOIN unit u ON u.id = o.unit_id WHERE o.unit_id = ? AND c.proof_id = p.id "
		       "AND cu.project_id = u.project_id)", err) < 0)
		return -1;
	db_bind_int64(st, 1, proof_id);
	db_bind_int64(st, 2, unit_id);
	rc = db_step(st, err);
	if (rc == 1) {
		const char *b64 = db_col_text(st, 2);
		size_t len = strlen(b64), bin_len = 0;
		out->id = db_col_int64(st, 0);
		snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 1));
		buf_grow(&out->data, len / 4 * 3 + 3);
		if (sodium_base642bin((unsigned char *)out->data.buf, out->data.alloc - 1, b64, len, NULL, &bin_len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0) {
			db_finalize(st);
			buf_release(&out->data);
			return error(err, "proof %lld is not valid base64", (long long)proof_id);
		}
		buf_setlen(&out->data, bin_len);
		sniff(out);
	}
	db_finalize(st);
	if (rc < 0)
		return -1;
	return rc == 1 ? 0 : 1;
}

void proof_file_release(struct proof_file *f)
{
	buf_release(&f->data);
}
