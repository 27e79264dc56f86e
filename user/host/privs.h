/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Giving up privileges once the tracer is attached: reading BPF maps through
 * file descriptors already open needs no capability. Optionally switch to an
 * unprivileged user; then set no_new_privs, empty the bounding and ambient
 * sets and every capability set.
 */
#ifndef MS_PRIVS_H
#define MS_PRIVS_H

#include <stdint.h>
#include "base/diag.h"

/* user: name or numeric uid to become, or NULL to stay. 0 or -errno. */
int privs__drop(const char *user, struct ms_diag *d);
/* The same, keeping the capabilities in the mask keep (1 << CAP_x) that are
 * held now, in the bounding, permitted and effective sets. */
int privs__drop_keep(const char *user, uint64_t keep, struct ms_diag *d);

#endif
