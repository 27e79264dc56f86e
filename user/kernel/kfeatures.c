// SPDX-License-Identifier: GPL-2.0
/*
 * The feature-detection pass: one look at BTF and a few tiny probe programs,
 * in the spirit of a one-pass calibration. Everything found goes into
 * struct ms_features with a human reason for each "no".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "kernel/kfeatures.h"
#include "base/util.h"

static const char *const tp_names[MS_TP_MAX] = {
	[MS_TP_DIRECT_BEGIN] = "mm_vmscan_direct_reclaim_begin",
	[MS_TP_DIRECT_END] = "mm_vmscan_direct_reclaim_end",
	[MS_TP_MEMCG_BEGIN] = "mm_vmscan_memcg_reclaim_begin",
	[MS_TP_MEMCG_END] = "mm_vmscan_memcg_reclaim_end",
	[MS_TP_SOFTLIMIT_BEGIN] = "mm_vmscan_memcg_softlimit_reclaim_begin",
	[MS_TP_SOFTLIMIT_END] = "mm_vmscan_memcg_softlimit_reclaim_end",
	[MS_TP_NODE_BEGIN] = "mm_vmscan_node_reclaim_begin",
	[MS_TP_NODE_END] = "mm_vmscan_node_reclaim_end",
	[MS_TP_LRU_INACTIVE] = "mm_vmscan_lru_shrink_inactive",
	[MS_TP_LRU_ACTIVE] = "mm_vmscan_lru_shrink_active",
	[MS_TP_PROCESS_EXIT] = "sched_process_exit",
	[MS_TP_TRY_COMPACT] = "mm_compaction_try_to_compact_pages",
	[MS_TP_COMPACT_BEGIN] = "mm_compaction_begin",
	[MS_TP_COMPACT_END] = "mm_compaction_end",
	[MS_TP_COMPACT_DEFERRED] = "mm_compaction_deferred",
	[MS_TP_COMPACT_SUITABLE] = "mm_compaction_suitable",
	[MS_TP_MARK_VICTIM] = "mark_victim",
	[MS_TP_RECLAIM_RETRY] = "reclaim_retry_zone",
	[MS_TP_COMPACT_RETRY] = "compact_retry",
	[MS_TP_WAKE_REAPER] = "wake_reaper",
	[MS_TP_START_REAPING] = "start_task_reaping",
	[MS_TP_FINISH_REAPING] = "finish_task_reaping",
	[MS_TP_SKIP_REAPING] = "skip_task_reaping",
	[MS_TP_KSWAPD_WAKE] = "mm_vmscan_kswapd_wake",
	[MS_TP_KSWAPD_SLEEP] = "mm_vmscan_kswapd_sleep",
	[MS_TP_SIGNAL_GENERATE] = "signal_generate",
	[MS_TP_CGROUP_RMDIR] = "cgroup_rmdir",
	[MS_TP_TASK_RENAME] = "task_rename",
	[MS_TP_CGROUP_ATTACH] = "cgroup_attach_task",
	[MS_TP_CGROUP_TRANSFER] = "cgroup_transfer_tasks",
};

static const char *const fn_names[MS_FN_MAX] = {
	[MS_FN_SHRINK_NODE] = "shrink_node",
	[MS_FN_GET_SCAN_COUNT] = "get_scan_count",
	[MS_FN_TRY_COMPACT] = "try_to_compact_pages",
	[MS_FN_OOM_KILL_PROCESS] = "oom_kill_process",
	[MS_FN_OVER_HIGH] = "mem_cgroup_handle_over_high",
};

const char *features__tp_name(enum ms_tp_id id)
{
	return id < MS_TP_MAX ? tp_names[id] : "?";
}

const char *features__fn_name(enum ms_fn_id id)
{
	return id < MS_FN_MAX ? fn_names[id] : "?";
}

static void set_avail(struct ms_avail *a, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_avail(struct ms_avail *a, bool ok, const char *fmt, ...)
{
	va_list ap;

	a->ok = ok;
	va_start(ap, fmt);
	vsnprintf(a->why, sizeof(a->why), fmt, ap);
	va_end(ap);
}

static const char *errno_reason(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return "refused by the kernel (EPERM)";
	case EINVAL:
		return "rejected by the kernel (EINVAL)";
	case 524: /* ENOTSUPP, kernel-internal */
	case EOPNOTSUPP:
		return "not supported by this kernel";
	case ENOENT:
		return "target not found";
	default:
		return strerror(err);
	}
}

