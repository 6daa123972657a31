/* notify.c: wuye send, outbox, channel set|show|remove, receipts. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/str.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "core/channels.h"
#include "core/outbox.h"
#include "core/sender.h"
#include "notify/notify.h"

/* The moment a run acts at: --at HH:MM on --today; without --at, now when --today is
 * today, else 08:00 of --today (CLI.md: a run for --today D acts at 08:00 on D). */
static int run_moment(struct ctx *c, const char *at, int64_t *now)
{
	int64_t midnight = (int64_t)c->today * 86400 - 8 * 3600; /* Asia/Shanghai */
	int h, m;
	char tail;

	if (at) {
		if (sscanf(at, "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
			return cmd_usage_error(c, _("--at needs a time of day as HH:MM, not '%s'"), at);
		*now = midnight + h * 3600 + m * 60;
	} else if (c->today == date_today_shanghai())
		*now = (int64_t)time(NULL);
	else
		*now = midnight + 8 * 3600;
	return 0;
}

int cmd_send(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *at = NULL, *pos[1];
	int limit = 0, batch = 0;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--at", OPT_STRING, &at },
				    { "--limit", OPT_INT, &limit }, { "--batch", OPT_INT, &batch }, { NULL, 0, NULL } };
	struct send_options o;
	struct send_result r;
	struct buf err = BUF_INIT;
	int npos, rc;

	memset(&o, 0, sizeof(o));
	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_require_role(c, "admin|manager")) ||
	    (project && (rc = cmd_project(c, project, &o.project_id))) || (rc = run_moment(c, at, &o.now)))
		return rc;
	if (limit < 0 || batch < 0 || batch > 10000)
		return cmd_usage_error(c, _("--limit and --batch must be positive (--batch at most 10000)"));
	o.limit = limit;
	o.batch = batch;
	if (send_run(c->db, &o, &r, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (c->format == FORMAT_JSON) {
		json_t *j = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "sent", r.sent, "retry", r.retry, "failed",
				      r.failed, "cancelled", r.cancelled, "superseded", r.superseded, "held", r.postponed,
				      "no_channel", r.unconfigured, "recovered", r.recovered, "quiet_projects", r.quiet_projects);
		rc = output_json(j);
		json_decref(j);
		return rc;
	}
	printf(_("sent %d, to retry %d, failed %d, cancelled (paid) %d, superseded %d, held (too soon) %d, "
		 "waiting for a channel %d, recovered after a crash %d"),
	       r.sent, r.retry, r.failed, r.cancelled, r.superseded, r.postponed, r.unconfigured, r.recovered);
	putchar('\n');
	if (r.quiet_projects)
		printf(_("%d project(s) in quiet hours: nothing sent there\n"), r.quiet_projects);
	return 0;
}

static void render_channel(struct buf *out, json_t *row)
{
	const char *ch = json_string_value(json_object_get(row, "channel"));
	buf_adds(out, !strcmp(ch, "sms") ? _("SMS") : !strcmp(ch, "wechat") ? _("WeChat") : !strcmp(ch, "email") ? _("e-mail")
		      : _("letter"));
}

static void render_state(struct buf *out, json_t *row)
{
	static const char *const states[][2] = {
		{ "queued", N_("queued") }, { "sending", N_("sending") }, { "sent", N_("sent") },
		{ "delivered", N_("delivered") }, { "failed", N_("failed") }, { "cancelled", N_("cancelled") },
	};
	const char *s = json_string_value(json_object_get(row, "state"));
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcmp(states[i][0], s)) {
			buf_adds(out, _(states[i][1]));
			return;
		}
	buf_adds(out, s);
}

