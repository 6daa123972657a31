/* unit_search.c: finding units by room, name and phone; the owner_search cache kept by
 * the triggers of 006_units_web.sql through sales and edits; one unit's card. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "core/party.h"
#include "core/project.h"
#include "core/unit.h"
#include "core/unit_search.h"
#include "store/db.h"
#include "store/migrate.h"

static char path[1024];
static struct db *db;
static int64_t project, other;
static const int today = 20654; /* 2026-07-20 */

static int64_t add_unit(int64_t proj, const char *building, const char *entrance, const char *room)
{
	struct buf err = BUF_INIT;
	int64_t b, id = 0;

	assert_int_equal(project_building(db, proj, building, &b, &err), 0);
	assert_int_equal(db_run(db, &id, &err, "INSERT INTO unit (project_id, building_id, entrance, room, area, type) "
				"VALUES (?, ?, ?, ?, 8957, 'residential') RETURNING id", "iitt", proj, b, entrance, room), 1);
	buf_release(&err);
	return id;
}

static int64_t own(int64_t unit, const char *name, const char *phone, int from)
{
	struct buf err = BUF_INIT;
	int64_t party;

	assert_int_equal(party_find_or_add(db, name, phone, &party, &err), 0);
	assert_int_equal(unit_transfer(db, unit, party, from, &err), 0);
	buf_release(&err);
	return party;
}

/* The units found, as "HY/3-2-1201 HY/..." (matched kinds after a colon when asked). */
static char *found(int64_t proj, const char *q, int day, int with_kind, int *more)
{
	static char out[4096];
	struct buf err = BUF_INIT;
	json_t *hits, *h;
	size_t i;
	int m = 0;

	out[0] = '\0';
	assert_int_equal(unit_search(db, proj, q, day, 0, 50, &hits, &m, &err), 0);
	json_array_foreach(hits, i, h) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof(out) - n, "%s%s%s%s", n ? " " : "", json_string_value(json_object_get(h, "unit")),
			 with_kind ? ":" : "", with_kind ? json_string_value(json_object_get(h, "matched")) : "");
	}
	if (more)
		*more = m;
	json_decref(hits);
	buf_release(&err);
	return out;
}

/* The database of one run: a SQLite file, or (pg) a fresh PostgreSQL database on the
 * server WUYE_TEST_PG names, dropped at the end. */
static char pg_admin[1024], pg_name[64];
static int on_pg;

static int open_fresh(int pg, struct buf *err)
{
	on_pg = pg;
	if (!pg) {
		snprintf(path, sizeof(path), "/tmp/wuye-unit-search-%d.db", (int)getpid());
		unlink(path);
	} else {
		const char *url = getenv("WUYE_TEST_PG"), *q = strchr(url, '?'), *slash;
		struct db *admin;
		struct buf sql = BUF_INIT;
		snprintf(pg_admin, sizeof(pg_admin), "%s", url);
		snprintf(pg_name, sizeof(pg_name), "wuye_unit_search_%d", (int)getpid());
		if (db_open(&admin, pg_admin, err) < 0)
			return -1;
		/* one statement each: CREATE DATABASE cannot run inside a transaction block */
		buf_addf(&sql, "DROP DATABASE IF EXISTS %s", pg_name);
		db_exec(admin, sql.buf, NULL);
		buf_setf(&sql, "CREATE DATABASE %s", pg_name);
		if (db_exec(admin, sql.buf, err) < 0) {
			db_close(admin);
			buf_release(&sql);
			return -1;
		}
		db_close(admin);
		buf_release(&sql);
		slash = strstr(url, "://");
		slash = slash ? strchr(slash + 3, '/') : NULL;
		snprintf(path, sizeof(path), "%.*s/%s%s", slash ? (int)(slash - url) : 0, url, pg_name, q ? q : "");
	}
	return db_open(&db, path, err);
}

static int setup_backend(int pg)
{
	struct buf err = BUF_INIT;
	int64_t u;

	if (open_fresh(pg, &err) < 0 || migrate_up(db, NULL, &err) < 0 ||
	    project_add(db, "HY", "华苑小区", NULL, &project, &err) < 0 ||
	    project_add(db, "QT", "其他小区", NULL, &other, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err.buf);
		return -1;
	}
	u = add_unit(project, "3", "2", "1201");
	own(u, "王伟", "13812345678", DATE_MIN);
	u = add_unit(project, "3", "2", "1202");
	own(u, "李娜", "13987654321", DATE_MIN);
	u = add_unit(project, "12", "", "0301");
	own(u, "张伟", "15011112222", DATE_MIN);
	u = add_unit(other, "3", "2", "1201");
	own(u, "赵敏", "13700001111", DATE_MIN);
	u = add_unit(other, "5", "1", "0101");
	own(u, "王伟", "13812345678", DATE_MIN); /* the same person owns in both projects */
	buf_release(&err);
	return 0;
}

static int setup_sqlite(void **state)
{
	(void)state;
	return setup_backend(0);
}

