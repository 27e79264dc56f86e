// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "base/util.h"
#include "host/privs.h"

static int last_cap(void)
{
	char buf[16];
	int n;

	if (util__read_file("/proc/sys/kernel/cap_last_cap", buf, sizeof(buf)) <= 0)
		return 63;
	n = atoi(buf);
	return n > 0 && n < 64 ? n : 63;
}

/* A user's uid and gid from /etc/passwd, by name or number (a static
 * binary has no NSS). A number without an entry: its own group. */
static int lookup(const char *user, uid_t *uid, gid_t *gid)
{
	char line[1024], *end;
	unsigned long id = strtoul(user, &end, 10);
	bool numeric = *user && !*end;
	FILE *f = fopen("/etc/passwd", "re");

	while (f && fgets(line, sizeof(line), f)) {
		char *save = NULL, *name = strtok_r(line, ":", &save);
		char *pw = strtok_r(NULL, ":", &save);
		char *u = strtok_r(NULL, ":", &save), *g = strtok_r(NULL, ":", &save);

		if (!name || !pw || !u || !g)
			continue;
		if (numeric ? strtoul(u, NULL, 10) == id : !strcmp(name, user)) {
			*uid = (uid_t)strtoul(u, NULL, 10);
			*gid = (gid_t)strtoul(g, NULL, 10);
			fclose(f);
			return 0;
		}
	}
	if (f)
		fclose(f);
	if (!numeric)
		return -ENOENT;
	*uid = (uid_t)id;
	*gid = (gid_t)id;
	return 0;
}

static int become(const char *user, struct ms_diag *d)
{
	uid_t uid;
	gid_t gid;

	if (lookup(user, &uid, &gid))
		return diag__fail(d, -ENOENT, MS_EXIT_USAGE,
				  "--user %s: no such user in /etc/passwd (give a name or a uid)",
				  user);
	if (setgroups(0, NULL) || setgid(gid) || setuid(uid))
		return diag__fail(d, -errno, MS_EXIT_PERM, "--user %s: %s", user, strerror(errno));
	return 0;
}

int privs__drop_keep(const char *user, uint64_t keep, struct ms_diag *d)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	uint64_t have = 0;
	int c, err, last = last_cap();

	memset(data, 0, sizeof(data));
	if (keep && !syscall(SYS_capget, &hdr, data))
		have = data[0].permitted | (uint64_t)data[1].permitted << 32;
	keep &= have; /* what is not held cannot be kept */
	/* the bounding set first: dropping it needs CAP_SETPCAP */
	for (c = 0; c <= last; c++)
		if (!(keep & (1ULL << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) &&
		    errno != EINVAL && errno != EPERM)
			return diag__fail(d, -errno, MS_EXIT_FAIL, "dropping capabilities: %s",
					  strerror(errno));
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (user) {
		err = become(user, d);
		if (err)
			return err;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return diag__fail(d, -errno, MS_EXIT_FAIL, "no_new_privs: %s", strerror(errno));
	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = (uint32_t)keep;
	data[1].effective = data[1].permitted = (uint32_t)(keep >> 32);
	if (syscall(SYS_capset, &hdr, data))
		return diag__fail(d, -errno, MS_EXIT_FAIL, "dropping capabilities: %s",
				  strerror(errno));
	return 0;
}

int privs__drop(const char *user, struct ms_diag *d)
{
	return privs__drop_keep(user, 0, d);
}
