/* project.h: projects (小区 / 管理处) and their developer accounts. */
#ifndef WUYE_PROJECT_H
#define WUYE_PROJECT_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/str.h"
#include "store/db.h"

#define PROJECT_DEFAULT_PAY_URL "http://127.0.0.1:8080/p/"

struct project {
	int64_t id;
	char code[32];
	char name[128];
	char pay_url[256];
	int64_t developer_id; /* party id of the developer's account */
};

/* Adds a project with its developer account (开发商) and a fresh pay-link key.
 * Refuses a code in use or one that is not 1-31 letters, digits, '_' or '-'. */
int project_add(struct db *db, const char *code, const char *name, const char *pay_url,
		int64_t *id, struct buf *err);
/* Sets the office phone and postal address printed on the project's documents (the
 * letterhead); a NULL value is left as it is. */
int project_set_contact(struct db *db, int64_t project_id, const char *phone, const char *address, struct buf *err);
/* -1 with "unknown project 'X'" when there is none. */
int project_find(struct db *db, const char *code, struct project *out, struct buf *err);
int project_get(struct db *db, int64_t id, struct project *out, struct buf *err);
/* The projects a staff member works on (every project with all_projects), by code:
 * JSON array of {id, code, name}. */
int project_list_for_staff(struct db *db, int64_t staff_id, int all_projects, json_t **out, struct buf *err);
/* The codes of the project's buildings, in their natural order (2 before 10). */
int project_buildings(struct db *db, int64_t project_id, struct strlist *codes, struct buf *err);
/* The codes and names of the projects a staff member works on (every one for
 * all_projects), by code: codes[i] and names[i] go together. */
int project_list_of(struct db *db, int64_t staff_id, int all_projects, struct strlist *codes, struct strlist *names,
		    struct buf *err);
/* What the office sets about a project: its name, address and phone (shown on notices
 * and in messages as {office_phone}), and the day of the month its bill run runs on. */
struct project_settings {
	char name[128];
	char address[256];
	char office_phone[64];
	int billing_day;      /* 1-28, so that every month has it */
};
/* 1 when s is an office phone as people write one (digits with '-', ' ', '+', '(', ')'
 * and 转 for an extension: 0755-8888 6666, 400-123-4567 转 8). */
int project_phone_valid(const char *s);
int project_settings_get(struct db *db, int64_t id, struct project_settings *out, struct buf *err);
/* Checks and stores the settings: a name, a billing day of 1-28, a phone of digits with
 * '-', ' ', '+', '(', ')' or 转 (an extension) or nothing.  The caller owns the
 * transaction. */
int project_settings_set(struct db *db, int64_t id, const struct project_settings *s, struct buf *err);

/* Adds a building: its code as units are named by it (HY/3-2-1201: no '/', no commas or
 * blanks, which separate codes in lists), and a name (the code when empty).  Refuses a
 * code the project already has. */
int project_building_add(struct db *db, int64_t project_id, const char *code, const char *name, int64_t *id,
			 struct buf *err);
/* Finds or creates the building `code` in the project. */
int project_building(struct db *db, int64_t project_id, const char *code, int64_t *building_id, struct buf *err);

#endif
