/* journal.c: accounts (found or created, cached) and postings. */
#include "core/journal.h"

#include <stdio.h>
#include <string.h>

#include "base/error.h"

static const char *const kind_names[] = { "receivable", "latefee", "prepaid", "cash", "income", "waiver" };

const char *account_kind_name(enum account_kind k)
{
	return kind_names[k];
}

int journal_open(struct journal *j, struct db *db, int64_t project_id, struct buf *err)
{
	memset(j, 0, sizeof(*j));
	j->db = db;
	j->project_id = project_id;
	if (db_cached(db, &j->find, "SELECT id FROM account WHERE project_id = ? AND kind = ? AND unit_id = ? "
		       "AND party_id = ? AND ref = ?", err) < 0 ||
	    db_cached(db, &j->create, "INSERT INTO account (project_id, kind, unit_id, party_id, ref) "
		       "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", err) < 0 ||
	    db_cached(db, &j->post, "INSERT INTO posting (project_id, debit_id, credit_id, amount_fen, kind, "
		       "source_id, day) VALUES (?, ?, ?, ?, ?, ?, ?)", err) < 0) {
		journal_close(j);
		return -1;
	}
	return 0;
}

void journal_close(struct journal *j)
{
	db_finalize(j->find);
	db_finalize(j->create);
	db_finalize(j->post);
	hashmap_clear(&j->cache);
	j->find = j->create = j->post = NULL;
}

static int lookup(struct journal *j, const char *kind, int64_t unit_id, int64_t party_id, const char *ref,
		  int64_t *id, struct buf *err)
{
	int rc;

	db_reset(j->find);
	db_bind_int64(j->find, 1, j->project_id);
	db_bind_text(j->find, 2, kind);
	db_bind_int64(j->find, 3, unit_id);
	db_bind_int64(j->find, 4, party_id);
	db_bind_text(j->find, 5, ref);
	rc = db_step(j->find, err);
	if (rc == 1)
		*id = db_col_int64(j->find, 0);
	db_reset(j->find);
	return rc;
}

int journal_account(struct journal *j, enum account_kind kind, int64_t unit_id, int64_t party_id,
		    const char *ref, int64_t *id, struct buf *err)
{
	char key[160];
	int n, rc;

	n = snprintf(key, sizeof(key), "%d/%lld/%lld/%s", (int)kind, (long long)unit_id, (long long)party_id, ref);
	if (n > 0 && (size_t)n < sizeof(key) && hashmap_get(&j->cache, key, (size_t)n, id))
		return 0;
	rc = lookup(j, kind_names[kind], unit_id, party_id, ref, id, err);
	if (rc == 0) {
		db_reset(j->create);
		db_bind_int64(j->create, 1, j->project_id);
		db_bind_text(j->create, 2, kind_names[kind]);
		db_bind_int64(j->create, 3, unit_id);
		db_bind_int64(j->create, 4, party_id);
		db_bind_text(j->create, 5, ref);
		rc = db_step(j->create, err);
		db_reset(j->create);
		if (rc < 0)
			return -1;
		rc = lookup(j, kind_names[kind], unit_id, party_id, ref, id, err);
	}
	if (rc != 1)
		return rc < 0 ? -1 : error(err, "account %s could not be created", key);
	if (n > 0 && (size_t)n < sizeof(key))
		hashmap_put(&j->cache, key, (size_t)n, *id);
	return 0;
}

int journal_item_account(struct journal *j, enum account_kind kind, int64_t item_id, int64_t *id, struct buf *err)
{
	char ref[24];

	snprintf(ref, sizeof(ref), "%lld", (long long)item_id);
	return journal_account(j, kind, 0, 0, ref, id, err);
}

int journal_post(struct journal *j, int64_t debit, int64_t credit, int64_t amount, const char *kind,
		 int64_t source_id, int day, struct buf *err)
{
	int rc;

	if (amount <= 0)
		BUG("posting of %lld fen", (long long)amount);
	db_reset(j->post);
	db_bind_int64(j->post, 1, j->project_id);
	db_bind_int64(j->post, 2, debit);
	db_bind_int64(j->post, 3, credit);
	db_bind_int64(j->post, 4, amount);
	db_bind_text(j->post, 5, kind);
	db_bind_int64(j->post, 6, source_id);
	db_bind_int64(j->post, 7, day);
	rc = db_step(j->post, err);
	db_reset(j->post);
	return rc < 0 ? -1 : 0;
}
