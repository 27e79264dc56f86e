// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: cgroup paths (made by whoever runs containers) into an
 * identity, and the cgroup memory files' parsers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "host/cgmem.h"
#include "model/cgid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), s[16];
	struct cg_ident id;
	struct cg_mem m;
	uint64_t v;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	cgid__parse(buf, &id);
	cgid__short_id(id.container_id, s, sizeof(s));
	cgid__dim(&id, "pod");
	cgid__dim(&id, "unit");
	cgid__short_id(buf, s, sizeof(s));
	memset(&m, 0, sizeof(m));
	cgmem__parse_events(buf, &m);
	cgmem__parse_limit(buf, &v);
	free(buf);
	return 0;
}
