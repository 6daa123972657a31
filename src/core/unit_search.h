/* unit_search.h: finding a project's units by room, or by any part of an owner's name or
 * phone number; and one unit's card (the unit, its owners and tenants, its payer's case)
 * for the console's 房屋与业主 and 收银 pages. */
#ifndef WUYE_UNIT_SEARCH_H
#define WUYE_UNIT_SEARCH_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

#define UNIT_SEARCH_MAX_QUERY 64 /* characters */

/* Units of the project that match `query` on `day`, best first, at most `limit`
 * (*more set when there were others).  The query is what a person types:
 *   "3-2-1201"      building 3, entrance 2, room 1201 (entrance may be empty: "12--0301")
 *   "3-1201"        building 3, room 1201, any entrance
 *   "1201"          room 1201 of any building; and, with 4 or more digits, any phone
 *                   number of a current owner that contains them
 *   "王", "伟"       any part of a current owner's name
 * Full-width digits, letters and dashes count as ASCII ones.  A "PROJECT/" prefix is
 * the caller's to handle (see unit_search_split).  JSON array of {id, unit, state,
 * owners[{name, phones[]}], open_fen, matched: room|name|phone}; mask_phones hides the
 * middle digits. */
int unit_search(struct db *db, int64_t project_id, const char *query, int day, int mask_phones, int limit,
		json_t **out, int *more, struct buf *err);

/* Splits "HY/3-2-1201" into the project code ("HY", at most ncode-1 bytes) and the rest
 * (returned, pointing into query); a query without a project gives "" and query. */
const char *unit_search_split(const char *query, char *code, size_t ncode);

/* The unit's card on `day`: {id, unit, project, project_name, building, entrance,
 * floor, room, area_m2, inner_area_m2, type, state, state_since, owners[{party_id,
 * name, kind, phones[], tags[], email, workplace, since}], contacts[{role, name,
 * phones[], from, to}], payer_id, case_id (the payer's open case, else the latest, else
 * 0)}.  -1 with "unknown unit" when there is none. */
int unit_card_json(struct db *db, int64_t unit_id, int day, int mask_phones, json_t **out, struct buf *err);

#endif
