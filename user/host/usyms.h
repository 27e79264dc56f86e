/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space symbols of live processes through elfutils' libdwfl: the
 * process's mappings are read (and its ELF files opened) at the first sight
 * of its pid, so a process that exits later still symbolizes. .symtab,
 * .dynsym, separate debuginfo under /usr/lib/debug by build-id, PIE and
 * shared libraries. At most max_procs processes are kept (least recently
 * used dropped first).
 */
#ifndef MS_USYMS_H
#define MS_USYMS_H

#include <stddef.h>
#include <stdint.h>

struct usyms;

struct usyms *usyms__new(unsigned int max_procs);
void usyms__free(struct usyms *u);
/* Capture pid's mappings now unless already held: 0, or -errno (-ESRCH:
 * gone, -ENOMEM). */
int usyms__note_pid(struct usyms *u, uint32_t pid);
/* The function addr (an address in pid) falls in, into buf: its symbol,
 * "[module]" for a mapped file without one, "[unknown]" when pid was never
 * captured or addr is in no file (anonymous or JIT code). Returns buf. */
const char *usyms__find(struct usyms *u, uint32_t pid, uint64_t addr, char *buf, size_t len);
/* Processes held now. */
unsigned int usyms__procs(const struct usyms *u);

#endif
