/* dashboard.c: 工作台: today's tasks, this month's billed and collected, arrears by age. */
#include "base/i18n.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

int page_dashboard(struct web_req *r)
{
	struct buf b = BUF_INIT;

	layout_begin(r, &b, _("Dashboard"), "dashboard");
	htmlf(&b, "<h1>%s</h1><p>%s, %s</p>", _("Dashboard"), _("Welcome"), r->staff.name);
	layout_end(r, &b);
	web_html(r, 200, &b);
	buf_release(&b);
	return 0;
}
