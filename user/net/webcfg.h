/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exporter-toolkit web configuration file (--web-config): the subset
 * memstall serves:
 *   tls_server_config: { cert_file: PATH, key_file: PATH }
 *   basic_auth_users: { USER: BCRYPT-HASH, ... }
 * Relative paths are relative to the file's directory. Unknown keys are an
 * error (a setting silently ignored would be a security hole).
 */
#ifndef MS_WEBCFG_H
#define MS_WEBCFG_H

#include <stdbool.h>
#include <stddef.h>
#include "base/diag.h"

#define WEBCFG_MAX_USERS 32

struct webcfg {
	char *cert_pem, *key_pem; /* the files' contents; NULL: plain HTTP */
	int nusers;
	char *user[WEBCFG_MAX_USERS];
	char *hash[WEBCFG_MAX_USERS];
	/* SHA-256 of the password last verified per user: bcrypt (tens of ms
	 * by design) runs once per password, not per scrape */
	unsigned char ok_sha[WEBCFG_MAX_USERS][32];
	bool ok_valid[WEBCFG_MAX_USERS];
};

/* Parse a file. NULL with diag set (exit code: bad input). */
struct webcfg *webcfg__load(const char *path, struct ms_diag *d, int *errp);
/* Parse YAML text; dir: where relative paths start. */
struct webcfg *webcfg__parse(const char *text, size_t len, const char *dir, struct ms_diag *d,
			     int *errp);
void webcfg__free(struct webcfg *w);
/* Does user/password match a user's bcrypt hash? (Not thread-safe: the
 * server calls it from its one thread.) */
bool webcfg__check(struct webcfg *w, const char *user, const char *pass);

#endif
