/* SPDX-License-Identifier: GPL-2.0 */
/* Files of a fake /proc or cgroup tree for unit tests (after cmocka.h). */
#ifndef MS_UT_FILES_H
#define MS_UT_FILES_H

#include <limits.h>
#include <stdio.h>

/* root/rel holds text */
static inline void ut_put(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#endif /* MS_UT_FILES_H */
