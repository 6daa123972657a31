/* demo.c: a believable demo company, deterministic for a seed.
 *
 * The register is generated as the spreadsheets a property office would hand over
 * and goes through the ordinary import (unit_import), so the demo exercises the same
 * rules as a customer's first day.  One project is the seed's A区: 943 occupied
 * households among 1,000 units.
 */
#include "core/demo.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/i18n.h"
#include "core/project.h"
#include "core/staff.h"
#include "core/unit_import.h"

/* splitmix64: small, fast, and the same numbers on every machine */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned pick(uint64_t *s, unsigned n)
{
	return (unsigned)(next(s) % n);
}

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
	"高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
	"董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
};
static const char *const given[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
	"明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "海燕", "婷", "雪", "晨",
	"晓东", "玉兰", "文", "斌", "宇", "浩", "凯", "鑫", "欣怡", "子涵", "梓轩", "一鸣", "佳怡", "思远",
	"淑珍", "国庆", "红梅", "立新", "春花", "德华",
};
static const char *const workplaces[] = {
	"市第一人民医院", "市实验中学", "建设银行城南支行", "华为技术有限公司", "市税务局", "中国移动分公司",
	"区人民法院", "市自来水公司", "新华书店", "省电力公司", "市公交集团", "区教育局", "工商银行营业部",
	"市妇幼保健院", "科技园管委会",
};
static const char *const communities[] = {
	"华苑小区B区", "丽景苑", "锦绣花园", "翠湖名邸", "金色家园", "阳光100", "碧水蓝天", "御景湾",
	"书香门第", "枫林绿洲", "海棠湾", "紫荆园", "和平里", "东方明珠苑", "滨江壹号", "桃源居",
	"望湖苑", "梧桐雅苑", "世纪新城", "长安花园",
};
static const char *const email_domains[] = { "qq.com", "163.com", "126.com", "sina.com" };

/* Layouts of one floor: building areas in hundredths of a m², stacked up every floor. */
static const int64_t layouts[][4] = {
	{ 8957, 11832, 8957, 11832 }, { 13506, 9744, 9744, 13506 }, { 6544, 8915, 8915, 6544 },
	{ 14388, 12720, 12720, 14388 }, { 10231, 7766, 10231, 7766 },
};

struct gen {
	uint64_t rng;
	struct sheet *sheet;
	int rownum;
	int64_t phone_serial;
};

static void cell(struct gen *g, struct sheet_row *r, int col, const char *text)
{
	r->cells[col].text = arena_strdup(&g->sheet->arena, text);
}

static void make_name(struct gen *g, char *out, size_t n)
{
	snprintf(out, n, "%s%s", surnames[pick(&g->rng, sizeof(surnames) / sizeof(*surnames))],
		 given[pick(&g->rng, sizeof(given) / sizeof(*given))]);
}

/* A made-up mobile number, unique in the run: 13x-19x prefixes, a serial inside. */
static void make_phone(struct gen *g, char *out, size_t n)
{
	static const char *const prefixes[] = { "138", "139", "137", "136", "150", "151", "152", "158",
						"159", "186", "187", "188", "135", "177", "199" };
	int64_t serial = g->phone_serial++;
	/* spread serials over the 8 digits so numbers do not look sequential */
	int64_t mixed = (serial * 73939133 + 12345678) % 100000000;

	snprintf(out, n, "%s%08lld", prefixes[pick(&g->rng, sizeof(prefixes) / sizeof(*prefixes))], (long long)mixed);
}

static const char *const headers[] = {
	"楼栋", "单元", "楼层", "房号", "建筑面积", "房屋类型", "状态", "业主", "电话", "邮箱", "工作单位",
	"交房日期", "入住日期", "标签",
};
#define NCOLS 14

/* Fills the sheet of one project: `units` units, of which `occupied` are lived in (the
 * rest vacant, decorating or not yet handed over). */
