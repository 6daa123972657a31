/* project.h: projects (小区 / 管理处) and their developer accounts. */
#ifndef WUYE_PROJECT_H
#define WUYE_PROJECT_H

#include <stdint.h>

#include "base/buf.h"
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
/* Finds or creates the building `code` in the project. */
int project_building(struct db *db, int64_t project_id, const char *code, int64_t *building_id, struct buf *err);

#endif
