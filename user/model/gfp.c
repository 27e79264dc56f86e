// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <bpf/btf.h>
#include <traceevent/event-parse.h>
#include "model/gfp.h"
#include "base/util.h"

struct gfp_name {
	uint64_t mask;
	char name[32];
};

struct gfp_table {
	int n;
	char source[32];
	struct gfp_name e[GFP_MAX_NAMES]; /* print order */
};

/*
 * Composite names, in the kernel's print order (include/trace/events/
 * mmflags.h __def_gfpflag_names), as recipes over flag names so that they
 * follow whatever bit layout the flags have. A component this kernel lacks
 * counts as 0, as the kernel defines it when the config option is off.
 */
struct recipe {
	const char *name;
	const char *plus[8];
	const char *minus[2];
	bool legacy; /* only in the static tables of kernels before 4.14 */
	const char *requires; /* a flag the kernel must have for the name to exist */
};

static const struct recipe recipes[] = {
	{ "GFP_TRANSHUGE", { "GFP_TRANSHUGE_LIGHT", "__GFP_DIRECT_RECLAIM" } },
	{ "GFP_TRANSHUGE_LIGHT",
	  { "GFP_HIGHUSER_MOVABLE", "__GFP_COMP", "__GFP_NOMEMALLOC", "__GFP_NOWARN" },
	  { "__GFP_RECLAIM" } },
	{ "GFP_HIGHUSER_MOVABLE", { "GFP_HIGHUSER", "__GFP_MOVABLE", "__GFP_SKIP_KASAN" } },
	{ "GFP_HIGHUSER", { "GFP_USER", "__GFP_HIGHMEM" } },
	{ "GFP_USER", { "__GFP_RECLAIM", "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL" } },
	{ "GFP_TEMPORARY", { "GFP_KERNEL", "__GFP_RECLAIMABLE" }, {}, true },
	{ "GFP_KERNEL_ACCOUNT", { "GFP_KERNEL", "__GFP_ACCOUNT" }, {}, false, "__GFP_ACCOUNT" },
	{ "GFP_KERNEL", { "__GFP_RECLAIM", "__GFP_IO", "__GFP_FS" } },
	{ "GFP_NOFS", { "__GFP_RECLAIM", "__GFP_IO" } },
	{ "GFP_ATOMIC", { "__GFP_HIGH", "__GFP_ATOMIC", "__GFP_KSWAPD_RECLAIM" } },
	{ "GFP_NOIO", { "__GFP_RECLAIM" } },
	{ "GFP_NOWAIT", { "__GFP_KSWAPD_RECLAIM" } },
	{ "GFP_DMA", { "__GFP_DMA" } },
	{ "GFP_DMA32", { "__GFP_DMA32" } },
	/* __GFP_WAIT (before 4.4) was what both reclaim bits became */
	{ "__GFP_RECLAIM", { "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_WAIT" } },
};

/* Static layouts: flag name per bit, bit 0 first. */
static const char *const layout_6_3[] = {
	"__GFP_DMA",
	"__GFP_HIGHMEM",
	"__GFP_DMA32",
	"__GFP_MOVABLE",
	"__GFP_RECLAIMABLE",
	"__GFP_HIGH",
	"__GFP_IO",
	"__GFP_FS",
	"__GFP_ZERO",
	NULL,
	"__GFP_DIRECT_RECLAIM",
	"__GFP_KSWAPD_RECLAIM",
	"__GFP_WRITE",
	"__GFP_NOWARN",
	"__GFP_RETRY_MAYFAIL",
	"__GFP_NOFAIL",
	"__GFP_NORETRY",
	"__GFP_MEMALLOC",
	"__GFP_COMP",
	"__GFP_NOMEMALLOC",
	"__GFP_HARDWALL",
	"__GFP_THISNODE",
	"__GFP_ACCOUNT",
};

static const char *const layout_5_1[] = {
	"__GFP_DMA",
	"__GFP_HIGHMEM",
	"__GFP_DMA32",
	"__GFP_MOVABLE",
	"__GFP_RECLAIMABLE",
	"__GFP_HIGH",
	"__GFP_IO",
	"__GFP_FS",
	"__GFP_ZERO",
	"__GFP_ATOMIC",
	"__GFP_DIRECT_RECLAIM",
	"__GFP_KSWAPD_RECLAIM",
	"__GFP_WRITE",
	"__GFP_NOWARN",
	"__GFP_RETRY_MAYFAIL",
	"__GFP_NOFAIL",
	"__GFP_NORETRY",
	"__GFP_MEMALLOC",
	"__GFP_COMP",
	"__GFP_NOMEMALLOC",
	"__GFP_HARDWALL",
	"__GFP_THISNODE",
	"__GFP_ACCOUNT",
};

