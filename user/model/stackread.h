/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall stacks' reading side: the kernel's stall-by-stack map (struct
 * ms_skey -> per-CPU struct ms_sval) into a folded-stack model
 * (model/stacks.h), each stack symbolized (kernel frames from kallsyms,
 * user frames through libdwfl) and folded as "who;user frames;kernel
 * frames_[k]". The map and the stack ids are read through file descriptors
 * and a callback, so this module needs no tracer.
 */
#ifndef MS_STACKREAD_H
#define MS_STACKREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ksyms;
struct usyms;
struct cgmap;
struct stacks_model;

/* A stack id's frames (innermost first) into ips[max]: how many, or -errno. */
typedef int (*stack_ips_fn)(void *ctx, int id, uint64_t *ips, int max);

struct stackread_opts {
	unsigned int by; /* MS_BY_COMM (default), MS_BY_CGROUP or MS_BY_TGID */
	unsigned int kinds; /* kinds wanted (mask of 1 << enum ms_kind) */
	const struct ksyms *ksyms; /* NULL: kernel frames as addresses */
	struct usyms *usyms; /* NULL: no user frames */
	struct cgmap *cg; /* cgroup names (by cgroup) */
	stack_ips_fn ips;
	void *ips_ctx;
	bool one_gen; /* only the keys of generation gen (record --stacks) */
	unsigned int gen;
};

struct stackread_stats {
	uint64_t keys; /* map keys read */
	uint64_t no_kstack; /* stalls whose kernel stack was not captured */
	uint64_t no_ustack; /* with --user: stalls without a user stack */
	uint64_t lost_ids; /* stack ids no longer in the stack map */
};

/* Note the processes in the map that usyms does not hold yet (their maps
 * are captured now, while they live): how many were new. */
int stackread__note_pids(int map_fd, struct usyms *u);
/* Delete the keys of generation gen (ms_skey.gen; gen < 0: every key):
 * memstall record keeps a capture's stacks only. With ids_fd >= 0 (the
 * stack map), the stack ids they held too but those other keys still hold
 * (a stall in flight that holds one finds it gone: counted as lost). 0 or
 * -ENOMEM (then nothing was deleted). */
int stackread__clear(int map_fd, int ids_fd, int gen);
/* Everything in the map into m (summed over CPUs). 0 or -errno. */
int stackread__collect(int map_fd, const struct stackread_opts *o, struct stacks_model *m,
		       struct stackread_stats *st);
/* A kernel stack (innermost first) as names joined by '|', tracing frames
 * (the BPF program's own callers) left out: what snoop --stacks and oom
 * print. Returns the frames written. */
int stackread__kernel_list(const struct ksyms *k, const uint64_t *ips, int n, char *buf,
			   size_t len);

#endif
