/* staff.h: staff members, their roles, projects and responsibility areas. */
#ifndef WUYE_STAFF_H
#define WUYE_STAFF_H

#include <stdint.h>

#include "base/buf.h"
#include "store/db.h"

struct staff {
	int64_t id;
	char login[64];
	char name[128];
	char role[16];
	int all_projects;
};

/* The role names of CLI.md, in order; NULL-terminated. */
extern const char *const staff_roles[];
int staff_role_valid(const char *role);
/* The role's display name (translated): 管理员, 项目经理, 楼管员, ... */
const char *staff_role_label(const char *role);

struct staff_new {
	const char *login, *name, *role;
	int64_t project_id;        /* 0 for none (admin: every project) */
	const char *buildings;     /* "3,4" or NULL: building codes in that project */
	const char *group;         /* group name in that project, created if new, or NULL */
	const char *password;      /* NULL: cannot log in to the console until set */
};

/* Adds a staff member.  Refuses a login in use, an unknown role, a building that does
 * not exist.  Writes nothing on failure.  The caller owns the transaction. */
int staff_add(struct db *db, const struct staff_new *n, int64_t *id, struct buf *err);
/* Assigns buildings to a staff member from day `from` on. */
int staff_assign_buildings(struct db *db, int64_t staff_id, int64_t project_id,
			   const char *buildings, int from, struct buf *err);
/* Lets a staff member work on one more project (nothing when already so). */
int staff_join_project(struct db *db, int64_t staff_id, int64_t project_id, struct buf *err);
/* Deactivates a staff member: no more log-ins (sessions and API tokens stop working
 * with the next request) and no new tasks; the records they made stay theirs.  Their
 * open tasks go where a step with nobody to do it goes: the project manager, else an
 * administrator (*moved counts them; may be NULL).  The caller owns the transaction. */
int staff_deactivate(struct db *db, int64_t staff_id, int *moved, struct buf *err);
/* 0 and *out filled; -1 with "unknown staff member 'x'" in err. */
int staff_find(struct db *db, const char *login, struct staff *out, struct buf *err);
/* 1 when the staff member may work on the project (admin: every project). */
int staff_in_project(struct db *db, const struct staff *s, int64_t project_id);
/* Ensures the staff member `admin` exists (role admin, every project); sets *created. */
int staff_ensure_admin(struct db *db, int *created, struct buf *err);
/* Sets (or replaces) a staff member's console password; their sessions end. */
int staff_set_password(struct db *db, int64_t staff_id, const char *password, struct buf *err);
/* Hashes a password with argon2id (libsodium) into out. */
int staff_hash_password(const char *password, struct buf *out, struct buf *err);

#endif