/* Load a program that returns 0. Returns 0 or -errno. */
/* Load the plainest program of a type; with attach, also link it (and let
 * go at once): where loading succeeds but the kernel cannot attach. */
static int try_prog_attach(enum bpf_prog_type type, enum bpf_attach_type eat, int btf_id,
			   bool attach)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = eat, .attach_btf_id = btf_id);
	int fd = bpf_prog_load(type, "ms_probe", "GPL", insns, ARRAY_SIZE(insns), &opts);

	int link, err = 0;

	if (fd < 0)
		return -errno;
	if (attach) {
		link = bpf_link_create(fd, 0, eat, NULL);
		err = link < 0 ? -errno : 0;
		if (link >= 0)
			close(link);
	}
	close(fd);
	return err;
}

static int try_prog(enum bpf_prog_type type, enum bpf_attach_type eat, int btf_id)
{
	return try_prog_attach(type, eat, btf_id, false);
}

/*
 * Where fentry programs load but no trampoline can be attached: BPF
 * trampolines on arm64 ("bpf, arm64: Add bpf trampoline for arm64", 5.19)
 * attach to kernel functions only through ftrace direct calls, which arm64
 * got in 6.4 ("arm64: ftrace: Add direct call support"); Debian's 6.1 arm64
 * kernel loads fentry programs and refuses to attach them (-ENOTSUPP, 524).
 * On arm64 the probe therefore attaches too (it costs an RCU grace period at
 * detach, which x86, where loading is where the kernel says no, does not pay).
 */
#if defined(__aarch64__)
#define FENTRY_PROBE_ATTACHES true
#else
#define FENTRY_PROBE_ATTACHES false
#endif

/* The names the pass looks up, found in one walk over the kernel's types:
 * libbpf 1.1's btf__find_by_name_kind walks all of them (126,000 on 6.18)
 * for each of the ~40 lookups. */
#define BTF_IX_MAX 48

struct btf_ix {
	const struct btf *btf;
	int n;
	struct {
		char name[64];
		size_t len;
		int kind, id;
	} e[BTF_IX_MAX];
	bool gfp_bit_enum; /* an enum whose first value is ___GFP_DMA_BIT */
	struct prefix2 pre; /* of the names wanted: ix_match rejects most on it */
};

static void ix_want(struct btf_ix *x, int kind, const char *fmt, const char *arg)
{
	if (x->n >= BTF_IX_MAX)
		return;
	snprintf(x->e[x->n].name, sizeof(x->e[x->n].name), fmt, arg);
	x->e[x->n].len = strlen(x->e[x->n].name);
	x->e[x->n].kind = kind;
	x->e[x->n].id = -ENOENT;
	prefix2__add(&x->pre, x->e[x->n].name);
	x->n++;
}

static void ix_match(struct btf_ix *x, const struct btf_type *t, int id)
{
	const char *nm = btf__name_by_offset(x->btf, t->name_off);
	size_t len;
	int k;

	if (btf_is_enum(t) && btf_vlen(t) &&
	    !strcmp(btf__name_by_offset(x->btf, btf_enum(t)->name_off), "___GFP_DMA_BIT"))
		x->gfp_bit_enum = true;
	if (!nm || !*nm || !prefix2__has(&x->pre, nm))
		return;
	len = strlen(nm);
	for (k = 0; k < x->n; k++)
		if (x->e[k].id < 0 && x->e[k].len == len && x->e[k].kind == (int)btf_kind(t) &&
		    !memcmp(x->e[k].name, nm, len))
			x->e[k].id = id;
}

