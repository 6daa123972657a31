/* db_pg.c: the PostgreSQL backend of db.h (libpq).
 *
 * Statements are prepared server-side under a per-connection name; parameters and
 * results travel in text form, and integer columns are parsed from text.  A result is
 * fetched whole on the first db_step(), so the caller may run other statements on the
 * same connection while iterating (libpq allows one query in flight at a time).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/xalloc.h"
#include "store/db.h"

struct pg_db {
	struct db base;
	PGconn *conn;
	unsigned long next_name;
};

struct pg_stmt {
	struct db_stmt base;
	struct pg_db *db;
	char name[24];
	int nparams;
	char **values; /* owned copies, NULL = SQL NULL */
	PGresult *res;
	int row;     /* next row to return */
	int current; /* row the column readers read */
	int ran;
};

static void silence_notices(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

static int pg_open(struct db **out, const char *url, struct buf *err)
{
	struct pg_db *db;
	PGconn *conn = PQconnectdb(url);
	PGresult *res;

	if (PQstatus(conn) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(conn);
		size_t n = strlen(msg);
		while (n && msg[n - 1] == '\n')
			n--;
		error(err, "cannot connect to PostgreSQL: %.*s", (int)n, msg);
		PQfinish(conn);
		return DB_ERROR;
	}
	PQsetNoticeReceiver(conn, silence_notices, NULL);
	res = PQexec(conn, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
	PQclear(res);
	db = xcalloc(1, sizeof(*db));
	db->base.kind = DB_PG;
	db->conn = conn;
	*out = &db->base;
	return 0;
}

static void pg_close(struct db *base)
{
	struct pg_db *db = (struct pg_db *)base;

	PQfinish(db->conn);
	free(db);
}

static int result_error(PGresult *res, PGconn *conn, struct buf *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	size_t n = strlen(msg);

	while (n && msg[n - 1] == '\n')
		n--;
	if (!strncmp(msg, "ERROR:  ", 8)) {
		msg += 8;
		n -= 8;
	}
	error(err, "%.*s", (int)n, msg);
	if (state && !strcmp(state, "23505"))
		return DB_CONFLICT;
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
		return DB_BUSY;
	return DB_ERROR;
}

static int pg_exec(struct db *base, const char *sql, struct buf *err)
{
	struct pg_db *db = (struct pg_db *)base;
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
		rc = result_error(res, db->conn, err);
	PQclear(res);
	return rc;
}

/* Rewrites `?` placeholders as $1, $2, ... outside literals, identifiers and comments. */
static char *number_placeholders(const char *sql, int *nparams)
{
	struct buf b = BUF_INIT;
	const char *p = sql;
	int n = 0;

	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			buf_addch(&b, *p++);
			while (*p) {
				if (*p == q && p[1] == q) {
					buf_add(&b, p, 2);
					p += 2;
					continue;
				}
				if (*p == q)
					break;
				buf_addch(&b, *p++);
			}
			if (*p)
				buf_addch(&b, *p++);
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				buf_addch(&b, *p++);
		} else if (*p == '?') {
			buf_addf(&b, "$%d", ++n);
			p++;
		} else {
			buf_addch(&b, *p++);
		}
	}
	*nparams = n;
	return buf_detach(&b, NULL);
}

static int pg_prepare(struct db *base, struct db_stmt **out, const char *sql, struct buf *err)
{
	struct pg_db *db = (struct pg_db *)base;
	struct pg_stmt *st;
	PGresult *res;
	char *text;
	int n;

	text = number_placeholders(sql, &n);
	st = xcalloc(1, sizeof(*st));
	st->db = db;
	st->nparams = n;
	st->values = xcalloc((size_t)n + 1, sizeof(char *));
	snprintf(st->name, sizeof(st->name), "w%lu", ++db->next_name);
	res = PQprepare(db->conn, st->name, text, 0, NULL);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = result_error(res, db->conn, err);
		PQclear(res);
		free(st->values);
		free(st);
		return rc;
	}
	PQclear(res);
	*out = &st->base;
	return 0;
}

static void set_value(struct pg_stmt *st, int idx, char *v)
{
	if (idx < 1 || idx > st->nparams) {
		free(v);
		return;
	}
	free(st->values[idx - 1]);
	st->values[idx - 1] = v;
}

static void pg_bind_int64(struct db_stmt *base, int idx, int64_t v)
{
	char tmp[24];

	snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	set_value((struct pg_stmt *)base, idx, xstrdup(tmp));
}

static void pg_bind_text(struct db_stmt *base, int idx, const char *s)
{
	set_value((struct pg_stmt *)base, idx, xstrdup(s));
}

static void pg_bind_null(struct db_stmt *base, int idx)
{
	set_value((struct pg_stmt *)base, idx, NULL);
}

static int pg_step(struct db_stmt *base, struct buf *err)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	if (!st->ran) {
		ExecStatusType s;

		st->ran = 1;
		st->res = PQexecPrepared(st->db->conn, st->name, st->nparams,
					 (const char *const *)st->values, NULL, NULL, 0);
		s = PQresultStatus(st->res);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
			int rc = result_error(st->res, st->db->conn, err);
			PQclear(st->res);
			st->res = NULL;
			return rc;
		}
		st->row = 0;
	}
	if (!st->res || st->row >= PQntuples(st->res))
		return 0;
	st->current = st->row++;
	return 1;
}

static void pg_reset(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	PQclear(st->res);
	st->res = NULL;
	st->ran = 0;
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

static void pg_finalize(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	char sql[48];
	PGresult *res;

	pg_reset(base);
	snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
	res = PQexec(st->db->conn, sql);
	PQclear(res);
	free(st->values);
	free(st);
}

static int pg_col_count(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	return st->res ? PQnfields(st->res) : 0;
}

static int pg_col_is_null(struct db_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	return !st->res || PQgetisnull(st->res, st->current, col);
}

static int64_t pg_col_int64(struct db_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	const char *s;

	if (!st->res || PQgetisnull(st->res, st->current, col))
		return 0;
	s = PQgetvalue(st->res, st->current, col);
	if (s[0] == 't' && !s[1])
		return 1; /* boolean true */
	return strtoll(s, NULL, 10);
}

static const char *pg_col_text(struct db_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	if (!st->res || PQgetisnull(st->res, st->current, col))
		return "";
	return PQgetvalue(st->res, st->current, col);
}

static int pg_begin(struct db *base, int immediate, struct buf *err)
{
	(void)immediate;
	return pg_exec(base, "BEGIN", err);
}

const struct db_ops db_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.col_count = pg_col_count,
	.col_is_null = pg_col_is_null,
	.col_int64 = pg_col_int64,
	.col_text = pg_col_text,
	.begin = pg_begin,
};