/* 4.4 to 4.9 (seed 001's kernel): GFP_KERNEL 0x24000c0. */
static const char *const layout_4_4[] = {
	"__GFP_DMA",
	"__GFP_HIGHMEM",
	"__GFP_DMA32",
	"__GFP_MOVABLE",
	"__GFP_RECLAIMABLE",
	"__GFP_HIGH",
	"__GFP_IO",
	"__GFP_FS",
	"__GFP_COLD",
	"__GFP_NOWARN",
	"__GFP_REPEAT",
	"__GFP_NOFAIL",
	"__GFP_NORETRY",
	"__GFP_MEMALLOC",
	"__GFP_COMP",
	"__GFP_ZERO",
	"__GFP_NOMEMALLOC",
	"__GFP_HARDWALL",
	"__GFP_THISNODE",
	"__GFP_ATOMIC",
	"__GFP_ACCOUNT",
	"__GFP_NOTRACK",
	"__GFP_DIRECT_RECLAIM",
	"__GFP_OTHER_NODE",
	"__GFP_WRITE",
	"__GFP_KSWAPD_RECLAIM",
};

/* 4.10 to 4.14 (__GFP_OTHER_NODE gone): GFP_KERNEL 0x14000c0. */
static const char *const layout_4_10[] = {
	"__GFP_DMA",
	"__GFP_HIGHMEM",
	"__GFP_DMA32",
	"__GFP_MOVABLE",
	"__GFP_RECLAIMABLE",
	"__GFP_HIGH",
	"__GFP_IO",
	"__GFP_FS",
	"__GFP_COLD",
	"__GFP_NOWARN",
	"__GFP_REPEAT",
	"__GFP_NOFAIL",
	"__GFP_NORETRY",
	"__GFP_MEMALLOC",
	"__GFP_COMP",
	"__GFP_ZERO",
	"__GFP_NOMEMALLOC",
	"__GFP_HARDWALL",
	"__GFP_THISNODE",
	"__GFP_ATOMIC",
	"__GFP_ACCOUNT",
	"__GFP_NOTRACK",
	"__GFP_DIRECT_RECLAIM",
	"__GFP_WRITE",
	"__GFP_KSWAPD_RECLAIM",
};

/* 4.15 to 4.17: __GFP_COLD and __GFP_NOTRACK removed, their bits left
 * unused; __GFP_REPEAT became __GFP_RETRY_MAYFAIL (4.13). */
static const char *const layout_4_15[] = {
	"__GFP_DMA",
	"__GFP_HIGHMEM",
	"__GFP_DMA32",
	"__GFP_MOVABLE",
	"__GFP_RECLAIMABLE",
	"__GFP_HIGH",
	"__GFP_IO",
	"__GFP_FS",
	NULL,
	"__GFP_NOWARN",
	"__GFP_RETRY_MAYFAIL",
	"__GFP_NOFAIL",
	"__GFP_NORETRY",
	"__GFP_MEMALLOC",
	"__GFP_COMP",
	"__GFP_ZERO",
	"__GFP_NOMEMALLOC",
	"__GFP_HARDWALL",
	"__GFP_THISNODE",
	"__GFP_ATOMIC",
	"__GFP_ACCOUNT",
	NULL,
	"__GFP_DIRECT_RECLAIM",
	"__GFP_WRITE",
	"__GFP_KSWAPD_RECLAIM",
};

/* 4.18 to 5.0, holes closed: GFP_KERNEL 0x6000c0. */
static const char *const layout_4_18[] = {
	"__GFP_DMA",
	"__GFP_HIGHMEM",
	"__GFP_DMA32",
	"__GFP_MOVABLE",
	"__GFP_RECLAIMABLE",
	"__GFP_HIGH",
	"__GFP_IO",
	"__GFP_FS",
	"__GFP_WRITE",
	"__GFP_NOWARN",
	"__GFP_RETRY_MAYFAIL",
	"__GFP_NOFAIL",
	"__GFP_NORETRY",
	"__GFP_MEMALLOC",
	"__GFP_COMP",
	"__GFP_ZERO",
	"__GFP_NOMEMALLOC",
	"__GFP_HARDWALL",
	"__GFP_THISNODE",
	"__GFP_ATOMIC",
	"__GFP_ACCOUNT",
	"__GFP_DIRECT_RECLAIM",
	"__GFP_KSWAPD_RECLAIM",
};

