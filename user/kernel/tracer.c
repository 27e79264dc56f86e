// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "memstall.skel.h"
#include "kernel/corebtf.h"
#include "model/hist.h"
#include "kernel/drain.h"
#include "kernel/pring.h"
#include "kernel/killers.h"
#include "kernel/tracer.h"
#include "kernel/tracer_prep.h"
#include "kernel/vstats.h"
#include "kernel/bufsize.h"
#include "kernel/parload.h"
#include "base/util.h"

/* The maps user space uses once attached, by fds of their own: the libbpf
 * object is closed then (release_object). */
enum tracer_fd {
	TFD_HISTS,
	TFD_HCACHE,
	TFD_HALF,
	TFD_LOST,
	TFD_COMPACT,
	TFD_CG_GONE,
	TFD_STACKS,
	TFD_STACK_IDS,
	TFD_NODE_SCAN,
	TFD_COUNTERS,
	TFD_EVENTS,
	TFD_KILLS,
	TFD_PERF,
	TFD_PRING,
	TFD_MAX
};

#define MS_QUEUE_BUDGET_NS 100000000ull /* callbacks per poll, unless draining */
#define MS_BATCH 64 /* records taken off the reader's queue at once */

struct tracer {
	struct memstall_bpf *skel; /* NULL once attached (release_object) */
	int fd[TFD_MAX];
	int *prog_fds; /* the loaded programs', kept (release_object) */
	int nprogs;
	bool count_compact, stacks_mode, count_nodes; /* the .rodata's */
	struct memstall_bpf__data *data; /* .data, mapped anew (keep_fds) */
	size_t data_len;
	struct ms_plan plan;
	struct bpf_link *links[MS_HOOK_MAX];
	struct bpf_link *links2[MS_HOOK_MAX]; /* the candidates' return programs */
	int cookie_links[MS_HOOK_MAX]; /* link fds of shared programs (cookies), or -1 */
	struct drain *dr; /* the ring buffers' reader thread and its queue */
	struct perf_buffer *pb;
	struct bpf_link *storm; /* tests: test_storm_rename */
	int core_fd; /* the minimal BTF CO-RE relocates against, until loaded */
	size_t perf_pages;
	tracer_event_fn fn; /* current poll's callback */
	void *fn_ctx;
	int fn_ret;
	uint64_t perf_lost; /* PERF_RECORD_LOST: the BPF side counted them already */
	struct ms_event ev; /* a record shorter than struct ms_event, zero-filled */
	struct ms_event batch[MS_BATCH]; /* taken off the reader's queue */
	size_t batch_i, batch_n; /* the next record of batch, its count */
};

void tracer__plan_opts(const struct tracer_opts *o, struct ms_plan_opts *po)
{
	po->groups = o->groups;
	po->kinds = o->filter.kinds;
	po->hist = o->hist;
	po->kill_story = o->kill_story;
	po->hist_by = o->hist_by;
	po->ukills = o->ukills;
}

const struct ms_plan *tracer__plan(const struct tracer *t)
{
	return &t->plan;
}

static int deliver(struct tracer *t, const void *data, size_t size)
{
	const struct ms_event *e = data;

	if (t->fn_ret || size < offsetof(struct ms_event, stall))
		return t->fn_ret;
	if (size < sizeof(*e)) { /* MS_EV_SIZE: the header and its union member */
		memcpy(&t->ev, data, size);
		memset((char *)&t->ev + size, 0, sizeof(t->ev) - size);
		e = &t->ev;
	}
	t->fn_ret = t->fn(t->fn_ctx, e);
	return t->fn_ret;
}

/* The reader's queue to the callback: for up to budget_ns (checked at each
 * batch), or, budget 0 (the last drain), until empty. Callbacks made, or
 * the callback's non-zero return (the rest of the batch waits for the next
 * call). */
static int drain_queue(struct tracer *t, uint64_t budget_ns)
{
	uint64_t end = util__now_ns() + budget_ns;
	int n = 0;

	while (!t->fn_ret) {
		if (t->batch_i == t->batch_n) {
			if (n && budget_ns && util__now_ns() >= end)
				break;
			t->batch_i = 0;
			t->batch_n = drain__take(t->dr, t->batch, MS_BATCH);
			if (!t->batch_n)
				break;
		}
		t->fn_ret = t->fn(t->fn_ctx, &t->batch[t->batch_i++]);
		n++;
	}
	return t->fn_ret ?: n;
}