static int setup_pg(void **state)
{
	(void)state;
	return setup_backend(1);
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	if (!on_pg) {
		char side[1100];
		unlink(path);
		snprintf(side, sizeof(side), "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", path);
		unlink(side);
	} else {
		struct db *admin;
		struct buf sql = BUF_INIT;
		if (db_open(&admin, pg_admin, NULL) == 0) {
			buf_addf(&sql, "DROP DATABASE IF EXISTS %s", pg_name);
			db_exec(admin, sql.buf, NULL);
			db_close(admin);
		}
		buf_release(&sql);
	}
	return 0;
}

static void test_split_project_prefix(void **state)
{
	char code[32];

	(void)state;
	assert_string_equal(unit_search_split("HY/3-2-1201", code, sizeof(code)), "3-2-1201");
	assert_string_equal(code, "HY");
	assert_string_equal(unit_search_split(" HY /3-2-1201", code, sizeof(code)), "3-2-1201");
	assert_string_equal(code, "HY");
	assert_string_equal(unit_search_split("3-2-1201", code, sizeof(code)), "3-2-1201");
	assert_string_equal(code, "");
}

static void test_rooms_in_every_form(void **state)
{
	(void)state;
	assert_string_equal(found(project, "3-2-1201", today, 1, NULL), "HY/3-2-1201:room");
	assert_string_equal(found(project, "3-1201", today, 0, NULL), "HY/3-2-1201");
	assert_string_equal(found(project, "1201", today, 0, NULL), "HY/3-2-1201");
	assert_string_equal(found(project, "12--0301", today, 0, NULL), "HY/12--0301");
	assert_string_equal(found(project, " 3 - 2 - 1201 ", today, 0, NULL), "HY/3-2-1201");
	/* full-width digits and dash (３－２－１２０１), an em dash */
	assert_string_equal(found(project, "\xef\xbc\x93\xef\xbc\x8d\xef\xbc\x92\xef\xbc\x8d\xef\xbc\x91\xef\xbc\x92\xef\xbc\x90\xef\xbc\x91",
				  today, 0, NULL), "HY/3-2-1201");
	assert_string_equal(found(project, "3\xe2\x80\x94" "2\xe2\x80\x94" "1201", today, 0, NULL), "HY/3-2-1201");
	assert_string_equal(found(project, "9-9-9999", today, 0, NULL), "");
	assert_string_equal(found(project, "", today, 0, NULL), "");
	assert_string_equal(found(project, "   ", today, 0, NULL), "");
}

static void test_names_and_phones_any_part(void **state)
{
	(void)state;
	assert_string_equal(found(project, "王伟", today, 1, NULL), "HY/3-2-1201:name");
	assert_string_equal(found(project, "伟", today, 0, NULL), "HY/3-2-1201 HY/12--0301");
	assert_string_equal(found(project, "13812345678", today, 1, NULL), "HY/3-2-1201:phone");
	assert_string_equal(found(project, "5432", today, 1, NULL), "HY/3-2-1202:phone");
	/* fewer than four digits: a room number only */
	assert_string_equal(found(project, "138", today, 0, NULL), "");
	/* the other project's owners are not this project's */
	assert_string_equal(found(project, "赵敏", today, 0, NULL), "");
	assert_string_equal(found(other, "王伟", today, 0, NULL), "QT/5-1-0101");
}

static void test_wildcards_and_sql_are_plain_text(void **state)
{
	(void)state;
	assert_string_equal(found(project, "%", today, 0, NULL), "");
	assert_string_equal(found(project, "_", today, 0, NULL), "");
	assert_string_equal(found(project, "王%", today, 0, NULL), "");
	assert_string_equal(found(project, "' OR 1=1 --", today, 0, NULL), "");
	assert_string_equal(found(project, "\\", today, 0, NULL), "");
}

static void test_a_sale_moves_the_search_to_the_buyer(void **state)
{
	struct buf err = BUF_INIT;
	int64_t u = 0;
	int sold = today + 10;

	(void)state;
	assert_int_equal(db_run(db, &u, &err, "SELECT id FROM unit WHERE project_id = ? AND room = '1202'", "i", project), 1);
	own(u, "孙卖家", "13600009999", sold);
	/* before the sale the seller, from it the buyer */
	assert_string_equal(found(project, "李娜", today, 0, NULL), "HY/3-2-1202");
	assert_string_equal(found(project, "孙卖家", today, 0, NULL), "");
	assert_string_equal(found(project, "李娜", sold, 0, NULL), "");
	assert_string_equal(found(project, "孙卖家", sold, 0, NULL), "HY/3-2-1202");
	assert_string_equal(found(project, "9999", sold, 0, NULL), "HY/3-2-1202");
	assert_string_equal(found(project, "4321", sold, 0, NULL), "");
	/* a sale taken back (rows are not deleted by the program, but a repair might): the
	 * buyer's terms go with it */
	assert_int_equal(db_run(db, NULL, &err, "DELETE FROM ownership WHERE unit_id = ? AND from_day = ?", "ii", u,
				(int64_t)sold), 0);
	assert_string_equal(found(project, "孙卖家", sold, 0, NULL), "");
	assert_string_equal(found(project, "李娜", sold, 0, NULL), "HY/3-2-1202");
	{
		int64_t left = -1;
		assert_int_equal(db_run(db, &left, &err, "SELECT COUNT(*) FROM owner_search s JOIN party p ON p.id = s.party_id "
					"WHERE p.name = '孙卖家'", ""), 1);
		assert_int_equal(left, 0);
	}
	own(u, "孙卖家", "13600009999", sold);
	buf_release(&err);
}

