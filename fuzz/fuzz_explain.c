// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the kernel-log decoder on the path the binary takes,
 * from bytes through the file reader (explain__feed_file: NUL runs, line
 * cap, binary detection, the prefix learner) to both outputs. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "logs/explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct ms_diag d = {};
	struct ms_explain *e;
	FILE *in;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!size)
		return 0;
	/* fmemopen reads a buffer as the stream the binary gets from fopen */
	in = fmemopen((void *)data, size, "r");
	if (!in)
		return 0;
	e = explain__new(data[0] == '4' ? "4.9" : NULL);
	if (!e) {
		fclose(in);
		return 0;
	}
	explain__feed_file(e, in, "fuzz", &d);
	fclose(in);
	explain__finish(e);
	if (null) {
		explain__print_text(e, null);
		explain__print_json(e, null);
	}
	explain__free(e);
	return 0;
}
