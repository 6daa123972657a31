/* fees.h: fee items, contracts and their tariffs (收费项目、物业服务合同、收费标准). */
#ifndef WUYE_FEES_H
#define WUYE_FEES_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

enum cycle { CYCLE_MONTH, CYCLE_QUARTER, CYCLE_YEAR };

struct contract_terms {
	int64_t id;
	int from, to;            /* to = DATE_MAX when open-ended */
	int64_t late_daily_ppm;  /* late fee per day in millionths of the open principal */
	int late_grace_days;
	int late_cap_pct;
};

struct tariff {
	int64_t id, contract_id, item_id;
	char item_name[64];
	int basis_area;          /* 1: per m² of building area; 0: per unit */
	int64_t rate;            /* ten-thousandths of a yuan per month */
	enum cycle cycle;
	int due_day;
	int vacant_pct;
	char unit_type[16];      /* "" = every unit */
	struct contract_terms terms;
};

struct contract_new {
	int64_t project_id;
	const char *name;
	int from, to;            /* to = DATE_MAX when not given */
	int64_t late_daily_ppm;
	int late_grace_days, late_cap_pct;
	int64_t staff_id;
};

struct tariff_new {
	int64_t contract_id;
	const char *item;        /* name; the item is created when new */
	int basis_area;
	int64_t rate;
	enum cycle cycle;
	int due_day, vacant_pct;
	const char *unit_type;   /* NULL or "" for every unit */
};

int contract_add(struct db *db, const struct contract_new *c, int64_t *id, struct buf *err);
/* Adds a tariff; refuses one whose item already has a tariff in a contract whose dates
 * overlap (an earlier open-ended contract ends where a later one starts). */
int tariff_add(struct db *db, const struct tariff_new *t, int64_t *id, struct buf *err);
/* Finds or creates the fee item `name` of a project (kind guessed from the name when
 * new: 停车 → parking, 公摊 → shared, ...). */
int fee_item_get(struct db *db, int64_t project_id, const char *name, int basis_area, int64_t *id,
		 struct buf *err);
/* The kinds of fee item (property, fixed, parking, shared, ...), NULL-terminated. */
extern const char *const fee_item_kinds[];
/* Finds or creates the item `name` and sets its kind (NULL: unchanged) and VAT rate in
 * basis points (-1: unchanged; 600 = 6%).  The caller owns the transaction. */
int fee_item_set(struct db *db, int64_t project_id, const char *name, const char *kind, int64_t tax_bp, int64_t *id,
		 struct buf *err);

/* The tariffs in force for a period starting on `first_day`: per fee item, the tariff of
 * the contract with the latest from_day on or before first_day.  *out is allocated
 * (free it); *n receives the count. */
int tariffs_in_force(struct db *db, int64_t project_id, int first_day, struct tariff **out, size_t *n,
		     struct buf *err);
/* The contract whose late-fee terms apply on `day` (the latest from_day <= day); a
 * contract with id 0 and no late fee when there is none. */
int contract_terms_on(struct db *db, int64_t project_id, int day, struct contract_terms *out, struct buf *err);
int contract_terms_get(struct db *db, int64_t contract_id, struct contract_terms *out, struct buf *err);

const char *cycle_name(enum cycle c);
int cycle_parse(const char *s, enum cycle *c);
/* Parses a rate "1.85" (yuan, up to 4 decimals) into ten-thousandths. */
int rate_parse(const char *s, int64_t *out);
/* Parses a daily late-fee rate: "0.0003" or "万分之三"-style decimals up to 6 places. */
int daily_rate_parse(const char *s, int64_t *ppm);

#endif
