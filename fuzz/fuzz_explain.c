// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the kernel-log decoder, from bytes to both outputs. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "logs/explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct ms_explain *e;

	if (!null)
		null = fopen("/dev/null", "w");
	e = explain__new(size && data[0] == '4' ? "4.9" : NULL);
	if (!e)
		return 0;
	explain__feed_buffer(e, (const char *)data, size);
	explain__finish(e);
	if (null) {
		explain__print_text(e, null);
		explain__print_json(e, null);
	}
	explain__free(e);
	return 0;
}
