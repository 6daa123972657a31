/* layout.c: the page frame of the console. */
#include "web/layout.h"

#include <string.h>

#include "base/i18n.h"
#include "web/html.h"
#include "web/router.h"

struct nav_item {
	const char *key, *href, *label;
};

/* The menu: each staff member sees the entries the route table lets them GET. */
static const struct nav_item nav[] = {
	{ "dashboard", "/", N_("Dashboard") },
	{ "units", "/units", N_("Units & owners") },
	{ "cashier", "/cashier", N_("Cashier desk") },
	{ "tasks", "/tasks", N_("My tasks") },
	{ "cases", "/cases", N_("Cases") },
	{ "approvals", "/approvals", N_("Approvals") },
	{ "bills", "/bills", N_("Bill runs") },
	{ "imports", "/imports", N_("Imports") },
	{ "exports", "/exports", N_("Exports") },
	{ "reports", "/reports", N_("Reports") },
	{ "settings", "/settings", N_("Settings") },
};

void layout_csrf(struct web_req *r, struct buf *b)
{
	htmlf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf);
}

void layout_flash(struct buf *b, const char *kind, const char *message)
{
	htmlf(b, "<p class=\"flash %s\" role=\"%s\">%s</p>", kind, !strcmp(kind, "error") ? "alert" : "status", message);
}

void layout_begin(struct web_req *r, struct buf *b, const char *title, const char *active)
{
	if (r->is_htmx)
		return;
	htmlf(b, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		 "<meta name=\"csrf-token\" content=\"%s\">"
		 /* htmx would add a <style> of its own, which the CSP refuses: app.css has it */
		 "<meta name=\"htmx-config\" content=\"{&quot;includeIndicatorStyles&quot;:false}\">"
		 "<title>%s · %s</title><link rel=\"stylesheet\" href=\"/assets/app.css\">"
		 "<script src=\"/assets/htmx.min.js\" defer></script><script src=\"/assets/app.js\" defer></script>"
		 "</head><body>",
	      r->lang == LANG_EN ? "en" : "zh-CN", r->csrf, title, _("wuye property fees"));
	if (r->staff.id) {
		html(b, "<header class=\"top\"><a class=\"brand\" href=\"/\">");
		html_text(b, _("wuye"));
		html(b, "</a><input type=\"checkbox\" id=\"menu\" class=\"menu-toggle\"><label for=\"menu\" class=\"menu-button\">☰</label><nav>");
		for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++)
			if (router_allows(r, "GET", nav[i].href)) {
				htmlf(b, "<a href=\"%s\"", nav[i].href);
				/* trusted markup: through htmlf's %s it would be escaped into text */
				if (active && !strcmp(active, nav[i].key))
					html(b, " class=\"active\" aria-current=\"page\"");
				htmlf(b, ">%s</a>", _(nav[i].label));
			}
		htmlf(b, "</nav><div class=\"who\"><span>%s · %s</span>", r->staff.name, staff_role_label(r->staff.role));
		htmlf(b, "<a class=\"lang\" href=\"/lang?to=%s\">%s</a>", r->lang == LANG_EN ? "zh" : "en",
		      r->lang == LANG_EN ? "中文" : "English");
		html(b, "<form method=\"post\" action=\"/logout\" class=\"inline\">");
		layout_csrf(r, b);
		htmlf(b, "<button type=\"submit\" class=\"link\">%s</button></form></div></header>", _("Log out"));
	}
	html(b, "<main>");
}

void layout_end(struct web_req *r, struct buf *b)
{
	if (r->is_htmx)
		return;
	html(b, "</main></body></html>\n");
}

void layout_error_page(struct web_req *r, struct buf *b, int status, const char *message)
{
	char title[64];

	snprintf(title, sizeof(title), "%d", status);
	layout_begin(r, b, title, NULL);
	htmlf(b, "<section class=\"error\"><h1>%d</h1>", status);
	layout_flash(b, "error", message);
	if (status == 403 || status == 404)
		htmlf(b, "<p><a href=\"/\">%s</a></p>", _("Back to the dashboard"));
	html(b, "</section>");
	layout_end(r, b);
}
