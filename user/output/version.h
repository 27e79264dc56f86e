/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What this binary is: version, build date, the libbpf it carries, static or
 * not, architecture. For `memstall --version` / `memstall version [--json]`
 * and for anything that stamps its output with the build (an exporter's
 * build_info, a record bundle's manifest): fill a struct ms_version with
 * version__get, or emit the "version" record with version__schema and
 * version__vals through a sink.
 */
#ifndef MS_VERSION_H
#define MS_VERSION_H

#include <stdbool.h>
#include "output/sink.h"

struct ms_version {
	const char *version; /* "0.1.0", "0.1.0+git20261203.299460d" (scripts/version.sh) */
	const char *build_date; /* UTC, YYYY-MM-DD (SOURCE_DATE_EPOCH when set) */
	const char *libbpf; /* linked libbpf, "1.1" */
	const char *arch; /* machine the binary runs on: "x86_64", "aarch64" */
	const char *compiler; /* "gcc 12.2.0" */
	bool is_static; /* no dynamic loader (the release build is static) */
};

void version__get(struct ms_version *v);
/* The "version" record: memstall VERSION, then one line per field (text). */
const struct ms_schema *version__schema(void);
/* vals: version__schema()->ncols values, pointing into v */
void version__vals(const struct ms_version *v, struct ms_val *vals);

#endif
