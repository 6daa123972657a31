/* db.c: the storage interface's dispatch and the helpers common to both backends. */
#include "store/db.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/xalloc.h"

static char *redact_url(const char *url)
{
	/* postgresql://user:secret@host/db -> postgresql://user@host/db */
	const char *scheme = strstr(url, "://"), *at, *colon;
	struct buf b = BUF_INIT;

	if (!scheme)
		return xstrdup(url);
	at = strchr(scheme + 3, '@');
	colon = strchr(scheme + 3, ':');
	if (!at || !colon || colon > at)
		return xstrdup(url);
	buf_add(&b, url, (size_t)(colon - url));
	buf_adds(&b, at);
	return buf_detach(&b, NULL);
}

int db_open(struct db **out, const char *url, struct buf *err)
{
	const struct db_ops *ops;
	const char *target = url;
	int rc;

	*out = NULL;
	if (!url || !*url)
		return error(err, "no database given (use --db or WUYE_DB)");
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		ops = &db_pg_ops;
	} else if (!strncmp(url, "sqlite:", 7)) {
		ops = &db_sqlite_ops;
		target = url + 7;
		if (!strncmp(target, "//", 2))
			target += 2;
	} else if (strstr(url, "://")) {
		return error(err, "unknown database URL '%s' (use a file path, sqlite:PATH or postgresql://...)", url);
	} else {
		ops = &db_sqlite_ops;
	}
	rc = ops->open(out, target, err);
	if (rc < 0)
		return rc;
	(*out)->ops = ops;
	(*out)->url = redact_url(url);
	(*out)->full_url = xstrdup(url);
	return 0;
}

void db_close(struct db *db)
{
	char *url, *full;

	if (!db)
		return;
	if (db->in_tx)
		db_rollback(db);
	for (size_t i = 0; i < db->ncache; i++)
		db->ops->finalize(db->cache[i].st);
	free(db->cache);
	url = db->url;
	full = db->full_url;
	db->ops->close(db);
	free(url);
	free(full);
}

enum db_kind db_kind(const struct db *db) { return db->kind; }

int db_open_again(const struct db *db, struct db **out, struct buf *err)
{
	return db_open(out, db->full_url, err);
}
const char *db_url(const struct db *db) { return db->url; }

int db_exec(struct db *db, const char *sql, struct buf *err)
{
	return db->ops->exec(db, sql, err);
}

int db_prepare(struct db *db, struct db_stmt **out, const char *sql, struct buf *err)
{
	int rc = db->ops->prepare(db, out, sql, err);
	if (rc == 0) {
		(*out)->ops = db->ops;
		(*out)->db = db;
	}
	return rc;
}

int db_cached(struct db *db, struct db_stmt **out, const char *sql, struct buf *err)
{
	int rc;

	for (size_t i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			*out = db->cache[i].st;
			db_reset(*out);
			return 0;
		}
	if ((rc = db_prepare(db, out, sql, err)) < 0)
		return rc;
	(*out)->cached = 1;
	XGROW(db->cache, db->cache_alloc, db->ncache + 1);
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].st = *out;
	db->ncache++;
	return 0;
}

void db_bind_int64(struct db_stmt *st, int idx, int64_t v) { st->ops->bind_int64(st, idx, v); }
void db_bind_text(struct db_stmt *st, int idx, const char *s) { st->ops->bind_text(st, idx, s); }
void db_bind_null(struct db_stmt *st, int idx) { st->ops->bind_null(st, idx); }

void db_bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	if (s)
		db_bind_text(st, idx, s);
	else
		db_bind_null(st, idx);
}

int db_step(struct db_stmt *st, struct buf *err) { return st->ops->step(st, err); }
void db_reset(struct db_stmt *st) { st->ops->reset(st); }

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	if (st->cached)
		db_reset(st); /* the connection keeps it */
	else
		st->ops->finalize(st);
}

