/* contacts.c: POST /api/v1/contacts (a contact with an owner logged as `wuye contact`
 * does: promise, reason, proof) and GET /api/v1/cases/{id}/contacts (a case's 催收台账). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/i18n.h"
#include "core/casework.h"
#include "core/caseviews.h"
#include "web/api/api.h"
#include "web/pages.h"

#define PROOF_API_MAX (8L * 1024 * 1024)
/* the proof travels as base64 (4 bytes for 3) inside the JSON */
#define CONTACT_BODY_MAX (PROOF_API_MAX / 3 * 4 + 64 * 1024)

int api_case_contacts(struct web_req *r)
{
	struct buf err = BUF_INIT;
	json_t *list;
	int64_t id = web_param_id(r, 0);

	if (api_query_known(r, (const char *const[]){ NULL }) < 0)
		return 0;
	if (case_contacts_json(r->db, id, &list, &err) < 0)
		return api_fail(r, &err);
	buf_release(&err);
	return api_send(r, 200, json_pack("{s:I,s:o}", "case_id", (json_int_t)id, "contacts", list));
}

/* A proof file sent as {"name": "回执.jpg", "content_base64": "…"}: written into a
 * private temporary folder under its name, for contact_log() to keep; *path gets the
 * file ("" when there is no proof). */
static int read_proof(struct web_req *r, json_t *b, char *dir, size_t ndir, char *path, size_t npath)
{
	static const char *const keys[] = { "name", "content_base64", NULL };
	json_t *v = json_object_get(b, "proof"), *x;
	const char *name, *data, *key;
	unsigned char *bin;
	size_t len, cap;
	int fd, ok;

	path[0] = dir[0] = '\0';
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return api_bad(r, "proof", _("must be an object {\"name\": …, \"content_base64\": …}"));
	json_object_foreach(v, key, x)
		for (int i = 0;; i++) {
			if (!keys[i])
				return api_bad(r, "proof", _("unknown field '%s'"), key);
			if (!strcmp(keys[i], key))
				break;
		}
	if (api_text(r, v, "name", 1, 100, 0, &name) < 0)
		return -1;
	if (strchr(name, '/') || strchr(name, '\\') || !strcmp(name, ".") || !strcmp(name, ".."))
		return api_bad(r, "proof", _("the file name must not contain '/' or '\\'"));
	x = json_object_get(v, "content_base64");
	if (!x || !json_is_string(x) || !json_string_length(x))
		return api_bad(r, "proof", _("content_base64 (the file, base64-encoded) is required"));
	data = json_string_value(x);
	cap = json_string_length(x) / 4 * 3 + 3;
	if (cap > PROOF_API_MAX + 3)
		return api_bad(r, "proof", _("the file is larger than %ld MiB"), PROOF_API_MAX / 1024 / 1024);
	if (!(bin = malloc(cap)))
		return api_fail(r, NULL), -1;
	if (sodium_base642bin(bin, cap, data, json_string_length(x), " \r\n", &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 || len == 0) {
		free(bin);
		return api_bad(r, "proof", _("content_base64 is not base64 or is empty"));
	}
	snprintf(dir, ndir, "%s/wuye-proof.XXXXXX", getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		dir[0] = '\0';
		free(bin);
		return api_fail(r, NULL), -1;
	}
	snprintf(path, npath, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, bin, len) == (ssize_t)len;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	free(bin);
	if (!ok) {
		struct buf err = BUF_INIT;
		buf_addf(&err, "cannot write %s: %s", path, strerror(errno));
		return api_fail(r, &err), -1;
	}
	return 1;
}

/* contact_check() names the fields of a contact; the body may give the amount in fen */
static const char *body_field(const char *field, json_t *b)
{
	if (!strcmp(field, "promise_amount") && json_object_get(b, "promise_amount_fen"))
		return "promise_amount_fen";
	return field;
}

int api_contact_post(struct web_req *r)
{
	static const char *const fields[] = { "unit",	      "channel",	    "result", "reason", "note", "phone",
					      "promise_date", "promise_amount", "promise_amount_fen", "proof", NULL };
	struct contact_new n = { 0 };
	struct contact_effects fx;
	struct buf err = BUF_INIT, detail = BUF_INIT, unit = BUF_INIT;
	char dir[512] = "", path[1024] = "";
	const char *field = NULL;
	int64_t id = 0, case_id = 0;
	json_t *b = NULL;
	int rc;

	if (api_body(r, CONTACT_BODY_MAX, fields, &b) < 0)
		return 0;
	n.promise_day = DATE_MIN;
	if (api_text(r, b, "channel", 1, 16, 0, &n.channel) < 0 || api_text(r, b, "result", 1, 16, 0, &n.result) < 0 ||
	    api_text(r, b, "reason", 0, 32, 0, &n.reason) < 0 || api_text(r, b, "note", 0, 2000, 1, &n.note) < 0 ||
	    api_text(r, b, "phone", 0, 32, 0, &n.phone) < 0 || api_day(r, b, "promise_date", &n.promise_day) < 0 ||
	    api_amount(r, b, "promise_amount_fen", "promise_amount", 0, &n.promise_fen) < 0)
		goto done;
	n.day = r->today;
	n.staff_id = r->staff.id;
	n.proof_path = json_object_get(b, "proof") && !json_is_null(json_object_get(b, "proof")) ? "proof" : NULL;
	if (contact_check(&n, &field, &err) < 0) {
		api_bad(r, body_field(field, b), "%s", err.buf);
		goto done;
	}
	if (api_body_unit(r, b, "unit", &n.unit_id, &unit) < 0 || read_proof(r, b, dir, sizeof(dir), path, sizeof(path)) < 0)
		goto done;
	n.proof_path = path[0] ? path : NULL;
	rc = contact_log(r->db, &n, &id, &fx, &err);
	if (rc < 0) {
		api_fail(r, &err);
		goto done;
	}
	buf_addf(&detail, "%s/%s", n.channel, n.result);
	web_audit(r, "contact", unit.buf, detail.buf);
	db_run(r->db, &case_id, NULL, "SELECT COALESCE(case_id, 0) FROM contact WHERE id = ?", "i", id);
	api_send(r, 201, json_pack("{s:I,s:s,s:I,s:I,s:i,s:I,s:I,s:I,s:b}", "id", (json_int_t)id, "unit", unit.buf, "unit_id",
				   (json_int_t)n.unit_id, "case_id", (json_int_t)case_id, "tasks_done", fx.tasks_done,
				   "promise_id", (json_int_t)fx.promise_id, "work_order_id", (json_int_t)fx.work_order_id,
				   "trace_task_id", (json_int_t)fx.trace_task_id, "limitation_restarted", fx.restarted));
done:
	if (path[0])
		unlink(path);
	if (dir[0])
		rmdir(dir);
	buf_release(&err);
	buf_release(&detail);
	buf_release(&unit);
	json_decref(b);
	return 0;
}