static void test_the_cache_follows_names_and_phones(void **state)
{
	struct buf err = BUF_INIT;
	int64_t party = 0;

	(void)state;
	assert_int_equal(db_run(db, &party, &err, "SELECT id FROM party WHERE name = '张伟'", ""), 1);
	assert_int_equal(db_run(db, NULL, &err, "UPDATE party SET name = '张卫' WHERE id = ?", "i", party), 0);
	assert_string_equal(found(project, "张伟", today, 0, NULL), "");
	assert_string_equal(found(project, "张卫", today, 0, NULL), "HY/12--0301");
	assert_int_equal(db_run(db, NULL, &err, "INSERT INTO party_phone (party_id, seq, phone) VALUES (?, 1, '01088886666')",
				"i", party), 0);
	assert_string_equal(found(project, "8866", today, 0, NULL), "HY/12--0301");
	assert_int_equal(db_run(db, NULL, &err, "UPDATE party_phone SET phone = '01077775555' WHERE party_id = ? AND seq = 1",
				"i", party), 0);
	assert_string_equal(found(project, "8866", today, 0, NULL), "");
	assert_string_equal(found(project, "7755", today, 0, NULL), "HY/12--0301");
	assert_int_equal(db_run(db, NULL, &err, "DELETE FROM party_phone WHERE party_id = ? AND seq = 1", "i", party), 0);
	assert_string_equal(found(project, "7755", today, 0, NULL), "");
	assert_string_equal(found(project, "11112222", today, 0, NULL), "HY/12--0301");
	/* the developer's account (the payer of a unit not handed over) is nobody to search for */
	{
		struct project p;
		assert_int_equal(project_get(db, project, &p, &err), 0);
		assert_int_equal(unit_transfer(db, add_unit(project, "9", "1", "0101"), p.developer_id, DATE_MIN, &err), 0);
		assert_string_equal(found(project, "0101", today, 0, NULL), "HY/9-1-0101");
		assert_string_equal(found(project, "开发商", today, 0, NULL), "");
	}
	buf_release(&err);
}

static void test_a_long_list_stops_at_the_limit(void **state)
{
	char building[16];
	int more = 0;

	(void)state;
	for (int i = 0; i < 55; i++) {
		snprintf(building, sizeof(building), "L%d", i);
		own(add_unit(project, building, "1", "0808"), "周同名", "13511110000", DATE_MIN);
	}
	found(project, "0808", today, 0, &more);
	assert_int_equal(more, 1);
	found(project, "周同名", today, 0, &more);
	assert_int_equal(more, 1);
	found(project, "3-2-1201", today, 0, &more);
	assert_int_equal(more, 0);
}

static void test_a_card_masks_phones_for_those_who_do_not_call(void **state)
{
	struct buf err = BUF_INIT;
	json_t *card;
	int64_t u = 0;

	(void)state;
	assert_int_equal(db_run(db, &u, &err, "SELECT id FROM unit WHERE project_id = ? AND room = '1201'", "i", project), 1);
	assert_int_equal(unit_card_json(db, u, today, 1, &card, &err), 0);
	assert_string_equal(json_string_value(json_object_get(card, "unit")), "HY/3-2-1201");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_array_get(json_object_get(card, "owners"), 0),
									       "phones"), 0)), "138****5678");
	assert_int_equal(json_integer_value(json_object_get(card, "case_id")), 0);
	json_decref(card);
	assert_int_equal(unit_card_json(db, u, today, 0, &card, &err), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_array_get(json_object_get(card, "owners"), 0),
									       "phones"), 0)), "13812345678");
	json_decref(card);
	assert_int_equal(unit_card_json(db, 999999, today, 0, &card, &err), -1);
	buf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_project_prefix),
		cmocka_unit_test(test_rooms_in_every_form),
		cmocka_unit_test(test_names_and_phones_any_part),
		cmocka_unit_test(test_wildcards_and_sql_are_plain_text),
		cmocka_unit_test(test_a_sale_moves_the_search_to_the_buyer),
		cmocka_unit_test(test_the_cache_follows_names_and_phones),
		cmocka_unit_test(test_a_long_list_stops_at_the_limit),
		cmocka_unit_test(test_a_card_masks_phones_for_those_who_do_not_call),
	};
	const char *pg = getenv("WUYE_TEST_PG");
	int failed = cmocka_run_group_tests_name("sqlite", tests, setup_sqlite, teardown);

	if (pg && *pg)
		failed += cmocka_run_group_tests_name("postgresql", tests, setup_pg, teardown);
	return failed;
}