int db_col_count(struct db_stmt *st) { return st->ops->col_count(st); }
int db_col_is_null(struct db_stmt *st, int col) { return st->ops->col_is_null(st, col); }
int64_t db_col_int64(struct db_stmt *st, int col) { return st->ops->col_int64(st, col); }
const char *db_col_text(struct db_stmt *st, int col) { return st->ops->col_text(st, col); }

int db_begin(struct db *db, struct buf *err)
{
	int rc;

	if (db->in_tx)
		return error(err, "a transaction is already open");
	rc = db->ops->begin(db, 0, err);
	if (!rc)
		db->in_tx = 1;
	return rc;
}

int db_begin_immediate(struct db *db, struct buf *err)
{
	int rc;

	if (db->in_tx)
		return error(err, "a transaction is already open");
	rc = db->ops->begin(db, 1, err);
	if (!rc)
		db->in_tx = 1;
	return rc;
}

int db_begin_read(struct db *db, struct buf *token, struct buf *err)
{
	struct db_stmt *st;
	int rc;

	if (db->in_tx)
		return error(err, "a transaction is already open");
	rc = db->ops->exec(db, db->kind == DB_PG ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", err);
	if (rc < 0)
		return rc;
	db->in_tx = 1;
	buf_reset(token);
	/* the first read fixes the snapshot */
	if ((rc = db_prepare(db, &st, db->kind == DB_PG ? "SELECT pg_export_snapshot()" : "SELECT COUNT(*) FROM schema_version",
			     err)) < 0)
		goto fail;
	rc = db_step(st, err);
	if (rc == 1 && db->kind == DB_PG)
		buf_adds(token, db_col_text(st, 0));
	db_finalize(st);
	if (rc < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int db_begin_read_at(struct db *db, const char *token, struct buf *err)
{
	int rc;

	if (db->in_tx)
		return error(err, "a transaction is already open");
	rc = db->ops->exec(db, db->kind == DB_PG ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", err);
	if (rc < 0)
		return rc;
	db->in_tx = 1;
	if (db->kind == DB_PG && token && *token) {
		/* SET TRANSACTION SNAPSHOT takes a literal only: the token is checked first */
		for (const char *p = token; *p; p++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'F') || *p == '-')) {
				db_rollback(db);
				return error(err, "bad snapshot token");
			}
		{
			struct buf sql = BUF_INIT;
			buf_addf(&sql, "SET TRANSACTION SNAPSHOT '%s'", token);
			rc = db->ops->exec(db, sql.buf, err);
			buf_release(&sql);
		}
		if (rc < 0) {
			db_rollback(db);
			return rc;
		}
	}
	return 0;
}

int db_commit(struct db *db, struct buf *err)
{
	int rc;

	if (!db->in_tx)
		return error(err, "no transaction is open");
	rc = db->ops->exec(db, "COMMIT", err);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	db->in_tx = 0;
	return 0;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	db->ops->exec(db, "ROLLBACK", NULL);
	db->in_tx = 0;
}

int db_in_transaction(const struct db *db) { return db->in_tx; }

int db_run(struct db *db, int64_t *out, struct buf *err, const char *sql, const char *types, ...)
{
	struct db_stmt *st;
	va_list ap;
	int rc;

	if ((rc = db_cached(db, &st, sql, err)) < 0)
		return rc;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		switch (types[i]) {
		case 'i':
			db_bind_int64(st, i + 1, va_arg(ap, int64_t));
			break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);
			if (v)
				db_bind_int64(st, i + 1, v);
			else
				db_bind_null(st, i + 1);
			break;
		}
		case 't':
			db_bind_text(st, i + 1, va_arg(ap, const char *));
			break;
		case 'T':
			db_bind_text_or_null(st, i + 1, va_arg(ap, const char *));
			break;
		default:
			BUG("db_run: bad parameter type '%c'", types[i]);
		}
	}
	va_end(ap);
	rc = db_step(st, err);
	if (rc == 1 && out)
		*out = db_col_int64(st, 0);
	db_finalize(st);
	return rc;
}
