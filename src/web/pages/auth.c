/* auth.c: the log-in form, logging in and out, the language switch. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/server.h"
#include "web/session.h"

/* Where to go after logging in: a path of this site, else the dashboard. */
static const char *next_path(struct web_req *r)
{
	const char *next = web_arg(r, "next");
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') || strchr(next, '\n'))
		return "/";
	return next;
}

/* The log-in form's CSRF token: a random value in a cookie and in the form, which must
 * match (double submit): a log-in cannot be forged from another site. */
#define LOGIN_CSRF_COOKIE "wuye_login_csrf"

static void new_login_token(struct web_req *r, char token[65])
{
	unsigned char raw[32];
	char cookie[160];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, 65, raw, sizeof(raw));
	snprintf(cookie, sizeof(cookie), LOGIN_CSRF_COOKIE "=%s; Path=/login; HttpOnly; SameSite=Strict%s", token,
		 serve_config && serve_config->secure_cookies ? "; Secure" : "");
	web_add_header(r, "set-cookie", cookie);
}

static int login_token_ok(const struct web_req *r, const char *sent)
{
	const char *c = r->cookie_header, *p;
	size_t k = strlen(LOGIN_CSRF_COOKIE);

	if (!c || !sent || strlen(sent) != 64)
		return 0;
	for (p = c; (p = strstr(p, LOGIN_CSRF_COOKIE "=")) != NULL; p += k) {
		if (p != c && p[-1] != ' ' && p[-1] != ';')
			continue;
		return strspn(p + k + 1, "0123456789abcdef") == 64 && sodium_memcmp(p + k + 1, sent, 64) == 0;
	}
	return 0;
}

static int login_form(struct web_req *r, int status, const char *login, const char *error)
{
	struct buf b = BUF_INIT;
	char token[65];

	new_login_token(r, token);
	layout_begin(r, &b, _("Log in"), NULL);
	htmlf(&b, "<section class=\"login\"><h1>%s</h1><p class=\"muted\">%s</p>", _("wuye property fees"),
	      _("Staff console"));
	html(&b, "<form method=\"post\" action=\"/login\" class=\"stack\">");
	htmlf(&b, "<input type=\"hidden\" name=\"next\" value=\"%s\">", next_path(r));
	htmlf(&b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", token);
	htmlf(&b, "<label>%s<input name=\"login\" autocomplete=\"username\" required maxlength=\"64\" value=\"%s\"%s></label>",
	      _("Login"), login ? login : "", login && *login ? "" : " autofocus");
	htmlf(&b, "<label>%s<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required "
		  "maxlength=\"256\"%s", _("Password"), login && *login ? " autofocus" : "");
	if (error)
		html(&b, " aria-invalid=\"true\" aria-describedby=\"login-error\"");
	html(&b, "></label>");
	if (error)
		htmlf(&b, "<p class=\"field-error\" id=\"login-error\" role=\"alert\">%s</p>", error);
	htmlf(&b, "<button type=\"submit\">%s</button></form></section>", _("Log in"));
	layout_end(r, &b);
	web_html(r, status, &b);
	buf_release(&b);
	return 0;
}

int page_login(struct web_req *r)
{
	if (r->staff.id)
		return web_redirect(r, next_path(r));
	return login_form(r, 200, NULL, NULL);
}

int page_login_post(struct web_req *r)
{
	const char *login = form_get(&r->body, "login"), *password = form_get(&r->body, "password");
	struct buf err = BUF_INIT, cookie = BUF_INIT, msg = BUF_INIT;
	char token[65];
	int wait = 0;
	enum login_result res;

	if (!login_token_ok(r, form_get(&r->body, "csrf")))
		return login_form(r, 403, login && strlen(login) <= 64 ? login : "",
				  _("the log-in form is out of date or did not come from this site: try again"));
	if (!login || !*login || !password || !*password || strlen(login) > 64 || strlen(password) > 256)
		return login_form(r, 400, login && strlen(login) <= 64 ? login : "", _("give your login and password"));
	res = session_login(r->db, login, password, r->client_ip, r->user_agent, (int64_t)time(NULL), token, &wait, &err);
	buf_release(&err);
	switch (res) {
	case LOGIN_OK:
		buf_addf(&cookie, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
			 SESSION_IDLE_SECONDS, serve_config && serve_config->secure_cookies ? "; Secure" : "");
		web_add_header(r, "set-cookie", cookie.buf);
		buf_release(&cookie);
		return web_redirect(r, next_path(r));
	case LOGIN_LOCKED:
		buf_addf(&msg, _("too many failed attempts: this login is locked for %d minutes"), wait);
		login_form(r, 429, login, msg.buf);
		break;
	case LOGIN_THROTTLED:
		buf_addf(&msg, _("too many failed attempts from this address: try again in %d minutes"), wait);
		login_form(r, 429, login, msg.buf);
		break;
	case LOGIN_BAD:
		login_form(r, 401, login, _("the login or the password is wrong"));
		break;
	default:
		login_form(r, 500, login, _("something went wrong on our side; try again"));
	}
	buf_release(&msg);
	return 0;
}

int page_logout(struct web_req *r)
{
	/* the session is the one this request came with */
	if (r->cookie_header)
		session_logout(r->db, r->cookie_header);
	web_add_header(r, "set-cookie", SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return web_redirect(r, "/login");
}

int page_lang(struct web_req *r)
{
	const char *to = web_arg(r, "to");

	web_add_header(r, "set-cookie", to && !strcmp(to, "en") ? "wuye_lang=en; Path=/; SameSite=Strict; Max-Age=31536000"
								 : "wuye_lang=zh; Path=/; SameSite=Strict; Max-Age=31536000");
	return web_redirect(r, "/");
}
