// SPDX-License-Identifier: GPL-2.0
/* hist__collect: the in-kernel maps into the histogram model's rows (the
 * per-CPU fast path, the hash map by batches, the per-kind lost histograms). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "model/hist.h"

#define HIST_BATCH 64 /* keys per batch lookup: 90 KiB of values with 2 CPUs */

/* The generation a reset reads: -1 without reset (everything, nothing
 * cleared), -2 with reset but no half map (everything, cleared), else the
 * old half, 0 or 1 (ms_hkey.gen): after the flip, nobody writes it. */
#define GEN_ALL -1
#define GEN_ALL_RESET -2

/* The kernel's lost histograms (per kind and generation, per CPU); with
 * reset, the old generation's, zeroed. */
static int collect_lost(struct hist_model *h, int fd, int gen, int ncpu)
{
	struct ms_hval *vals = calloc(ncpu, sizeof(*vals));
	__u32 i, lo = 0, hi = 2 * MS_KIND_MAX;
	int c;

	if (!vals)
		return -ENOMEM;
	if (gen >= 0) {
		lo = (__u32)gen * MS_KIND_MAX;
		hi = lo + MS_KIND_MAX;
	}
	for (i = lo; i < hi; i++) {
		bool any = false;

		if (bpf_map_lookup_elem(fd, &i, vals))
			continue;
		for (c = 0; c < ncpu; c++)
			if (vals[c].count) {
				hist__add_lost(h, i % MS_KIND_MAX, &vals[c]);
				any = true;
			}
		if (gen != GEN_ALL && any) {
			memset(vals, 0, ncpu * sizeof(*vals));
			bpf_map_update_elem(fd, &i, vals, BPF_ANY);
		}
	}
	free(vals);
	return 0;
}

/* With reset: flip the half (generation) the programs write (bit 0), and
 * with flip 3 the stacks generation too (bit 1), wait for those still in
 * the old ones; *gen: the generation to read (GEN_*); *old: the value
 * before the flip (-1: none). */
static int flip_half(const struct hist_maps *m, bool reset, __u32 flip, int *gen, int *old)
{
	__u32 zero = 0, half = 0, next;

	*gen = reset ? GEN_ALL_RESET : GEN_ALL;
	*old = -1;
	if (!reset || m->half < 0 || bpf_map_lookup_elem(m->half, &zero, &half))
		return 0;
	next = (half & 3) ^ flip;
	if (bpf_map_update_elem(m->half, &zero, &next, BPF_ANY))
		return -errno;
	/* wait for every program that read the old half: BPF programs run in
	 * an RCU read-side section (tracepoints with preemption off, kprobes
	 * likewise, trampolines under rcu_read_lock), and MEMBARRIER_CMD_GLOBAL
	 * waits for a grace period (synchronize_rcu). A fixed sleep was not
	 * enough on a loaded host: a late writer's read-modify-write over the
	 * zeroed lost histogram counted its stalls twice. nohz_full hosts
	 * refuse the command: a bound instead. */
	if (syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0))
		usleep(20000);
	*gen = (int)(half & 1);
	*old = (int)(half & 3);
	return 0;
}

/* The fast path's entries (see MS_HCACHE_SLOTS): the old half (read and
 * cleared, keeping the keys: a late writer's stall stays with its key and
 * is read with that half next time), or both halves. */
static int collect_cache(struct hist_model *h, const struct hist_maps *m, unsigned int key_size,
			 int gen, int ncpu)
{
	struct ms_hcache_ent *ents = calloc(ncpu, sizeof(*ents));
	__u32 i, lo = 0, hi = 2 * MS_HCACHE_SLOTS;
	int c, err = 0;

	if (!ents)
		return -ENOMEM;
	if (gen >= 0) {
		lo = (__u32)gen * MS_HCACHE_SLOTS;
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
		if (gen != GEN_ALL && any && bpf_map_update_elem(m->cache, &i, ents, BPF_ANY)) {
			err = -errno;
			break;
		}
	}
	free(ents);
	return err;
}