static void on_perf(void *ctx, int cpu, void *data, __u32 size)
{
	(void)cpu;
	deliver(ctx, data, size);
}

static void on_perf_lost(void *ctx, int cpu, __u64 lost)
{
	struct tracer *t = ctx;

	(void)cpu;
	t->perf_lost += lost;
}

/* Hook i's tracepoint name (its name is "system:event"), NULL if none. */
static const char *hook_tracepoint(int i)
{
	const char *tp = strchr(attach__hook(i)->name, ':');

	return tp ? tp + 1 : NULL;
}

/* A program's link: by its section, or, a raw_tp program shared by several
 * hooks (section "raw_tp", no target: rt_reclaim_end), to hook i's
 * tracepoint. */
static struct bpf_link *attach_prog(struct tracer *t, int i, const char *name)
{
	struct bpf_program *prog = tracer_prep__program(t->skel, name);
	const char *tp = hook_tracepoint(i);

	if (prog && tp && !strcmp(bpf_program__section_name(prog), "raw_tp"))
		return bpf_program__attach_raw_tracepoint(prog, tp);
	return bpf_program__attach(prog);
}

/* BPF_RAW_TRACEPOINT_OPEN with an attach cookie (v6.10; libbpf 1.1 has no
 * call for it), its attr as the kernel's uapi has had it since: the link's
 * fd, or -errno. */
static int raw_tp_open_cookie(const struct bpf_program *prog, const char *tp, __u64 cookie)
{
	struct {
		__u64 name;
		__u32 prog_fd;
		__u32 pad;
		__u64 cookie;
	} attr = { .name = (__u64)(unsigned long)tp,
		   .prog_fd = (__u32)bpf_program__fd(prog),
		   .cookie = cookie };
	int fd = (int)syscall(__NR_bpf, BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));

	return fd < 0 ? -errno : fd;
}

/* Attach a hook's program and, if it has one, its return program: both or
 * neither. A program shared by hooks that its cookie tells apart has no
 * return program. */
static int attach_hook(struct tracer *t, int i)
{
	const char *name = attach__chosen_prog(&t->plan, i);
	const char *name2 = attach__chosen_prog2(&t->plan, i);
	long long cookie = attach__chosen_cookie(&t->plan, i);
	int err;

	if (cookie >= 0) {
		t->cookie_links[i] = raw_tp_open_cookie(tracer_prep__program(t->skel, name),
							hook_tracepoint(i), (__u64)cookie);
		return t->cookie_links[i] < 0 ? t->cookie_links[i] : 0;
	}
	t->links[i] = attach_prog(t, i, name);
	if (!t->links[i])
		return -errno;
	if (!name2)
		return 0;
	t->links2[i] = attach_prog(t, i, name2);
	if (t->links2[i])
		return 0;
	err = -errno;
	bpf_link__destroy(t->links[i]);
	t->links[i] = NULL;
	return err;
}

/* The comms whose SIGKILLs are userspace OOM kills (bpf/killer.bpf.h). */
static void fill_killers(struct tracer *t, const char *const *names)
{
	const char *const *n = names ? names : ms_default_killers;
	int fd = bpf_map__fd(t->skel->maps.killers);
	__u8 one = 1;

	for (; fd >= 0 && *n; n++) {
		char key[MS_COMM_LEN] = {};

		strncpy(key, *n, sizeof(key) - 1);
		bpf_map_update_elem(fd, key, &one, BPF_ANY);
	}
}

static int attach_all(struct tracer *t, struct ms_diag *d)
{
	int i, err;

	for (i = 0; i < MS_HOOK_MAX; i++) {
		if (!attach__chosen_prog(&t->plan, i))
			continue;
		err = attach_hook(t, i);
		if (!err)
			continue;
		if (attach__hook(i)->optional) {
			diag__warn(d, "%s: %s attach failed (%s); using the fallback",
				   attach__hook(i)->name,
				   attach__mech_name(attach__chosen_mech(&t->plan, i)),
				   strerror(-err));
			continue;
		}
		return diag__fail(d, err, err == -EPERM ? MS_EXIT_PERM : MS_EXIT_KERNEL,
				  "cannot attach %s (%s): see 'memstall doctor --probes'",
				  attach__hook(i)->name, strerror(-err));
	}
	return 0;
}