static void ix_build(struct btf_ix *x, const struct btf *btf)
{
	static const char *const enums[] = { "zone_type", "migrate_mode", "compact_result" };
	int i, n = btf__type_cnt(btf);

	memset(x, 0, sizeof(*x));
	x->btf = btf;
	for (i = 0; i < MS_TP_MAX; i++)
		ix_want(x, BTF_KIND_TYPEDEF, "btf_trace_%s", tp_names[i]);
	for (i = 0; i < MS_FN_MAX; i++)
		ix_want(x, BTF_KIND_FUNC, "%s", fn_names[i]);
	ix_want(x, BTF_KIND_FUNC, "%s", "schedule");
	ix_want(x, BTF_KIND_STRUCT, "%s", "bpf_raw_tp_link");
	for (i = 0; i < (int)ARRAY_SIZE(enums); i++)
		ix_want(x, BTF_KIND_ENUM, "%s", enums[i]);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		int kind = btf_kind(t);

		if (kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_FUNC || kind == BTF_KIND_ENUM ||
		    kind == BTF_KIND_STRUCT)
			ix_match(x, t, i);
	}
}

static int btf_find(const struct btf_ix *x, const char *name, int kind)
{
	int k;

	for (k = 0; k < x->n; k++)
		if (x->e[k].kind == kind && !strcmp(x->e[k].name, name))
			return x->e[k].id;
	return btf__find_by_name_kind(x->btf, name, kind); /* not indexed */
}

/* Arguments of tracepoint tp from its "btf_trace_<tp>" typedef (minus ctx). */
static int tp_nargs(const struct btf_ix *x, const char *tp, bool *present)
{
	const struct btf *btf = x->btf;
	char name[128];
	const struct btf_type *t;
	int id;

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	id = btf_find(x, name, BTF_KIND_TYPEDEF);
	*present = id > 0;
	if (id <= 0)
		return -1;
	t = btf__type_by_id(btf, id);
	t = btf__type_by_id(btf, t->type); /* pointer */
	if (!t || !btf_is_ptr(t))
		return -1;
	t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_func_proto(t))
		return -1;
	return btf_vlen(t) - 1;
}

/* Copy an enum's names (minus prefix, lower-cased unless keep_case) by value. */
static void enum_names(const struct btf_ix *x, const char *type, const char *prefix, char *out,
		       size_t width, int max, bool lower)
{
	const struct btf *btf = x->btf;
	const struct btf_type *t;
	const struct btf_enum *e;
	size_t plen = strlen(prefix);
	int id, i;

	id = btf_find(x, type, BTF_KIND_ENUM);
	if (id <= 0)
		return;
	t = btf__type_by_id(btf, id);
	e = btf_enum(t);
	for (i = 0; i < btf_vlen(t); i++) {
		const char *nm = btf__name_by_offset(btf, e[i].name_off);
		char *dst;
		size_t k;

		if (e[i].val < 0 || e[i].val >= max || strncmp(nm, prefix, plen))
			continue;
		dst = out + (size_t)e[i].val * width;
		util__strlcpy(dst, nm + plen, width);
		for (k = 0; lower && dst[k]; k++)
			if (dst[k] >= 'A' && dst[k] <= 'Z')
				dst[k] += 'a' - 'A';
	}
}

static void probe_lru_gen(struct ms_features *f)
{
	char buf[32] = "";
	long v;

	if (util__read_file("/sys/kernel/mm/lru_gen/enabled", buf, sizeof(buf)) <= 0)
		return;
	v = strtol(buf, NULL, 0);
	f->lru_gen = (v & 1) != 0;
}

/* Why --btf's file could not be read, in words (libbpf says "Unknown error
 * 4001" for garbage and EIO for an empty file or a directory). */