/* 2.6.x and 3.x up to 4.3: __GFP_WAIT instead of the two reclaim bits,
 * GFP_KERNEL 0xd0. These kernels print the mask in hex only. */
static const char *const layout_3_0[] = {
	"__GFP_DMA",	    "__GFP_HIGHMEM",  "__GFP_DMA32",	 "__GFP_MOVABLE",
	"__GFP_WAIT",	    "__GFP_HIGH",     "__GFP_IO",	 "__GFP_FS",
	"__GFP_COLD",	    "__GFP_NOWARN",   "__GFP_REPEAT",	 "__GFP_NOFAIL",
	"__GFP_NORETRY",    "__GFP_MEMALLOC", "__GFP_COMP",	 "__GFP_ZERO",
	"__GFP_NOMEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE",	 "__GFP_RECLAIMABLE",
	"__GFP_KMEMCG",	    "__GFP_NOTRACK",  "__GFP_NO_KSWAPD", "__GFP_OTHER_NODE",
	"__GFP_WRITE",
};

struct layout {
	const char *name; /* first version of the range */
	const char *range; /* human-readable range */
	int since; /* major * 1000 + minor */
	const char *const *bits;
	size_t nbits;
};

/* Newest first: the first whose 'since' is <= the version applies. */
static const struct layout layouts[] = {
	{ "6.3", "6.3 and later", 6003, layout_6_3, ARRAY_SIZE(layout_6_3) },
	{ "5.1", "5.1 to 6.2", 5001, layout_5_1, ARRAY_SIZE(layout_5_1) },
	{ "4.18", "4.18 to 5.0", 4018, layout_4_18, ARRAY_SIZE(layout_4_18) },
	{ "4.15", "4.15 to 4.17", 4015, layout_4_15, ARRAY_SIZE(layout_4_15) },
	{ "4.10", "4.10 to 4.14", 4010, layout_4_10, ARRAY_SIZE(layout_4_10) },
	{ "4.4", "4.4 to 4.9", 4004, layout_4_4, ARRAY_SIZE(layout_4_4) },
	{ "3.0", "2.6 to 4.3", 0, layout_3_0, ARRAY_SIZE(layout_3_0) },
};

static struct gfp_table *table_new(const char *source)
{
	struct gfp_table *t = calloc(1, sizeof(*t));

	if (t)
		util__strlcpy(t->source, source, sizeof(t->source));
	return t;
}

static int table_add(struct gfp_table *t, const char *name, uint64_t mask)
{
	if (t->n >= GFP_MAX_NAMES)
		return -E2BIG;
	t->e[t->n].mask = mask;
	util__strlcpy(t->e[t->n].name, name, sizeof(t->e[0].name));
	t->n++;
	return 0;
}

uint64_t gfp_table__mask(const struct gfp_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->e[i].name, name))
			return t->e[i].mask;
	return 0;
}

/* Mask of a name: a single flag in flags[], or a composite (recursively). */
static uint64_t eval_name(const struct gfp_table *flags, const char *name, int depth)
{
	size_t i;
	int j;
	uint64_t m = 0;

	if (depth > 8)
		return 0;
	for (i = 0; i < ARRAY_SIZE(recipes); i++) {
		if (strcmp(recipes[i].name, name))
			continue;
		for (j = 0; j < 8 && recipes[i].plus[j]; j++)
			m |= eval_name(flags, recipes[i].plus[j], depth + 1);
		for (j = 0; j < 2 && recipes[i].minus[j]; j++)
			m &= ~eval_name(flags, recipes[i].minus[j], depth + 1);
		return m;
	}
	return gfp_table__mask(flags, name);
}

/* Build the print-ordered table from single flags (bit order). */
static struct gfp_table *finish_from_flags(struct gfp_table *flags, const char *source, bool legacy)
{
	struct gfp_table *t = table_new(source);
	size_t i;
	int j;

	if (!t)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(recipes); i++) {
		uint64_t m = eval_name(flags, recipes[i].name, 0);

		if ((recipes[i].legacy && !legacy) ||
		    (recipes[i].requires && !gfp_table__mask(flags, recipes[i].requires)))
			continue;
		if (m)
			table_add(t, recipes[i].name, m);
	}
	for (j = 0; j < flags->n; j++)
		table_add(t, flags->e[j].name, flags->e[j].mask);
	return t;
}