static int open_output(struct tracer *t, struct ms_diag *d)
{
	if (t->skel->rodata->test_storm) {
		t->storm = bpf_program__attach(t->skel->progs.test_storm_rename);
		if (!t->storm)
			return diag__fail(d, -errno, MS_EXIT_FAIL,
					  "cannot attach the test storm: %s", strerror(errno));
	}
	if (attach__chosen_mech(&t->plan, MS_HOOK_OUTPUT) == MS_MECH_RINGBUF) {
		const struct memstall_bpf__rodata *ro = t->skel->rodata;
		struct pring *pr = NULL;
		int err = 0;

		if (ro->use_pring)
			pr = pring__new(t->fd[TFD_PRING], libbpf_num_possible_cpus(),
					bufsize__pring_value(ro->pring_seg), ro->pring_seg, &err);
		t->dr = err ? NULL : drain__new(t->fd[TFD_EVENTS], t->fd[TFD_KILLS], pr, &err);
		if (!t->dr)
			return diag__fail(d, err, MS_EXIT_FAIL, "cannot map ring buffer: %s",
					  strerror(-err));
		return 0;
	}
	t->pb = perf_buffer__new(t->fd[TFD_PERF], t->perf_pages, on_perf, on_perf_lost, t, NULL);
	if (!t->pb)
		return diag__fail(d, -errno, MS_EXIT_FAIL, "cannot open perf buffer: %s",
				  strerror(errno));
	return 0;
}

/* Own fds of the maps used once attached, and of the loaded programs (so
 * they stay in /proc/PID/fdinfo with their run counts: bench/cost.py,
 * bpftool); the .rodata's switches read later. */
static int keep_fds(struct tracer *t)
{
	const struct memstall_bpf *s = t->skel;
	const struct bpf_map *maps[TFD_MAX] = {
		/* in enum tracer_fd's order */
		s->maps.hists,	     s->maps.hcache,	   s->maps.hcache_half,
		s->maps.hist_lost,   s->maps.compact_runs, s->maps.cg_gone,
		s->maps.stacks,	     s->maps.stack_traces, s->maps.node_scan,
		s->maps.counters,    s->maps.events,	   s->maps.kills,
		s->maps.perf_events, s->maps.stall_rings,
	};
	struct bpf_program *prog;
	int i, n = 0;

	for (i = 0; i < TFD_MAX; i++)
		if ((t->fd[i] = fcntl(bpf_map__fd(maps[i]), F_DUPFD_CLOEXEC, 3)) < 0)
			return -errno;
	bpf_object__for_each_program (prog, t->skel->obj)
		n++;
	t->prog_fds = calloc(n ?: 1, sizeof(*t->prog_fds));
	if (!t->prog_fds)
		return -ENOMEM;
	bpf_object__for_each_program (prog, t->skel->obj)
		if (bpf_program__fd(prog) >= 0 &&
		    (t->prog_fds[t->nprogs++] = fcntl(bpf_program__fd(prog), F_DUPFD_CLOEXEC, 3)) <
			    0)
			return -errno;
	/* .data (stack_epoch) outlives the object: a mapping of our own */
	t->data_len = (size_t)sysconf(_SC_PAGESIZE);
	t->data = mmap(NULL, t->data_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		       bpf_map__fd(s->maps.data), 0);
	if (t->data == MAP_FAILED) {
		t->data = NULL;
		return -errno;
	}
	t->count_compact = t->skel->rodata->count_compact;
	t->stacks_mode = t->skel->rodata->stacks_mode;
	t->count_nodes = t->skel->rodata->count_nodes;
	return 0;
}

/* Attached: close the libbpf object. The links hold the programs, the fds
 * above the maps; what goes is libbpf's copy of every loaded program's
 * instructions, their line and func info, the object's BTF and the .bss and
 * .rodata mappings (0.7 MiB of heap for snoop), given back to the system. */
static void release_object(struct tracer *t)
{
	memstall_bpf__destroy(t->skel);
	t->skel = NULL;
	util__release_startup_memory();
}

/* Open the object. CO-RE relocates (at load) against the minimal BTF built
 * from *kbtf (corebtf.c) in a memory file; without it, against --btf's file
 * or the BTF the features pass chose (f->core_btf). *kbtf is freed. */
