// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elfutils/libdwfl.h>
#include "host/usyms.h"
#include "base/util.h"

struct uproc {
	uint32_t pid;
	uint64_t used; /* last use (tick), for eviction */
	Dwfl *dwfl; /* NULL: the capture failed (process gone) */
};

/* Resolved addresses: libdwfl's lookup walks a module's symbols (tens of
 * microseconds each), and stacks repeat their frames. Bounded: emptied
 * when full. */
#define US_CACHE_SLOTS 65536 /* power of two */
#define US_CACHE_MAX (US_CACHE_SLOTS / 2)

struct ucache_ent {
	uint64_t addr;
	uint32_t pid;
	char *name; /* NULL: free slot */
};

struct usyms {
	struct ucache_ent *cache;
	unsigned int ncached;
	struct uproc *procs;
	unsigned int n, max;
	uint64_t tick;
	char *debuginfo_path;
	Dwfl_Callbacks cb;
};

struct usyms *usyms__new(unsigned int max_procs)
{
	struct usyms *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->max = max_procs ? max_procs : 1;
	u->procs = calloc(u->max, sizeof(*u->procs));
	u->cache = calloc(US_CACHE_SLOTS, sizeof(*u->cache));
	if (!u->procs || !u->cache) {
		free(u->procs);
		free(u->cache);
		free(u);
		return NULL;
	}
	u->cb.find_elf = dwfl_linux_proc_find_elf;
	/* build-id and .gnu_debuglink under /usr/lib/debug */
	u->cb.find_debuginfo = dwfl_standard_find_debuginfo;
	u->cb.debuginfo_path = &u->debuginfo_path;
	return u;
}

static void proc_drop(struct uproc *p)
{
	if (p->dwfl)
		dwfl_end(p->dwfl);
	memset(p, 0, sizeof(*p));
}

static void cache_clear(struct usyms *u)
{
	unsigned int i;

	for (i = 0; i < US_CACHE_SLOTS; i++)
		free(u->cache[i].name);
	memset(u->cache, 0, US_CACHE_SLOTS * sizeof(*u->cache));
	u->ncached = 0;
}

static struct ucache_ent *cache_slot(struct usyms *u, uint32_t pid, uint64_t addr)
{
	uint64_t h = (addr ^ ((uint64_t)pid << 40)) * 0x9e3779b97f4a7c15ull;
	unsigned int i = (unsigned int)(h >> 48) & (US_CACHE_SLOTS - 1);

	while (u->cache[i].name && (u->cache[i].addr != addr || u->cache[i].pid != pid))
		i = (i + 1) & (US_CACHE_SLOTS - 1);
	return &u->cache[i];
}

/* A process dropped or recaptured: its cached names may be stale. */
static void cache_forget(struct usyms *u, uint32_t pid)
{
	unsigned int i;

	for (i = 0; i < US_CACHE_SLOTS && u->ncached; i++)
		if (u->cache[i].name && u->cache[i].pid == pid) {
			cache_clear(u); /* open addressing: no single delete */
			return;
		}
}

void usyms__free(struct usyms *u)
{
	unsigned int i;

	if (!u)
		return;
	cache_clear(u);
	free(u->cache);
	for (i = 0; i < u->n; i++)
		proc_drop(&u->procs[i]);
	free(u->procs);
	free(u);
}

static struct uproc *proc_find(struct usyms *u, uint32_t pid)
{
	unsigned int i;

	for (i = 0; i < u->n; i++)
		if (u->procs[i].pid == pid) {
			u->procs[i].used = ++u->tick;
			return &u->procs[i];
		}
	return NULL;
}

/* Open each module's ELF now, while /proc/PID/ and its files exist. */
static int open_module(Dwfl_Module *m, void **userdata, const char *name, Dwarf_Addr start,
		       void *arg)
{
	Dwarf_Addr bias;

	(void)userdata;
	(void)name;
	(void)start;
	(void)arg;
	dwfl_module_getelf(m, &bias);
	return DWARF_CB_OK;
}

static Dwfl *capture(struct usyms *u, uint32_t pid, int *errp)
{
	Dwfl *dwfl = dwfl_begin(&u->cb);
	int r;

	if (!dwfl) {
		*errp = -ENOMEM;
		return NULL;
	}
	r = dwfl_linux_proc_report(dwfl, (pid_t)pid);
	if (r || dwfl_report_end(dwfl, NULL, NULL)) {
		dwfl_end(dwfl);
		*errp = r > 0 ? -r : -ESRCH;
		return NULL;
	}
	dwfl_getmodules(dwfl, open_module, NULL, 0);
	return dwfl;
}

int usyms__note_pid(struct usyms *u, uint32_t pid)
{
	struct uproc *p = proc_find(u, pid);
	unsigned int i, lru = 0;
	int err = 0;

	if (p)
		return p->dwfl ? 0 : -ESRCH;
	if (u->n < u->max) {
		p = &u->procs[u->n++];
	} else {
		for (i = 1; i < u->n; i++)
			if (u->procs[i].used < u->procs[lru].used)
				lru = i;
		p = &u->procs[lru];
		cache_forget(u, p->pid);
		proc_drop(p);
	}
	p->pid = pid;
	p->used = ++u->tick;
	p->dwfl = capture(u, pid, &err);
	return err;
}

static void lookup(struct uproc *p, uint64_t addr, char *buf, size_t len)
{
	Dwfl_Module *m;
	const char *name, *mod, *slash;

	m = p && p->dwfl ? dwfl_addrmodule(p->dwfl, addr) : NULL;
	if (!m) {
		util__strlcpy(buf, "[unknown]", len);
		return;
	}
	name = dwfl_module_addrname(m, addr);
	if (name) {
		util__strlcpy(buf, name, len);
		return;
	}
	mod = dwfl_module_info(m, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
	slash = mod ? strrchr(mod, '/') : NULL;
	snprintf(buf, len, "[%s]", slash ? slash + 1 : mod ? mod : "unknown");
}

const char *usyms__find(struct usyms *u, uint32_t pid, uint64_t addr, char *buf, size_t len)
{
	struct uproc *p = proc_find(u, pid);
	struct ucache_ent *e;

	if (!p || !p->dwfl) { /* never captured: nothing to cache */
		util__strlcpy(buf, "[unknown]", len);
		return buf;
	}
	e = cache_slot(u, pid, addr);
	if (e->name) {
		util__strlcpy(buf, e->name, len);
		return buf;
	}
	lookup(p, addr, buf, len);
	if (u->ncached >= US_CACHE_MAX) {
		cache_clear(u);
		e = cache_slot(u, pid, addr);
	}
	e->name = strdup(buf);
	if (e->name) {
		e->addr = addr;
		e->pid = pid;
		u->ncached++;
	}
	return buf;
}

unsigned int usyms__procs(const struct usyms *u)
{
	return u->n;
}
