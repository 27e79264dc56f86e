/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel symbols from /proc/kallsyms (or a file of its format): read and
 * sorted once, looked up by binary search.
 */
#ifndef MS_KSYMS_H
#define MS_KSYMS_H

#include <stdint.h>

struct ksyms;

/* path: NULL for /proc/kallsyms. NULL with *errp = -ENOENT (unreadable),
 * -EPERM (every address is 0: kernel.kptr_restrict hides them) or
 * -ENOMEM. */
struct ksyms *ksyms__load(const char *path, int *errp);
void ksyms__free(struct ksyms *k);
/* The symbol addr falls in (the last one at or below it), NULL below the
 * first; *off (may be NULL) gets addr's offset into it. */
const char *ksyms__find(const struct ksyms *k, uint64_t addr, uint64_t *off);
/* Symbols loaded. */
unsigned int ksyms__count(const struct ksyms *k);

#endif