static void generate_project(struct gen *g, int units, int occupied)
{
	struct sheet_row *r = sheet_add_row(g->sheet, ++g->rownum, NCOLS);
	int made = 0, building = 0;
	char prev_name[64] = "", prev_phone[32] = "";

	for (int c = 0; c < NCOLS; c++)
		cell(g, r, c, headers[c]);
	while (made < units) {
		int floors = 11 + (int)pick(&g->rng, 22), entrances = 1 + (int)pick(&g->rng, 3);
		const int64_t *layout = layouts[pick(&g->rng, sizeof(layouts) / sizeof(*layouts))];
		int handover = date_from_ymd(2015 + (int)pick(&g->rng, 6), 1 + (int)pick(&g->rng, 12), 1 + (int)pick(&g->rng, 28));

		building++;
		for (int e = 1; e <= entrances && made < units; e++)
			for (int f = 1; f <= floors && made < units; f++)
				for (int k = 1; k <= 4 && made < units; k++) {
					char b[32], en[32], fl[32], room[32], area[48], name[64], phone[64], mail[96],
					     d1[11], d2[11];
					const char *state;
					unsigned roll = pick(&g->rng, 1000);

					r = sheet_add_row(g->sheet, ++g->rownum, NCOLS);
					snprintf(b, sizeof(b), "%d", building);
					snprintf(en, sizeof(en), "%d", e);
					snprintf(fl, sizeof(fl), "%d", f);
					snprintf(room, sizeof(room), "%d%02d", f, k);
					snprintf(area, sizeof(area), "%lld.%02lld", (long long)(layout[k - 1] / 100),
						 (long long)(layout[k - 1] % 100));
					cell(g, r, 0, b);
					cell(g, r, 1, en);
					cell(g, r, 2, fl);
					cell(g, r, 3, room);
					cell(g, r, 4, area);
					cell(g, r, 5, "住宅");
					/* the first `occupied` units are lived in, the rest split */
					if (made < occupied)
						state = "已入住";
					else if (roll < 650)
						state = "空置";
					else if (roll < 850)
						state = "装修中";
					else
						state = "未交付";
					cell(g, r, 6, state);
					made++;
					if (!strcmp(state, "未交付"))
						continue;
					/* one owner in twenty owns the unit next door as well */
					if (prev_name[0] && pick(&g->rng, 20) == 0) {
						snprintf(name, sizeof(name), "%s", prev_name);
						snprintf(phone, sizeof(phone), "%s", prev_phone);
					} else {
						make_name(g, name, sizeof(name));
						make_phone(g, phone, sizeof(phone));
						if (pick(&g->rng, 5) == 0) {
							char second[32];
							make_phone(g, second, sizeof(second));
							snprintf(phone + strlen(phone), sizeof(phone) - strlen(phone), "/%s", second);
						}
					}
					snprintf(prev_name, sizeof(prev_name), "%s", name);
					snprintf(prev_phone, sizeof(prev_phone), "%.31s", phone);
					cell(g, r, 7, name);
					cell(g, r, 8, phone);
					if (pick(&g->rng, 10) < 3) {
						snprintf(mail, sizeof(mail), "%.11s@%s", phone, email_domains[pick(&g->rng, 4)]);
						cell(g, r, 9, mail);
					}
					if (pick(&g->rng, 10) < 4)
						cell(g, r, 10, workplaces[pick(&g->rng, sizeof(workplaces) / sizeof(*workplaces))]);
					date_format(handover, d1);
					cell(g, r, 11, d1);
					if (!strcmp(state, "已入住")) {
						date_format(handover + 30 + (int)pick(&g->rng, 400), d2);
						cell(g, r, 12, d2);
					}
					roll = pick(&g->rng, 100);
					if (roll < 3)
						cell(g, r, 13, "重点户");
					else if (roll < 8)
						cell(g, r, 13, "关怀");
					else if (roll < 10)
						cell(g, r, 13, "重点关注");
				}
	}
}

static int add_staff(struct db *db, int64_t project_id, const char *code, int buildings, uint64_t *rng,
		     struct demo_result *res, struct buf *err)
{
	static const char *const roles[] = { "manager", "service", "cashier", "maintenance", "committee" };
	struct staff_new n = { 0 };
	char login[64], name[64], list[256];
	int64_t id;
	struct gen g = { .rng = *rng };

