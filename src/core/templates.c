/* templates.c: message templates: the built-in wording, checking, rendering, storage. */
#include "core/templates.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"

const char *const template_var_names[TV_COUNT] = {
	"name", "units", "months", "amount", "due", "deadline", "link", "office_phone", "project", "today",
};

const char *template_var_help(int var)
{
	static const char *const help[TV_COUNT] = {
		N_("the owner's name with the honorific (王伟业主); a developer's account by its name"),
		N_("the units the message is about (3-2-1201、3-2-1202)"),
		N_("months since the oldest open bill fell due"),
		N_("the open amount (¥1,234.56)"),
		N_("the due date of the oldest open bill"),
		N_("the deadline of a written notice (today + the policy's days)"),
		N_("the owner's pay link"),
		N_("the management office's phone"),
		N_("the project's name"),
		N_("the day of the message"),
	};
	return var >= 0 && var < TV_COUNT ? tr(help[var]) : "";
}

const char *const template_steps[] = { "prenotice", "reminder", "greeting", NULL };
const char *const template_channels[] = { "sms", "wechat", "email", "letter", NULL };

/* The built-in wording.  SMS and WeChat texts are neutral bill notices: the providers
 * refuse 催款 wording, and the firmer steps of the ladder are people's, not messages'.
 * The SMS signature 【…】 is the gateway's, added to what the template says. */
struct builtin {
	const char *step, *channel, *subject, *body;
};

#define PAY_AND_ASK "可通过微信、支付宝或到管理处缴纳，缴费链接：{link}。如有疑问请致电{office_phone}。"
static const struct builtin builtins[] = {
	{ "prenotice", "sms", "", "【{project}】尊敬的{name}：您名下房屋{units}本期物业服务费等费用共{amount}，应缴日期为{due}。" PAY_AND_ASK },
	{ "prenotice", "wechat", "", "尊敬的{name}：您名下房屋{units}本期物业服务费等费用共{amount}，应缴日期为{due}。" PAY_AND_ASK },
	{ "prenotice", "email", "【{project}】物业服务费缴费通知（应缴日期 {due}）",
	  "尊敬的{name}：\n\n您名下房屋{units}本期物业服务费等费用共{amount}，应缴日期为{due}。\n\n"
	  "可通过微信、支付宝或到管理处缴纳，缴费链接：{link}\n如有疑问请致电{office_phone}。\n\n{project}物业服务中心\n{today}\n" },
	{ "prenotice", "letter", "", "尊敬的{name}：您名下房屋{units}本期物业服务费等费用共{amount}，应缴日期为{due}。" PAY_AND_ASK },
	{ "reminder", "sms", "", "【{project}】尊敬的{name}：您名下房屋{units}的物业服务费等费用{amount}（最早一笔应缴日期{due}）尚未缴纳，如已缴纳请忽略。" PAY_AND_ASK },
	{ "reminder", "wechat", "", "尊敬的{name}：您名下房屋{units}的物业服务费等费用{amount}（最早一笔应缴日期{due}）尚未缴纳，如已缴纳请忽略。" PAY_AND_ASK },
	{ "reminder", "email", "【{project}】物业服务费缴费提醒",
	  "尊敬的{name}：\n\n您名下房屋{units}的物业服务费等费用{amount}（最早一笔应缴日期{due}）尚未缴纳，如已缴纳请忽略。\n\n"
	  "可通过微信、支付宝或到管理处缴纳，缴费链接：{link}\n如有疑问请致电{office_phone}。\n\n{project}物业服务中心\n{today}\n" },
	{ "reminder", "letter", "", "尊敬的{name}：您名下房屋{units}的物业服务费等费用{amount}（最早一笔应缴日期{due}）尚未缴纳，如已缴纳请忽略。" PAY_AND_ASK },
	{ "greeting", "sms", "", "【{project}】尊敬的{name}：节日快乐！{project}物业服务中心全体员工祝您和家人幸福安康。如有需要请致电{office_phone}。" },
	{ "greeting", "wechat", "", "尊敬的{name}：节日快乐！{project}物业服务中心全体员工祝您和家人幸福安康。如有需要请致电{office_phone}。" },
	{ "greeting", "email", "【{project}】节日问候",
	  "尊敬的{name}：\n\n节日快乐！{project}物业服务中心全体员工祝您和家人幸福安康。\n如有需要请致电{office_phone}。\n\n{project}物业服务中心\n{today}\n" },
	{ "greeting", "letter", "", "尊敬的{name}：节日快乐！{project}物业服务中心全体员工祝您和家人幸福安康。如有需要请致电{office_phone}。" },
};
#undef PAY_AND_ASK