static int open_object(struct tracer *t, const struct tracer_opts *opts,
		       const struct ms_features *f, struct btf **kbtf, struct ms_diag *d)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo,
		    .btf_custom_path = opts->btf_path ?: (f->core_btf[0] ? f->core_btf : NULL));
	char path[32];
	int err = 0;

	/* an open again (a load to redo): the last open's minimal BTF goes
	 * with it; this one has it only where there is a kernel BTF to cut */
	if (t->core_fd >= 0)
		close(t->core_fd);
	t->core_fd = -1;
	/* test hook (tests/live/cli.sh): CO-RE against the whole BTF */
	if (kbtf && *kbtf && !getenv("MEMSTALL_TEST_CORE_FULL")) {
		t->core_fd = corebtf__memfd(path, sizeof(path));
		if (t->core_fd >= 0)
			oo.btf_custom_path = path;
	}
	t->skel = memstall_bpf__open_opts(&oo);
	if (!t->skel)
		err = diag__fail(d, -errno, MS_EXIT_FAIL, "cannot open the BPF object: %s",
				 strerror(errno));
	else if (t->core_fd >= 0)
		err = corebtf__write(t->core_fd, *kbtf, bpf_object__btf(t->skel->obj));
	if (err && t->skel)
		diag__fail(d, err, MS_EXIT_FAIL, "cannot build the BTF CO-RE relocates against: %s",
			   strerror(-err));
	if (kbtf) {
		btf__free(*kbtf); /* before libbpf parses the kernel's: a lower peak */
		*kbtf = NULL;
	}
	return err;
}

/* Open the object and set it up for the plan (rodata, maps, programs). */
static int open_prepared(struct tracer *t, const struct tracer_opts *opts,
			 const struct ms_features *f, struct btf **kbtf, struct ms_diag *d)
{
	int err;

	memstall_bpf__destroy(t->skel);
	t->skel = NULL;
	err = open_object(t, opts, f, kbtf, d);
	if (err)
		return err;
	err = tracer_prep__object(t->skel, opts, f, &t->plan);
	if (err)
		return diag__fail(d, err, MS_EXIT_FAIL, "cannot prepare the BPF object: %s",
				  strerror(-err));
	return 0;
}

/* Load the programs: verified on every CPU at once (parload.h) unless -v
 * wants their verification statistics, printed; a parallel load that fails
 * is done again in line, for libbpf's retries and messages. */
static int load(struct tracer *t, const struct tracer_opts *opts, const struct ms_features *f,
		struct ms_diag *d)
{
	struct vstats *vs = opts->verify_stats ? vstats__arm(t->skel->obj) : NULL;
	struct parload *pl = vs ? NULL : parload__new(t->skel->obj, libbpf_num_possible_cpus());
	int err = memstall_bpf__load(t->skel);

	if (pl && parload__finish(pl, !err) && !err)
		err = open_prepared(t, opts, f, NULL, d) ?: memstall_bpf__load(t->skel);
	parload__free(pl);
	if (!err)
		vstats__print(vs, stderr);
	/* a rejection: again without them, for its whole verifier log (libbpf
	 * prints it with -v), not the statistics alone; CO-RE against the
	 * whole BTF this time (the minimal one was taken) */
	if (err && vs)
		err = open_prepared(t, opts, f, NULL, d) ?: memstall_bpf__load(t->skel);
	vstats__free(vs);
	if (t->core_fd >= 0)
		close(t->core_fd); /* libbpf read it and let go */
	t->core_fd = -1;
	/* test hook (tests/live/cli.sh): the relocated programs */
	if (!err && getenv("MEMSTALL_TEST_CORE_DUMP"))
		err = corebtf__dump_progs(t->skel->obj, getenv("MEMSTALL_TEST_CORE_DUMP"));
	if (err) /* libbpf returns -errno */
		return diag__fail(
			d, err, err == -EPERM ? MS_EXIT_PERM : MS_EXIT_KERNEL,
			err == -EPERM ? "loading BPF programs: permission denied: run as root, "
					"or grant CAP_BPF and CAP_PERFMON"
				      : "the kernel rejected the BPF programs (%s): run with -v "
					"for the verifier log and see 'memstall doctor --probes'",
			strerror(-err));
	err = keep_fds(t);
	if (err)
		return diag__fail(d, err, MS_EXIT_FAIL, "cannot keep the BPF maps: %s",
				  strerror(-err));
	return 0;
}

