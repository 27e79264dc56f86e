// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the /proc parsers (zoneinfo, buddyinfo, PSI, key-value
 * files, sysfs choices) and the fragmentation formulas on what they parse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "model/frag.h"
#include "host/procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pf_zoneinfo zi;
	static struct pf_buddyinfo bi;
	struct pf_psi psi;
	char *buf = malloc(size + 1), choice[32];
	uint64_t v;
	int i, k;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	procfs__parse_zoneinfo(buf, &zi);
	procfs__parse_buddyinfo(buf, &bi);
	procfs__parse_psi(buf, &psi);
	procfs__kv(buf, "MemFree", &v);
	procfs__kv(buf, "allocstall_normal", &v);
	procfs__choice(buf, choice, sizeof(choice));
	for (i = 0; i < bi.n; i++) {
		frag__largest_order(bi.b[i].nr_free, bi.b[i].norders);
		for (k = 0; k < FRAG_MAX_ORDER; k++) {
			frag__index(bi.b[i].nr_free, bi.b[i].norders, k);
			frag__unusable(bi.b[i].nr_free, bi.b[i].norders, k);
		}
	}
	free(buf);
	return 0;
}
