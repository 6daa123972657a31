/* docs.c: wuye doc …: the printable documents as PDF (缴费通知单, 催缴通知书, 律师函,
 * 收据, 对账单, 公示).  Each command gathers the content with one core function
 * (core/documents.c), renders it (src/doc) into the file of -o, and prints the file
 * names written.  Bad input is refused before any file is opened; a failed write
 * leaves no file.  Printed demands are recorded in their cases' history; printing is
 * not delivery (that is `wuye contact --channel notice --proof`). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/documents.h"
#include "core/payment.h"
#include "core/unit.h"
#include "doc/doc.h"
#include "doc/pdf.h"

/* A lawyer letter batch goes to the lawyer in one file of at most this many letters. */
#define LAWYER_BATCH 30

static int need_file(struct ctx *c, const char *file)
{
	if (!file || !*file)
		return cmd_usage_error(c, _("-o FILE.pdf is required"));
	return 0;
}

static int find_unit(struct ctx *c, const char *name, int64_t *unit_id)
{
	struct buf err = BUF_INIT;
	int64_t project_id;

	if (unit_find(c->db, name, unit_id, &project_id, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return cmd_require_project(c, project_id);
}

/* Prints what was written: the file names, or JSON with the counts. */
static int report(struct ctx *c, json_t *files, size_t documents, int pages)
{
	json_t *f;
	size_t i;
	int rc;

	if (c->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:O,s:I,s:i}", "files", files, "documents", (json_int_t)documents, "pages", pages);
		rc = output_json(o);
		json_decref(o);
		return rc;
	}
	json_array_foreach(files, i, f)
		printf("%s\n", json_string_value(f));
	return 0;
}

static void remove_files(json_t *files)
{
	json_t *f;
	size_t i;

	json_array_foreach(files, i, f)
		unlink(json_string_value(f));
}

/* Writes `list` into one file (or, with batch > 0, into files of at most `batch`
 * documents: FILE-1.pdf, FILE-2.pdf … when there are more), then records the printed
 * demands (record_step) and the audit entry in one transaction.  On any failure no
 * file is left. */
static int write_docs(struct ctx *c, const char *kind, const char *file, json_t *list, size_t batch,
		      const char *record_step, const char *action, const char *subject)
{
	const struct doc_kind *k = doc_kind_find(kind);
	struct buf err = BUF_INIT, name = BUF_INIT;
	json_t *files = json_array();
	size_t n = json_array_size(list), nfiles = batch && n > batch ? (n + batch - 1) / batch : 1;
	int pages = 0, rc;

	if (!k)
		BUG("no document kind '%s'", kind);
	for (size_t f = 0; f < nfiles; f++) {
		json_t *part = json_array();
		int p = 0;
		buf_reset(&name);
		if (nfiles == 1) {
			buf_adds(&name, file);
		} else {
			size_t len = strlen(file);
			if (len > 4 && !strcasecmp(file + len - 4, ".pdf"))
				len -= 4;
			buf_add(&name, file, len);
			buf_addf(&name, "-%zu.pdf", f + 1);
		}
		for (size_t i = f * (batch ? batch : n); i < n && (!batch || i < (f + 1) * batch); i++)
			json_array_append(part, json_array_get(list, i));
		rc = doc_write(name.buf, k, part, c->today, &p, &err);
		json_decref(part);
		if (rc < 0)
			goto fail;
		json_array_append_new(files, json_string(name.buf));
		pages += p;
	}
	if (db_begin_immediate(c->db, &err) < 0 ||
	    (record_step && doc_record_printed(c->db, list, record_step, c->actor.id, c->today, &err) < 0))
		goto fail;
	/* documents carry owners' names and debts: every one printed is audited */
	buf_reset(&name);
	buf_addf(&name, "%zu documents", n);
	cmd_audit(c, action, subject, name.buf);
	if (db_commit(c->db, &err) < 0)
		goto fail;
	buf_release(&err);
	buf_release(&name);
	pdf_release_fonts();
	rc = report(c, files, n, pages);
	json_decref(files);
	return rc;
fail:
	pdf_release_fonts();
	remove_files(files);
	json_decref(files);
	buf_release(&name);
	return cmd_fail(c, &err);
}

/* The commands on one unit: payment-notice, demand, statement. */
static int unit_command(struct ctx *c, int argc, char **argv, const char *kind, const char *roles)
{
	const char *file = NULL, *from_s = NULL, *pos[1];
	const struct opt opts[] = { { "-o", OPT_STRING, &file }, { "--output", OPT_STRING, &file },
				    { "--from", OPT_STRING, &from_s }, { NULL, 0, NULL } };
	const struct opt no_from[] = { { "-o", OPT_STRING, &file }, { "--output", OPT_STRING, &file }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t unit_id;
	json_t *content = NULL, *list;
	int npos, rc, from = DATE_MIN;
	int statement = !strcmp(kind, "statement"), demand = !strcmp(kind, "demand");

	if ((rc = cmd_parse(c, argc, argv, statement ? opts : no_from, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)) ||
	    (rc = need_file(c, file)))
		return rc;
	if (from_s && (rc = cmd_parse_date(c, "--from", from_s, &from)))
		return rc;
	if (from_s && from > c->today)
		return cmd_usage_error(c, _("--from must not be after --today"));
	if ((rc = cmd_require_role(c, roles)) || (rc = find_unit(c, pos[0], &unit_id)))
		return rc;
	if (statement)
		rc = doc_statement_json(c->db, unit_id, from, c->today, &content, &err);
	else if (demand)
		rc = doc_demand_json(c->db, unit_id, c->today, &content, &err);
	else
		rc = doc_payment_notice_json(c->db, unit_id, c->today, &content, &err);
	if (rc < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	list = json_pack("[o]", content);
	rc = write_docs(c, kind, file, list, 0, demand ? "notice" : NULL, demand ? "doc.demand" : statement ? "doc.statement"
		       : "doc.payment-notice", pos[0]);
	json_decref(list);
	return rc;
}

int cmd_doc_payment_notice(struct ctx *c, int argc, char **argv)
{
	return unit_command(c, argc, argv, "payment-notice", "admin|manager|steward|service|cashier");
}

int cmd_doc_demand(struct ctx *c, int argc, char **argv)
{
	return unit_command(c, argc, argv, "demand", "admin|manager|steward|service|legal");
}

int cmd_doc_statement(struct ctx *c, int argc, char **argv)
{
	return unit_command(c, argc, argv, "statement", "admin|manager|steward|service|cashier");
}

int cmd_doc_demands(struct ctx *c, int argc, char **argv)
{
	const char *file = NULL, *project = NULL, *building = NULL, *pos[1];
	int limit = 0, npos, rc;
	const struct opt opts[] = { { "-o", OPT_STRING, &file }, { "--output", OPT_STRING, &file },
				    { "--project", OPT_STRING, &project }, { "--building", OPT_STRING, &building },
				    { "--limit", OPT_INT, &limit }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	json_t *list;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = need_file(c, file)))
		return rc;
	if (limit < 0)
		return cmd_usage_error(c, _("--limit must be a positive number"));
	if ((rc = cmd_require_role(c, "admin|manager|steward|service|legal")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (doc_demands_json(c->db, project_id, building, c->today, limit, &list, &err) < 0)
		return cmd_fail(c, &err);
	if (!json_array_size(list)) {
		json_decref(list);
		if (building)
			error(&err, _("no payer with a unit in building %s has overdue bills and an open case"), building);
		else
			error(&err, _("no payer of project %s has overdue bills and an open case"), project);
		return cmd_fail(c, &err);
	}
	buf_release(&err);
	rc = write_docs(c, "demand", file, list, 0, "notice", "doc.demands", project);
	json_decref(list);
	return rc;
}

int cmd_doc_lawyer_letters(struct ctx *c, int argc, char **argv)
{
	const char *file = NULL, *project = NULL, *pos[1];
	const struct opt opts[] = { { "-o", OPT_STRING, &file }, { "--output", OPT_STRING, &file },
				    { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	json_t *list;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = need_file(c, file)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager|legal")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (doc_lawyer_letters_json(c->db, project_id, c->today, &list, &err) < 0)
		return cmd_fail(c, &err);
	if (!json_array_size(list)) {
		json_decref(list);
		error(&err, _("no payer of project %s is at the lawyer step with overdue bills"), project);
		return cmd_fail(c, &err);
	}
	buf_release(&err);
	rc = write_docs(c, "lawyer-letter", file, list, LAWYER_BATCH, "lawyer", "doc.lawyer-letters", project);
	json_decref(list);
	return rc;
}

int cmd_doc_receipt(struct ctx *c, int argc, char **argv)
{
	const char *file = NULL, *pos[1];
	const struct opt opts[] = { { "-o", OPT_STRING, &file }, { "--output", OPT_STRING, &file }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	char code[32];
	int64_t no;
	json_t *content, *list;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)) ||
	    (rc = need_file(c, file)))
		return rc;
	if ((rc = cmd_require_role(c, "admin|manager|cashier|steward|service")))
		return rc;
	if (doc_receipt_json(c->db, pos[0], &content, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (receipt_parse(pos[0], code, sizeof(code), &no) < 0 || (rc = cmd_project(c, code, NULL))) {
		json_decref(content);
		return rc ? rc : 1;
	}
	list = json_pack("[o]", content);
	rc = write_docs(c, "receipt", file, list, 0, NULL, "doc.receipt", pos[0]);
	json_decref(list);
	return rc;
}

int cmd_doc_public_notice(struct ctx *c, int argc, char **argv)
{
	const char *file = NULL, *project = NULL, *pos[1];
	int min_days = 90, npos, rc, approved, created;
	const struct opt opts[] = { { "-o", OPT_STRING, &file }, { "--output", OPT_STRING, &file },
				    { "--project", OPT_STRING, &project }, { "--min-days", OPT_INT, &min_days },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT, subject = BUF_INIT;
	int64_t project_id, request_id;
	json_t *content, *list;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = need_file(c, file)))
		return rc;
	if (min_days < 1 || min_days > 3650)
		return cmd_usage_error(c, _("--min-days must be between 1 and 3650"));
	if ((rc = cmd_require_role(c, "admin|manager|steward|service")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (db_begin_immediate(c->db, &err) < 0 ||
	    doc_public_notice_request(c->db, project_id, min_days, c->actor.id, c->today, &request_id, &approved, &created,
				      &err) < 0)
		return cmd_fail(c, &err);
	buf_addf(&subject, "%s min-days %d", project, min_days);
	if (created)
		cmd_audit(c, "public-notice.request", subject.buf, NULL);
	if (db_commit(c->db, &err) < 0) {
		buf_release(&subject);
		return cmd_fail(c, &err);
	}
	buf_release(&subject);
	if (!approved) {
		/* names are never posted, and even room numbers go up only with a manager's yes */
		buf_release(&err);
		if (c->format == FORMAT_JSON) {
			json_t *extra = json_pack("{s:b,s:b,s:[]}", "needs_approval", 1, "created", created, "files");
			rc = output_created(c, request_id, extra);
			json_decref(extra);
			return rc;
		}
		printf(created ? _("a public notice needs a manager's approval: request %lld filed; approve it with: wuye approve %lld (no file was written)")
			       : _("the public notice is waiting for approval of request %lld: wuye approve %lld (no file was written)"),
		       (long long)request_id, (long long)request_id);
		putchar('\n');
		return 0;
	}
	if (doc_public_notice_json(c->db, project_id, min_days, c->today, &content, &err) < 0)
		return cmd_fail(c, &err);
	if (!json_integer_value(json_object_get(content, "count"))) {
		json_decref(content);
		error(&err, _("no unit of project %s has bills %d days overdue"), project, min_days);
		return cmd_fail(c, &err);
	}
	buf_release(&err);
	list = json_pack("[o]", content);
	rc = write_docs(c, "public-notice", file, list, 0, NULL, "doc.public-notice", project);
	json_decref(list);
	return rc;
}
