// SPDX-License-Identifier: GPL-2.0
/* The build's identity (version.h); the strings come from the Makefile's
 * generated ms_version_gen.h, the rest is read from the running binary. */
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>
#include <bpf/libbpf.h>
#include "output/version.h"
#include "ms_version_gen.h"

#if defined(__x86_64__)
#define MS_ARCH "x86_64"
#elif defined(__aarch64__)
#define MS_ARCH "aarch64"
#else
#define MS_ARCH "unknown"
#endif

#if defined(__clang__)
#define MS_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define MS_COMPILER "gcc " __VERSION__
#else
#define MS_COMPILER "unknown"
#endif

/* A dynamically linked program has a PT_INTERP header (the loader). */
static bool running_static(void)
{
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	unsigned long i, n = getauxval(AT_PHNUM);

	if (!ph)
		return false;
	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_INTERP)
			return false;
	return true;
}

void version__get(struct ms_version *v)
{
	const char *lib = libbpf_version_string();

	v->version = MS_VERSION;
	v->build_date = MS_BUILD_DATE;
	v->libbpf = lib && lib[0] == 'v' ? lib + 1 : lib;
	v->arch = MS_ARCH;
	v->compiler = MS_COMPILER;
	v->is_static = running_static();
}

static const struct ms_col version_cols[] = {
	{ "program", "", -1, MS_FT_STR, 0, MS_COL_TEXT },
	{ "version", "", -1, MS_FT_STR, 0, 0 },
	{ "build_date", "built", 0, MS_FT_STR, 0, 0 },
	{ "libbpf", "libbpf", 0, MS_FT_STR, 0, 0 },
	{ "static", "static", 0, MS_FT_BOOL, 0, 0 },
	{ "arch", "arch", 0, MS_FT_STR, 0, 0 },
	{ "compiler", "compiler", 0, MS_FT_STR, 0, 0 },
};

static const struct ms_schema version_schema = { "version", version_cols,
						 sizeof(version_cols) / sizeof(version_cols[0]) };

const struct ms_schema *version__schema(void)
{
	return &version_schema;
}

void version__vals(const struct ms_version *v, struct ms_val *vals)
{
	vals[0] = (struct ms_val){ .s = "memstall" };
	vals[1] = (struct ms_val){ .s = v->version };
	vals[2] = (struct ms_val){ .s = v->build_date };
	vals[3] = (struct ms_val){ .null = !v->libbpf, .s = v->libbpf };
	vals[4] = (struct ms_val){ .b = v->is_static };
	vals[5] = (struct ms_val){ .s = v->arch };
	vals[6] = (struct ms_val){ .s = v->compiler };
}
