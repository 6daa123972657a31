/* layout.h: the console's page frame: head, the navigation a role sees, messages, foot.
 *
 * A page writes layout_begin(), its content, layout_end() into one buffer and answers
 * with web_html().  For htmx requests (r->is_htmx) the frame is left out and only the
 * content goes back, to be swapped into the page.
 */
#ifndef WUYE_LAYOUT_H
#define WUYE_LAYOUT_H

#include "base/buf.h"
#include "web/web.h"

/* nav: the key of the navigation entry to mark ("dashboard", "units", "cashier",
 * "tasks", "cases", "approvals", "bills", "imports", "exports", "reports", "settings"). */
void layout_begin(struct web_req *r, struct buf *b, const char *title, const char *nav);
void layout_end(struct web_req *r, struct buf *b);
/* The hidden CSRF field every form carries. */
void layout_csrf(struct web_req *r, struct buf *b);
/* A notice above the content: kind "ok" or "error". */
void layout_flash(struct buf *b, const char *kind, const char *message);
void layout_error_page(struct web_req *r, struct buf *b, int status, const char *message);

#endif
