/* ladder.c: which step of the ladder fires today. */
#include "core/ladder.h"

#include "base/date.h"

int ladder_clock(const struct case_facts *f)
{
	return f->today - f->oldest_due - f->paused_days;
}

int ladder_after(const struct policy *p, int step)
{
	for (int s = step + 1; s < LADDER_STEPS; s++)
		if (p->steps[s].enabled)
			return s;
	return -1;
}

int ladder_next(const struct policy *p, const struct case_facts *f, struct buf *why)
{
	int clock = ladder_clock(f), step, jumped = 0;

	buf_reset(why);
	if (f->paused) {
		buf_adds(why, "paused");
		return -1;
	}
	if (f->plan) {
		buf_adds(why, "installment plan being kept");
		return -1;
	}
	if (f->promise_until != DATE_MIN && f->today <= f->promise_until) {
		char d[11];
		date_format(f->promise_until, d);
		buf_addf(why, "promised to pay by %s", d);
		return -1;
	}
	if (f->below_threshold) {
		buf_adds(why, "arrears below the minimum chased");
		return -1;
	}
	if (f->last_step >= 0 && f->last_day == f->today) {
		buf_adds(why, "a step fired today already");
		return -1;
	}
	if (f->jump >= 0 && f->jump > f->last_step) {
		step = f->jump;
		jumped = 1;
	} else {
		step = ladder_after(p, f->last_step);
	}
	if (step < 0) {
		buf_adds(why, "the end of the ladder");
		return -1;
	}
	if (!jumped) {
		if (clock < p->steps[step].day) {
			buf_addf(why, "%s comes at day %d (clock %d)", step_names[step], p->steps[step].day, clock);
			return -1;
		}
		/* pacing: as long after the previous step as the policy puts between them */
		if (f->last_step >= 0) {
			int gap = p->steps[step].day - p->steps[f->last_step].day;
			if (f->today - f->last_day < gap) {
				buf_addf(why, "%s waits %d days after %s (%d so far)", step_names[step], gap,
					 step_names[f->last_step], f->today - f->last_day);
				return -1;
			}
		}
	}
	/* no more than one automatic message every few days to one owner */
	if (step_is_auto(p, step) && f->last_auto_day != DATE_MIN &&
	    f->today - f->last_auto_day < p->message_gap_days) {
		buf_addf(why, "%s waits: the last message was %d days ago", step_names[step], f->today - f->last_auto_day);
		return -1;
	}
	/* 民法典 第944条: no lawsuit without a written demand whose deadline has passed */
	if (step == STEP_LAWSUIT && (f->notice_day == DATE_MIN || f->today <= f->notice_day + p->notice_deadline_days)) {
		buf_adds(why, f->notice_day == DATE_MIN ? "lawsuit waits for a written notice delivered with proof"
							: "lawsuit waits for the notice's deadline to pass");
		return -1;
	}
	if (jumped)
		buf_addf(why, "%s at once (clock %d)", step_names[step], clock);
	else if (f->last_step >= 0)
		buf_addf(why, "clock %d >= %d, %d days after %s", clock, p->steps[step].day, f->today - f->last_day,
			 step_names[f->last_step]);
	else
		buf_addf(why, "clock %d >= %d", clock, p->steps[step].day);
	return step;
}