static const char *btf_file_reason(const char *path, int err)
{
	struct stat st;

	if (stat(path, &st))
		return strerror(errno);
	if (S_ISDIR(st.st_mode))
		return "a directory, not a file";
	if (!st.st_size)
		return "an empty file";
	if (err == -LIBBPF_ERRNO__FORMAT || err == -EIO || err == -EINVAL || err == -EPROTO)
		return "neither raw BTF nor an ELF file with a .BTF section";
	return strerror(-err);
}

/* The kernel's BTF, mapped rather than read where sysfs allows it (since
 * 6.16, "btf: Allow mmap of vmlinux btf"): read(2) of a sysfs binary file
 * returns a page at a time, 1,400 calls for 5.5 MB, and libbpf 1.1 copies
 * what it read once more; mapped, the one copy is btf__new's. NULL (errno
 * set) where it cannot be mapped: the caller reads it. */
static struct btf *map_vmlinux_btf(void)
{
	int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	struct btf *btf = NULL;
	struct stat st;
	void *p = MAP_FAILED;

	if (fd >= 0 && !fstat(fd, &st) && st.st_size > 0)
		p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p != MAP_FAILED) {
		btf = btf__new(p, st.st_size);
		munmap(p, st.st_size);
	}
	if (fd >= 0)
		close(fd);
	return btf;
}

/* Open the BTF to read: --btf's file or the kernel's. NULL with diag set. */
static struct btf *open_btf(struct ms_features *f, const struct ms_probe_opts *opts,
			    struct ms_diag *d, int *errp)
{
	struct btf *btf;
	int err;

	if (opts->btf_path) {
		snprintf(f->btf_path, sizeof(f->btf_path), "%s", opts->btf_path);
		btf = btf__parse(opts->btf_path, NULL);
	} else {
		btf = map_vmlinux_btf() ?: btf__load_vmlinux_btf();
	}
	if (btf) {
		set_avail(&f->btf, true, "%s",
			  opts->btf_path ? opts->btf_path : "/sys/kernel/btf/vmlinux");
		return btf;
	}
	err = -errno;
	set_avail(&f->btf, false, "%s: %s",
		  opts->btf_path ? opts->btf_path : "/sys/kernel/btf/vmlinux", strerror(-err));
	if (opts->btf_path)
		*errp = diag__fail(d, err, MS_EXIT_INPUT,
				   "cannot read BTF from %s (%s): give a vmlinux or .btf "
				   "file made for this kernel",
				   opts->btf_path, btf_file_reason(opts->btf_path, err));
	else
		*errp = diag__fail(d, -ENOENT, MS_EXIT_KERNEL,
				   "this kernel has no BTF (/sys/kernel/btf/vmlinux: %s): use a "
				   "kernel with CONFIG_DEBUG_INFO_BTF=y or pass --btf FILE",
				   strerror(-err));
	return NULL;
}

/* Tracepoints and functions present, and how the tracepoints pass their
 * arguments. */
static void read_hooks(struct ms_features *f, const struct btf_ix *x)
{
	int i;

	for (i = 0; i < MS_TP_MAX; i++)
		f->tp[i].nargs = tp_nargs(x, tp_names[i], &f->tp[i].present);
	for (i = 0; i < MS_FN_MAX; i++) {
		f->fn[i].in_btf = btf_find(x, fn_names[i], BTF_KIND_FUNC) > 0;
		/* pahole emits FUNC only for functions with a symbol: an inlined
		 * function is absent from both. */
		f->fn[i].in_kallsyms = f->fn[i].in_btf;
	}
	/* 4.8-5.1 kernels passed (order, may_writepage, gfp, classzone_idx). */
	f->args.begin_gfp_idx = f->tp[MS_TP_DIRECT_BEGIN].nargs == 4 ? 2 : 1;
	/* before ~6.9 (and its backports) mark_victim passed only the pid */
	f->args.victim_is_task = f->tp[MS_TP_MARK_VICTIM].nargs != 1;
}