/* A key read from the hash map: its generation's, or every one. */
static bool key_wanted(const struct ms_hkey *k, int gen)
{
	return gen < 0 || k->gen == (unsigned int)gen;
}

/* With reset (del), a key read is added only once it is deleted: a key read
 * but left in the map (a delete refused, or a key the walk to delete it did
 * not see again: 6.18's storm test counted one key's window twice in about
 * one run of eight that way) is read whole with its generation next time
 * instead. Nobody adds to the old generation's keys now, so what was read is
 * what is deleted. */
static bool take_key(int fd, const void *key, bool del)
{
	return !del || !bpf_map_delete_elem(fd, key);
}

/* The hash map by batches (one system call per HIST_BATCH keys, not two
 * per key); with del, each key added is deleted (take_key). Returns 0, or
 * -EOPNOTSUPP when the kernel has no batch lookup (nothing was added then),
 * or -errno. */
static int collect_batch(struct hist_model *h, int fd, unsigned int key_size, int gen, bool del,
			 int ncpu)
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
			if (!key_wanted(&key, gen) ||
			    !take_key(fd, keys + (size_t)i * key_size, del))
				continue;
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

/* The hash map key by key (kernels without batch lookup): the keys first,
 * then each read and, with del, deleted (take_key; deleting moves the map's
 * order, so not while walking it). */
static int collect_keys(struct hist_model *h, int fd, const struct bpf_map_info *info, int gen,
			bool del, int ncpu)
{
	struct ms_hkey next, cur, *prev = NULL, *keys;
	struct ms_hval *vals = calloc(ncpu, sizeof(*vals));
	__u32 n = 0, i;
	int c;

	keys = calloc(info->max_entries ? info->max_entries : 1, sizeof(*keys));
	if (!vals || !keys) {
		free(vals);
		free(keys);
		return -ENOMEM;
	}
	memset(&next, 0, sizeof(next));
	while (n < info->max_entries && !bpf_map_get_next_key(fd, prev, &next)) {
		cur = next;
		prev = &cur;
		if (key_wanted(&next, gen))
			keys[n++] = next;
	}
	for (i = 0; i < n; i++) {
		if (bpf_map_lookup_elem(fd, &keys[i], vals) || !take_key(fd, &keys[i], del))
			continue; /* deleted under us, or left for next time */
		for (c = 0; c < ncpu; c++) /* rows full: into the kind's lost row */
			hist__add(h, &keys[i], &vals[c]);
	}
	free(keys);
	free(vals);
	return 0;
}

static int collect(struct hist_model *h, const struct hist_maps *m, bool reset, __u32 flip,
		   int *old)
{
	int ncpu = libbpf_num_possible_cpus(), err = 0, gen;
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info);

	if (ncpu <= 0)
		return ncpu;
	if (bpf_obj_get_info_by_fd(m->hists, &info, &ilen))
		return -errno;
	if (info.key_size > sizeof(struct ms_hkey) || info.value_size != sizeof(struct ms_hval))
		return -EINVAL;
	err = flip_half(m, reset, flip, &gen, old);
	if (!err && m->cache >= 0)
		err = collect_cache(h, m, info.key_size, gen, ncpu);
	if (err)
		return err;
	err = collect_batch(h, m->hists, info.key_size, gen, reset, ncpu);
	if (err == -EOPNOTSUPP)
		err = collect_keys(h, m->hists, &info, gen, reset, ncpu);
	if (!err && m->lost >= 0)
		err = collect_lost(h, m->lost, gen, ncpu);
	return err;
}

int hist__collect(struct hist_model *h, const struct hist_maps *m, bool reset)
{
	int old;

	return collect(h, m, reset, 1, &old);
}

int hist__collect_cut(struct hist_model *h, const struct hist_maps *m, int *sgen)
{
	int old = -1, err = collect(h, m, true, 3, &old);

	*sgen = old < 0 ? -1 : old >> 1;
	return err;
}
