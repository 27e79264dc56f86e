// SPDX-License-Identifier: GPL-2.0
/*
 * bench-export-fill MAP_ID N SECONDS: put N keys (kind memcg, comm
 * "bench-NNNNN", the --by comm key) into a running exporter's in-kernel
 * histogram map, then add a stall to every key once a second for SECONDS,
 * so each scrape of `memstall export` reads N changing rows (bench/export.sh).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "memstall.h"

int main(int argc, char **argv)
{
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info);
	struct ms_hval *vals;
	int fd, n, secs, ncpu = libbpf_num_possible_cpus(), i, t;

	if (argc != 4) {
		fprintf(stderr, "usage: bench-export-fill MAP_ID N SECONDS\n");
		return 2;
	}
	fd = bpf_map_get_fd_by_id(atoi(argv[1]));
	n = atoi(argv[2]);
	secs = atoi(argv[3]);
	vals = calloc(ncpu, sizeof(*vals));
	if (fd < 0 || !vals || bpf_obj_get_info_by_fd(fd, &info, &ilen) ||
	    info.key_size > sizeof(struct ms_hkey)) {
		perror("bench-export-fill: map");
		return 1;
	}
	for (t = 0; t <= secs; t++) {
		for (i = 0; i < n; i++) {
			struct ms_hkey k = { .kind = MS_KIND_MEMCG };
			uint64_t ns = 2000 + (uint64_t)(i % 97) * 3000;

			snprintf(k.comm, sizeof(k.comm), "bench-%05u", (unsigned int)i % 100000u);
			/* totals since start, as the kernel keeps them */
			vals[0].count = (uint64_t)(t + 1) * (1 + i % 5);
			vals[0].total_ns = vals[0].count * ns;
			vals[0].max_ns = ns;
			memset(vals[0].slots, 0, sizeof(vals[0].slots));
			vals[0].slots[ms_hist_slot(ns)] = (unsigned int)vals[0].count;
			int tries = 0, r;

			/* a new key's per-CPU value comes from the BPF memory
			 * allocator's cache, refilled asynchronously: a burst of
			 * new keys from user space can drain it (ENOMEM); wait */
			while ((r = bpf_map_update_elem(fd, &k, vals, BPF_ANY)) && errno == ENOMEM &&
			       tries++ < 1000)
				usleep(1000);
			if (r) {
				fprintf(stderr, "bench-export-fill: key %d: ", i);
				perror("update");
				return 1;
			}
		}
		if (t < secs)
			sleep(1);
	}
	return 0;
}