struct tracer *tracer__new(const struct tracer_opts *opts, const struct ms_features *f,
			   struct btf **kbtf, struct ms_diag *d, int *errp)
{
	struct ms_plan_opts po;
	struct tracer *t;
	int err;

	t = calloc(1, sizeof(*t));
	if (!t) {
		*errp = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		return NULL;
	}
	memset(t->fd, -1, sizeof(t->fd));
	memset(t->cookie_links, -1, sizeof(t->cookie_links));
	t->perf_pages = bufsize__perf_pages(opts->buffer_bytes);
	t->core_fd = -1;
	tracer__plan_opts(opts, &po);
	attach__plan(f, &po, &t->plan);
	if ((opts->groups & MS_GRP_TRACE) && !t->plan.kinds) {
		if (!f->privileged)
			err = diag__fail(d, -EPERM, MS_EXIT_PERM,
					 "not permitted to load BPF programs: run as root, or "
					 "grant CAP_BPF and CAP_PERFMON");
		else
			err = diag__fail(d, -ENOENT, MS_EXIT_KERNEL,
					 "none of the requested tracepoints can be attached "
					 "(tp_btf: %s; raw_tp: %s): see 'memstall doctor --probes'",
					 f->tp_btf.why, f->raw_tp.why);
		goto fail;
	}
	err = open_prepared(t, opts, f, kbtf, d);
	if (err)
		goto fail;
	err = load(t, opts, f, d);
	if (err)
		goto fail;
	if (opts->load_only) { /* doctor --probes: the verifier's word, no hooks */
		/* libbpf parsed the kernel BTF during load and freed it: give
		 * the memory back (attached tracers do it in release_object) */
		malloc_trim(0);
		return t;
	}
	/* passes are observed if shrink_node's entry and exit both attach */
	t->skel->bss->passes_observed = attach__chosen_prog2(&t->plan, MS_HOOK_SHRINK_NODE);
	fill_killers(t, opts->killers);
	err = attach_all(t, d);
	t->skel->bss->passes_observed = t->links2[MS_HOOK_SHRINK_NODE] != NULL;
	/* stall events keep their task's names only while renames are seen */
	t->skel->bss->names_hooked = t->links[MS_HOOK_TASK_RENAME] != NULL;
	t->skel->bss->cgroups_hooked =
		t->links[MS_HOOK_CGROUP_ATTACH] && t->links[MS_HOOK_CGROUP_TRANSFER];
	err = err ?: open_output(t, d);
	if (err)
		goto fail;
	release_object(t);
	return t;
fail:
	tracer__free(t);
	*errp = err;
	return NULL;
}

void tracer__free(struct tracer *t)
{
	int i;

	if (!t)
		return;
	drain__free(t->dr);
	if (t->core_fd >= 0)
		close(t->core_fd);
	perf_buffer__free(t->pb);
	bpf_link__destroy(t->storm);
	for (i = 0; i < MS_HOOK_MAX; i++) {
		bpf_link__destroy(t->links2[i]);
		bpf_link__destroy(t->links[i]);
		if (t->cookie_links[i] >= 0)
			close(t->cookie_links[i]);
	}
	memstall_bpf__destroy(t->skel);
	for (i = 0; i < TFD_MAX; i++)
		if (t->fd[i] >= 0)
			close(t->fd[i]);
	for (i = 0; i < t->nprogs; i++)
		if (t->prog_fds[i] >= 0)
			close(t->prog_fds[i]);
	free(t->prog_fds);
	if (t->data)
		munmap(t->data, t->data_len);
	free(t);
}

int tracer__poll(struct tracer *t, int timeout_ms, tracer_event_fn fn, void *ctx)
{
	int n;

	t->fn = fn;
	t->fn_ctx = ctx;
	t->fn_ret = 0;
	if (t->dr) {
		/* the reader thread (drain.c) runs from the first poll on (the
		 * capabilities dropped by then); the last drain (no timeout)
		 * stops it and takes everything left, kills included */
		if (timeout_ms) {
			n = drain__start(t->dr);
			if (!n && t->batch_i == t->batch_n)
				n = drain__wait(t->dr, timeout_ms);
		} else {
			drain__stop(t->dr);
			n = drain__fill_last(t->dr);
		}
		if (n >= 0)
			n = drain_queue(t, timeout_ms ? MS_QUEUE_BUDGET_NS : 0);
	} else
		n = perf_buffer__poll(t->pb, timeout_ms);
	if (t->fn_ret)
		return t->fn_ret;
	return n;
}

