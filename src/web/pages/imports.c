/* imports.c: 导入: the unit register (业主档案), opening arrears (期初欠费) and payment
 * files (缴费记录) from .xlsx or .csv (UTF-8 or GBK), through the parsers the CLI uses.
 *
 * An upload is first checked (the import's dry run) and kept (web_upload); the page
 * shows every problem as the CLI words it ("row 3, column 电话: …") or what the import
 * would do, and the staff member then confirms the import of that very file.  Small
 * files are checked and imported inline; large ones on the job thread, the page
 * following the job.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/xalloc.h"
#include "base/money.h"
#include "base/str.h"
#include "core/arrears_import.h"
#include "core/payment.h"
#include "core/payment_import.h"
#include "core/unit_import.h"
#include "io/sheet.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/office.h"

#define INLINE_BYTES (256 * 1024)  /* a larger file is checked and imported on the job thread */
#define UPLOAD_KEEP_SECONDS 86400
#define RECENT_UPLOADS 10

struct import_arg {
	char token[65];
	char kind[16];
	char filename[256];
	char channel[16];
	int64_t project_id, staff_id;
	int today, dry_run;
	char ip[64];
	char code[32];
};

static const char *kind_title(const char *kind)
{
	if (!strcmp(kind, "units"))
		return _("Unit register");
	if (!strcmp(kind, "arrears"))
		return _("Opening arrears");
	return _("Payments");
}

static const char *state_label(const char *state)
{
	static const char *const labels[][2] = {
		{ "checking", N_("checking") }, { "valid", N_("checked: ready to import") },
		{ "invalid", N_("has problems") }, { "importing", N_("importing") },
		{ "imported", N_("imported") }, { "failed", N_("failed") },
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i][0], state))
			return _(labels[i][1]);
	return state;
}

/* Reads the upload's file into a sheet: written to a private temporary file and read by
 * sheet_read_file(), the CLI's reader (.xlsx or .csv by content, UTF-8 or GBK). */
static int read_upload(struct db *db, const struct import_arg *a, struct sheet *sheet, struct buf *err)
{
	struct db_stmt *st;
	struct buf data = BUF_INIT, e = BUF_INIT;
	char path[] = "/tmp/wuye-upload-XXXXXX";
	unsigned char *bin = NULL;
	size_t binlen = 0;
	int fd, rc;

	if (db_prepare(db, &st, "SELECT data FROM web_upload WHERE token = ?", err) < 0)
		return -1;
	db_bind_text(st, 1, a->token);
	if ((rc = db_step(st, err)) == 1)
		buf_adds(&data, db_col_text(st, 0));
	db_finalize(st);
	if (rc != 1) {
		if (rc == 0)
			buf_setf(err, "%s", _("the uploaded file is no longer kept: upload it again"));
		buf_release(&data);
		return -1;
	}
	bin = xmalloc(data.len ? data.len : 1);
	if (!bin || sodium_base642bin(bin, data.len, data.buf, data.len, NULL, &binlen, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(bin);
		buf_release(&data);
		buf_setf(err, "%s", _("the uploaded file is damaged: upload it again"));
		return -1;
	}
	buf_release(&data);
	fd = mkstemp(path);
	if (fd < 0 || write(fd, bin, binlen) != (ssize_t)binlen) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		free(bin);
		buf_setf(err, "%s", _("the server could not keep the file for reading (disk full?)"));
		return -1;
	}
	close(fd);
	free(bin);
	rc = sheet_read_file(path, sheet, &e);
	unlink(path);
	if (rc < 0) {
		/* the reader names the file: the one the staff member chose, not ours */
		const char *p = e.buf, *hit;
		buf_reset(err);
		while ((hit = strstr(p, path))) {
			buf_add(err, p, (size_t)(hit - p));
			buf_adds(err, a->filename);
			p = hit + strlen(path);
		}
		buf_adds(err, p);
	}
	buf_release(&e);
	return rc;
}

static void set_state(struct db *db, const char *token, const char *state, const char *result, int drop_data)
{
	db_run(db, NULL, NULL, drop_data ? "UPDATE web_upload SET state = ?, result = ?, data = '' WHERE token = ?"
					 : "UPDATE web_upload SET state = ?, result = ? WHERE token = ?",
	       "ttt", state, result ? result : "", token);
}

/* Checks (dry run) or imports the upload; its state and what was said go into the
 * upload's row, which the page shows. */