static int var_lookup(const char *name, size_t len)
{
	for (int i = 0; i < TV_COUNT; i++)
		if (strlen(template_var_names[i]) == len && !memcmp(template_var_names[i], name, len))
			return i;
	return -1;
}

/* Walks a text: calls lit for literal runs, var for variables; returns -1 with err
 * filled at the first problem. */
typedef void (*lit_fn)(void *ctx, const char *s, size_t n);
typedef void (*var_fn)(void *ctx, int var);

/* The position of p in text, in characters (UTF-8), from 1. */
static int char_pos(const char *text, const char *p)
{
	int n = 1;

	for (const char *q = text; q < p; q++)
		n += ((unsigned char)*q & 0xC0) != 0x80;
	return n;
}

static int walk(const char *text, lit_fn lit, var_fn var, void *ctx, struct buf *err)
{
	const char *p = text;

	while (*p) {
		const char *open = strpbrk(p, "{}");
		if (!open) {
			lit(ctx, p, strlen(p));
			break;
		}
		lit(ctx, p, (size_t)(open - p));
		if (open[0] == open[1]) { /* {{ or }} */
			lit(ctx, open, 1);
			p = open + 2;
			continue;
		}
		if (*open == '}')
			return error(err, _("a '}' without its '{' at character %d (write }} for a brace)"),
				     char_pos(text, open));
		{
			const char *close = strchr(open + 1, '}');
			int v;
			if (!close)
				return error(err, _("a '{' without its '}' at character %d (write {{ for a brace)"),
					     char_pos(text, open));
			v = var_lookup(open + 1, (size_t)(close - open - 1));
			if (v < 0)
				return error(err, _("unknown variable {%.*s} at character %d (known: name, units, months, "
						    "amount, due, deadline, link, office_phone, project, today)"),
					     (int)(close - open - 1), open + 1, char_pos(text, open));
			var(ctx, v);
			p = close + 1;
		}
	}
	return 0;
}

static void lit_none(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	(void)s;
	(void)n;
}

static void var_none(void *ctx, int v)
{
	(void)ctx;
	(void)v;
}

int template_check(const char *text, struct buf *err)
{
	if (!text || !*text)
		return error(err, _("the template is empty"));
	return walk(text, lit_none, var_none, NULL, err);
}

struct used {
	int *out, n;
};

static void var_used(void *ctx, int v)
{
	struct used *u = ctx;
	for (int i = 0; i < u->n; i++)
		if (u->out[i] == v)
			return;
	u->out[u->n++] = v;
}

int template_vars_used(const char *text, int out[TV_COUNT])
{
	struct used u = { out, 0 };

	if (walk(text, lit_none, var_used, &u, NULL) < 0)
		return 0;
	return u.n;
}

struct render {
	struct buf *out;
	const struct template_values *v;
};

static void lit_render(void *ctx, const char *s, size_t n)
{
	buf_add(((struct render *)ctx)->out, s, n);
}

static void var_render(void *ctx, int v)
{
	struct render *r = ctx;
	if (r->v->v[v])
		buf_adds(r->out, r->v->v[v]);
}

void template_render(struct buf *out, const char *text, const struct template_values *v)
{
	struct render r = { out, v };

	walk(text, lit_render, var_render, &r, NULL);
}

