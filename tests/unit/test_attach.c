// SPDX-License-Identifier: GPL-2.0
/* The attach table's choices for faked feature sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kernel/attach.h"
#include "memstall.h"

/* A kernel like the CI host: tp_btf, no kprobes, fentry refused. */
static void host_like(struct ms_features *f)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->btf.ok = f->tp_btf.ok = f->raw_tp.ok = f->ringbuf.ok = f->perfbuf.ok = true;
	f->task_storage.ok = true;
	f->privileged = true;
	strcpy(f->fentry.why, "refused by the kernel (EPERM)");
	strcpy(f->kprobe.why, "not built in");
	for (i = 0; i < MS_TP_MAX; i++)
		f->tp[i].present = true;
	f->fn[MS_FN_SHRINK_NODE].in_btf = f->fn[MS_FN_SHRINK_NODE].in_kallsyms = true;
}

static void test_host(void **state)
{
	struct ms_features f;
	struct ms_plan p;
	int i;

	(void)state;
	host_like(&f);
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	for (i = MS_HOOK_DIRECT_BEGIN; i <= MS_HOOK_LRU_ACTIVE; i++)
		assert_int_equal(attach__chosen_mech(&p, i), MS_MECH_TP_BTF);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_MEMCG_BEGIN),
			    "tb_mm_vmscan_memcg_reclaim_begin");
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_INFLIGHT), MS_MECH_TASK_STORAGE);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OUTPUT), MS_MECH_RINGBUF);
	/* optional shrink_node: both probes rejected, with reasons */
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_DERIVED);
	assert_null(attach__chosen_prog(&p, MS_HOOK_SHRINK_NODE));
	assert_string_equal(p.c[MS_HOOK_SHRINK_NODE].why[0], "refused by the kernel (EPERM)");
	assert_string_equal(p.c[MS_HOOK_SHRINK_NODE].why[1], "not built in");
	/* exit hook: for OOM victims' deaths (OOM wanted) or the hash fallback */
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_TASK_EXIT), MS_MECH_TP_BTF);
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_RECLAIM, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_TASK_EXIT), -1);
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OOM_KILL), MS_MECH_DERIVED);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_COMPACT_EXIT), MS_MECH_DERIVED);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_MARK_VICTIM), MS_MECH_TP_BTF);
	assert_int_equal(p.kinds, MS_KINDS_ALL);
	assert_int_equal(p.kinds_missing, 0);
}

static void test_vm_fentry(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.fentry.ok = true;
	f.kprobe.ok = true;
	f.fn[MS_FN_TRY_COMPACT].in_btf = f.fn[MS_FN_TRY_COMPACT].in_kallsyms = true;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_FENTRY);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SHRINK_NODE), "fe_shrink_node");
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_COMPACT_EXIT), MS_MECH_FEXIT);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_COMPACT_EXIT), "fx_try_compact");
	/* oom_kill_process inlined: constraint inferred */
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OOM_KILL), MS_MECH_DERIVED);
	/* fentry refused but kprobes there: kprobe */
	f.fentry.ok = false;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_KPROBE);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_COMPACT_EXIT), MS_MECH_KRETPROBE);
	/* an inlined function: neither probe can target it */
	f.fentry.ok = true;
	f.fn[MS_FN_SHRINK_NODE].in_btf = f.fn[MS_FN_SHRINK_NODE].in_kallsyms = false;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_DERIVED);
	assert_non_null(strstr(p.c[MS_HOOK_SHRINK_NODE].why[0], "inlined"));
}

static void test_old_kernel(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.tp_btf.ok = false;
	f.ringbuf.ok = false;
	f.task_storage.ok = false;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_DIRECT_BEGIN), MS_MECH_RAW_TP);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_DIRECT_BEGIN),
			    "rt_mm_vmscan_direct_reclaim_begin");
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OUTPUT), MS_MECH_PERFBUF);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_INFLIGHT), MS_MECH_HASH);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_TASK_EXIT), MS_MECH_RAW_TP);
}

static void test_missing_tracepoint(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.tp[MS_TP_NODE_BEGIN].present = false; /* kernel without node reclaim tp */
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_NODE_BEGIN), -1);
	assert_string_equal(p.c[MS_HOOK_NODE_BEGIN].why[0], "tracepoint not in this kernel");
	assert_int_equal(p.kinds_missing, 1u << MS_KIND_NODE);
	assert_int_equal(p.kinds, MS_KINDS_ALL & ~(1u << MS_KIND_NODE));
	/* not wanted: not missing */
	attach__plan(&f, MS_GRP_ALL, 1u << MS_KIND_MEMCG, &p);
	assert_int_equal(p.kinds_missing, 0);
	assert_int_equal(p.kinds, 1u << MS_KIND_MEMCG);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_DIRECT_BEGIN), -1); /* not wanted */
}

static void test_groups(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.fentry.ok = true;
	attach__plan(&f, MS_GRP_TRACE, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), -1);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_MEMCG_END), MS_MECH_TP_BTF);
	/* nothing can load programs at all */
	f.tp_btf.ok = f.raw_tp.ok = false;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(p.kinds, 0);
	assert_int_equal(p.kinds_missing, MS_KINDS_ALL);
	assert_string_equal(attach__mech_name(MS_MECH_TP_BTF), "tp_btf");
	assert_string_equal(attach__hook(MS_HOOK_SHRINK_NODE)->name, "vmscan:shrink_node");
}

/* get_scan_count is inlined on every kernel we run (6.1, 6.12, 6.18): its
 * probe path is only reachable with a faked feature set. */
static void test_scan_count(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), MS_MECH_DERIVED);
	assert_non_null(strstr(attach__hook(MS_HOOK_SCAN_COUNT)->cand[2].note, "not observed"));
	assert_non_null(strstr(p.c[MS_HOOK_SCAN_COUNT].why[0], "inlined"));
	/* a real function, fentry works: fexit reads the nr[] targets */
	f.fn[MS_FN_GET_SCAN_COUNT].in_btf = f.fn[MS_FN_GET_SCAN_COUNT].in_kallsyms = true;
	f.fentry.ok = true;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), MS_MECH_FEXIT);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SCAN_COUNT), "fx_scan_count");
	assert_null(attach__chosen_prog2(&p, MS_HOOK_SCAN_COUNT));
	/* shrink_node then pairs entry and exit */
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SHRINK_NODE), "fe_shrink_node");
	assert_string_equal(attach__chosen_prog2(&p, MS_HOOK_SHRINK_NODE), "fx_shrink_node");
	/* kprobes only: entry stashes nr, the return probe reads it */
	f.fentry.ok = false;
	f.kprobe.ok = true;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), MS_MECH_KPROBE);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SCAN_COUNT), "kp_scan_count");
	assert_string_equal(attach__chosen_prog2(&p, MS_HOOK_SCAN_COUNT), "kr_scan_count");
	assert_string_equal(attach__chosen_prog2(&p, MS_HOOK_SHRINK_NODE), "kr_shrink_node");
	/* not wanted by the event tracer alone (a passes-group hook) */
	attach__plan(&f, MS_GRP_TRACE, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), -1);
	/* kswapd's rows need the LRU shrink tracepoint */
	f.tp[MS_TP_LRU_INACTIVE].present = false;
	attach__plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_true(p.kinds_missing & (1u << MS_KIND_KSWAPD));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host),	   cmocka_unit_test(test_vm_fentry),
		cmocka_unit_test(test_old_kernel), cmocka_unit_test(test_missing_tracepoint),
		cmocka_unit_test(test_groups),	   cmocka_unit_test(test_scan_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