static int import_work(struct db *db, void *arg, struct job *j, struct buf *html, struct buf *err)
{
	struct import_arg *a = arg;
	struct sheet sheet = SHEET_INIT;
	struct buf msg = BUF_INIT, e = BUF_INIT, amount = BUF_INIT;
	int rc, posted_some = 0;

	(void)err;
	buf_addf(&msg, "%s %s", a->dry_run ? _("checking") : _("importing"), a->filename);
	office_progress(j, 0, 1, msg.buf);
	buf_reset(&msg);
	rc = read_upload(db, a, &sheet, &e);
	if (rc == 0 && !strcmp(a->kind, "units")) {
		struct import_result res;
		if ((rc = unit_import(db, a->project_id, &sheet, a->dry_run, &res, &e)) == 0) {
			if (a->dry_run)
				buf_addf(&msg, _("%s is valid: it would import %d units and %d owners"), a->filename, res.units,
					 res.owners);
			else
				buf_addf(&msg, _("imported %d units, %d owners and %d new buildings"), res.units, res.owners,
					 res.buildings);
		}
	} else if (rc == 0 && !strcmp(a->kind, "arrears")) {
		struct arrears_result res;
		if ((rc = arrears_import(db, a->project_id, &sheet, a->today, a->staff_id, a->dry_run, &res, &e)) == 0) {
			buf_add_yuan(&amount, res.amount);
			buf_addf(&msg, a->dry_run ? _("%s is valid: it would import %d bills of opening arrears, %s in all")
						  : _("%s: imported %d bills of opening arrears, %s in all"),
				 a->filename, res.bills, amount.buf);
		}
	} else if (rc == 0) {
		struct payment_import_result res;
		rc = payment_import(db, a->project_id, &sheet, a->channel[0] ? a->channel : NULL, a->today, a->staff_id,
				    a->dry_run, &res, &e);
		buf_add_yuan(&amount, res.amount);
		if (rc == 0)
			buf_addf(&msg, a->dry_run ? _("%s is valid: it would post %d payments of %s (%d were posted before)")
						  : _("%s: posted %d payments of %s (%d were posted before)"),
				 a->filename, res.posted, amount.buf, res.duplicates);
		else if (!a->dry_run && res.posted) {
			posted_some = res.posted;
			buf_addf(&e, "\n");
			buf_addf(&e, _("%d payments were posted before the problem; importing the file again posts only the rest"),
				 res.posted);
		}
	}
	sheet_release(&sheet);
	if (a->dry_run)
		set_state(db, a->token, rc == 0 ? "valid" : "invalid", rc == 0 ? msg.buf : e.buf, 0);
	else
		/* a failed payment import keeps the file: posting it again posts only the rest */
		set_state(db, a->token, rc == 0 ? "imported" : "failed", rc == 0 ? msg.buf : e.buf, rc == 0);
	if (!a->dry_run && (rc == 0 || posted_some)) {
		char action[32];
		snprintf(action, sizeof(action), "%s.import", a->kind);
		office_audit(db, a->staff_id, a->ip, action, a->code, a->filename);
	}
	htmlf(html, "<p class=\"flash %s\">%s</p><p><a href=\"/imports?project=%U&amp;upload=%s\">%s</a></p>",
	      rc == 0 ? "ok" : "error", rc == 0 ? msg.buf : _("The file has problems: nothing was written."), a->code,
	      a->token, _("Show the result"));
	office_progress(j, 1, 1, a->filename);
	buf_release(&msg);
	buf_release(&e);
	buf_release(&amount);
	return 0;
}

/* Runs the step inline for a small file, else queues it and notes the job. */
static void run_step(struct web_req *r, struct import_arg *a, size_t size)
{
	if (size > INLINE_BYTES) {
		int64_t id = office_queue(r, a->dry_run ? "import.check" : "import.run", import_work, a, free);
		db_run(r->db, NULL, NULL, "UPDATE web_upload SET job_id = ? WHERE token = ?", "it", id, a->token);
	} else {
		struct buf html = BUF_INIT, err = BUF_INIT;
		import_work(r->db, a, NULL, &html, &err);
		buf_release(&html);
		buf_release(&err);
		free(a);
	}
}