void tracer__hist_maps(const struct tracer *t, struct hist_maps *m)
{
	m->hists = t->fd[TFD_HISTS];
	m->cache = t->fd[TFD_HCACHE];
	m->half = t->fd[TFD_HALF];
	m->lost = t->fd[TFD_LOST];
}

int tracer__compact_fd(const struct tracer *t)
{
	return t->count_compact ? t->fd[TFD_COMPACT] : -1;
}

int tracer__cgroup_gone(void *tracer, uint64_t id, char *path, size_t len)
{
	struct tracer *t = tracer;
	struct ms_cg_gone v;
	__u64 key = id;

	if (!t || !t->links[MS_HOOK_CGROUP_RMDIR] ||
	    bpf_map_lookup_elem(t->fd[TFD_CG_GONE], &key, &v))
		return -ENOENT;
	v.path[sizeof(v.path) - 1] = '\0';
	util__strlcpy(path, v.path, len);
	return 0;
}

int tracer__stacks_fd(const struct tracer *t)
{
	return t->stacks_mode ? t->fd[TFD_STACKS] : -ENOENT;
}

int tracer__stack_ids_fd(const struct tracer *t)
{
	return t->fd[TFD_STACK_IDS];
}

void tracer__stack_ids_forgotten(struct tracer *t)
{
	__atomic_add_fetch(&t->data->stack_epoch, 1, __ATOMIC_SEQ_CST);
}

int tracer__stack(const struct tracer *t, int id, uint64_t *ips, int max)
{
	__u64 v[MS_STACK_DEPTH] = {};
	__u32 key = (__u32)id;
	int n;

	if (id < 0)
		return -EINVAL;
	if (bpf_map_lookup_elem(t->fd[TFD_STACK_IDS], &key, v))
		return -ENOENT;
	for (n = 0; n < MS_STACK_DEPTH && n < max && v[n]; n++)
		ips[n] = v[n];
	return n;
}

int tracer__node_scan(struct tracer *t, struct ms_node_scan *out, unsigned int n)
{
	int ncpu = libbpf_num_possible_cpus();
	struct ms_node_scan *vals;
	unsigned int k;
	int c, j;

	memset(out, 0, n * sizeof(*out));
	if (!t->count_nodes)
		return -ENOENT;
	if (ncpu <= 0)
		return ncpu;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (k = 0; k < n && k < MS_NODE_SCAN_MAX; k++) {
		if (bpf_map_lookup_elem(t->fd[TFD_NODE_SCAN], &k, vals))
			continue;
		for (c = 0; c < ncpu; c++)
			for (j = 0; j < 2; j++) {
				out[k].scanned[j] += vals[c].scanned[j];
				out[k].reclaimed[j] += vals[c].reclaimed[j];
				out[k].kswapd_scanned[j] += vals[c].kswapd_scanned[j];
				out[k].kswapd_reclaimed[j] += vals[c].kswapd_reclaimed[j];
			}
	}
	free(vals);
	return 0;
}

int tracer__counters(struct tracer *t, struct ms_counters *out)
{
	int ncpu = libbpf_num_possible_cpus();
	__u64 *vals;
	__u32 k;
	int c;

	memset(out, 0, sizeof(*out));
	if (ncpu <= 0)
		return ncpu;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (k = 0; k < MS_CNT_MAX; k++) {
		if (bpf_map_lookup_elem(t->fd[TFD_COUNTERS], &k, vals))
			continue;
		for (c = 0; c < ncpu; c++)
			out->v[k] += vals[c];
	}
	/* not t->perf_lost: a record the perf buffer lost failed its
	 * bpf_perf_event_output, which counted it (ev_submit) */
	if (t->dr) { /* over the queue's maximum waiting (evq.c) */
		uint64_t ev, kills;

		drain__lost(t->dr, &ev, &kills);
		out->v[MS_CNT_DROPS] += ev;
		out->v[MS_CNT_KILL_DROPS] += kills;
	}
	free(vals);
	return 0;
}
