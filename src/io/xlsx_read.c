/* xlsx_read.c: the first worksheet of an .xlsx file into a sheet (libzip + expat).
 *
 * Reads workbook.xml and its relationships to find the first sheet, sharedStrings.xml
 * for text cells (rich-text runs joined, phonetic runs skipped), styles.xml to know
 * which number cells are dates, then the worksheet's <row>/<c> elements.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/error.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "io/sheet.h"

#define MAX_COLUMNS 256
#define MAX_ROWS 1048576
#define MAX_PART_BYTES (200L * 1024 * 1024)

/* ---- reading one ZIP member through expat ---- */

typedef void (*start_fn)(void *ud, const char *name, const char **attrs);
typedef void (*end_fn)(void *ud, const char *name);

static const char *local_name(const char *name)
{
	const char *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

static const char *attr(const char **attrs, const char *name)
{
	for (int i = 0; attrs[i]; i += 2)
		if (!strcmp(local_name(attrs[i]), name))
			return attrs[i + 1];
	return NULL;
}

/* Parses the member; returns 1 if it was missing (and optional), 0 on success, -1 on error. */
static int parse_member(zip_t *zip, const char *member, int optional, void *ud, start_fn start,
			end_fn end, XML_CharacterDataHandler text, struct buf *err)
{
	zip_file_t *zf;
	zip_stat_t zs;
	XML_Parser p;
	char chunk[65536];
	zip_int64_t n;
	zip_uint64_t total = 0;
	int rc = 0;

	if (zip_stat(zip, member, 0, &zs) != 0 || !(zf = zip_fopen(zip, member, 0))) {
		if (optional)
			return 1;
		return error(err, _("the .xlsx file has no '%s' (is it really an Excel workbook?)"), member);
	}
	p = XML_ParserCreate("UTF-8");
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, (XML_StartElementHandler)start, (XML_EndElementHandler)end);
	XML_SetCharacterDataHandler(p, text);
	while ((n = zip_fread(zf, chunk, sizeof(chunk))) > 0) {
		total += (zip_uint64_t)n;
		if (total > MAX_PART_BYTES) {
			rc = error(err, _("'%s' in the .xlsx file is too large"), member);
			break;
		}
		if (XML_Parse(p, chunk, (int)n, 0) == XML_STATUS_ERROR) {
			rc = error(err, _("the .xlsx file is damaged: %s in '%s' line %lu"),
				   XML_ErrorString(XML_GetErrorCode(p)), member,
				   (unsigned long)XML_GetCurrentLineNumber(p));
			break;
		}
	}
	if (!rc && n < 0)
		rc = error(err, _("the .xlsx file is damaged: cannot read '%s'"), member);
	if (!rc && XML_Parse(p, "", 0, 1) == XML_STATUS_ERROR)
		rc = error(err, _("the .xlsx file is damaged: %s in '%s'"),
			   XML_ErrorString(XML_GetErrorCode(p)), member);
	XML_ParserFree(p);
	zip_fclose(zf);
	return rc;
}

static void no_text(void *ud, const XML_Char *s, int len)
{
	(void)ud;
	(void)s;
	(void)len;
}

static void no_end(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

/* ---- workbook.xml and its rels: where is the first sheet ---- */

struct workbook {
	char *first_rid;
	char *target;
	int date1904;
};

static void wb_start(void *ud, const char *name, const char **attrs)
{
	struct workbook *wb = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "sheet") && !wb->first_rid) {
		const char *rid = attr(attrs, "id");
		if (rid)
			wb->first_rid = xstrdup(rid);
	} else if (!strcmp(ln, "workbookPr")) {
		const char *d = attr(attrs, "date1904");
		wb->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
	}
}

static void rels_start(void *ud, const char *name, const char **attrs)
{
	struct workbook *wb = ud;
	const char *id, *target;

	if (strcmp(local_name(name), "Relationship") || wb->target || !wb->first_rid)
		return;
	id = attr(attrs, "Id");
	target = attr(attrs, "Target");
	if (id && target && !strcmp(id, wb->first_rid)) {
		if (target[0] == '/')
			wb->target = xstrdup(target + 1);
		else {
			size_t n = strlen(target) + 4;
			wb->target = xmalloc(n);
			snprintf(wb->target, n, "xl/%s", target);
		}
	}
}

/* ---- sharedStrings.xml ---- */

struct shared {
	char **items;
	size_t nr, alloc;
	struct buf cur;
	int in_t, in_rph;
	struct arena *arena;
};

static void ss_start(void *ud, const char *name, const char **attrs)
{
	struct shared *ss = ud;
	const char *ln = local_name(name);

	(void)attrs;
	if (!strcmp(ln, "si"))
		buf_reset(&ss->cur);
	else if (!strcmp(ln, "rPh"))
		ss->in_rph = 1;
	else if (!strcmp(ln, "t") && !ss->in_rph)
		ss->in_t = 1;
}