static void upload_form(struct web_req *r, struct buf *b, const struct field_errors *fe, const char *kind,
			const char *code)
{
	static const char *const channels[] = { "", N_("as the file says"), "cash", N_("cash"), "card", N_("card"),
						"transfer", N_("bank transfer"), "wechat", N_("WeChat Pay"),
						"alipay", N_("Alipay"), "autodebit", N_("bank auto-debit"), NULL };
	char field[32];

	htmlf(b, "<section class=\"card upload\" id=\"upload-%s\"><h2>%s</h2>", kind, kind_title(kind));
	if (!strcmp(kind, "units"))
		htmlf(b, "<p class=\"muted\">%s</p>", _("Headers: 楼栋, 单元, 楼层, 房号, 建筑面积, 套内面积, 房屋类型, 状态, 业主, 电话, "
						  "邮箱, 工作单位, 交房日期, 入住日期, 标签."));
	else if (!strcmp(kind, "arrears"))
		htmlf(b, "<p class=\"muted\">%s</p>", _("Headers: 楼栋, 单元, 房号, 收费项目, 所属期间, 金额, 应缴日期."));
	else
		htmlf(b, "<p class=\"muted\">%s</p>", _("Headers: 楼栋, 单元, 房号, 金额, and optionally 收款方式, 流水号, 缴费日期."));
	htmlf(b, "<form method=\"post\" action=\"/imports/%s\" enctype=\"multipart/form-data\" class=\"stack\">", kind);
	layout_csrf(r, b);
	htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", code);
	snprintf(field, sizeof(field), "file_%s", kind);
	field_input(b, fe, field, _("File (.xlsx or .csv)"), "file", "", "accept=\".xlsx,.csv,text/csv\" required");
	if (!strcmp(kind, "payments")) {
		const char *opts[sizeof(channels) / sizeof(channels[0])];
		for (size_t i = 0; channels[i]; i += 2) {
			opts[i] = channels[i];
			opts[i + 1] = _(channels[i + 1]);
		}
		opts[sizeof(channels) / sizeof(channels[0]) - 1] = NULL;
		field_select(b, fe, "channel", _("Channel of rows that name none"), opts, office_echo(r, "channel"));
	}
	htmlf(b, "<button type=\"submit\">%s</button></form></section>", _("Check the file"));
}

static void review(struct web_req *r, struct buf *b, const char *code, const char *token)
{
	struct db_stmt *st;
	int rc;

	if (db_prepare(r->db, &st, "SELECT kind, filename, state, result, job_id, size FROM web_upload "
		       "WHERE token = ? AND project_id = ?", NULL) < 0)
		return;
	db_bind_text(st, 1, token);
	db_bind_int64(st, 2, r->project_id);
	if ((rc = db_step(st, NULL)) != 1) {
		layout_flash(b, "error", _("no such upload in this project (an upload is kept for a day)"));
		db_finalize(st);
		return;
	}
	{
		const char *kind = db_col_text(st, 0), *state = db_col_text(st, 2), *result = db_col_text(st, 3);
		htmlf(b, "<section class=\"review\" id=\"review\"><h2>%s: %s</h2><p>%s: <strong class=\"state-%s\">%s</strong></p>",
		      kind_title(kind), db_col_text(st, 1), _("State"), state, state_label(state));
		if (!strcmp(state, "checking") || !strcmp(state, "importing")) {
			if (db_col_int64(st, 4))
				office_job_block(b, db_col_int64(st, 4));
			htmlf(b, "<p><a href=\"/imports?project=%U&amp;upload=%s\">%s</a></p>", code, token,
			      _("Reload"));
		} else if (!strcmp(state, "invalid") || !strcmp(state, "failed")) {
			layout_flash(b, "error", !strcmp(state, "invalid") ? _("The file has problems: nothing was written. "
									       "Correct them and upload it again.")
									   : _("The import stopped:"));
			office_problem_list(b, result);
			if (!strcmp(state, "failed") && !strcmp(kind, "payments")) {
				htmlf(b, "<form method=\"post\" action=\"/imports/%s/confirm\" class=\"stack\">", kind);
				layout_csrf(r, b);
				htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\"><input type=\"hidden\" "
					 "name=\"upload\" value=\"%s\"><button type=\"submit\">%s</button></form>",
				      code, token, _("Import the rest"));
			}
		} else if (!strcmp(state, "valid")) {
			layout_flash(b, "ok", result);
			htmlf(b, "<form method=\"post\" action=\"/imports/%s/confirm\" class=\"stack\">", kind);
			layout_csrf(r, b);
			htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\"><input type=\"hidden\" name=\"upload\" "
				 "value=\"%s\"><button type=\"submit\">%s</button></form>",
			      code, token, _("Import it"));
		} else
			layout_flash(b, "ok", result);
		html(b, "</section>");
	}
	db_finalize(st);
}

