/* unit_export.c: a project's units as a sheet with the import's own headers. */
#include <string.h>

#include "base/i18n.h"
#include "core/unit.h"
#include "core/unit_import.h"

static const char *const export_headers[] = {
	"楼栋", "单元", "楼层", "房号", "建筑面积", "套内面积", "房屋类型", "状态", "业主", "电话",
	"邮箱", "工作单位", "交房日期", "入住日期", "标签", "微信", "通讯地址", NULL
};

static void set(struct sheet *s, struct sheet_row *r, int col, const char *text, int is_number)
{
	r->cells[col].text = arena_strdup(&s->arena, text ? text : "");
	r->cells[col].is_number = is_number;
}

static void join(struct buf *b, json_t *arr, const char *sep)
{
	size_t i;
	json_t *v;

	buf_reset(b);
	json_array_foreach(arr, i, v) {
		if (i)
			buf_adds(b, sep);
		buf_adds(b, json_string_value(v));
	}
}

int unit_export(struct db *db, int64_t project_id, int day, struct sheet *out, struct buf *err)
{
	struct sheet_row *r;
	struct buf b = BUF_INIT;
	json_t *units, *u;
	size_t i, ncols = 0;

	if (unit_list(db, project_id, NULL, NULL, day, 0, &units, err) < 0)
		return -1;
	while (export_headers[ncols])
		ncols++;
	r = sheet_add_row(out, 1, (int)ncols);
	for (size_t c = 0; c < ncols; c++)
		set(out, r, (int)c, export_headers[c], 0);
	json_array_foreach(units, i, u) {
		json_t *owners = json_object_get(u, "owners"), *owner = json_array_get(owners, 0);
		int person = owner && !strcmp(json_string_value(json_object_get(owner, "kind")), "person");

		r = sheet_add_row(out, (int)i + 2, (int)ncols);
		set(out, r, 0, json_string_value(json_object_get(u, "building")), 0);
		set(out, r, 1, json_string_value(json_object_get(u, "entrance")), 0);
		set(out, r, 2, json_string_value(json_object_get(u, "floor")), 0);
		set(out, r, 3, json_string_value(json_object_get(u, "room")), 0);
		set(out, r, 4, json_string_value(json_object_get(u, "area_m2")), 1);
		set(out, r, 5, json_string_value(json_object_get(u, "inner_area_m2")), 1);
		set(out, r, 6, json_string_value(json_object_get(u, "type")), 0);
		set(out, r, 7, unit_state_label(json_string_value(json_object_get(u, "state"))), 0);
		if (person) {
			set(out, r, 8, json_string_value(json_object_get(owner, "name")), 0);
			join(&b, json_object_get(owner, "phones"), "/");
			set(out, r, 9, b.buf, 0);
			set(out, r, 10, json_string_value(json_object_get(owner, "email")), 0);
			set(out, r, 11, json_string_value(json_object_get(owner, "workplace")), 0);
			join(&b, json_object_get(owner, "tags"), "、");
			set(out, r, 14, b.buf, 0);
			set(out, r, 15, json_string_value(json_object_get(owner, "wechat")), 0);
			set(out, r, 16, json_string_value(json_object_get(owner, "address")), 0);
		}
		set(out, r, 12, json_string_value(json_object_get(u, "handover")), 0);
		set(out, r, 13, json_string_value(json_object_get(u, "movein")), 0);
	}
	json_decref(units);
	buf_release(&b);
	return 0;
}