/* Names from the kernel's enums, as the kernel prints them. */
static void read_names(struct ms_features *f, const struct btf_ix *x)
{
	int i;

	f->gfp_bit_enum = x->gfp_bit_enum;
	enum_names(x, "zone_type", "ZONE_", &f->zone_names[0][0], sizeof(f->zone_names[0]), 8,
		   false);
	/* as zone->name spells them: "Normal", "Movable", "DMA32" */
	for (i = 0; i < 8; i++) {
		char *z = f->zone_names[i];
		size_t k;

		for (k = 1; z[0] && strncmp(z, "DMA", 3) && z[k]; k++)
			if (z[k] >= 'A' && z[k] <= 'Z')
				z[k] += 'a' - 'A';
	}
	enum_names(x, "migrate_mode", "MIGRATE_", &f->migrate_modes[0][0],
		   sizeof(f->migrate_modes[0]), 4, true);
	enum_names(x, "compact_result", "COMPACT_", &f->compact_results[0][0],
		   sizeof(f->compact_results[0]), 16, true);
}

/* What every mechanism probe may read. */
struct probe_ctx {
	const struct btf_ix *ix;
	const struct ms_probe_opts *opts;
	int raw_err; /* loading the plainest tracing program: 0 or -errno */
};

static const char no_priv[] = "not permitted for this user (run as root)";

/* tp_btf: load against a tracepoint. Loading is where the kernel says no (as
 * it does for fentry on locked-down kernels); attaching here too would cost
 * an RCU grace period at detach. A custom BTF file is not the kernel's: the
 * kernel resolves ids in its own BTF. */
static void probe_tp_btf(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
	int id, err;

	if (c->opts->btf_path) {
		set_avail(a, false, "kernel has no BTF of its own (--btf given)");
	} else {
		id = btf_find(c->ix, "btf_trace_mm_vmscan_direct_reclaim_begin", BTF_KIND_TYPEDEF);
		err = id > 0 ? try_prog(BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, id) : -ENOENT;
		if (err)
			set_avail(a, false, "%s", errno_reason(-err));
		else
			set_avail(a, true, "BTF-typed tracepoint programs load");
	}
	if (!a->ok && !f->privileged)
		set_avail(a, false, "%s", no_priv);
}

static void probe_raw_tp(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
	if (!f->privileged)
		set_avail(a, false, "%s", no_priv);
	else if (c->raw_err)
		set_avail(a, false, "%s", errno_reason(-c->raw_err));
	else
		set_avail(a, true, "raw tracepoint programs load");
}

/* Attach cookies for raw tracepoints came with struct bpf_raw_tp_link's
 * cookie in v6.10: commit 68ca5d4eebb8 ("bpf: support BPF cookie in raw
 * tracepoint (raw_tp, tp_btf) programs"), which also gave raw_tp programs
 * bpf_get_attach_cookie(). Read from the BTF: no program to load. */
