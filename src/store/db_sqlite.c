/* db_sqlite.c: the SQLite backend of db.h (the embedded default).
 *
 * Settings on open: WAL journal (readers never block the writer), synchronous=FULL
 * (a committed transaction survives power loss: the WAL is fsynced at every commit),
 * foreign keys on, a 10 s busy timeout so concurrent processes queue instead of failing.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/xalloc.h"
#include "store/db.h"

struct sqlite_db {
	struct db base;
	sqlite3 *conn;
	struct profile *profile;
};

/* WUYE_SQL_PROFILE=1: the total time and count of each statement, printed when the
 * connection closes (the slowest twenty). */
struct profile_entry {
	const char *sql;
	char *text;
	long long ns, count;
};
struct profile {
	struct profile_entry *e;
	size_t n, alloc;
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *stmt;
	int done; /* stepped to SQLITE_DONE since the last reset */
	/* A one-row `INSERT … VALUES … RETURNING id` runs without its RETURNING clause and
	 * answers with sqlite3_last_insert_rowid(): SQLite gathers RETURNING rows in an
	 * ephemeral table it opens and closes for every execution, which doubled the cost of
	 * the inserts the daily runs make by the hundred thousand. */
	int rowid_only;
	int rowid_given; /* the one answer row is being read */
	int64_t rowid;
	char rowid_text[24];
};

/* The length of SQL without a trailing " RETURNING id" that may be answered from the
 * last insert rowid, or 0.  Only single-row INSERT INTO t … VALUES qualify (an upsert
 * that updates does not set the rowid; INSERT … SELECT gives many rows), and only where
 * t.id is an INTEGER PRIMARY KEY, the rowid itself. */
static size_t rowid_returning_prefix(sqlite3 *conn, const char *sql)
{
	static const char suffix[] = " RETURNING id", into[] = "INSERT INTO ";
	size_t n = strlen(sql), k = sizeof(suffix) - 1, t = sizeof(into) - 1, len;
	char table[64];
	const char *type = NULL;
	int pk = 0;

	while (n && (sql[n - 1] == ' ' || sql[n - 1] == '\n' || sql[n - 1] == ';'))
		n--;
	if (n <= k || strncmp(sql + n - k, suffix, k) || strncmp(sql, into, t) || !strstr(sql, " VALUES ") ||
	    strstr(sql, "SELECT") || strstr(sql, "DO UPDATE"))
		return 0;
	len = strcspn(sql + t, " (");
	if (!len || len >= sizeof(table))
		return 0;
	memcpy(table, sql + t, len);
	table[len] = '\0';
	if (sqlite3_table_column_metadata(conn, NULL, table, "id", &type, NULL, NULL, &pk, NULL) != SQLITE_OK || !pk ||
	    !type || sqlite3_stricmp(type, "INTEGER"))
		return 0;
	return n - k;
}

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			       ? DB_CONFLICT : DB_ERROR;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static int sq_error(sqlite3 *conn, int rc, struct buf *err)
{
	error(err, "%s", sqlite3_errmsg(conn));
	return map_rc(rc);
}

/* Before SQLite starts: no memory-statistics mutex (each connection is used by one
 * thread at a time; wuye keeps no statistics of SQLite's allocations). */
