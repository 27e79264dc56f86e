// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: what memstall report reads from a bundle of another
 * host: the JSON lines (base/jparse.c, walked as the report walks them) and
 * the tar inside the .tar.gz (host/bundle_read.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/jparse.h"
#include "host/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct jv *v, int depth)
{
	const struct jv *c;

	for (c = v ? v->child : NULL; c && depth < 100; c = c->next) {
		(void)jv__num(c, 0);
		(void)jv__str(c, NULL);
		walk(c, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle_files bf = {};
	struct jv *v = jparse((const char *)data, size);

	walk(v, 0);
	(void)jv__getn(v, "t", 0);
	(void)jv__gets(jv__get(v, "trigger"), "why", NULL);
	jv__free(v);
	bundle__parse_tar((const char *)data, size, &bf);
	bundle__files_free(&bf);
	return 0;
}
