/* templates.c: wuye template list|show|set|reset|vars, wuye campaign greeting|care. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/campaign.h"
#include "core/templates.h"

int cmd_template_list(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "step", N_("Step"), COL_TEXT, NULL },
		{ "channel", N_("Channel"), COL_TEXT, NULL },
		{ "source", N_("Source"), COL_TEXT, NULL },
		{ "vendor_template", N_("Vendor template"), COL_TEXT, NULL },
		{ "body", N_("Text"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	json_t *rows = json_array();
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_project(c, project, &project_id))) {
		json_decref(rows);
		return rc;
	}
	for (int s = 0; template_steps[s]; s++)
		for (int ch = 0; template_channels[ch]; ch++) {
			struct template t;
			if (template_get(c->db, project_id, template_steps[s], template_channels[ch], &t, &err) < 0) {
				json_decref(rows);
				return cmd_fail(c, &err);
			}
			json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "step", t.step, "channel",
							      t.channel, "source", t.builtin ? _("built-in") : _("project"),
							      "vendor_template", t.vendor_template, "subject", t.subject,
							      "body", t.body));
			template_free(&t);
		}
	buf_release(&err);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

int cmd_template_show(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[2];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	struct template t;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)) ||
	    (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (template_get(c->db, project_id, pos[0], pos[1], &t, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *j = json_pack("{s:s,s:s,s:b,s:s,s:s,s:s}", "step", t.step, "channel", t.channel, "builtin", t.builtin,
				      "subject", t.subject, "body", t.body, "vendor_template", t.vendor_template);
		rc = output_json(j);
		json_decref(j);
	} else {
		if (*t.subject)
			printf("%s: %s\n", _("Subject"), t.subject);
		if (*t.vendor_template)
			printf("%s: %s\n", _("Vendor template"), t.vendor_template);
		printf("%s\n", t.body);
		rc = 0;
	}
	template_free(&t);
	return rc;
}

int cmd_template_set(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *text = NULL, *file = NULL, *subject = NULL, *vendor = NULL, *pos[2];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--text", OPT_STRING, &text },
				    { "--file", OPT_STRING, &file }, { "--subject", OPT_STRING, &subject },
				    { "--vendor-template", OPT_STRING, &vendor }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT, body = BUF_INIT;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)) ||
	    (rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (!text == !file)
		return cmd_usage_error(c, _("give --text TEXT or --file FILE"));
	if (file && cmd_read_file(file, &body, &err) < 0)
		return cmd_fail(c, &err);
	if (text)
		buf_adds(&body, text);
	buf_trim(&body);
	rc = db_begin(c->db, &err) < 0 ||
	     template_store(c->db, project_id, pos[0], pos[1], subject, body.buf ? body.buf : "", vendor, c->actor.id,
			    &err) < 0;
	buf_release(&body);
	if (rc)
		return cmd_fail(c, &err);
	cmd_audit(c, "template.set", project, pos[0]);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_template_reset(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[2];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 2, &npos)) || (rc = cmd_need_args(c, npos, 2)) ||
	    (rc = cmd_require_role(c, "admin|manager")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (db_begin(c->db, &err) < 0 || template_reset(c->db, project_id, pos[0], pos[1], &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "template.reset", project, pos[0]);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_template_vars(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "variable", N_("Variable"), COL_TEXT, NULL },
		{ "meaning", N_("Meaning"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *pos[1];
	const struct opt opts[] = { { NULL, 0, NULL } };
	json_t *rows;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)))
		return rc;
	rows = json_array();
	for (int i = 0; i < TV_COUNT; i++) {
		char name[40];
		snprintf(name, sizeof(name), "{%s}", template_var_names[i]);
		json_array_append_new(rows, json_pack("{s:s,s:s}", "variable", name, "meaning", template_var_help(i)));
	}
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

int cmd_campaign_greeting(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *name = NULL, *segment = "all", *text = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--name", OPT_STRING, &name },
				    { "--segment", OPT_STRING, &segment }, { "--text", OPT_STRING, &text },
				    { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id, id;
	int npos, rc, owners, queued;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_require_role(c, "admin|manager|service")) ||
	    (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (campaign_greeting(c->db, project_id, c->today, name, segment, text, c->actor.id, &id, &owners, &queued,
			      &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "campaign.greeting", project, name);
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *j = json_pack("{s:I,s:i,s:i}", "id", (json_int_t)id, "owners", owners, "messages", queued);
		rc = output_json(j);
		json_decref(j);
		return rc;
	}
	printf(_("campaign %lld: %d owners, %d messages queued (wuye send delivers them)\n"), (long long)id, owners, queued);
	return 0;
}

int cmd_campaign_care(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	int npos, rc, created;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_require_role(c, "admin|manager|service")) ||
	    (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (campaign_care(c->db, project_id, c->today, &created, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	printf(_("%d care-call tasks for this month\n"), created);
	return 0;
}
