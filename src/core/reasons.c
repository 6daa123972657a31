/* reasons.c: the reasons taxonomy and its scripts, from the seed's own answers. */
#include "core/reasons.h"

#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/i18n.h"

const char *const reason_codes[] = {
	"fee-too-high", "service", "stalling", "developer", "quality", "vacant", "hardship", "unreachable", "purpose",
	"refusal", "other", NULL,
};

static const struct {
	const char *label, *next, *script;
} reasons[] = {
	{ "物业费太高，等续签降费再交", "ladder",
	  "业主入住时与物业签订了《前期物业服务合同》，约定了服务内容和收费标准，双方都应按约定履行。"
	  "业委会与物业续签合同、重新约定收费标准的，从新合同生效之日起执行；在此之前原合同合法有效，双方都应执行。"
	  "物业每天都在投入员工工资、公共设施维护保养等成本为您服务，享受了服务就应按约定缴费。" },
	{ "物业服务不到位", "work-order",
	  "按《物业管理条例》规定，业主有按时交纳物业服务费用的义务。请您具体指出哪些工作不到位，我们核实后立即安排整改，"
	  "并可以陪您一起到现场查看、确认。服务问题一定解决，但物业费不能因此减免。" },
	{ "没钱或太忙，过些天再交", "promise",
	  "理解您的情况。我们先约定一个具体的缴费日期和金额，到时我们再与您联系；您也可以通过微信、支付宝缴纳，"
	  "或者我们上门收取、到您单位办理。" },
	{ "开发商设计不合理或遗留问题", "ladder",
	  "小区设计和遗留问题属于开发商的责任，物业会协助您向开发商反映并跟进处理结果；物业服务费是日常服务的费用，"
	  "与开发商的责任是两回事。" },
	{ "房屋质量问题", "work-order",
	  "房屋质量问题在保修期内由开发商负责维修，我们帮您报修、督促维修进度，并上门查看；质量问题与物业服务费是两回事。" },
	{ "房屋空置，未入住", "ladder",
	  "空置房同样享受公共区域保洁、秩序维护和共用设施维护等服务，应按合同缴纳物业费（合同约定空置优惠的按约定执行）。"
	  "入住前我们会帮您巡查房屋，发现户内问题先解决好，让您入住时安心。" },
	{ "确有经济困难", "plan",
	  "理解您的困难。您可以申请分期缴纳，我们按您能承受的金额和时间制定分期计划。" },
	{ "联系不上", "trace",
	  "通过业主的同事、朋友、邻居等取得联系方式（只询问联系方式，不透露欠费情况）；住在附近的可登门拜访。" },
	{ "不清楚物业费用途", "ladder",
	  "物业费用于公共区域保洁、绿化、秩序维护，电梯等共用设施设备的日常运行和维护，以及服务人员的工资。"
	  "每张账单都写明了计算方式，欢迎到管理处查看收支公示。" },
	{ "故意拒交", "notice",
	  "我们会依法送达书面催缴通知书，给出合理的缴费期限；逾期仍不缴纳的，将依法申请仲裁或提起诉讼。" },
	{ "其他原因", "ladder", "记录业主的具体说法，交项目经理研判。" },
};

int reason_valid(const char *code)
{
	for (int i = 0; reason_codes[i]; i++)
		if (!strcmp(code, reason_codes[i]))
			return 1;
	return 0;
}

static int index_of(const char *code)
{
	for (int i = 0; reason_codes[i]; i++)
		if (!strcmp(code, reason_codes[i]))
			return i;
	return -1;
}

const char *reason_label(const char *code)
{
	int i = index_of(code);
	return i >= 0 ? reasons[i].label : code;
}

int reason_script(struct db *db, const char *code, struct buf *out, struct buf *err)
{
	struct db_stmt *st;
	int i = index_of(code), rc;

	if (i < 0)
		return error(err, _("unknown reason '%s'"), code);
	buf_reset(out);
	if (db_cached(db, &st, "SELECT script FROM reason_script WHERE code = ?", err) < 0)
		return -1;
	db_bind_text(st, 1, code);
	rc = db_step(st, err);
	buf_adds(out, rc == 1 ? db_col_text(st, 0) : reasons[i].script);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int reasons_json(struct db *db, json_t **out, struct buf *err)
{
	struct buf script = BUF_INIT;
	json_t *list = json_array();

	for (int i = 0; reason_codes[i]; i++) {
		if (reason_script(db, reason_codes[i], &script, err) < 0) {
			json_decref(list);
			buf_release(&script);
			return -1;
		}
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s}", "code", reason_codes[i], "label", reasons[i].label,
						      "next_step", reasons[i].next, "script", script.buf));
	}
	buf_release(&script);
	*out = list;
	return 0;
}

int reason_set_script(struct db *db, const char *code, const char *script, int64_t staff_id, struct buf *err)
{
	int i = index_of(code);

	if (i < 0)
		return error(err, _("unknown reason '%s'"), code);
	if (!*script)
		return error(err, _("the script must not be empty"));
	if (db_run(db, NULL, err, "DELETE FROM reason_script WHERE code = ?", "t", code) < 0)
		return -1;
	return db_run(db, NULL, err, "INSERT INTO reason_script (code, script, next_step, updated_at, updated_by) "
		      "VALUES (?, ?, ?, ?, ?)", "tttin", code, script, reasons[i].next, (int64_t)time(NULL), staff_id) < 0
		       ? -1 : 0;
}