static void probe_raw_tp_cookie(struct ms_features *f, struct ms_avail *a,
				const struct probe_ctx *c)
{
	const struct btf *btf = c->ix->btf;
	int id = btf_find(c->ix, "bpf_raw_tp_link", BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_member *m = t ? btf_members(t) : NULL;
	int i, n = t ? btf_vlen(t) : 0;

	if (!f->raw_tp.ok) {
		set_avail(a, false, "no raw tracepoints");
		return;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(btf__name_by_offset(btf, m[i].name_off), "cookie")) {
			set_avail(
				a, true,
				"raw_tp attach cookies: one program for the three reclaim begins");
			return;
		}
	set_avail(a, false, "no raw_tp attach cookies (kernel < 6.10): one program per begin");
}

static void probe_fentry(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
	int id, err;

	if (c->opts->btf_path) {
		set_avail(a, false, "kernel has no BTF of its own (--btf given)");
		return;
	}
	id = btf_find(c->ix, "shrink_node", BTF_KIND_FUNC);
	if (id <= 0)
		id = btf_find(c->ix, "schedule", BTF_KIND_FUNC);
	err = id > 0 ? try_prog_attach(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id,
				       FENTRY_PROBE_ATTACHES)
		     : -ENOENT;
	if (err && !f->privileged)
		set_avail(a, false, "%s", no_priv);
	else if (err)
		set_avail(a, false, "%s", errno_reason(-err));
	else
		set_avail(a, true, "fentry programs load");
}

static void probe_kprobes(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
	struct stat st;

	(void)f;
	(void)c;
	if (!stat("/sys/bus/event_source/devices/kprobe/type", &st))
		set_avail(a, true, "kprobe PMU present");
	else if (!stat("/sys/kernel/tracing/kprobe_events", &st) ||
		 !stat("/sys/kernel/debug/tracing/kprobe_events", &st))
		set_avail(a, true, "kprobe_events in tracefs");
	else
		set_avail(a, false,
			  "not built in (no kprobe PMU, no kprobe_events: CONFIG_KPROBES/"
			  "CONFIG_KPROBE_EVENTS off)");
}

/* A map type: supported, or why not. */
static void probe_map(struct ms_avail *a, enum bpf_map_type type, const char *yes, const char *no)
{
	if (libbpf_probe_bpf_map_type(type, NULL) == 1)
		set_avail(a, true, "%s", yes);
	else
		set_avail(a, false, "%s", no);
}

static void probe_ringbuf(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
	(void)f;
	(void)c;
	probe_map(a, BPF_MAP_TYPE_RINGBUF, "BPF ring buffer supported",
		  "no BPF ring buffer (kernel < 5.8?)");
}

static void probe_perfbuf(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
	(void)f;
	(void)c;
	probe_map(a, BPF_MAP_TYPE_PERF_EVENT_ARRAY, "perf event array supported",
		  "perf event array not supported");
}

static void probe_task_storage(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
	(void)f;
	(void)c;
	probe_map(a, BPF_MAP_TYPE_TASK_STORAGE, "task-local storage supported",
		  "no task-local storage (kernel < 5.11?)");
}

/* The per-CPU stall rings: mmapable arrays (5.5), the ring buffer (it wakes
 * their reader), stores seen in program order (no BPF store-release < 6.16). */
static void probe_pring(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c)
{
#if defined(__x86_64__)
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_MMAPABLE);
	int fd = f->ringbuf.ok ? bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4096, 1, &o) : -1;

	(void)c;
	if (fd >= 0)
		close(fd);
	set_avail(a, fd >= 0, "%s",
		  fd >= 0	   ? "stall events through per-CPU rings, no lock"
		  : !f->ringbuf.ok ? "they wake their reader through the ring buffer: none"
				   : "no mmapable arrays (kernel < 5.5?)");
#else
	(void)f;
	(void)c;
	set_avail(a, false, "published in store order: x86-64 only");
#endif
}

/* The mechanism probes, in order; each may be turned off by its --disable
 * bit (0: cannot be). */
static const struct {
	unsigned int disable;
	size_t off; /* of its struct ms_avail in struct ms_features */
	void (*probe)(struct ms_features *f, struct ms_avail *a, const struct probe_ctx *c);
} mech_probes[] = {
	{ MS_FEAT_TP_BTF, offsetof(struct ms_features, tp_btf), probe_tp_btf },
	{ MS_FEAT_RAW_TP, offsetof(struct ms_features, raw_tp), probe_raw_tp },
	{ MS_FEAT_RAW_TP_COOKIE, offsetof(struct ms_features, raw_tp_cookie), probe_raw_tp_cookie },
	{ MS_FEAT_FENTRY, offsetof(struct ms_features, fentry), probe_fentry },
	{ MS_FEAT_KPROBE, offsetof(struct ms_features, kprobe), probe_kprobes },
	{ MS_FEAT_RINGBUF, offsetof(struct ms_features, ringbuf), probe_ringbuf },
	{ 0, offsetof(struct ms_features, perfbuf), probe_perfbuf },
	{ MS_FEAT_TASK_STORAGE, offsetof(struct ms_features, task_storage), probe_task_storage },
	{ MS_FEAT_PRING, offsetof(struct ms_features, pring), probe_pring }, /* after ringbuf */
};

