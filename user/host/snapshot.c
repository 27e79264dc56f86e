// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "host/snapshot.h"
#include "output/json.h"
#include "base/util.h"

static const char *const host_files[] = {
	"/proc/zoneinfo", "/proc/buddyinfo",	   "/proc/vmstat",
	"/proc/meminfo",  "/proc/pressure/memory",
};

static const char *const v2_files[] = {
	"memory.current", "memory.max",	     "memory.high",	    "memory.events",
	"memory.stat",	  "memory.pressure", "memory.swap.current",
};

static const char *const v1_files[] = {
	"memory.usage_in_bytes", "memory.limit_in_bytes", "memory.failcnt",
	"memory.stat",		 "memory.oom_control",
};

static int one(struct json_writer *w, char *buf, const char *phase, const char *path)
{
	long n = util__read_file(path, buf, SNAP_MAX_BYTES);

	if (n < 0)
		return 0;
	jw__obj_begin(w);
	jw__kv_str(w, "type", "proc");
	jw__kv_str(w, "phase", phase);
	jw__kv_str(w, "path", path);
	jw__kv_bool(w, "truncated", (size_t)n >= SNAP_MAX_BYTES - 1);
	jw__kv_str(w, "text", buf);
	jw__obj_end(w);
	return 1;
}

int snapshot__write(FILE *f, const char *phase, const char *cg_root, int version,
		    const char *const *cgroups, int n)
{
	struct json_writer w;
	char *buf = malloc(SNAP_MAX_BYTES), path[4400];
	size_t i, nf = version == 2 ? ARRAY_SIZE(v2_files) : ARRAY_SIZE(v1_files);
	int c, done = 0;

	if (!buf)
		return 0;
	jw__init(&w, f);
	for (i = 0; i < ARRAY_SIZE(host_files); i++)
		done += one(&w, buf, phase, host_files[i]);
	for (c = 0; cg_root && cg_root[0] && c < n; c++) {
		if (!cgroups[c] || cgroups[c][0] != '/' || strstr(cgroups[c], ".."))
			continue;
		for (i = 0; i < nf; i++) {
			snprintf(path, sizeof(path), "%s%s/%s", cg_root,
				 strcmp(cgroups[c], "/") ? cgroups[c] : "",
				 version == 2 ? v2_files[i] : v1_files[i]);
			done += one(&w, buf, phase, path);
		}
	}
	free(buf);
	return done;
}