struct gfp_table *gfp_table__new_btf(const struct btf *btf)
{
	struct gfp_table flags = { 0 };
	int i, j, n;

	if (!btf) {
		errno = EINVAL;
		return NULL;
	}
	n = btf__type_cnt(btf);
	for (i = 1; i < n && !flags.n; i++) {
		const struct btf_type *bt = btf__type_by_id(btf, i);
		const struct btf_enum *e;

		if (!btf_is_enum(bt) || !btf_vlen(bt))
			continue;
		e = btf_enum(bt);
		if (strcmp(btf__name_by_offset(btf, e->name_off), "___GFP_DMA_BIT"))
			continue;
		for (j = 0; j < btf_vlen(bt); j++) {
			const char *nm = btf__name_by_offset(btf, e[j].name_off);
			char flag[32];
			size_t len = strlen(nm);

			/* ___GFP_FOO_BIT -> __GFP_FOO; skip UNUSED and LAST */
			if (len < 8 || strncmp(nm, "___GFP_", 7) || strcmp(nm + len - 4, "_BIT") ||
			    strstr(nm, "_UNUSED_") || !strcmp(nm, "___GFP_LAST_BIT") ||
			    e[j].val < 0 || e[j].val >= 64 || len - 4 - 1 >= sizeof(flag))
				continue;
			memcpy(flag, nm + 1, len - 5);
			flag[len - 5] = '\0';
			table_add(&flags, flag, 1ull << e[j].val);
		}
	}
	if (!flags.n) {
		errno = ENOENT;
		return NULL;
	}
	/* Composites come from recipes: where a kernel redefined one (recent
	 * kernels add __GFP_NOWARN to GFP_NOWAIT) the decoding still names
	 * every bit, as "GFP_NOWAIT|__GFP_NOWARN". */
	return finish_from_flags(&flags, "btf", false);
}

/* A C integer constant as libtraceevent leaves it: "3264", "0x800u",
 * "-9223372036854775808" (a value with bit 63, printed signed). */
static int parse_c_int(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	if (*s == '-')
		*v = (uint64_t)strtoll(s, &end, 0);
	else
		*v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
		end++;
	return *end ? -EINVAL : 0;
}

static struct tep_print_arg *find_flags(struct tep_print_arg *a, int depth)
{
	struct tep_print_arg *r;

	for (; a && depth < 16; a = a->next) {
		switch (a->type) {
		case TEP_PRINT_FLAGS:
			return a;
		case TEP_PRINT_OP:
			r = find_flags(a->op.left, depth + 1);
			if (!r)
				r = find_flags(a->op.right, depth + 1);
			if (r)
				return r;
			break;
		case TEP_PRINT_TYPE:
			r = find_flags(a->typecast.item, depth + 1);
			if (r)
				return r;
			break;
		default:
			break;
		}
	}
	return NULL;
}

struct gfp_table *gfp_table__new_format(const char *text, size_t len)
{
	struct tep_handle *tep;
	struct tep_event *ev = NULL;
	struct tep_print_arg *fa;
	struct tep_print_flag_sym *s;
	struct gfp_table *t = NULL;
	uint64_t v;
	int err = ENOENT;

	tep_set_loglevel(TEP_LOG_NONE);
	tep = tep_alloc();
	if (!tep) {
		errno = ENOMEM;
		return NULL;
	}
	if (tep_parse_format(tep, &ev, text, len, "memstall") || !ev)
		goto out;
	fa = find_flags(ev->print_fmt.args, 0);
	if (!fa)
		goto out;
	t = table_new("format");
	if (!t) {
		err = ENOMEM;
		goto out;
	}
	for (s = fa->flags.flags; s; s = s->next) {
		/* libtraceevent evaluated each constant expression to a number;
		 * an unresolved enum name (6.9 - early 2025 kernels) is not a
		 * number and makes this table unusable. */
		if (!s->value || !s->str || parse_c_int(s->value, &v))
			goto bad;
		if (v) /* a flag its config turned off is 0: never printed */
			table_add(t, s->str, v);
	}
	if (t->n < 8)
		goto bad;
	err = 0;
	goto out;
bad:
	free(t);
	t = NULL;
	err = EINVAL;
out:
	tep_free(tep);
	if (!t)
		errno = err;
	return t;
}

static const struct layout *find_layout(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(layouts); i++)
		if (!strcmp(layouts[i].name, name))
			return &layouts[i];
	return NULL;
}

struct gfp_table *gfp_table__new_static(const char *layout)
{
	const struct layout *l = find_layout(layout ? layout : "6.3");
	struct gfp_table flags = { 0 };
	char src[32];
	size_t i;