static void probe_mechs(struct ms_features *f, const struct btf_ix *x,
			const struct ms_probe_opts *opts)
{
	struct probe_ctx c = { .ix = x, .opts = opts };
	size_t i;

	/* The plainest tracing program: if it is refused, this user may not
	 * load BPF at all. */
	c.raw_err = try_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0);
	f->privileged = c.raw_err != -EPERM;
	for (i = 0; i < ARRAY_SIZE(mech_probes); i++) {
		struct ms_avail *a = (struct ms_avail *)((char *)f + mech_probes[i].off);

		if (opts->disable & mech_probes[i].disable)
			set_avail(a, false, "disabled by --disable");
		else
			mech_probes[i].probe(f, a, &c);
	}
}

/* Whether dir holds an entry other than ".", ".." and name. */
static bool dir_has_other(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool other = false;

	while (d && !other && (de = readdir(d)))
		other = strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
			strcmp(de->d_name, name);
	if (d)
		closedir(d);
	return other;
}

/* Module BTF: libbpf 1.1 lists every kernel BTF object when a CO-RE
 * relocation finds no candidate in vmlinux (the ___old flavours of
 * core_fixes.bpf.h), and the listing needs CAP_SYS_ADMIN: CAP_BPF +
 * CAP_PERFMON alone would fail the load. Our programs only read vmlinux
 * types: relocate against vmlinux alone unless it costs a second parse for
 * nothing (listable, and no module has BTF). */
static void probe_module_btf(struct ms_features *f, const struct ms_probe_opts *opts)
{
	static const char vmlinux[] = "/sys/kernel/btf/vmlinux";
	bool modules = dir_has_other("/sys/kernel/btf", "vmlinux");
	__u32 id = 0;
	int err = bpf_btf_get_next_id(0, &id) ? -errno : 0;

	if (err == -EPERM || err == -EACCES)
		set_avail(&f->module_btf, false,
			  "listing kernel BTF needs CAP_SYS_ADMIN: CO-RE relocates against "
			  "%s alone",
			  opts->btf_path ? opts->btf_path : vmlinux);
	else
		set_avail(&f->module_btf, true,
			  modules ? "listable; CO-RE relocates against %s alone"
				  : "listable; no module has BTF",
			  opts->btf_path ? opts->btf_path : vmlinux);
	if (opts->btf_path)
		snprintf(f->core_btf, sizeof(f->core_btf), "%s", opts->btf_path);
	else if ((err || modules) && !access(vmlinux, R_OK))
		snprintf(f->core_btf, sizeof(f->core_btf), "%s", vmlinux);
}

int features__probe(struct ms_features *f, const struct ms_probe_opts *opts, struct btf **btfp,
		    struct ms_diag *d)
{
	static const struct ms_probe_opts dflt;
	struct btf_ix *ix;
	struct btf *btf;
	struct utsname u;
	int err = 0;

	if (!opts)
		opts = &dflt;
	memset(f, 0, sizeof(*f));
	if (!uname(&u))
		snprintf(f->release, sizeof(f->release), "%s", u.release);
	btf = open_btf(f, opts, d, &err);
	if (!btf)
		return err;
	ix = malloc(sizeof(*ix));
	if (!ix) {
		btf__free(btf);
		return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
	}
	ix_build(ix, btf);
	read_hooks(f, ix);
	read_names(f, ix);
	probe_mechs(f, ix, opts);
	free(ix);
	probe_module_btf(f, opts);
	probe_lru_gen(f);
	f->probed = true;

	if (btfp && opts->keep_btf)
		*btfp = btf;
	else
		btf__free(btf);
	return 0;
}
