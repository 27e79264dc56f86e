// SPDX-License-Identifier: GPL-2.0
/* hist's DISTRIBUTION column: a row's histogram in one line of text. */
#include <stdio.h>
#include "model/hist.h"
#include "base/util.h"

static void fmt_dur(char *buf, size_t len, uint64_t ns)
{
	if (ns < 1000)
		snprintf(buf, len, "%lluns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.0fus", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.0fms", ns / 1e6);
	else
		snprintf(buf, len, "%.1fs", ns / 1e9);
}

/* "4us .:=#%*. 2ms": one character per power of two, height by count. */
void hist__sparkline(const struct hist_row *r, char *buf, size_t len)
{
	static const char lv[] = " .:-=+*#%@";
	uint64_t pw[MS_HIST_SLOTS / 4] = { 0 }, max = 0;
	int lo = -1, hi = -1, p, n;
	char a[16], b[16];
	size_t off;

	for (p = 0; p < MS_HIST_SLOTS / 4; p++) {
		for (n = 0; n < 4; n++)
			pw[p] += r->slots[p * 4 + n];
		if (pw[p]) {
			if (lo < 0)
				lo = p;
			hi = p;
			if (pw[p] > max)
				max = pw[p];
		}
	}
	if (lo < 0) {
		util__strlcpy(buf, "-", len);
		return;
	}
	fmt_dur(a, sizeof(a), hist__slot_lo(lo * 4));
	fmt_dur(b, sizeof(b), hist__slot_lo(hi * 4 + 4));
	off = snprintf(buf, len, "%s ", a);
	for (p = lo; p <= hi && off + 2 < len; p++)
		buf[off++] = pw[p] ? lv[1 + (int)((pw[p] * 8 + max - 1) / max)] : ' ';
	snprintf(buf + off, len - off, " %s", b);
}
