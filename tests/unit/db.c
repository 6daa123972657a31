/* db.c: the storage interface on SQLite, and on PostgreSQL when WUYE_TEST_PG names
 * a server (each run gets a database of its own). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/migrate.h"

static char sqlite_path[256];
static char pg_url[1024], pg_admin[1024], pg_name[64];

static struct db *open_backend(int pg)
{
	struct db *db = NULL;
	struct buf err = BUF_INIT;

	if (db_open(&db, pg ? pg_url : sqlite_path, &err) < 0)
		fail_msg("open: %s", err.buf);
	buf_release(&err);
	return db;
}

static void exercise(int pg)
{
	struct db *db = open_backend(pg);
	struct buf err = BUF_INIT;
	struct db_stmt *st;
	int64_t v = 0;
	int rc;

	assert_int_equal(db_kind(db), pg ? DB_PG : DB_SQLITE);
	assert_int_equal(db_exec(db, "DROP TABLE IF EXISTS t; CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, "
				 "amount BIGINT, note TEXT)", &err), 0);

	/* bound parameters, never pasted: a quote in the value is just a character */
	assert_int_equal(db_prepare(db, &st, "INSERT INTO t (id, name, amount, note) VALUES (?, ?, ?, ?)", &err), 0);
	db_bind_int64(st, 1, 1);
	db_bind_text(st, 2, "O'Brien'); DROP TABLE t; --");
	db_bind_int64(st, 3, 9007199254740993LL); /* beyond double precision */
	db_bind_null(st, 4);
	assert_int_equal(db_step(st, &err), 0);
	db_reset(st);
	db_bind_int64(st, 1, 2);
	db_bind_text(st, 2, "王伟");
	db_bind_int64(st, 3, -16570);
	db_bind_text(st, 4, "");
	assert_int_equal(db_step(st, &err), 0);
	/* a duplicate key is DB_CONFLICT, distinguishable from other errors */
	db_reset(st);
	db_bind_int64(st, 1, 2);
	db_bind_text(st, 2, "again");
	db_bind_int64(st, 3, 0);
	db_bind_null(st, 4);
	rc = db_step(st, &err);
	assert_int_equal(rc, DB_CONFLICT);
	db_finalize(st);

	assert_int_equal(db_prepare(db, &st, "SELECT id, name, amount, note FROM t ORDER BY id", &err), 0);
	assert_int_equal(db_step(st, &err), 1);
	assert_int_equal(db_col_int64(st, 0), 1);
	assert_string_equal(db_col_text(st, 1), "O'Brien'); DROP TABLE t; --");
	assert_true(db_col_int64(st, 2) == 9007199254740993LL);
	assert_true(db_col_is_null(st, 3));
	assert_string_equal(db_col_text(st, 3), "");
	assert_int_equal(db_step(st, &err), 1);
	assert_string_equal(db_col_text(st, 1), "王伟");
	assert_true(db_col_int64(st, 2) == -16570);
	assert_false(db_col_is_null(st, 3));
	assert_int_equal(db_step(st, &err), 0);
	assert_int_equal(db_step(st, &err), 0); /* stays done */
	db_finalize(st);

	/* transactions: a rollback leaves nothing, a commit keeps */
	assert_int_equal(db_begin(db, &err), 0);
	assert_int_equal(db_run(db, NULL, &err, "INSERT INTO t (id, name, amount) VALUES (?, ?, ?)", "iti",
				(int64_t)3, "gone", (int64_t)1), 0);
	db_rollback(db);
	assert_int_equal(db_run(db, &v, &err, "SELECT COUNT(*) FROM t", ""), 1);
	assert_int_equal(v, 2);
	assert_int_equal(db_begin_immediate(db, &err), 0);
	assert_int_equal(db_run(db, &v, &err, "INSERT INTO t (id, name, amount) VALUES (?, ?, ?) RETURNING id", "iTi",
				(int64_t)4, NULL, (int64_t)1), 1);
	assert_int_equal(v, 4);
	assert_int_equal(db_commit(db, &err), 0);
	assert_int_equal(db_run(db, &v, &err, "SELECT SUM(amount) FROM t WHERE id <> ?", "i", (int64_t)1), 1);
	assert_int_equal(v, -16569);
	assert_int_equal(db_run(db, &v, &err, "SELECT CAST(? AS BIGINT) + 1", "i", (int64_t)41), 1);
	assert_int_equal(v, 42);

	/* bad SQL is an error with the database's text, not a crash */
	assert_true(db_prepare(db, &st, "SELEKT nothing", &err) < 0);
	assert_true(err.len > 0);
	assert_true(db_exec(db, "DROP TABLE t", &err) == 0);
	db_close(db);
	buf_release(&err);
}

