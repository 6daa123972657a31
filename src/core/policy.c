/* policy.c: the ladder and its settings: defaults, text form, parsing, storage. */
#include "core/policy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/money.h"
#include "base/str.h"
#include "base/xalloc.h"

const char *const step_names[STEP_COUNT] = {
	"prenotice", "reminder", "phone", "visit", "notice", "interview", "review", "committee", "lawyer", "lawsuit",
	"promise-followup", "plan-followup", "trace", "limitation", "service-failure", "care",
};

static const char *const step_labels[STEP_COUNT] = {
	"缴费通知", "催费提醒", "电话催缴", "上门催缴", "书面催缴通知书", "经理面谈", "欠费原因分类", "业委会协助",
	"律师函", "诉讼/仲裁决定", "约定缴费跟进", "分期缴费跟进", "查找联系方式", "诉讼时效预警", "服务问题升级",
	"关怀回访",
};

static const char *const step_channels[STEP_COUNT] = {
	"sms+wechat", "sms+wechat", "phone", "visit", "notice", "interview", "review", "committee", "letter", "legal",
	"phone", "phone", "phone", "notice", "interview", "phone",
};

static const char *const doer_names[] = { "auto", "steward", "manager", "legal", "service" };

int step_parse(const char *name)
{
	for (int i = 0; i < STEP_COUNT; i++)
		if (!strcmp(name, step_names[i]))
			return i;
	return -1;
}

const char *step_label(int step)
{
	return step >= 0 && step < STEP_COUNT ? step_labels[step] : "";
}

const char *step_channel(int step)
{
	return step >= 0 && step < STEP_COUNT ? step_channels[step] : "";
}

int step_is_auto(const struct policy *p, int step)
{
	return step >= 0 && step < LADDER_STEPS && p->steps[step].who == DOER_AUTO;
}

void policy_default(struct policy *p)
{
	static const int days[LADDER_STEPS] = { -7, 1, 4, 7, 30, 60, 90, 120, 365, 455 };
	static const enum doer who[LADDER_STEPS] = {
		DOER_AUTO, DOER_AUTO, DOER_STEWARD, DOER_STEWARD, DOER_STEWARD, DOER_MANAGER, DOER_MANAGER,
		DOER_MANAGER, DOER_LEGAL, DOER_LEGAL,
	};

	memset(p, 0, sizeof(*p));
	for (int i = 0; i < LADDER_STEPS; i++) {
		p->steps[i].enabled = 1;
		p->steps[i].day = days[i];
		p->steps[i].who = who[i];
	}
	p->min_arrears_fen = 1000;
	p->quiet_from = 21 * 60;
	p->quiet_to = 8 * 60;
	p->message_gap_days = 3;
	p->notice_deadline_days = 15;
	p->service_pause_days = 15;
	p->limitation_warn_days = 90;
	p->unreachable_attempts = 2;
}

