/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs verified in parallel. Start-up is mostly the kernel verifying our
 * programs, one BPF_PROG_LOAD after another in libbpf 1.1's
 * bpf_object__load(), on one CPU. Armed for one object's load, the link-time
 * wrappers of bpf_prog_load() and bpf_prog_bind_map() (-Wl,--wrap, see the
 * Makefile) hand each of the object's programs to worker threads and give
 * libbpf a placeholder fd; parload__finish() waits for them and puts each
 * program's fd in its placeholder's place (dup3), so libbpf's fds are the
 * programs'. Any other load (libbpf's feature probes) runs as before. A load
 * that fails is not retried with a log as libbpf would: the caller loads
 * again without parload for libbpf's own handling and messages.
 */
#ifndef MS_PARLOAD_H
#define MS_PARLOAD_H

#include <stdbool.h>

struct bpf_object;
struct parload;

/* Arm for obj's programs (those set to load), with up to nthreads workers
 * (1: NULL, nothing armed: loads stay in line). NULL also on failure. One
 * armed at a time. */
struct parload *parload__new(const struct bpf_object *obj, int nthreads);
/* Wait for every program handed out; keep (libbpf's load succeeded): each
 * takes its placeholder's fd. 0, or the first load's -errno. */
int parload__finish(struct parload *p, bool keep);
/* Disarm (finishing first if needed) and free. */
void parload__free(struct parload *p);

#endif
