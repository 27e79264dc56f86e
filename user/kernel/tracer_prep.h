/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMSTALL_TRACER_PREP_H
#define MEMSTALL_TRACER_PREP_H

#include "kernel/attach.h"
#include "kernel/kfeatures.h"
#include "kernel/tracer_opts.h"

struct memstall_bpf;
struct bpf_program;

/* Set the object's .rodata, map types and sizes and autoloads for plan p
 * and options o, before load. 0 or a negative errno. */
int tracer_prep__object(struct memstall_bpf *skel, const struct tracer_opts *o,
			const struct ms_features *f, const struct ms_plan *p);

/* The program the plan calls name (attach.c's names): its __lean twin
 * (bpf/memstall.bpf.c) where the object's .rodata leaves every knob the
 * twin compiles out off and there is one, else name's. NULL: none. */
struct bpf_program *tracer_prep__program(const struct memstall_bpf *skel, const char *name);

#endif