static void ss_end(void *ud, const char *name)
{
	struct shared *ss = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "si")) {
		XGROW(ss->items, ss->alloc, ss->nr + 1);
		ss->items[ss->nr++] = arena_strndup(ss->arena, ss->cur.buf, ss->cur.len);
	} else if (!strcmp(ln, "rPh")) {
		ss->in_rph = 0;
	} else if (!strcmp(ln, "t")) {
		ss->in_t = 0;
	}
}

static void ss_text(void *ud, const XML_Char *s, int len)
{
	struct shared *ss = ud;

	if (ss->in_t)
		buf_add(&ss->cur, s, (size_t)len);
}

/* ---- styles.xml: which cell styles show dates ---- */

struct styles {
	int *custom_ids;  /* numFmtId of custom formats that are dates */
	size_t ncustom, custom_alloc;
	unsigned char *xf_is_date;
	size_t nxf, xf_alloc;
	int in_cellxfs;
};

static int builtin_date_format(int id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* A format code shows a date when it has y, m or d outside quotes and brackets, and
 * is not only a time (h:mm). */
static int format_is_date(const char *code)
{
	int quoted = 0, bracket = 0, has_date = 0;

	for (const char *p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '[')
			bracket = 1;
		else if (*p == ']')
			bracket = 0;
		else if (bracket)
			continue;
		else if (*p == '\\' && p[1])
			p++;
		else if (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D')
			has_date = 1;
		else if (!strncmp(p, "\xe5\xb9\xb4", 3) || !strncmp(p, "\xe6\x97\xa5", 3)) /* 年 日 */
			has_date = 1;
	}
	return has_date;
}

static void st_start(void *ud, const char *name, const char **attrs)
{
	struct styles *st = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "numFmt")) {
		const char *id = attr(attrs, "numFmtId"), *code = attr(attrs, "formatCode");
		if (id && code && format_is_date(code)) {
			XGROW(st->custom_ids, st->custom_alloc, st->ncustom + 1);
			st->custom_ids[st->ncustom++] = (int)strtol(id, NULL, 10);
		}
	} else if (!strcmp(ln, "cellXfs")) {
		st->in_cellxfs = 1;
	} else if (!strcmp(ln, "xf") && st->in_cellxfs) {
		const char *id = attr(attrs, "numFmtId");
		int fid = id ? (int)strtol(id, NULL, 10) : 0, is_date = builtin_date_format(fid);
		for (size_t i = 0; i < st->ncustom && !is_date; i++)
			is_date = st->custom_ids[i] == fid;
		XGROW(st->xf_is_date, st->xf_alloc, st->nxf + 1);
		st->xf_is_date[st->nxf++] = (unsigned char)is_date;
	}
}

static void st_end(void *ud, const char *name)
{
	struct styles *st = ud;

	if (!strcmp(local_name(name), "cellXfs"))
		st->in_cellxfs = 0;
}

/* ---- the worksheet ---- */

struct ws {
	struct sheet *sheet;
	struct shared *ss;
	struct styles *st;
	int date1904;
	int rownum, next_col, col;
	char type[16];
	int style;
	int in_v, in_is_t, in_cell;
	struct buf value;
	/* cells of the current row, before they go into the sheet */
	struct sheet_cell cells[MAX_COLUMNS];
	int ncells;
	int too_wide, too_long, bad_ref;
	int last_rownum;
};

static int column_index(const char *ref)
{
	int col = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++)
		col = col * 26 + (*ref - 'A' + 1);
	return col - 1;
}

static void ws_flush_row(struct ws *w)
{
	struct sheet_row *row;
	int last = -1;

	for (int i = 0; i < w->ncells; i++)
		if (w->cells[i].text[0])
			last = i;
	if (last >= 0) {
		if (w->sheet->nr >= MAX_ROWS) {
			w->too_long = 1;
		} else {
			row = sheet_add_row(w->sheet, w->rownum, last + 1);
			memcpy(row->cells, w->cells, sizeof(*row->cells) * (size_t)(last + 1));
		}
	}
	w->ncells = 0;
}

static void ws_start(void *ud, const char *name, const char **attrs)
{
	struct ws *w = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "row")) {
		const char *r = attr(attrs, "r");
		w->rownum = r ? (int)strtol(r, NULL, 10) : w->last_rownum + 1;
		w->last_rownum = w->rownum;
		w->next_col = 0;
		w->ncells = 0;
	} else if (!strcmp(ln, "c")) {
		const char *r = attr(attrs, "r"), *t = attr(attrs, "t"), *s = attr(attrs, "s");
		w->col = r ? column_index(r) : w->next_col;
		w->next_col = w->col + 1;
		snprintf(w->type, sizeof(w->type), "%s", t ? t : "n");
		w->style = s ? (int)strtol(s, NULL, 10) : 0;
		w->in_cell = 1;
		buf_reset(&w->value);
	} else if (!strcmp(ln, "v") && w->in_cell) {
		w->in_v = 1;
	} else if (!strcmp(ln, "t") && w->in_cell) {
		w->in_is_t = 1; /* inline string <is><t> */
	}
}