int cmd_outbox(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "id", N_("Message"), COL_INT, NULL },
		{ "created", N_("Created"), COL_TEXT, NULL },
		{ "unit", N_("Unit"), COL_TEXT, NULL },
		{ "step", N_("Step"), COL_TEXT, NULL },
		{ "channel", N_("Channel"), COL_CUSTOM, render_channel },
		{ "address", N_("To"), COL_TEXT, NULL },
		{ "state", N_("State"), COL_CUSTOM, render_state },
		{ "attempts", N_("Tries"), COL_INT, NULL },
		{ "answer", N_("Answer"), COL_TEXT, NULL },
		{ "text", N_("Text"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	static const char *const states[] = { "queued", "sending", "sent", "delivered", "failed", "cancelled", NULL };
	const char *project = NULL, *state = NULL, *channel = NULL, *pos[1];
	int64_t project_id = 0;
	int limit = 0, show = 0, npos, rc, known = 0;
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--state", OPT_STRING, &state },
				    { "--channel", OPT_STRING, &channel }, { "--limit", OPT_INT, &limit },
				    { "--show-address", OPT_FLAG, &show }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	json_t *rows;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (project && (rc = cmd_project(c, project, &project_id))))
		return rc;
	if (project_id && (rc = cmd_require_project(c, project_id)))
		return rc;
	if (!project_id && (rc = cmd_require_role(c, "admin")))
		return rc;
	for (int i = 0; state && states[i]; i++)
		known |= !strcmp(states[i], state);
	if (state && !known)
		return cmd_usage_error(c, _("--state must be queued, sending, sent, delivered, failed or cancelled"));
	if (channel && strcmp(channel, "sms") && strcmp(channel, "wechat") && strcmp(channel, "email") &&
	    strcmp(channel, "letter"))
		return cmd_usage_error(c, _("--channel must be sms, wechat, email or letter"));
	/* the full number is for those who call owners */
	if (show && (rc = cmd_require_role(c, "admin|manager|steward|service")))
		return rc;
	if (outbox_list_json(c->db, project_id, state, channel, limit, show, &rows, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	if (show)
		cmd_audit(c, "outbox.show-address", project ? project : "*", state ? state : "");
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

int cmd_channel_set(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *vendor = NULL, *file = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { "--vendor", OPT_STRING, &vendor },
				    { "--settings", OPT_STRING, &file }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT, text = BUF_INIT;
	json_error_t je;
	json_t *settings;
	int64_t project_id;
	const char *want;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)) ||
	    (rc = cmd_require_role(c, "admin")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (!vendor || !file)
		return cmd_usage_error(c, _("--vendor and --settings FILE are required"));
	want = channel_of_vendor(vendor);
	if (!want)
		return cmd_usage_error(c, _("unknown vendor '%s' (aliyun, tencent, smtp or wechat)"), vendor);
	if (strcmp(want, pos[0]))
		return cmd_error(_("vendor %s is for the %s channel, not %s"), vendor, want, pos[0]);
	if (cmd_read_file(file, &text, &err) < 0)
		return cmd_fail(c, &err);
	settings = json_loads(text.buf, 0, &je);
	buf_release(&text);
	if (!settings || !json_is_object(settings)) {
		json_decref(settings);
		return cmd_error(_("%s: line %d: not a JSON object of settings: %s"), file, je.line, je.text);
	}
	/* the channel opens with these settings, or they are refused now */
	rc = db_begin(c->db, &err) < 0 || channel_config_set(c->db, project_id, pos[0], vendor, settings, c->actor.id, &err) < 0;
	json_decref(settings);
	if (rc)
		return cmd_fail(c, &err);
	cmd_audit(c, "channel.set", project, pos[0]); /* what changed, never the keys */
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_channel_show(struct ctx *c, int argc, char **argv)
{
	static const struct column cols[] = {
		{ "channel", N_("Channel"), COL_TEXT, NULL },
		{ "vendor", N_("Vendor"), COL_TEXT, NULL },
		{ "settings", N_("Settings"), COL_TEXT, NULL },
		{ NULL, NULL, 0, NULL },
	};
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	json_t *rows, *row;
	int64_t project_id;
	size_t i;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 0, &npos)) || (rc = cmd_require_role(c, "admin|manager")) ||
	    (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (channel_config_list(c->db, project_id, &rows, &err) < 0)
		return cmd_fail(c, &err);
	/* the settings as one line of JSON, secrets masked */
	json_array_foreach(rows, i, row) {
		char *text = json_dumps(json_object_get(row, "settings"), JSON_COMPACT | JSON_SORT_KEYS);
		json_object_set_new(row, "settings", json_string(text ? text : "{}"));
		free(text);
	}
	buf_release(&err);
	rc = output_rows(c, rows, cols);
	json_decref(rows);
	return rc;
}

int cmd_channel_remove(struct ctx *c, int argc, char **argv)
{
	const char *project = NULL, *pos[1];
	const struct opt opts[] = { { "--project", OPT_STRING, &project }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT;
	int64_t project_id;
	int npos, rc;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)) ||
	    (rc = cmd_require_role(c, "admin")) || (rc = cmd_project(c, project, &project_id)))
		return rc;
	if (db_begin(c->db, &err) < 0 || channel_config_remove(c->db, project_id, pos[0], &err) < 0)
		return cmd_fail(c, &err);
	cmd_audit(c, "channel.remove", project, pos[0]);
	if (db_commit(c->db, &err) < 0)
		return cmd_fail(c, &err);
	buf_release(&err);
	return 0;
}

int cmd_receipts(struct ctx *c, int argc, char **argv)
{
	const char *vendor = NULL, *pos[1];
	const struct opt opts[] = { { "--vendor", OPT_STRING, &vendor }, { NULL, 0, NULL } };
	struct buf err = BUF_INIT, body = BUF_INIT;
	struct notify_receipt *r = NULL;
	size_t n = 0;
	int npos, rc, matched;

	if ((rc = cmd_parse(c, argc, argv, opts, pos, 1, &npos)) || (rc = cmd_need_args(c, npos, 1)) ||
	    (rc = cmd_require_role(c, "admin|manager")))
		return rc;
	if (!vendor)
		return cmd_usage_error(c, _("--vendor is required (aliyun, tencent or wechat)"));
	if (cmd_read_file(pos[0], &body, &err) < 0 ||
	    notify_parse_receipts(vendor, body.buf ? body.buf : "", body.len, &r, &n, &err) < 0 ||
	    outbox_apply_receipts(c->db, vendor, r, n, &matched, &err) < 0) {
		buf_release(&body);
		free(r);
		return cmd_fail(c, &err);
	}
	buf_release(&body);
	buf_release(&err);
	free(r);
	printf(_("%zu delivery reports, %d about our messages\n"), n, matched);
	return 0;
}
