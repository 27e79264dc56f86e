// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: what `memstall export` reads from outside: the web
 * configuration file (YAML, libyaml) and, from any HTTP client, the Accept
 * header; label values escaped into the exposition. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "net/webcfg.h"
#include "output/prom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *lv[] = { "cgroup", NULL, NULL };
	char *buf = malloc(size + 1), esc[256];
	struct ms_diag d = { 0 };
	struct webcfg *w;
	struct prom *p;
	size_t len;
	int err = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* relative file names point nowhere: only the YAML is exercised */
	w = webcfg__parse(buf, size, "/nonexistent", &d, &err);
	webcfg__free(w);
	prom__wants_openmetrics(buf);
	prom__escape(buf, esc, sizeof(esc));
	p = prom__new();
	if (p) {
		lv[1] = buf;
		prom__reset(p, size & 1);
		prom__u64(p, "m", "_total", lv, size);
		prom__finish(p);
		prom__data(p, &len);
		prom__free(p);
	}
	free(buf);
	return 0;
}