static void ws_end(void *ud, const char *name)
{
	struct ws *w = ud;
	const char *ln = local_name(name);

	if (!strcmp(ln, "v")) {
		w->in_v = 0;
	} else if (!strcmp(ln, "t")) {
		w->in_is_t = 0;
	} else if (!strcmp(ln, "c") && w->in_cell) {
		struct sheet_cell cell = { "", 0, 0 };
		w->in_cell = 0;
		if (w->col < 0) {
			w->bad_ref = 1;
			return;
		}
		if (w->col >= MAX_COLUMNS) {
			w->too_wide = 1;
			return;
		}
		buf_trim(&w->value);
		if (!strcmp(w->type, "s")) {
			char *end;
			long idx = strtol(w->value.buf, &end, 10);
			if (*end || idx < 0 || (size_t)idx >= w->ss->nr)
				w->bad_ref = 1;
			else
				cell.text = w->ss->items[idx];
		} else if (!strcmp(w->type, "b")) {
			cell.text = w->value.buf[0] == '1' ? "TRUE" : "FALSE";
		} else if (!strcmp(w->type, "e")) {
			cell.text = arena_strndup(&w->sheet->arena, w->value.buf, w->value.len);
		} else {
			cell.text = arena_strndup(&w->sheet->arena, w->value.buf, w->value.len);
			if (!strcmp(w->type, "n") && w->value.len) {
				cell.is_number = 1;
				cell.is_date = w->style >= 0 && (size_t)w->style < w->st->nxf &&
					       w->st->xf_is_date[w->style];
			} else if (!strcmp(w->type, "d")) {
				cell.is_date = 1; /* ISO 8601 text */
			}
		}
		/* trim inline and shared strings as CSV cells are trimmed */
		if (!cell.is_number && cell.text[0]) {
			struct buf t = BUF_INIT;
			buf_adds(&t, cell.text);
			buf_trim(&t);
			if (t.len != strlen(cell.text))
				cell.text = arena_strndup(&w->sheet->arena, t.buf, t.len);
			buf_release(&t);
		}
		while (w->ncells <= w->col)
			w->cells[w->ncells++] = (struct sheet_cell){ "", 0, 0 };
		w->cells[w->col] = cell;
	} else if (!strcmp(ln, "row")) {
		ws_flush_row(w);
	}
}

static void ws_text(void *ud, const XML_Char *s, int len)
{
	struct ws *w = ud;

	if (w->in_v || w->in_is_t)
		buf_add(&w->value, s, (size_t)len);
}

int sheet_read_xlsx(const char *path, struct sheet *out, struct buf *err)
{
	struct workbook wb = { 0 };
	struct shared ss = { 0 };
	struct styles st = { 0 };
	struct ws w;
	zip_t *zip;
	int zerr = 0, rc;

	memset(&w, 0, sizeof(w));
	buf_init(&ss.cur);
	buf_init(&w.value);
	ss.arena = &out->arena;
	out->encoding = "xlsx";
	zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!zip)
		return error(err, _("'%s' is not a readable .xlsx file (a damaged ZIP archive)"), path);
	rc = parse_member(zip, "xl/workbook.xml", 0, &wb, wb_start, no_end, no_text, err);
	if (rc < 0)
		goto cleanup;
	rc = parse_member(zip, "xl/_rels/workbook.xml.rels", 1, &wb, rels_start, no_end, no_text, err);
	if (rc < 0)
		goto cleanup;
	if (!wb.target)
		wb.target = xstrdup("xl/worksheets/sheet1.xml");
	rc = parse_member(zip, "xl/sharedStrings.xml", 1, &ss, ss_start, ss_end, ss_text, err);
	if (rc < 0)
		goto cleanup;
	rc = parse_member(zip, "xl/styles.xml", 1, &st, st_start, st_end, no_text, err);
	if (rc < 0)
		goto cleanup;
	w.sheet = out;
	w.ss = &ss;
	w.st = &st;
	w.date1904 = wb.date1904;
	rc = parse_member(zip, wb.target, 0, &w, ws_start, ws_end, ws_text, err);
	if (rc < 0)
		goto cleanup;
	rc = 0;
	if (w.too_wide)
		rc = error(err, _("the file has more than %d columns"), MAX_COLUMNS);
	else if (w.too_long)
		rc = error(err, _("the file has more than %d rows"), MAX_ROWS);
	else if (w.bad_ref)
		rc = error(err, _("the .xlsx file is damaged: a cell refers to a missing shared string"));
	if (!rc && wb.date1904) {
		/* serial dates count from 1904: shift them to the 1900 system once, here */
		for (size_t i = 0; i < out->nr; i++)
			for (int c = 0; c < out->rows[i].ncells; c++) {
				struct sheet_cell *cell = &out->rows[i].cells[c];
				if (cell->is_date && cell->is_number) {
					char tmp[32];
					snprintf(tmp, sizeof(tmp), "%.10g", strtod(cell->text, NULL) + 1462);
					cell->text = arena_strdup(&out->arena, tmp);
				}
			}
	}
cleanup:
	zip_discard(zip);
	free(wb.first_rid);
	free(wb.target);
	free(ss.items);
	buf_release(&ss.cur);
	free(st.custom_ids);
	free(st.xf_is_date);
	buf_release(&w.value);
	return rc < 0 ? -1 : 0;
}