static void configure_once(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

/* WUYE_SQL_SLOW=MICROSECONDS prints each statement slower than that to stderr: the way
 * to find a query that scans where it should seek. */
static int trace_slow(unsigned type, void *ctx, void *p, void *x)
{
	long limit = (long)(intptr_t)ctx;
	sqlite3_int64 ns = *(sqlite3_int64 *)x;

	if (type == SQLITE_TRACE_PROFILE && ns / 1000 >= limit) {
		char *sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
		fprintf(stderr, "slow sql %lld us: %s\n", (long long)(ns / 1000), sql ? sql : "?");
		sqlite3_free(sql);
	}
	return 0;
}

static int trace_profile(unsigned type, void *ctx, void *p, void *x)
{
	struct profile *pr = ctx;
	const char *sql = sqlite3_sql((sqlite3_stmt *)p);

	if (type != SQLITE_TRACE_PROFILE || !sql)
		return 0;
	for (size_t i = 0; i < pr->n; i++)
		if (pr->e[i].sql == sql) {
			pr->e[i].ns += *(sqlite3_int64 *)x;
			pr->e[i].count++;
			return 0;
		}
	XGROW(pr->e, pr->alloc, pr->n + 1);
	pr->e[pr->n].sql = sql; /* matched by address; the text is kept below */
	pr->e[pr->n].text = xstrdup(sql);
	pr->e[pr->n].ns = *(sqlite3_int64 *)x;
	pr->e[pr->n].count = 1;
	pr->n++;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct profile_entry *x = a, *y = b;
	return (x->ns < y->ns) - (x->ns > y->ns);
}

static void profile_print(struct profile *pr)
{
	qsort(pr->e, pr->n, sizeof(*pr->e), by_time);
	for (size_t i = 0; i < pr->n && i < 20; i++)
		fprintf(stderr, "sql profile %8.3f s %9lld x  %.160s\n", (double)pr->e[i].ns / 1e9, pr->e[i].count, pr->e[i].text);
	for (size_t i = 0; i < pr->n; i++)
		free(pr->e[i].text);
	free(pr->e);
	free(pr);
}

static int sq_open(struct db **out, const char *path, struct buf *err)
{
	struct sqlite_db *db;
	sqlite3 *conn = NULL;
	const char *cache = getenv("WUYE_SQLITE_CACHE_MB");
	char pragma[64];
	int rc;

	configure_once();

	rc = sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		error(err, "cannot open database '%s': %s", path,
		      conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
		sqlite3_close(conn);
		return DB_ERROR;
	}
	sqlite3_extended_result_codes(conn, 1);
	sqlite3_busy_timeout(conn, 10000);
	rc = sqlite3_exec(conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			  "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", NULL, NULL, NULL);
	/* page cache: 64 MiB unless WUYE_SQLITE_CACHE_MB says otherwise (big batch jobs) */
	if (rc == SQLITE_OK) {
		long mb = cache ? strtol(cache, NULL, 10) : 64;
		snprintf(pragma, sizeof(pragma), "PRAGMA cache_size=-%ld", (mb > 0 && mb < 1000000 ? mb : 64) * 1024);
		rc = sqlite3_exec(conn, pragma, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		error(err, "cannot open database '%s': %s", path, sqlite3_errmsg(conn));
		sqlite3_close(conn);
		return DB_ERROR;
	}
	if (getenv("WUYE_SQL_SLOW"))
		sqlite3_trace_v2(conn, SQLITE_TRACE_PROFILE, trace_slow,
				 (void *)(intptr_t)strtol(getenv("WUYE_SQL_SLOW"), NULL, 10));
	db = xcalloc(1, sizeof(*db));
	db->base.kind = DB_SQLITE;
	db->conn = conn;
	if (getenv("WUYE_SQL_PROFILE")) {
		db->profile = xcalloc(1, sizeof(*db->profile));
		sqlite3_trace_v2(conn, SQLITE_TRACE_PROFILE, trace_profile, db->profile);
	}
	*out = &db->base;
	return 0;
}

static void sq_close(struct db *base)
{
	struct sqlite_db *db = (struct sqlite_db *)base;

	sqlite3_close_v2(db->conn);
	if (db->profile)
		profile_print(db->profile);
	free(db);
}

static int sq_exec(struct db *base, const char *sql, struct buf *err)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	char *msg = NULL;
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		error(err, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return map_rc(sqlite3_extended_errcode(db->conn));
	}
	return 0;
}

static int sq_prepare(struct db *base, struct db_stmt **out, const char *sql, struct buf *err)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	struct sqlite_stmt *st;
	sqlite3_stmt *stmt;
	size_t prefix = rowid_returning_prefix(db->conn, sql);
	int rc = sqlite3_prepare_v3(db->conn, sql, prefix ? (int)prefix : -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

	if (rc != SQLITE_OK)
		return sq_error(db->conn, rc, err);
	st = xcalloc(1, sizeof(*st));
	st->stmt = stmt;
	st->rowid_only = prefix > 0;
	*out = &st->base;
	return 0;
}

static void sq_bind_int64(struct db_stmt *base, int idx, int64_t v)
{
	sqlite3_bind_int64(((struct sqlite_stmt *)base)->stmt, idx, v);
}

static void sq_bind_text(struct db_stmt *base, int idx, const char *s)
{
	sqlite3_bind_text(((struct sqlite_stmt *)base)->stmt, idx, s, -1, SQLITE_TRANSIENT);
}

static void sq_bind_null(struct db_stmt *base, int idx)
{
	sqlite3_bind_null(((struct sqlite_stmt *)base)->stmt, idx);
}

static int sq_step(struct db_stmt *base, struct buf *err)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	int rc;

	if (st->done)
		return 0;
	if (st->rowid_given) {
		st->rowid_given = 0;
		st->done = 1;
		return 0;
	}
	rc = sqlite3_step(st->stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE && st->rowid_only && sqlite3_changes(sqlite3_db_handle(st->stmt)) > 0) {
		st->rowid = sqlite3_last_insert_rowid(sqlite3_db_handle(st->stmt));
		st->rowid_given = 1;
		return 1;
	}
	if (rc == SQLITE_DONE) {
		st->done = 1;
		return 0;
	}
	rc = sq_error(sqlite3_db_handle(st->stmt), sqlite3_extended_errcode(sqlite3_db_handle(st->stmt)), err);
	sqlite3_reset(st->stmt);
	return rc;
}

static void sq_reset(struct db_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	sqlite3_reset(st->stmt);
	sqlite3_clear_bindings(st->stmt);
	st->done = 0;
	st->rowid_given = 0;
}

static void sq_finalize(struct db_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	sqlite3_finalize(st->stmt);
	free(st);
}

static int sq_col_count(struct db_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	return st->rowid_only ? 1 : sqlite3_column_count(st->stmt);
}

static int sq_col_is_null(struct db_stmt *base, int col)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	if (st->rowid_only)
		return !st->rowid_given || col != 0;
	return sqlite3_column_type(st->stmt, col) == SQLITE_NULL;
}

static int64_t sq_col_int64(struct db_stmt *base, int col)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	if (st->rowid_only)
		return st->rowid_given && col == 0 ? st->rowid : 0;
	return sqlite3_column_int64(st->stmt, col);
}

static const char *sq_col_text(struct db_stmt *base, int col)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	const unsigned char *s;
	if (st->rowid_only) {
		snprintf(st->rowid_text, sizeof(st->rowid_text), "%lld", (long long)sq_col_int64(base, col));
		return st->rowid_text;
	}
	s = sqlite3_column_text(st->stmt, col);
	return s ? (const char *)s : "";
}

static int sq_begin(struct db *base, int immediate, struct buf *err)
{
	return sq_exec(base, immediate ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_int64 = sq_bind_int64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.col_count = sq_col_count,
	.col_is_null = sq_col_is_null,
	.col_int64 = sq_col_int64,
	.col_text = sq_col_text,
	.begin = sq_begin,
};
