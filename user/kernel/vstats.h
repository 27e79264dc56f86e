/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -v: what the kernel's verifier spent on each program memstall loads, from
 * its statistics (log level 4: "processed N insns", "verification time N
 * usec"), for exactly the plan and rodata the subcommand loads.
 */
#ifndef MS_VSTATS_H
#define MS_VSTATS_H

#include <stdio.h>
#include <bpf/libbpf.h>

struct vstats;

/* Give every program obj will load a statistics log. NULL: out of memory. */
struct vstats *vstats__arm(struct bpf_object *obj);
/* One line per program and their total (after bpf_object__load). */
void vstats__print(const struct vstats *v, FILE *f);
void vstats__free(struct vstats *v);

#endif
