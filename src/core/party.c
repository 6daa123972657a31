/* party.c: finding and adding people. */
#include "core/party.h"

#include <time.h>

#include "base/error.h"
#include "base/i18n.h"
#include "core/phone.h"

int party_find_or_add(struct db *db, const char *name, const char *phone, int64_t *id, struct buf *err)
{
	struct buf norm = BUF_INIT;
	int rc;

	if (!*name)
		return error(err, _("the name must not be empty"));
	if (phone_normalize(phone, &norm) < 0) {
		buf_release(&norm);
		return error(err, _("'%s' is not a Chinese mobile or landline number"), phone);
	}
	rc = db_run(db, id, err, "SELECT p.id FROM party p JOIN party_phone pp ON pp.party_id = p.id "
		    "WHERE p.kind = 'person' AND p.name = ? AND pp.phone = ? ORDER BY p.id LIMIT 1", "tt", name, norm.buf);
	if (rc == 0) {
		rc = db_run(db, id, err, "INSERT INTO party (kind, name, created_at) VALUES ('person', ?, ?) RETURNING id",
			    "ti", name, (int64_t)time(NULL));
		if (rc >= 0)
			rc = db_run(db, NULL, err, "INSERT INTO party_phone (party_id, seq, phone) VALUES (?, 0, ?)",
				    "it", *id, norm.buf);
	}
	buf_release(&norm);
	return rc < 0 ? -1 : 0;
}
