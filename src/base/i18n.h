/* i18n.h: user-facing text in Chinese (default) or English.
 *
 * Strings in the source are English and marked _("...") (or N_("...") where only
 * marked); xgettext collects them into po/wuye.pot, translators keep po/zh_CN.po, and
 * msgfmt compiles it into a .mo catalog that the build embeds in the binary.  Lookup
 * is ours (a binary search over the .mo tables) rather than libintl's, because the
 * server answers each request in that request's language and because a fresh machine
 * often lacks a generated zh_CN locale, which libintl needs to translate at all.
 *
 * The language is per thread: the CLI sets it once from --lang, the server per request.
 */
#ifndef WUYE_I18N_H
#define WUYE_I18N_H

enum lang { LANG_ZH = 0, LANG_EN = 1 };

/* Loads the catalogs; call once before threads start. */
void i18n_init(void);
void i18n_set_lang(enum lang l);
enum lang i18n_lang(void);
/* Parses "zh", "zh_CN", "zh-CN", "en" ...; -1 when unknown. */
int i18n_parse_lang(const char *s);
/* The translation of msgid in the current language; msgid itself when missing. */
const char *tr(const char *msgid) __attribute__((format_arg(1)));
const char *tr_lang(enum lang l, const char *msgid) __attribute__((format_arg(2)));

#define _(s) tr(s)
#define N_(s) (s)

#endif