static void recent(struct web_req *r, struct buf *b, const char *code)
{
	struct db_stmt *st;
	int rc, any = 0;

	if (db_prepare(r->db, &st, "SELECT token, kind, filename, state, created_at FROM web_upload WHERE project_id = ? "
		       "AND staff_id = ? ORDER BY created_at DESC LIMIT ?", NULL) < 0)
		return;
	db_bind_int64(st, 1, r->project_id);
	db_bind_int64(st, 2, r->staff.id);
	db_bind_int64(st, 3, RECENT_UPLOADS);
	while ((rc = db_step(st, NULL)) == 1) {
		if (!any++)
			htmlf(b, "<section><h2>%s</h2><ul class=\"uploads\">", _("Your recent uploads"));
		htmlf(b, "<li><a href=\"/imports?project=%U&amp;upload=%s\">%s</a> · %s · %s</li>", code,
		      db_col_text(st, 0), db_col_text(st, 2), kind_title(db_col_text(st, 1)),
		      state_label(db_col_text(st, 3)));
	}
	if (any)
		html(b, "</ul></section>");
	db_finalize(st);
}

static int imports_page(struct web_req *r, int status, const struct field_errors *fe, const char *token)
{
	struct office_page pg;
	struct buf *b = &pg.b;
	const struct office_project *cur;

	if (office_page_begin(r, &pg, _("Imports"), _("Imports"), "imports") < 0)
		return -1;
	if (!(cur = pg.cur))
		return office_page_end(r, &pg, status);
	office_project_switch(b, "/imports", pg.projects, pg.n, cur->id, 0);
	htmlf(b, "<p class=\"muted\">%s</p>", _("Each file is checked first: nothing is written until you confirm, "
					      "and a file with any problem is not imported at all."));
	if (token && *token)
		review(r, b, cur->code, token);
	html(b, "<div class=\"cards uploads\">");
	/* what the role may import: the route table refuses the rest */
	if (r->role_bit & (R_ADMIN | R_MANAGER)) {
		upload_form(r, b, fe, "units", cur->code);
		upload_form(r, b, fe, "arrears", cur->code);
	}
	upload_form(r, b, fe, "payments", cur->code);
	html(b, "</div>");
	recent(r, b, cur->code);
	return office_page_end(r, &pg, status);
}

int page_imports(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *token = web_arg(r, "upload");

	if (token && (strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64))
		token = NULL;
	return imports_page(r, 200, &fe, token);
}

static int redirect_to(struct web_req *r, const char *code, const char *token)
{
	struct buf to = BUF_INIT;

	buf_adds(&to, "/imports?project=");
	html_url(&to, code);
	buf_addf(&to, "&upload=%s", token);
	web_redirect(r, to.buf);
	buf_release(&to);
	return 0;
}