	n.project_id = project_id;
	for (size_t i = 0; i < sizeof(roles) / sizeof(*roles); i++) {
		snprintf(login, sizeof(login), "%s-%s", code, roles[i]);
		for (char *p = login; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 32;
		make_name(&g, name, sizeof(name));
		n.login = login;
		n.name = name;
		n.role = roles[i];
		n.buildings = NULL;
		n.group = NULL;
		if (staff_add(db, &n, &id, err) < 0)
			return -1;
		res->staff++;
	}
	/* one steward for every four buildings, in two groups (the seed ranks groups) */
	for (int s = 0; s * 4 < buildings; s++) {
		int len = 0;
		list[0] = '\0';
		for (int b = s * 4 + 1; b <= s * 4 + 4 && b <= buildings; b++)
			len += snprintf(list + len, sizeof(list) - (size_t)len, "%s%d", len ? "," : "", b);
		snprintf(login, sizeof(login), "%s-steward%d", code, s + 1);
		for (char *p = login; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 32;
		make_name(&g, name, sizeof(name));
		n.login = login;
		n.name = name;
		n.role = "steward";
		n.buildings = list;
		n.group = s % 2 ? "二组" : "一组";
		if (staff_add(db, &n, &id, err) < 0)
			return -1;
		res->staff++;
	}
	*rng = g.rng;
	return 0;
}

struct demo_plan {
	int months, today;
	uint64_t seed;
};

static int make_project(struct db *db, const char *code, const char *name, int units, int occupied,
			const struct demo_plan *plan, uint64_t *rng, struct demo_result *res, struct buf *err)
{
	struct sheet sheet = SHEET_INIT;
	struct import_result ir;
	struct gen g = { .rng = *rng, .sheet = &sheet, .phone_serial = res->units * 2 + 1 };
	int64_t project_id, buildings;
	int rc = -1;

	if (db_begin(db, err) < 0)
		return -1;
	if (project_add(db, code, name, NULL, &project_id, err) < 0)
		goto fail;
	if (db_commit(db, err) < 0)
		return -1;
	generate_project(&g, units, occupied);
	if (unit_import(db, project_id, &sheet, 0, &ir, err) < 0)
		goto out;
	res->projects++;
	res->units += ir.units;
	res->owners += ir.owners;
	if (db_run(db, &buildings, err, "SELECT COUNT(*) FROM building WHERE project_id = ?", "i", project_id) < 0 ||
	    db_begin(db, err) < 0)
		goto out;
	if (add_staff(db, project_id, code, (int)buildings, &g.rng, res, err) < 0)
		goto fail;
	if (db_commit(db, err) < 0)
		goto out;
	if (plan->months > 0) {
		struct demo_history_result hr = { 0, 0 };
		/* the A区 contract was renegotiated half way */
		if (demo_history(db, project_id, plan->months, plan->today, plan->seed, !strcmp(code, "HYA"), &hr, err) < 0)
			goto out;
		res->bills += hr.bills;
		res->payments += hr.payments;
	}
	*rng = g.rng;
	rc = 0;
	goto out;
fail:
	db_rollback(db);
out:
	sheet_release(&sheet);
	return rc;
}

int demo_create(struct db *db, int units, int months, int today, uint64_t seed, struct demo_result *res,
		struct buf *err)
{
	uint64_t rng = seed * 0x2545f4914f6cdd1dULL + 1;
	struct demo_plan plan = { months, today, seed };
	struct staff_new legal = { .login = "legal", .name = "法务 周律", .role = "legal" };
	int64_t id, any;
	int rc;

	memset(res, 0, sizeof(*res));
	if (units < 10)
		return error(err, _("--units must be at least 10"));
	rc = db_run(db, &any, err, "SELECT 1 FROM project LIMIT 1", "");
	if (rc < 0)
		return -1;
	if (rc == 1)
		return error(err, _("the database already holds projects: the demo wants an empty database"));
	if (units < 2000) {
		/* a small demo: the A区 alone, 943 occupied when there is room for them */
		int occupied = units * 943 / 1000;
		if (make_project(db, "HYA", "华苑小区A区", units, occupied, &plan, &rng, res, err) < 0)
			return -1;
	} else {
		int left = units - 1000, i = 0;
		if (make_project(db, "HYA", "华苑小区A区", 1000, 943, &plan, &rng, res, err) < 0)
			return -1;
		while (left > 0) {
			int n = left > 25000 ? 25000 : left;
			char code[16], name[64];
			const char *base = communities[i % (int)(sizeof(communities) / sizeof(*communities))];
			if (i < (int)(sizeof(communities) / sizeof(*communities)))
				snprintf(name, sizeof(name), "%s", base);
			else
				snprintf(name, sizeof(name), "%s%d期", base, i / (int)(sizeof(communities) / sizeof(*communities)) + 1);
			snprintf(code, sizeof(code), "P%02d", i + 1);
			if (make_project(db, code, name, n, n * 85 / 100, &plan, &rng, res, err) < 0)
				return -1;
			left -= n;
			i++;
		}
	}
	if (db_begin(db, err) < 0)
		return -1;
	if (staff_add(db, &legal, &id, err) < 0) {
		db_rollback(db);
		return -1;
	}
	/* legal works on every project's lawsuits */
	if (db_run(db, NULL, err, "INSERT INTO staff_project (staff_id, project_id) SELECT ?, id FROM project",
		   "i", id) < 0) {
		db_rollback(db);
		return -1;
	}
	res->staff++;
	return db_commit(db, err);
}
