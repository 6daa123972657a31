/* settings_comm.c: 设置 · 催缴与通知: the collection ladder (the text `wuye policy show`
 * prints), the message templates and the channels that carry them. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/xalloc.h"
#include "core/channels.h"
#include "core/policy.h"
#include "core/project.h"
#include "core/templates.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/settings.h"

#define POLICY_MAX_CHARS 20000
#define TEMPLATE_MAX_CHARS 2000
#define SETTINGS_MAX_CHARS 8000

static void form_head(struct web_req *r, struct buf *b, const char *action, const struct settings_page *p)
{
	htmlf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", action);
	layout_csrf(r, b);
	htmlf(b, "<input type=\"hidden\" name=\"project\" value=\"%s\">", settings_code(p));
}

/* Browsers send a textarea's lines with CR LF: the parsers read LF. */
static void drop_cr(char *s)
{
	char *w = s;

	for (; *s; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*w++ = *s;
	*w = '\0';
}

static int commit_and_back(struct web_req *r, const char *path, const char *action, const char *detail)
{
	struct buf err = BUF_INIT;
	char code[32];

	office_project_code(r->db, r->project_id, code);
	web_audit(r, action, code, detail);
	if (db_commit(r->db, &err) < 0) {
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return settings_saved(r, path);
}

static int is_known(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

/* ---- the collection ladder ---- */

int settings_policy_render(struct web_req *r, int status, const char *problems, int posted)
{
	struct settings_page p;
	struct policy pol;
	struct project pr;
	struct buf text = BUF_INIT, err = BUF_INIT;

	if (settings_begin(r, &p, "policy", _("Collection ladder")) < 0)
		return -1;
	if (p.cur) {
		if (!posted) {
			if (policy_get(r->db, p.cur->id, &pol, &err) < 0 || project_get(r->db, p.cur->id, &pr, &err) < 0) {
				layout_flash(&p.b, "error", err.buf);
				goto done;
			}
			policy_format(&text, &pol, pr.name);
		} else
			buf_adds(&text, office_echo(r, "policy"));
		htmlf(&p.b, "<p class=\"muted\">%s</p>", _("The ladder as `wuye policy show` prints it: change the days, who "
							  "does a step, or drop a line; the order of the steps is the law's "
							  "and does not change."));
		form_head(r, &p.b, "/settings/policy", &p);
		htmlf(&p.b, "<label>%s<textarea name=\"policy\" rows=\"28\" class=\"code\" spellcheck=\"false\"%s>%s</textarea>"
			    "</label>",
		      _("Ladder"), problems && *problems ? " aria-invalid=\"true\" aria-describedby=\"err-policy\"" : "",
		      text.buf);
		if (problems && *problems) {
			html(&p.b, "<div class=\"field-error\" id=\"err-policy\" role=\"alert\">");
			office_problem_list(&p.b, problems);
			html(&p.b, "</div>");
		}
		htmlf(&p.b, "<button type=\"submit\">%s</button></form>", _("Save the ladder"));
	}
done:
	buf_release(&text);
	buf_release(&err);
	return settings_end(r, &p, status);
}

int page_settings_policy(struct web_req *r)
{
	return settings_policy_render(r, 200, NULL, 0);
}

int page_settings_policy_save(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT;
	struct policy pol;
	char *text = NULL;
	const char *v = office_text(r, &fe, "policy", _("ladder"), POLICY_MAX_CHARS, 1);
	int rc;

	if (!v)
		return settings_policy_render(r, 400, fe.e[0].message, 1);
	text = xstrdup(v);
	if (!text)
		return -1;
	drop_cr(text);
	if (policy_parse(text, &pol, &err) < 0) {
		/* every problem names its line */
		rc = settings_policy_render(r, 400, err.buf, 1);
		free(text);
		buf_release(&err);
		return rc;
	}
	buf_reset(&err);
	if (db_begin(r->db, &err) < 0 || policy_store(r->db, r->project_id, text, r->staff.id, &err) < 0) {
		db_rollback(r->db);
		rc = settings_policy_render(r, 400, err.buf, 1);
		free(text);
		buf_release(&err);
		return rc;
	}
	free(text);
	buf_release(&err);
	return commit_and_back(r, "/settings/policy", "policy.load", "");
}

/* ---- message templates ---- */

static const char *channel_label(const char *ch)
{
	return !strcmp(ch, "sms") ? _("SMS") : !strcmp(ch, "wechat") ? _("WeChat") : !strcmp(ch, "email") ? _("e-mail")
													  : _("letter");
}

static const char *tstep_label(const char *step)
{
	int s = step_parse(step);
	return s >= 0 ? step_label(s) : !strcmp(step, "greeting") ? _("holiday greeting") : step;
}

int settings_templates_render(struct web_req *r, int status, const struct field_errors *fe, int posted)
{
	struct settings_page p;
	struct buf err = BUF_INIT, edit = BUF_INIT;
	const char *step = office_echo(r, "step"), *channel = office_echo(r, "channel");
	int editing = is_known(template_steps, step) && is_known(template_channels, channel);

	if (settings_begin(r, &p, "templates", _("Message templates")) < 0)
		return -1;
	if (!p.cur)
		return settings_end(r, &p, status);
	htmlf(&p.b, "<p class=\"muted\">%s</p>", _("SMS gateways refuse wording that demands payment: the built-in texts "
						  "are neutral bill notices, and a phone call or WeChat carries the firmer "
						  "steps."));
	htmlf(&p.b, "<div class=\"table-wrap\"><table class=\"templates\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		    "<th>%s</th><th></th></tr></thead><tbody>", _("Step"), _("Channel"), _("Source"), _("Text"));
	for (int s = 0; template_steps[s]; s++)
		for (int c = 0; template_channels[c]; c++) {
			struct template t;
			if (template_get(r->db, p.cur->id, template_steps[s], template_channels[c], &t, &err) < 0) {
				buf_reset(&err);
				continue;
			}
			htmlf(&p.b, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"template-text\">%s</td>"
				    "<td><a href=\"/settings/templates?project=%U&amp;step=%U&amp;channel=%U#edit\">%s</a></td></tr>",
			      tstep_label(t.step), channel_label(t.channel), t.builtin ? _("built-in") : _("project"), t.body,
			      p.cur->code, t.step, t.channel, _("Edit"));
			if (editing && !strcmp(step, t.step) && !strcmp(channel, t.channel)) {
				/* the form under the table, with what is stored (or what was typed) */
				htmlf(&edit, "<section id=\"edit\"><h3>%s · %s</h3>", tstep_label(t.step), channel_label(t.channel));
				form_head(r, &edit, "/settings/templates", &p);
				htmlf(&edit, "<input type=\"hidden\" name=\"step\" value=\"%s\"><input type=\"hidden\" "
					     "name=\"channel\" value=\"%s\">", t.step, t.channel);
				if (!strcmp(t.channel, "email"))
					field_input(&edit, fe, "subject", _("Subject"), "text",
						    posted ? office_echo(r, "subject") : t.subject, "maxlength=\"200\"");
				field_textarea(&edit, fe, "body", _("Text"), posted ? office_echo(r, "body") : t.body,
					       "rows=\"6\" required maxlength=\"2000\"");
				if (!strcmp(t.channel, "sms") || !strcmp(t.channel, "wechat"))
					field_input(&edit, fe, "vendor_template",
						    _("The vendor's approved template (SMS template code, WeChat template id)"),
						    "text", posted ? office_echo(r, "vendor_template") : t.vendor_template,
						    "maxlength=\"64\"");
				htmlf(&edit, "<button type=\"submit\">%s</button></form>", _("Save the template"));
				if (!t.builtin) {
					form_head(r, &edit, "/settings/templates/reset", &p);
					htmlf(&edit, "<input type=\"hidden\" name=\"step\" value=\"%s\"><input type=\"hidden\" "
						     "name=\"channel\" value=\"%s\"><button type=\"submit\" class=\"secondary\">%s</button>"
						     "</form>", t.step, t.channel, _("Back to the built-in text"));
				}
				html(&edit, "</section>");
			}
			template_free(&t);
		}
	html(&p.b, "</tbody></table></div>");
	buf_add(&p.b, edit.buf, edit.len);
	htmlf(&p.b, "<h3>%s</h3><dl class=\"vars\">", _("Variables"));
	for (int i = 0; i < TV_COUNT; i++)
		htmlf(&p.b, "<dt>{%s}</dt><dd>%s</dd>", template_var_names[i], template_var_help(i));
	html(&p.b, "</dl>");
	buf_release(&err);
	buf_release(&edit);
	return settings_end(r, &p, status);
}

int page_settings_templates(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	return settings_templates_render(r, 200, &fe, 0);
}

int page_settings_templates_save(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT, what = BUF_INIT;
	const char *step = web_arg(r, "step"), *channel = web_arg(r, "channel");
	const char *subject = office_text(r, &fe, "subject", _("subject"), 200, 0);
	const char *body = office_text(r, &fe, "body", _("text"), TEMPLATE_MAX_CHARS, 1);
	const char *vendor = office_text(r, &fe, "vendor_template", _("vendor template"), 64, 0);
	char *text;
	int rc;

	if (!is_known(template_steps, step) || !is_known(template_channels, channel))
		return web_error(r, 400, _("no such template"));
	if (vendor && strspn(vendor, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(vendor))
		field_error(&fe, "vendor_template", _("letters, digits, '_' and '-' only, as the vendor gave it"));
	/* a template naming an unknown variable is refused now, not when a message goes out */
	if (body && template_check(body, &err) < 0)
		field_error(&fe, "body", err.buf);
	buf_reset(&err);
	if (subject && *subject && template_check(subject, &err) < 0)
		field_error(&fe, "subject", err.buf);
	else if (subject && !*subject && !strcmp(channel, "email"))
		field_error(&fe, "subject", _("an e-mail needs a subject"));
	if (fe.n) {
		buf_release(&err);
		return settings_templates_render(r, 400, &fe, 1);
	}
	text = xstrdup(body);
	if (!text)
		return -1;
	drop_cr(text);
	buf_reset(&err);
	rc = db_begin(r->db, &err) < 0 ||
	     template_store(r->db, r->project_id, step, channel, subject, text, vendor, r->staff.id, &err) < 0;
	free(text);
	if (rc) {
		db_rollback(r->db);
		field_error(&fe, "body", err.buf);
		buf_release(&err);
		return settings_templates_render(r, 400, &fe, 1);
	}
	buf_addf(&what, "%s/%s", step, channel);
	rc = commit_and_back(r, "/settings/templates", "template.set", what.buf);
	buf_release(&what);
	buf_release(&err);
	return rc;
}

int page_settings_templates_reset(struct web_req *r)
{
	struct buf err = BUF_INIT, what = BUF_INIT;
	const char *step = web_arg(r, "step"), *channel = web_arg(r, "channel");
	int rc;

	if (!is_known(template_steps, step) || !is_known(template_channels, channel))
		return web_error(r, 400, _("no such template"));
	if (db_begin(r->db, &err) < 0 || template_reset(r->db, r->project_id, step, channel, &err) < 0) {
		db_rollback(r->db);
		web_error(r, 400, err.buf);
		buf_release(&err);
		return 0;
	}
	buf_addf(&what, "%s/%s", step, channel);
	rc = commit_and_back(r, "/settings/templates", "template.reset", what.buf);
	buf_release(&what);
	buf_release(&err);
	return rc;
}

/* ---- channels ---- */

static const char *const vendor_help[][2] = {
	{ "aliyun", "access_key_id, access_key_secret, sign_name" },
	{ "tencent", "secret_id, secret_key, sdk_app_id, sign_name, region" },
	{ "smtp", "url (smtp://host:port), username, password, from, from_name" },
	{ "wechat", "appid, secret" },
};

int settings_channels_render(struct web_req *r, int status, const struct field_errors *fe, int posted)
{
	const char *channels[] = { "sms", _("SMS"), "email", _("e-mail"), "wechat", _("WeChat"), NULL };
	static const char *const vendors[] = { "aliyun", "aliyun", "tencent", "tencent", "smtp", "smtp", "wechat", "wechat",
					       NULL };
	struct settings_page p;
	struct buf err = BUF_INIT;
	json_t *rows = NULL, *row;
	const char *edit = office_echo(r, "channel"), *vendor = "", *settings_text = "{}";
	char *pretty = NULL;
	size_t i;

	if (settings_begin(r, &p, "channels", _("Channels")) < 0)
		return -1;
	if (!p.cur)
		return settings_end(r, &p, status);
	if (channel_config_list(r->db, p.cur->id, &rows, &err) < 0) {
		layout_flash(&p.b, "error", err.buf);
		goto done;
	}
	if (!json_array_size(rows))
		htmlf(&p.b, "<p class=\"muted\">%s</p>", _("No channel yet: messages wait in the outbox until one is set."));
	else {
		htmlf(&p.b, "<div class=\"table-wrap\"><table class=\"channels\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
			    "<th></th></tr></thead><tbody>", _("Channel"), _("Vendor"), _("Settings"));
		json_array_foreach(rows, i, row) {
			const char *ch = json_string_value(json_object_get(row, "channel"));
			char *s = json_dumps(json_object_get(row, "settings"), JSON_INDENT(1) | JSON_SORT_KEYS);
			htmlf(&p.b, "<tr><td>%s</td><td>%s</td><td><pre class=\"code\">%s</pre></td><td>", channel_label(ch),
			      json_string_value(json_object_get(row, "vendor")), s ? s : "");
			free(s);
			if (r->role_bit & R_ADMIN) {
				htmlf(&p.b, "<a href=\"/settings/channels?project=%U&amp;channel=%U#edit\">%s</a>", p.cur->code, ch,
				      _("Edit"));
				form_head(r, &p.b, "/settings/channels/remove", &p);
				htmlf(&p.b, "<input type=\"hidden\" name=\"channel\" value=\"%s\"><button type=\"submit\" "
					    "class=\"secondary\">%s</button></form>", ch, _("Remove"));
			}
			html(&p.b, "</td></tr>");
			if (!posted && !strcmp(ch, edit)) {
				vendor = json_string_value(json_object_get(row, "vendor"));
				pretty = json_dumps(json_object_get(row, "settings"), JSON_INDENT(2) | JSON_SORT_KEYS);
				settings_text = pretty ? pretty : "{}";
			}
		}
		html(&p.b, "</tbody></table></div>");
	}
	if (!(r->role_bit & R_ADMIN)) {
		htmlf(&p.b, "<p class=\"muted\">%s</p>", _("An administrator sets the channels."));
		goto done;
	}
	if (posted) {
		vendor = office_echo(r, "vendor");
		settings_text = office_echo(r, "settings");
	}
	htmlf(&p.b, "<section id=\"edit\"><h3>%s</h3>", _("Set a channel"));
	htmlf(&p.b, "<p class=\"muted\">%s</p><ul class=\"muted\">", _("The settings are a JSON object; secrets show as "
								       "**** and are kept when left so. The channel is "
								       "opened with them before they are saved."));
	for (size_t k = 0; k < sizeof(vendor_help) / sizeof(vendor_help[0]); k++)
		htmlf(&p.b, "<li>%s: %s</li>", vendor_help[k][0], vendor_help[k][1]);
	html(&p.b, "</ul>");
	form_head(r, &p.b, "/settings/channels", &p);
	field_select(&p.b, fe, "channel", _("Channel"), channels, edit);
	field_select(&p.b, fe, "vendor", _("Vendor"), vendors, vendor);
	field_textarea(&p.b, fe, "settings", _("Settings (JSON)"), settings_text,
		       "rows=\"10\" class=\"code\" spellcheck=\"false\" required");
	htmlf(&p.b, "<button type=\"submit\">%s</button></form></section>", _("Save the channel"));
done:
	free(pretty);
	json_decref(rows);
	buf_release(&err);
	return settings_end(r, &p, status);
}

int page_settings_channels(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	return settings_channels_render(r, 200, &fe, 0);
}

/* Secrets come back as ****: the stored value stands for each (same vendor only). */
static int keep_secrets(json_t *settings, const char *vendor, const char *stored_vendor, json_t *stored,
			struct field_errors *fe)
{
	const char *k;
	json_t *v;
	struct buf msg = BUF_INIT;

	json_object_foreach(settings, k, v) {
		json_t *old;
		if (!json_is_string(v) || strcmp(json_string_value(v), CHANNEL_SECRET_MASK))
			continue;
		old = stored && !strcmp(vendor, stored_vendor) ? json_object_get(stored, k) : NULL;
		if (!old) {
			buf_addf(&msg, _("give the value of %s (**** stands only for a value already saved)"), k);
			field_error(fe, "settings", msg.buf);
			buf_release(&msg);
			return -1;
		}
		json_object_set(settings, k, old);
	}
	return 0;
}

int page_settings_channels_save(struct web_req *r)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct buf err = BUF_INIT, msg = BUF_INIT;
	const char *channel = office_text(r, &fe, "channel", _("channel"), 8, 1);
	const char *vendor = office_text(r, &fe, "vendor", _("vendor"), 8, 1);
	const char *text = office_text(r, &fe, "settings", _("settings"), SETTINGS_MAX_CHARS, 1);
	const char *want = vendor ? channel_of_vendor(vendor) : NULL;
	json_t *settings = NULL, *stored = NULL;
	json_error_t je;
	char stored_vendor[16];
	int rc;

	if (channel && strcmp(channel, "sms") && strcmp(channel, "email") && strcmp(channel, "wechat"))
		field_error(&fe, "channel", _("choose SMS, e-mail or WeChat"));
	else if (vendor && !want)
		field_error(&fe, "vendor", _("choose a vendor"));
	else if (channel && want && strcmp(want, channel)) {
		buf_addf(&msg, _("vendor %s is for the %s channel, not %s"), vendor, want, channel);
		field_error(&fe, "vendor", msg.buf);
	}
	if (text && !(settings = json_loads(text, 0, &je))) {
		buf_reset(&msg);
		buf_addf(&msg, _("line %d: not JSON: %s"), je.line, je.text);
		field_error(&fe, "settings", msg.buf);
	} else if (settings && !json_is_object(settings))
		field_error(&fe, "settings", _("the settings must be a JSON object: { \"key\": \"value\", … }"));
	if (!fe.n && (channel_config_get(r->db, r->project_id, channel, stored_vendor, &stored, &err) < 0 ||
		      keep_secrets(settings, vendor, stored_vendor, stored, &fe) < 0) && !fe.n)
		field_error(&fe, "settings", err.buf);
	json_decref(stored);
	buf_release(&msg);
	if (fe.n) {
		json_decref(settings);
		buf_release(&err);
		return settings_channels_render(r, 400, &fe, 1);
	}
	buf_reset(&err);
	rc = db_begin(r->db, &err) < 0 ||
	     channel_config_set(r->db, r->project_id, channel, vendor, settings, r->staff.id, &err) < 0;
	json_decref(settings);
	if (rc) {
		db_rollback(r->db);
		field_error(&fe, "settings", err.buf);
		buf_release(&err);
		return settings_channels_render(r, 400, &fe, 1);
	}
	buf_release(&err);
	/* what changed, never the keys */
	return commit_and_back(r, "/settings/channels", "channel.set", channel);
}

int page_settings_channels_remove(struct web_req *r)
{
	struct buf err = BUF_INIT;
	const char *channel = web_arg(r, "channel");

	if (!channel || (strcmp(channel, "sms") && strcmp(channel, "email") && strcmp(channel, "wechat")))
		return web_error(r, 400, _("no such channel"));
	if (db_begin(r->db, &err) < 0 || channel_config_remove(r->db, r->project_id, channel, &err) < 0) {
		db_rollback(r->db);
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return commit_and_back(r, "/settings/channels", "channel.remove", channel);
}