void policy_format(struct buf *out, const struct policy *p, const char *project_name)
{
	buf_addf(out, "# 催缴阶梯（%s）：wuye policy load 可原样读入本文件\n", project_name);
	buf_adds(out, "# day 为最早一笔未缴账单的逾期天数（暂停的天数不计）；负数表示应缴日期之前。\n");
	buf_adds(out, "# 一步在其天数已到、且距上一步不少于两步天数之差时执行；每次每案最多前进一步。\n");
	buf_adds(out, "# who: auto（短信/微信自动发送）、steward（楼管员）、manager（项目经理）、legal（法务）。\n");
	buf_adds(out, "# 删去一行即不用该步；步骤的先后顺序不可改变。\n");
	buf_adds(out, "#\n# step        day   who       # 内容\n");
	for (int i = 0; i < LADDER_STEPS; i++) {
		const struct policy_step *s = &p->steps[i];
		size_t start = out->len;
		if (!s->enabled)
			continue;
		buf_addf(out, "%-12s %4d   %-8s", step_names[i], s->day, doer_names[s->who]);
		while (out->len - start < 32)
			buf_addch(out, ' ');
		buf_addf(out, "# %s\n", step_labels[i]);
	}
	buf_adds(out, "\n# 设置\n");
	buf_adds(out, "min-arrears          ");
	buf_add_money(out, p->min_arrears_fen);
	buf_adds(out, "      # 元：欠费低于此数不催缴\n");
	buf_addf(out, "quiet-hours          %02d:%02d-%02d:%02d # 此时段不发自动消息\n", p->quiet_from / 60,
		 p->quiet_from % 60, p->quiet_to / 60, p->quiet_to % 60);
	buf_addf(out, "message-gap-days     %-10d # 同一业主两条自动消息至少相隔的天数\n", p->message_gap_days);
	buf_addf(out, "notice-deadline-days %-10d # 书面催缴通知书给出的缴费期限\n", p->notice_deadline_days);
	buf_addf(out, "service-pause-days   %-10d # 投诉暂停超过此天数即升级为服务问题\n", p->service_pause_days);
	buf_addf(out, "limitation-warn-days %-10d # 诉讼时效届满前多少天预警\n", p->limitation_warn_days);
	buf_addf(out, "unreachable-attempts %-10d # 每个号码联系失败几次后查找联系方式\n", p->unreachable_attempts);
	if (p->law_firm[0])
		buf_addf(out, "law-firm             %s # 律师函署名的律师事务所\n", p->law_firm);
	else
		buf_adds(out, "# law-firm           某某律师事务所 # 律师函署名的律师事务所（不设则律师函留空待填）\n");
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	int64_t v;

	if (str_to_int64(s, lo, hi, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_hhmm(const char *s, int *minutes)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

int policy_parse(const char *text, struct policy *p, struct buf *err)
{
	static const char *const seps[] = { " ", "\t", NULL };
	struct strlist words = STRLIST_INIT;
	const char *line = text;
	int lineno = 0, problems = 0, last_step = -1, last_day = -100000, any_step = 0;

	policy_default(p);
	for (int i = 0; i < LADDER_STEPS; i++)
		p->steps[i].enabled = 0;
	buf_reset(err);
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *copy = xstrndup(line, len), *hash = strchr(copy, '#');
		int step;

		lineno++;
		line += len + (end ? 1 : 0);
		if (hash)
			*hash = '\0';
		strlist_clear(&words);
		str_split_any(&words, copy, seps);
		free(copy);
		if (!words.nr)
			continue;
#define BAD(...) do { error_add(err, "line %d: ", lineno); buf_addf(err, __VA_ARGS__); problems++; } while (0)
		if ((step = step_parse(words.items[0])) >= 0) {
			struct policy_step *s;
			int who = -1;
			if (step >= LADDER_STEPS) {
				BAD(_("'%s' is not a ladder step"), words.items[0]);
				continue;
			}
			if (words.nr < 2 || words.nr > 3) {
				BAD(_("a step line is: STEP DAY [WHO]"));
				continue;
			}
			s = &p->steps[step];
			if (s->enabled) {
				BAD(_("step '%s' appears twice"), words.items[0]);
				continue;
			}
			if (step < last_step) {
				BAD(_("step '%s' must come after '%s' (the order of the ladder does not change)"),
				    words.items[0], step_names[last_step]);
				continue;
			}
			if (parse_int(words.items[1], -365, 3650, &s->day) < 0) {
				BAD(_("'%s' is not a day between -365 and 3650"), words.items[1]);
				continue;
			}
			if (s->day <= last_day) {
				BAD(_("step '%s' must come later than the step before it (day %d)"), words.items[0], last_day);
				continue;
			}
			if (words.nr == 3) {
				for (int k = 0; k < 5; k++)
					if (!strcmp(words.items[2], doer_names[k]))
						who = k;
				if (who < 0) {
					BAD(_("unknown doer '%s' (expected auto, steward, manager or legal)"), words.items[2]);
					continue;
				}
				/* messages stay messages; a person's step stays a person's */
				if ((who == DOER_AUTO) != (step <= STEP_REMINDER)) {
					BAD(_("step '%s' cannot be done by '%s'"), words.items[0], words.items[2]);
					continue;
				}
				if ((step >= STEP_LAWYER) && who != DOER_LEGAL && who != DOER_MANAGER) {
					BAD(_("step '%s' is for legal or a manager, not '%s'"), words.items[0], words.items[2]);
					continue;
				}
				s->who = (enum doer)who;
			}
			s->enabled = 1;
			last_step = step;
			last_day = s->day;
			any_step = 1;
			continue;
		}
		if (!strcmp(words.items[0], "law-firm")) {
			/* a name, possibly of several words */
			struct buf name = BUF_INIT;
			for (size_t k = 1; k < words.nr; k++)
				buf_addf(&name, "%s%s", k > 1 ? " " : "", words.items[k]);
			if (!name.len || name.len >= sizeof(p->law_firm))
				BAD(_("law-firm needs the firm's name (at most %d bytes)"), (int)sizeof(p->law_firm) - 1);
			else
				memcpy(p->law_firm, name.buf, name.len + 1);
			buf_release(&name);
			continue;
		}
		if (words.nr != 2) {
			BAD(_("'%s': a setting line is NAME VALUE"), words.items[0]);
			continue;
		}
		if (!strcmp(words.items[0], "min-arrears")) {
			if (money_parse(words.items[1], &p->min_arrears_fen) < 0 || p->min_arrears_fen < 0)
				BAD(_("'%s' is not an amount in yuan"), words.items[1]);
		} else if (!strcmp(words.items[0], "quiet-hours")) {
			char *dash = strchr(words.items[1], '-');
			if (!dash || (*dash = '\0', parse_hhmm(words.items[1], &p->quiet_from) < 0) ||
			    parse_hhmm(dash + 1, &p->quiet_to) < 0)
				BAD(_("quiet-hours needs HH:MM-HH:MM"));
		} else if (!strcmp(words.items[0], "message-gap-days")) {
			if (parse_int(words.items[1], 0, 365, &p->message_gap_days) < 0)
				BAD(_("'%s' is not a number of days (0-365)"), words.items[1]);
		} else if (!strcmp(words.items[0], "notice-deadline-days")) {
			if (parse_int(words.items[1], 1, 365, &p->notice_deadline_days) < 0)
				BAD(_("'%s' is not a number of days (1-365)"), words.items[1]);
		} else if (!strcmp(words.items[0], "service-pause-days")) {
			if (parse_int(words.items[1], 1, 365, &p->service_pause_days) < 0)
				BAD(_("'%s' is not a number of days (1-365)"), words.items[1]);
		} else if (!strcmp(words.items[0], "limitation-warn-days")) {
			if (parse_int(words.items[1], 1, 1000, &p->limitation_warn_days) < 0)
				BAD(_("'%s' is not a number of days (1-1000)"), words.items[1]);
		} else if (!strcmp(words.items[0], "unreachable-attempts")) {
			if (parse_int(words.items[1], 1, 20, &p->unreachable_attempts) < 0)
				BAD(_("'%s' is not a number of attempts (1-20)"), words.items[1]);
		} else {
			BAD(_("unknown step or setting '%s'"), words.items[0]);
		}
#undef BAD
	}
	strlist_clear(&words);
	if (!problems && !any_step)
		return error(err, _("the policy names no step"));
	if (!problems && p->steps[STEP_LAWSUIT].enabled && !p->steps[STEP_NOTICE].enabled)
		return error(err, _("a lawsuit step needs the notice step before it (a written demand comes first)"));
	return problems ? -1 : 0;
}

int policy_get(struct db *db, int64_t project_id, struct policy *p, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	policy_default(p);
	if (db_cached(db, &st, "SELECT text FROM collection_policy WHERE project_id = ?", err) < 0)
		return -1;
	db_bind_int64(st, 1, project_id);
	rc = db_step(st, err);
	if (rc == 1) {
		struct buf perr = BUF_INIT;
		char *text = xstrdup(db_col_text(st, 0));
		db_reset(st);
		rc = policy_parse(text, p, &perr);
		free(text);
		if (rc < 0)
			error(err, _("the stored policy of this project does not parse: %s"), perr.buf);
		buf_release(&perr);
		return rc;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int policy_store(struct db *db, int64_t project_id, const char *text, int64_t staff_id, struct buf *err)
{
	int64_t now = (int64_t)time(NULL);

	if (db_run(db, NULL, err, "DELETE FROM collection_policy WHERE project_id = ?", "i", project_id) < 0)
		return -1;
	return db_run(db, NULL, err, "INSERT INTO collection_policy (project_id, text, updated_at, updated_by) "
		      "VALUES (?, ?, ?, ?)", "itin", project_id, text, now, staff_id) < 0 ? -1 : 0;
}
