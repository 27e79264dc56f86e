/* SPDX-License-Identifier: GPL-2.0 */
/* The userspace OOM killers recognised by their comm when they send a
 * SIGKILL (bpf/killer.bpf.h); --killer NAME adds more. */
#ifndef MS_KILLERS_H
#define MS_KILLERS_H

#define MS_MAX_KILLERS 32

static const char *const ms_default_killers[] = {
	"systemd-oomd", "oomd", "earlyoom", "nohang", "lmkd", "kubelet", NULL,
};

#endif
