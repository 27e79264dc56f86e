// SPDX-License-Identifier: GPL-2.0
/* hist__collect: the in-kernel maps into the histogram model's rows (the
 * per-CPU fast path, the hash map by batches, the per-kind lost histograms). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "model/hist.h"

#define HIST_BATCH 64 /* keys per batch lookup: 90 KiB of values with 2 CPUs */

/* The kernel's lost histograms (per kind, per CPU); with reset, zeroed. */
static int collect_lost(struct hist_model *h, int fd, bool reset, int ncpu)
{
	struct ms_hval *vals = calloc(ncpu, sizeof(*vals));
	__u32 kind;
	int c;

	if (!vals)
		return -ENOMEM;
	for (kind = 0; kind < MS_KIND_MAX; kind++) {
		bool any = false;

		if (bpf_map_lookup_elem(fd, &kind, vals))
			continue;
		for (c = 0; c < ncpu; c++)
			if (vals[c].count) {
				hist__add_lost(h, kind, &vals[c]);
				any = true;
			}
		if (reset && any) {
			memset(vals, 0, ncpu * sizeof(*vals));
			bpf_map_update_elem(fd, &kind, vals, BPF_ANY);
		}
	}
	free(vals);
	return 0;
}

/* The fast path's entries (see MS_HCACHE_SLOTS): with reset, flip the half
 * the programs write, wait for those still in the old one, read and clear
 * it (keeping the keys: a late writer's stall stays with its key and is read
 * with that half next time); without, read both halves. */
static int collect_cache(struct hist_model *h, const struct hist_maps *m, unsigned int key_size,
			 bool reset, int ncpu)
{
	struct ms_hcache_ent *ents = calloc(ncpu, sizeof(*ents));
	__u32 zero = 0, half = 0, i, lo = 0, hi = 2 * MS_HCACHE_SLOTS;
	int c, err = 0;

	if (!ents)
		return -ENOMEM;
	if (reset && m->half >= 0 && !bpf_map_lookup_elem(m->half, &zero, &half)) {
		__u32 next = (half & 1) ^ 1;

		if (bpf_map_update_elem(m->half, &zero, &next, BPF_ANY)) {
			err = -errno;
			goto out;
		}
		/* a program runs for microseconds: one that read the old
		 * half before the flip is done by now */
		usleep(1000);
		lo = (half & 1) * MS_HCACHE_SLOTS;
		hi = lo + MS_HCACHE_SLOTS;
	}
	for (i = lo; i < hi; i++) {
		bool any = false;

		if (bpf_map_lookup_elem(m->cache, &i, ents))
			continue;
		for (c = 0; c < ncpu; c++) {
			struct ms_hkey k = ents[c].key;

			if (!ents[c].v.count)
				continue;
			any = true;
			/* the same key as the hash map's */
			memset((char *)&k + key_size, 0, sizeof(k) - key_size);
			hist__add(h, &k, &ents[c].v); /* no row left: its kind's lost row */
			memset(&ents[c].v, 0, sizeof(ents[c].v));
		}
		if (reset && any && bpf_map_update_elem(m->cache, &i, ents, BPF_ANY)) {
			err = -errno;
			break;
		}
	}
out:
	free(ents);
	return err;
}

/* The hash map by batches (one system call per HIST_BATCH keys, not two
 * per key). Returns 0, or -EOPNOTSUPP when the kernel has no batch lookup
 * (nothing was added then), or -errno. */
static int collect_batch(struct hist_model *h, int fd, unsigned int key_size, int ncpu)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	char *keys = malloc((size_t)HIST_BATCH * sizeof(struct ms_hkey));
	struct ms_hval *vals = malloc((size_t)HIST_BATCH * ncpu * sizeof(*vals));
	__u64 token = 0;
	bool first = true;
	int c, err = 0;
	__u32 n, i;

	while (keys && vals) {
		n = HIST_BATCH;
		if (bpf_map_lookup_batch(fd, first ? NULL : &token, &token, keys, vals, &n, &opts))
			err = -errno;
		if (err && err != -ENOENT) {
			if (first && (err == -EINVAL || err == -ENOTSUP || err == -EOPNOTSUPP ||
				      err == -ENOSPC))
				err = -EOPNOTSUPP;
			break;
		}
		first = false;
		for (i = 0; i < n; i++) {
			struct ms_hkey key;

			/* keys are a prefix of struct ms_hkey: the rest stays 0 */
			memset(&key, 0, sizeof(key));
			memcpy(&key, keys + (size_t)i * key_size, key_size);
			for (c = 0; c < ncpu; c++) /* rows full: into the kind's lost row */
				hist__add(h, &key, &vals[(size_t)i * ncpu + c]);
		}
		if (err) { /* ENOENT: that was the last batch */
			err = 0;
			break;
		}
	}
	if (!keys || !vals)
		err = -ENOMEM;
	free(keys);
	free(vals);
	return err;
}

/* The hash map key by key (kernels without batch lookup). */
static int collect_keys(struct hist_model *h, int fd, int ncpu)
{
	struct ms_hkey key, next, *prev = NULL;
	struct ms_hval *vals = calloc(ncpu, sizeof(*vals));
	int c;

	if (!vals)
		return -ENOMEM;
	memset(&key, 0, sizeof(key));
	memset(&next, 0, sizeof(next));
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue; /* deleted under us */
		for (c = 0; c < ncpu; c++) /* rows full: into the kind's lost row */
			hist__add(h, &key, &vals[c]);
	}
	free(vals);
	return 0;
}

int hist__collect(struct hist_model *h, const struct hist_maps *m, bool reset)
{
	int ncpu = libbpf_num_possible_cpus(), err = 0;
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info);
	struct ms_hkey next;

	if (ncpu <= 0)
		return ncpu;
	if (bpf_obj_get_info_by_fd(m->hists, &info, &ilen))
		return -errno;
	if (info.key_size > sizeof(next) || info.value_size != sizeof(struct ms_hval))
		return -EINVAL;
	if (m->cache >= 0) {
		err = collect_cache(h, m, info.key_size, reset, ncpu);
		if (err)
			return err;
	}
	err = collect_batch(h, m->hists, info.key_size, ncpu);
	if (err == -EOPNOTSUPP)
		err = collect_keys(h, m->hists, ncpu);
	if (!err && m->lost >= 0)
		err = collect_lost(h, m->lost, reset, ncpu);
	if (reset) {
		/* delete what was read; a stall landing in between is kept for
		 * the next interval or lost with its key (counted as events) */
		memset(&next, 0, sizeof(next));
		while (!bpf_map_get_next_key(m->hists, NULL, &next))
			if (bpf_map_delete_elem(m->hists, &next))
				break;
	}
	return err;
}
