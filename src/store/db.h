/* db.h: the one storage interface, over SQLite (default) and PostgreSQL.
 *
 * Open by URL: a file path or "sqlite:PATH" is SQLite; "postgresql://..." or
 * "postgres://..." is PostgreSQL (libpq connection URI).  SQL is written once, with
 * `?` placeholders; the PostgreSQL backend numbers them ($1, $2 ...) when preparing.
 * Values are bound, never pasted into SQL text.  Portable SQL only: INTEGER/BIGINT
 * and TEXT columns, RETURNING, ON CONFLICT, CAST(? AS BIGINT) where a parameter's type
 * cannot be inferred.
 *
 * Statements: db_prepare() then bind (1-based), then db_step() until it returns 0;
 * db_reset() to run again with new bindings; db_finalize() to free.  Column reads are
 * 0-based and valid until the next step/reset.  Text pointers are never NULL (NULL
 * reads as ""); use db_col_is_null() to tell.
 *
 * Errors: functions return 0 (or, for db_step, 1 = row, 0 = done) and negative on
 * failure with the database's message in err.  DB_CONFLICT is returned by db_step() /
 * db_commit() when a uniqueness constraint failed, DB_BUSY when the database stayed
 * locked past the busy timeout or a serialization failure must be retried.
 */
#ifndef WUYE_DB_H
#define WUYE_DB_H

#include <stdint.h>

#include "base/buf.h"

enum db_kind { DB_SQLITE, DB_PG };

#define DB_ERROR (-1)
#define DB_CONFLICT (-2)
#define DB_BUSY (-3)

struct db;
struct db_stmt;

int db_open(struct db **out, const char *url, struct buf *err);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
/* The URL it was opened with, with any password removed. */
const char *db_url(const struct db *db);
/* A second connection to the same database (for work on another thread). */
int db_open_again(const struct db *db, struct db **out, struct buf *err);

/* Runs one or more statements without parameters (migrations, pragmas). */
int db_exec(struct db *db, const char *sql, struct buf *err);

int db_prepare(struct db *db, struct db_stmt **out, const char *sql, struct buf *err);
/* A statement prepared once per connection and kept: sql must be a string that lives as
 * long as the connection (a literal), and is looked up by its address.  The statement
 * comes back reset with no bindings; use it, then leave it (db_finalize on it only
 * resets).  It must not be in use twice at once: finish one loop over it before the
 * next use. */
int db_cached(struct db *db, struct db_stmt **out, const char *sql, struct buf *err);
void db_bind_int64(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *s);
void db_bind_null(struct db_stmt *st, int idx);
/* NULL s binds SQL NULL; "" binds an empty string. */
void db_bind_text_or_null(struct db_stmt *st, int idx, const char *s);
int db_step(struct db_stmt *st, struct buf *err);
void db_reset(struct db_stmt *st);
void db_finalize(struct db_stmt *st);

int db_col_count(struct db_stmt *st);
int db_col_is_null(struct db_stmt *st, int col);
int64_t db_col_int64(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);

/* Transactions.  db_begin_immediate() takes the write lock up front (SQLite
 * BEGIN IMMEDIATE; on PostgreSQL the same as db_begin) so read-then-write
 * transactions do not deadlock on lock upgrade. */
int db_begin(struct db *db, struct buf *err);
int db_begin_immediate(struct db *db, struct buf *err);
int db_commit(struct db *db, struct buf *err);
/* A read-only transaction whose reads all see one snapshot of the database; token
 * receives what db_begin_read_at() needs to give another connection the same snapshot
 * (PostgreSQL: an exported snapshot; SQLite: nothing, as its writers commit in id order
 * and a reader that ignores ids past what the first saw sees the same rows).  End it
 * with db_rollback(). */
int db_begin_read(struct db *db, struct buf *token, struct buf *err);
int db_begin_read_at(struct db *db, const char *token, struct buf *err);
void db_rollback(struct db *db);
int db_in_transaction(const struct db *db);

/* Convenience for one-shot statements: prepares sql, binds parameters described by
 * `types` (one letter each: 'i' int64_t, 'n' int64_t with 0 meaning SQL NULL (an
 * optional reference), 't' const char *, 'T' const char * or NULL for SQL NULL), steps once and finalizes.  Returns 1 when a row came back (and sets
 * *out to its first column as an integer when out is not NULL), 0 when none, <0 on
 * error (DB_CONFLICT for a uniqueness violation). */
int db_run(struct db *db, int64_t *out, struct buf *err, const char *sql, const char *types, ...);

/* The backend's table of functions; see db_sqlite.c and db_pg.c. */
struct db_ops {
	const char *name;
	int (*open)(struct db **out, const char *target, struct buf *err);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct buf *err);
	int (*prepare)(struct db *db, struct db_stmt **out, const char *sql, struct buf *err);
	void (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	void (*bind_text)(struct db_stmt *st, int idx, const char *s);
	void (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st, struct buf *err);
	void (*reset)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	int (*col_count)(struct db_stmt *st);
	int (*col_is_null)(struct db_stmt *st, int col);
	int64_t (*col_int64)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	int (*begin)(struct db *db, int immediate, struct buf *err);
};

/* Common head of every backend's struct db and struct db_stmt. */
struct db_cache_entry {
	const char *sql;
	struct db_stmt *st;
};

struct db {
	const struct db_ops *ops;
	enum db_kind kind;
	char *url;        /* redacted, for messages */
	char *full_url;   /* as given, to open another connection */
	int in_tx;
	struct db_cache_entry *cache;
	size_t ncache, cache_alloc;
};

struct db_stmt {
	const struct db_ops *ops;
	struct db *db;
	int cached;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

#endif
