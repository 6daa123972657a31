/* latefee.c: the late-fee accrual of one bill. */
#include "core/latefee.h"

#include <stdlib.h>

#include "base/money.h"

static int by_day(const void *a, const void *b)
{
	const struct principal_change *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

int64_t latefee_accrued(int64_t amount, int due, const struct latefee_terms *t,
			struct principal_change *changes, size_t n, int today)
{
	int start = due + t->grace_days + 1, cur;
	int64_t open = amount;
	__int128 sum = 0, cap;
	size_t i = 0;

	if (t->daily_ppm <= 0 || t->cap_pct <= 0 || today < start || amount <= 0)
		return 0;
	if (n > 1)
		qsort(changes, n, sizeof(*changes), by_day);
	/* open principal at the end of day `start` */
	while (i < n && changes[i].day <= start)
		open -= changes[i++].amount;
	cur = start;
	while (cur <= today) {
		int next = i < n ? changes[i].day : today + 1;
		if (next > today + 1)
			next = today + 1;
		if (open > 0)
			sum += (__int128)open * (next - cur);
		cur = next;
		while (i < n && changes[i].day <= cur)
			open -= changes[i++].amount;
	}
	sum *= t->daily_ppm;                                   /* fen × millionths */
	cap = (__int128)amount * t->cap_pct * 10000;           /* cap_pct% of amount, same scale */
	if (sum > cap)
		sum = cap;
	return round_div(sum, 1000000);
}