static int upload(struct web_req *r, const char *kind)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	char field[32], token[65], code[32];
	const struct form_field *file;
	const char *channel = web_arg(r, "channel");
	struct import_arg *a;
	struct buf b64 = BUF_INIT, name = BUF_INIT, err = BUF_INIT;
	unsigned char raw[32];
	int rc;

	snprintf(field, sizeof(field), "file_%s", kind);
	file = form_field(&r->body, field);
	if (!file || !file->len)
		field_error(&fe, field, _("choose a file (.xlsx or .csv)"));
	if (channel && *channel && !payment_channel_valid(channel))
		field_error(&fe, "channel", _("unknown channel"));
	if (!web_arg(r, "project") || !*web_arg(r, "project"))
		field_error(&fe, field, _("choose the project"));
	if (fe.n)
		return imports_page(r, 400, &fe, NULL);
	a = xcalloc(1, sizeof(*a));
	if (!a || office_project_code(r->db, r->project_id, code) < 0 || sodium_init() < 0) {
		free(a);
		return -1;
	}
	snprintf(a->code, sizeof(a->code), "%s", code);
	/* the name the browser gave, as text (else a neutral one) */
	if (file->filename && utf8_valid(file->filename, strlen(file->filename)) && *file->filename) {
		const char *slash = strrchr(file->filename, '/'), *bs = strrchr(file->filename, '\\');
		const char *base = slash && (!bs || slash > bs) ? slash + 1 : bs ? bs + 1 : file->filename;
		buf_adds(&name, base);
	}
	if (!name.len || name.len > 200)
		buf_setf(&name, "upload-%s", kind);
	for (size_t i = 0; i < name.len; i++)
		if ((unsigned char)name.buf[i] < 0x20)
			name.buf[i] = '_';
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, sizeof(token), raw, sizeof(raw));
	buf_grow(&b64, sodium_base64_ENCODED_LEN(file->len, sodium_base64_VARIANT_ORIGINAL));
	sodium_bin2base64(b64.buf, b64.alloc, (const unsigned char *)file->value, file->len,
			  sodium_base64_VARIANT_ORIGINAL);
	buf_setlen(&b64, strlen(b64.buf));
	/* uploads a day old go */
	db_run(r->db, NULL, NULL, "DELETE FROM web_upload WHERE created_at < ?", "i",
	       (int64_t)time(NULL) - UPLOAD_KEEP_SECONDS);
	rc = db_run(r->db, NULL, &err, "INSERT INTO web_upload (token, staff_id, project_id, kind, filename, size, data, "
		    "channel, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'checking', ?)", "tiittitti", token,
		    r->staff.id, r->project_id, kind, name.buf, (int64_t)file->len, b64.buf, channel ? channel : "",
		    (int64_t)time(NULL));
	buf_release(&b64);
	if (rc < 0) {
		free(a);
		buf_release(&name);
		buf_release(&err);
		return -1;
	}
	snprintf(a->token, sizeof(a->token), "%s", token);
	snprintf(a->kind, sizeof(a->kind), "%s", kind);
	snprintf(a->filename, sizeof(a->filename), "%s", name.buf);
	snprintf(a->channel, sizeof(a->channel), "%s", channel ? channel : "");
	snprintf(a->ip, sizeof(a->ip), "%s", r->client_ip);
	a->project_id = r->project_id;
	a->staff_id = r->staff.id;
	a->today = r->today;
	a->dry_run = 1;
	run_step(r, a, file->len); /* a is the step's now */
	buf_release(&name);
	buf_release(&err);
	return redirect_to(r, code, token);
}

static int confirm(struct web_req *r, const char *kind)
{
	const char *token = web_arg(r, "upload");
	struct import_arg *a;
	struct db_stmt *st;
	int64_t size = 0;
	char code[32];
	int rc;

	if (!token || strlen(token) != 64 || strspn(token, "0123456789abcdef") != 64)
		return web_error(r, 404, _("no such upload in this project (an upload is kept for a day)"));
	a = xcalloc(1, sizeof(*a));
	if (!a || office_project_code(r->db, r->project_id, code) < 0) {
		free(a);
		return -1;
	}
	snprintf(a->code, sizeof(a->code), "%s", code);
	/* claimed once: a second click while it runs changes nothing */
	if (db_prepare(r->db, &st, "UPDATE web_upload SET state = 'importing', job_id = 0 WHERE token = ? AND project_id = ? "
		       "AND kind = ? AND (state = 'valid' OR (state = 'failed' AND kind = 'payments')) "
		       "RETURNING filename, channel, size", NULL) < 0) {
		free(a);
		return -1;
	}
	db_bind_text(st, 1, token);
	db_bind_int64(st, 2, r->project_id);
	db_bind_text(st, 3, kind);
	if ((rc = db_step(st, NULL)) == 1) {
		snprintf(a->filename, sizeof(a->filename), "%s", db_col_text(st, 0));
		snprintf(a->channel, sizeof(a->channel), "%s", db_col_text(st, 1));
		size = db_col_int64(st, 2);
	}
	db_finalize(st);
	if (rc != 1) {
		free(a);
		return redirect_to(r, code, token);
	}
	snprintf(a->token, sizeof(a->token), "%s", token);
	snprintf(a->kind, sizeof(a->kind), "%s", kind);
	snprintf(a->ip, sizeof(a->ip), "%s", r->client_ip);
	a->project_id = r->project_id;
	a->staff_id = r->staff.id;
	a->today = r->today;
	a->dry_run = 0;
	run_step(r, a, (size_t)size); /* a is the step's now */
	return redirect_to(r, code, token);
}

int page_imports_units(struct web_req *r) { return upload(r, "units"); }
int page_imports_arrears(struct web_req *r) { return upload(r, "arrears"); }
int page_imports_payments(struct web_req *r) { return upload(r, "payments"); }
int page_imports_units_confirm(struct web_req *r) { return confirm(r, "units"); }
int page_imports_arrears_confirm(struct web_req *r) { return confirm(r, "arrears"); }
int page_imports_payments_confirm(struct web_req *r) { return confirm(r, "payments"); }
