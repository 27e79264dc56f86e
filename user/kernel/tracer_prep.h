/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMSTALL_TRACER_PREP_H
#define MEMSTALL_TRACER_PREP_H

#include "kernel/attach.h"
#include "kernel/kfeatures.h"
#include "kernel/tracer_opts.h"

struct memstall_bpf;

/* Set the object's .rodata, map types and sizes and autoloads for plan p
 * and options o, before load. 0 or a negative errno. */
int tracer_prep__object(struct memstall_bpf *skel, const struct tracer_opts *o,
			const struct ms_features *f, const struct ms_plan *p);

#endif