static void test_sqlite(void **state)
{
	(void)state;
	exercise(0);
}

static void test_pg(void **state)
{
	(void)state;
	if (!pg_url[0])
		skip();
	exercise(1);
}

static void migrate_twice(int pg)
{
	struct db *db = open_backend(pg);
	struct buf err = BUF_INIT;
	int applied = -1;
	int64_t n;

	assert_int_equal(migrate_up(db, &applied, &err), 0);
	assert_true(applied >= 1);
	assert_int_equal(migrate_pending(db, &err), 0);
	assert_int_equal(migrate_up(db, &applied, &err), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(db_run(db, &n, &err, "SELECT COUNT(*) FROM project", ""), 1);
	db_close(db);
	buf_release(&err);
}

static void test_migrations_sqlite(void **state)
{
	(void)state;
	migrate_twice(0);
}

static void test_migrations_pg(void **state)
{
	(void)state;
	if (!pg_url[0])
		skip();
	migrate_twice(1);
}

static void test_bad_urls(void **state)
{
	struct db *db;
	struct buf err = BUF_INIT;
	(void)state;
	assert_true(db_open(&db, "mysql://x/y", &err) < 0);
	assert_non_null(strstr(err.buf, "mysql://x/y"));
	assert_true(db_open(&db, "/nonexistent/dir/x.db", &err) < 0);
	assert_true(db_open(&db, "postgresql:///nodb?host=/nonexistent&user=x", &err) < 0);
	assert_non_null(strstr(err.buf, "PostgreSQL"));
	buf_release(&err);
}

static void test_migration_dialects(void **state)
{
	struct buf out = BUF_INIT;
	(void)state;
	migrate_translate(&out, "CREATE TABLE a (id @ID@);\n-- @sqlite\nX;\n-- @pg\nY;\n-- @all\nZ;\n", DB_PG);
	assert_string_equal(out.buf, "CREATE TABLE a (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\nY;\nZ;\n");
	buf_reset(&out);
	migrate_translate(&out, "CREATE TABLE a (id @ID@);\n-- @sqlite\nX;\n-- @pg\nY;\n-- @all\nZ;\n", DB_SQLITE);
	assert_string_equal(out.buf, "CREATE TABLE a (id INTEGER PRIMARY KEY);\nX;\nZ;\n");
	buf_release(&out);
}

static int setup(void **state)
{
	const char *pg = getenv("WUYE_TEST_PG");
	(void)state;
	snprintf(sqlite_path, sizeof(sqlite_path), "/tmp/wuye-unit-db-%d.db", (int)getpid());
	if (pg && *pg) {
		struct db *admin;
		struct buf err = BUF_INIT, sql = BUF_INIT;
		const char *q = strchr(pg, '?'), *slash;
		snprintf(pg_name, sizeof(pg_name), "wuye_unit_%d", (int)getpid());
		snprintf(pg_admin, sizeof(pg_admin), "%s", pg);
		if (db_open(&admin, pg_admin, &err) < 0) {
			fprintf(stderr, "%s\n", err.buf);
			return -1;
		}
		/* one statement each: CREATE DATABASE cannot run inside a transaction block */
		buf_addf(&sql, "DROP DATABASE IF EXISTS %s", pg_name);
		db_exec(admin, sql.buf, NULL);
		buf_setf(&sql, "CREATE DATABASE %s", pg_name);
		if (db_exec(admin, sql.buf, &err) < 0) {
			fprintf(stderr, "%s\n", err.buf);
			db_close(admin);
			return -1;
		}
		db_close(admin);
		slash = strstr(pg, "://");
		slash = slash ? strchr(slash + 3, '/') : NULL;
		snprintf(pg_url, sizeof(pg_url), "%.*s/%s%s", slash ? (int)(slash - pg) : 0, pg, pg_name, q ? q : "");
		buf_release(&err);
		buf_release(&sql);
	}
	return 0;
}

static int teardown(void **state)
{
	char path[300];
	(void)state;
	unlink(sqlite_path);
	snprintf(path, sizeof(path), "%s-wal", sqlite_path);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", sqlite_path);
	unlink(path);
	if (pg_url[0]) {
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqlite),
		cmocka_unit_test(test_pg),
		cmocka_unit_test(test_migrations_sqlite),
		cmocka_unit_test(test_migrations_pg),
		cmocka_unit_test(test_bad_urls),
		cmocka_unit_test(test_migration_dialects),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