	if (!l) {
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < l->nbits; i++)
		if (l->bits[i])
			table_add(&flags, l->bits[i], 1ull << i);
	snprintf(src, sizeof(src), "static:%s", l->name);
	return finish_from_flags(&flags, src, l->since < 4014);
}

/* "4.9.0-8-amd64", "3.10.0-957.el7.x86_64", "6.1" -> 4009, 3010, 6001. */
static int version_code(const char *release)
{
	unsigned int major, minor;

	if (!release || sscanf(release, "%u.%u", &major, &minor) != 2 || major > 99 || minor > 999)
		return -1;
	return (int)(major * 1000 + minor);
}

const char *gfp__layout_for_release(const char *release, const char **range)
{
	int v = version_code(release);
	size_t i;

	if (v < 2000)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(layouts); i++) {
		if (v >= layouts[i].since) {
			if (range)
				*range = layouts[i].range;
			return layouts[i].name;
		}
	}
	return NULL;
}

unsigned int gfp__zone(uint64_t gfp)
{
	/* include/linux/gfp.h GFP_ZONE_TABLE, the low four bits */
	switch (gfp & 0xf) {
	case 0x1:
		return GFP_ZONE_DMA;
	case 0x4:
		return GFP_ZONE_DMA32;
	case 0x2:
		return GFP_ZONE_HIGHMEM;
	case 0xa:
		return GFP_ZONE_MOVABLE;
	case 0x0:
	case 0x8:
		return GFP_ZONE_NORMAL;
	default:
		return GFP_ZONE_BAD; /* the kernel BUG()s on these */
	}
}

const char *gfp__zone_name(unsigned int zone)
{
	static const char *const names[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable" };

	return zone < ARRAY_SIZE(names) ? names[zone] : "invalid";
}

/* The kernel's own print table, if tracefs is mounted (never mounted here). */
static struct gfp_table *from_tracefs(void)
{
	static const char *const formats[] = {
		"/sys/kernel/tracing/events/vmscan/mm_vmscan_memcg_reclaim_begin/format",
		"/sys/kernel/debug/tracing/events/vmscan/mm_vmscan_memcg_reclaim_begin/format",
	};
	struct gfp_table *t = NULL;
	char *buf = malloc(65536);
	size_t i;
	long n;

	for (i = 0; buf && !t && i < ARRAY_SIZE(formats); i++) {
		n = util__read_file(formats[i], buf, 65536);
		if (n > 0)
			t = gfp_table__new_format(buf, n);
	}
	free(buf);
	return t;
}

struct gfp_table *gfp_table__for_kernel(const struct btf *btf)
{
	struct gfp_table *t = from_tracefs();

	if (!t && btf)
		t = gfp_table__new_btf(btf);
	/* Neither: older kernel without the bit enum and tracefs not mounted.
	 * Mount it for this one read, then put things back as they were. */
	if (!t && !mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL)) {
		t = from_tracefs();
		umount2("/sys/kernel/tracing", MNT_DETACH);
	}
	return t ?: gfp_table__new_static("6.3");
}

void gfp_table__free(struct gfp_table *t)
{
	free(t);
}

const char *gfp_table__source(const struct gfp_table *t)
{
	return t->source;
}

int gfp_table__count(const struct gfp_table *t)
{
	return t->n;
}

int gfp_table__names(const struct gfp_table *t, uint64_t gfp, const char **names, int max,
		     uint64_t *rest)
{
	int i, n = 0;

	for (i = 0; i < t->n && gfp; i++) {
		uint64_t m = t->e[i].mask;

		if (!m || (gfp & m) != m)
			continue;
		if (n < max)
			names[n++] = t->e[i].name;
		gfp &= ~m;
	}
	if (rest)
		*rest = gfp;
	return n;
}

size_t gfp_table__format(const struct gfp_table *t, uint64_t gfp, char *buf, size_t len)
{
	const char *names[GFP_MAX_NAMES];
	uint64_t rest;
	size_t off = 0;
	int i, n;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!gfp) {
		util__strlcpy(buf, "none", len);
		return strlen(buf);
	}
	n = gfp_table__names(t, gfp, names, GFP_MAX_NAMES, &rest);
	for (i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? "|" : "", names[i]);
	if (rest && off < len)
		off += snprintf(buf + off, len - off, "%s%#llx", n ? "|" : "",
				(unsigned long long)rest);
	return off < len ? off : len - 1;
}
