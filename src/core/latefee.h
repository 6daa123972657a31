/* latefee.h: late fees (滞纳金) as CLI.md defines them; a pure function of the bill.
 *
 * The late fee of a bill as of `today` is the sum, over each day d from due + grace + 1
 * through today, of the bill's open principal at the end of day d times the daily rate;
 * capped at cap_pct percent of the bill's amount; rounded half-up to the fen once.
 * Money applied on day d counts from day d itself; a waiver from its approval day; a
 * reversed payment never counts.  Simple interest: no late fee on a late fee.
 */
#ifndef WUYE_LATEFEE_H
#define WUYE_LATEFEE_H

#include <stddef.h>
#include <stdint.h>

struct latefee_terms {
	int64_t daily_ppm; /* millionths of the open principal per day (万分之三 = 300) */
	int grace_days;
	int cap_pct;
};

/* A lowering of the open principal from `day` on. */
struct principal_change {
	int day;
	int64_t amount;
};

/* changes need not be sorted (they are sorted in place). */
int64_t latefee_accrued(int64_t amount, int due, const struct latefee_terms *t,
			struct principal_change *changes, size_t n, int today);

#endif