void template_params_text(struct buf *out, const char *text, const struct template_values *v)
{
	int used[TV_COUNT], n;

	if (text)
		n = template_vars_used(text, used);
	else
		for (n = 0; n < TV_COUNT; n++)
			used[n] = n;
	buf_addch(out, '{');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_addch(out, ',');
		buf_add_json_string(out, template_var_names[used[i]]);
		buf_addch(out, ':');
		buf_add_json_string(out, v->v[used[i]] ? v->v[used[i]] : "");
	}
	buf_addch(out, '}');
}

void template_values_from_json(struct template_values *v, const json_t *params)
{
	for (int i = 0; i < TV_COUNT; i++)
		v->v[i] = json_string_value(json_object_get(params, template_var_names[i]));
}

static int known(const char *const *list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

static int check_key(const char *step, const char *channel, struct buf *err)
{
	if (!known(template_steps, step))
		return error(err, _("no message template for step '%s' (prenotice, reminder or greeting)"), step);
	if (!known(template_channels, channel))
		return error(err, _("unknown channel '%s' (sms, wechat, email or letter)"), channel);
	return 0;
}

int template_get(struct db *db, int64_t project_id, const char *step, const char *channel, struct template *out,
		 struct buf *err)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (check_key(step, channel, err) < 0)
		return -1;
	snprintf(out->step, sizeof(out->step), "%s", step);
	snprintf(out->channel, sizeof(out->channel), "%s", channel);
	if (db_cached(db, &st, "SELECT subject, body, vendor_template FROM message_template "
		      "WHERE project_id = ? AND step = ? AND channel = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	db_bind_text(st, 2, step);
	db_bind_text(st, 3, channel);
	rc = db_step(st, err);
	if (rc == 1) {
		out->subject = xstrdup(db_col_text(st, 0));
		out->body = xstrdup(db_col_text(st, 1));
		out->vendor_template = xstrdup(db_col_text(st, 2));
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
			if (!strcmp(builtins[i].step, step) && !strcmp(builtins[i].channel, channel)) {
				out->subject = xstrdup(builtins[i].subject);
				out->body = xstrdup(builtins[i].body);
				out->vendor_template = xstrdup("");
				out->builtin = 1;
				return 0;
			}
		return error(err, _("no message template for step '%s' on %s"), step, channel);
	}
	return 0;
}

void template_free(struct template *t)
{
	free(t->subject);
	free(t->body);
	free(t->vendor_template);
	memset(t, 0, sizeof(*t));
}

int template_store(struct db *db, int64_t project_id, const char *step, const char *channel, const char *subject,
		   const char *body, const char *vendor_template, int64_t staff_id, struct buf *err)
{
	if (check_key(step, channel, err) < 0 || template_check(body, err) < 0)
		return -1;
	if (subject && *subject && template_check(subject, err) < 0)
		return error_add(err, _(" (in the subject)"));
	if (!strcmp(channel, "email") && (!subject || !*subject))
		return error(err, _("an e-mail template needs a subject (--subject)"));
	return db_run(db, NULL, err, "INSERT INTO message_template (project_id, step, channel, subject, body, "
		      "vendor_template, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		      "ON CONFLICT (project_id, step, channel) DO UPDATE SET subject = excluded.subject, "
		      "body = excluded.body, vendor_template = excluded.vendor_template, "
		      "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
		      "ittttt" "ni", project_id, step, channel, subject ? subject : "", body,
		      vendor_template ? vendor_template : "", staff_id, (int64_t)time(NULL)) < 0 ? -1 : 0;
}

int template_reset(struct db *db, int64_t project_id, const char *step, const char *channel, struct buf *err)
{
	if (check_key(step, channel, err) < 0)
		return -1;
	return db_run(db, NULL, err, "DELETE FROM message_template WHERE project_id = ? AND step = ? AND channel = ?",
		      "itt", project_id, step, channel) < 0 ? -1 : 0;
}
