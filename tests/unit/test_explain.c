// SPDX-License-Identifier: GPL-2.0
/* memstall explain: every fixture log decodes to the facts it holds; line
 * prefixes of every log format are stripped; the JSON is valid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "logs/explain.h"
#include "model/gfp.h"
#include "logs/klog.h"
#include "output/json.h"

#define LOG_DIR "tests/fixtures/logs/"

static struct ms_explain *load(const char *name, const char *kernel)
{
	char path[256];
	struct ms_diag d = {};
	struct ms_explain *e = explain__new(kernel);
	FILE *f;

	snprintf(path, sizeof(path), LOG_DIR "%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(e);
	assert_int_equal(explain__feed_file(e, f, path, &d), 0);
	fclose(f);
	explain__finish(e);
	return e;
}

static const struct ex_zone *zone(const struct ex_report *r, int node, const char *name)
{
	int i;

	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].node == node && !strcmp(r->zones[i].name, name))
			return &r->zones[i];
	fail_msg("no zone %d %s", node, name);
	return NULL;
}

static const struct ex_node *node(const struct ex_report *r, int id)
{
	int i;

	for (i = 0; i < r->nnodes; i++)
		if (r->nodes[i].id == id)
			return &r->nodes[i];
	fail_msg("no node %d", id);
	return NULL;
}

static void has_finding(const struct ex_report *r, const char *code, enum ms_sev sev,
			const char *needle)
{
	const struct ms_finding *f = findings__find(&r->findings, code);

	if (!f)
		fail_msg("no finding '%s'", code);
	assert_int_equal(f->sev, sev);
	if (needle && !strstr(f->subject, needle) && !strstr(f->evidence, needle))
		fail_msg("finding %s does not mention '%s': %s / %s", code, needle, f->subject,
			 f->evidence);
}

/* Every JSON line parses, the last is the summary with the report count. */
static void json_valid(const struct ms_explain *e)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int n = 0, reports = 0;
	json_object *last = NULL;

	assert_non_null(f);
	explain__print_json(e, f);
	fclose(f);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_object *o = json_tokener_parse(line);
		json_object *t;

		if (!o)
			fail_msg("invalid JSON line: %.200s", line);
		assert_true(json_object_object_get_ex(o, "type", &t));
		if (!strcmp(json_object_get_string(t), "report"))
			reports++;
		if (last)
			json_object_put(last);
		last = o;
		n++;
	}
	assert_true(n >= 1);
	assert_int_equal(reports, explain__count(e));
	{
		json_object *r;

		assert_true(json_object_object_get_ex(last, "reports", &r));
		assert_int_equal(json_object_get_int(r), explain__count(e));
	}
	json_object_put(last);
	free(buf);
	/* the text output renders too */
	f = open_memstream(&buf, &len);
	explain__print_text(e, f);
	fclose(f);
	assert_true(len > 0);
	free(buf);
}

/* Acceptance 1: seed 001, a 4.9 page allocation stall. */
static void test_seed001(void **state)
{
	struct ms_explain *e = load("seed001_4.9_stall_syslog.log", NULL);
	const struct ex_report *r;
	const struct ex_zone *z;
	int k;

	(void)state;
	assert_int_equal(explain__count(e), 1);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_STALL);
	assert_string_equal(r->wallclock, "Feb 28 11:16:37");
	assert_true(r->uptime > 4395803.60 && r->uptime < 4395803.61);
	assert_string_equal(r->comm, "python");
	assert_int_equal(r->pid, 1467);
	assert_string_equal(r->kernel, "4.9.0-8-amd64");
	assert_int_equal(r->stall_ms, 15412);
	/* an order-1 GFP_KERNEL request, decoded with the 4.9 table */
	assert_int_equal(r->order, 1);
	assert_true(r->has_gfp);
	assert_int_equal(r->gfp, 0x26040c0);
	assert_string_equal(r->gfp_log, "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK");
	assert_string_equal(r->gfp_decoded, "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK");
	assert_string_equal(r->gfp_layout, "4.4");
	assert_false(r->gfp_assumed);
	assert_non_null(strstr(r->gfp_basis, "4.9.0-8-amd64"));
	assert_string_equal(gfp__zone_name(r->gfp_zone), "Normal");
	/* Node 0 Normal below min while DMA32 has ~500 MB free */
	z = zone(r, 0, "Normal");
	assert_int_equal(z->free_kb, 43880);
	assert_int_equal(z->min_kb, 44456);
	assert_int_equal(z->low_kb, 174456);
	assert_int_equal(z->high_kb, 304456);
	assert_true(z->below_min && z->below_low);
	z = zone(r, 0, "DMA32");
	assert_int_equal(z->free_kb, 508276);
	assert_true(z->free_kb > 480 * 1024 && z->free_kb < 520 * 1024);
	assert_false(z->below_min || z->below_low);
	assert_int_equal(z->nreserve, 5);
	assert_int_equal(z->reserve_pages[2], 126956);
	assert_int_equal(z->reserve_kb, 126956 * 4);
	assert_false(z->usable); /* lowmem_reserve keeps it from Normal requests */
	has_finding(r, "zone_below_min", MS_SEV_CRIT, "DMA32 has 496 MiB free");
	has_finding(r, "lowmem_reserve", MS_SEV_INFO, "508276");
	/* no free blocks above order 6 in Normal (the largest is order 5) */
	z = zone(r, 0, "Normal");
	assert_true(z->has_buddy);
	assert_int_equal(z->norders, 11);
	assert_int_equal(z->nr_free[0], 11218);
	assert_int_equal(z->nr_free[5], 1);
	for (k = 6; k < z->norders; k++)
		assert_int_equal(z->nr_free[k], 0);
	assert_int_equal(z->largest_order, 5);
	assert_string_equal(z->types[0], "UMEH");
	assert_int_equal(z->buddy_kb, 46136);
	assert_int_equal(z->frag[1], FRAG_SUCCEEDS); /* order 1 was available */
	assert_int_equal(z->frag[6], 984);
	assert_int_equal(z->frag[10], 999);
	assert_int_equal(z->unusable[1], 972);
	assert_int_equal(zone(r, 1, "Normal")->largest_order, 4);
	has_finding(r, "high_orders", MS_SEV_INFO, "largest free order 5");
	/* dirty pages ~2.4 GB per node, no swap */
	assert_int_equal(node(r, 0)->dirty_kb, 2458908);
	assert_int_equal(node(r, 1)->dirty_kb, 2622140);
	has_finding(r, "dirty_pages", MS_SEV_WARN, "node 0 dirty 2.3 GiB");
	assert_int_equal(r->swap_total_kb, 0);
	assert_int_equal(r->swap_free_kb, 0);
	has_finding(r, "no_swap", MS_SEV_INFO, NULL);
	/* reclaimable vs not: cache is reclaimable, 128 GiB of hugetlb is not */
	assert_int_equal(r->hugetlb_kb, 2 * 32768 * 2048);
	has_finding(r, "hugetlb_pool", MS_SEV_WARN, "128 GiB");
	assert_true(r->reclaimable_kb > 100ll * 1024 * 1024);
	assert_true(r->unreclaimable_kb > r->hugetlb_kb);
	assert_int_equal(r->mem.active_file, 26813845);
	assert_int_equal(r->mem.slab_unreclaimable, 78937);
	assert_int_equal(r->ram_pages, 67019721);
	has_finding(r, "alloc_stall", MS_SEV_CRIT, "15412 ms");
	assert_false(r->truncated);
	json_valid(e);
	explain__free(e);
}

/* --kernel overrides the version: the same hex, another table */
static void test_kernel_override(void **state)
{
	struct ms_explain *e = load("seed001_4.9_stall_syslog.log", "5.4");
	const struct ex_report *r = explain__report(e, 0);

	(void)state;
	assert_string_equal(r->gfp_layout, "5.1");
	assert_non_null(strstr(r->gfp_basis, "--kernel"));
	assert_string_not_equal(r->gfp_decoded, "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK");
	assert_string_equal(r->gfp_log, "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK");
	explain__free(e);
}

static void test_el7_3_10_oom(void **state)
{
	struct ms_explain *e = load("el7_3.10_oom_dmesg.log", NULL);
	const struct ex_report *r;
	const struct ex_zone *z;

	(void)state;
	assert_int_equal(explain__count(e), 1);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_OOM);
	assert_false(r->memcg_oom);
	assert_true(r->uptime > 70429.84 && r->uptime < 70429.85);
	assert_string_equal(r->wallclock, "");
	assert_string_equal(r->comm, "java");
	assert_int_equal(r->pid, 17990);
	assert_string_equal(r->kernel, "3.10.0-957.10.1.el7.x86_64");
	assert_int_equal(r->order, 0);
	assert_int_equal(r->oom_score_adj, 0);
	/* hex only: decoded with the 3.x table, and said so */
	assert_int_equal(r->gfp, 0x201da);
	assert_string_equal(r->gfp_log, "");
	assert_string_equal(r->gfp_decoded, "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
	assert_string_equal(r->gfp_layout, "3.0");
	assert_string_equal(gfp__zone_name(r->gfp_zone), "Movable");
	z = zone(r, 0, "Normal");
	assert_int_equal(z->free_kb, 45480);
	assert_int_equal(z->min_kb, 46992);
	assert_true(z->below_min);
	assert_int_equal(z->largest_order, 4);
	assert_int_equal(zone(r, 0, "DMA32")->largest_order, 10);
	assert_false(zone(r, 0, "DMA32")->below_low);
	assert_int_equal(zone(r, 0, "DMA")->nreserve, 4);
	/* 3.10 has per-zone LRU counters: summed per node */
	assert_int_equal(node(r, 0)->dirty_kb, 12);
	assert_true(node(r, 0)->all_unreclaimable);
	assert_int_equal(r->swap_total_kb, 0);
	assert_true(r->unreclaimable_kb > 28ll * 1024 * 1024);
	assert_true(r->reclaimable_kb < 100 * 1024);
	has_finding(r, "unreclaimable", MS_SEV_WARN, NULL);
	/* the victim, its rss, and the largest tasks */
	assert_int_equal(r->victim.pid, 17982);
	assert_string_equal(r->victim.comm, "java");
	assert_int_equal(r->victim.score, 871);
	assert_int_equal(r->victim.anon_rss_kb, 28024576);
	assert_int_equal(r->victim.total_vm_kb, 19803312);
	assert_int_equal(r->ntasks, 5);
	assert_string_equal(r->top[0].name, "java");
	assert_int_equal(r->top[0].rss_pages, 7006144);
	assert_string_equal(r->top[1].name, "elasticsearch");
	assert_int_equal(r->top[4].oom_score_adj, -1000);
	assert_string_equal(r->constraint, "");
	has_finding(r, "oom_kill", MS_SEV_CRIT, "java");
	json_valid(e);
	explain__free(e);
}

static void test_k8s_4_14_memcg(void **state)
{
	struct ms_explain *e = load("k8s_4.14_memcg_oom_dmesg_T.log", NULL);
	const struct ex_report *r;

	(void)state;
	assert_int_equal(explain__count(e), 1);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_OOM);
	assert_true(r->memcg_oom);
	assert_string_equal(r->wallclock, "Fri Mar  1 10:12:13 2019");
	assert_string_equal(r->comm, "mem");
	assert_int_equal(r->pid, 93);
	assert_string_equal(r->kernel, "4.14.67+");
	assert_int_equal(r->gfp, 0x14200ca);
	assert_string_equal(r->gfp_decoded, "GFP_HIGHUSER_MOVABLE");
	assert_string_equal(r->gfp_layout, "4.10");
	assert_int_equal(r->order, 0);
	assert_string_equal(r->oom_memcg, "/docker/609e7ec068ac");
	assert_string_equal(r->task_memcg, "/docker/609e7ec068ac");
	assert_int_equal(r->memcg_usage_kb, 524288);
	assert_int_equal(r->memcg_limit_kb, 524288);
	assert_int_equal(r->memcg_failcnt, 1530);
	assert_int_equal(r->victim.pid, 93);
	assert_int_equal(r->victim.score, 1000);
	assert_int_equal(r->victim.anon_rss_kb, 520804);
	assert_int_equal(r->victim.file_rss_kb, 4);
	assert_true(r->victim.reaped);
	assert_int_equal(r->ntasks, 2);
	assert_int_equal(r->top[0].rss_pages, 130202);
	assert_int_equal(r->nzones, 0);
	has_finding(r, "memcg_oom", MS_SEV_CRIT, "/docker/609e7ec068ac");
	json_valid(e);
	explain__free(e);
}

static void test_ubuntu_5_4_memcg_journal(void **state)
{
	struct ms_explain *e = load("ubuntu_5.4_memcg_oom_journal_iso.log", NULL);
	const struct ex_report *r;

	(void)state;
	assert_int_equal(explain__count(e), 1);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_OOM);
	assert_true(r->memcg_oom);
	assert_string_equal(r->wallclock, "2021-07-05T14:21:03+0300");
	assert_int_equal(r->pid, 63635);
	assert_string_equal(r->kernel, "5.4.0-77-generic");
	assert_int_equal(r->gfp, 0xcc0);
	assert_string_equal(r->gfp_decoded, "GFP_KERNEL");
	assert_int_equal(r->oom_score_adj, 986);
	assert_string_equal(r->constraint, "CONSTRAINT_MEMCG");
	assert_string_equal(r->oom_memcg, "/kubepods/burstable/pod5f0e2c1a");
	assert_string_equal(r->task_memcg, "/kubepods/burstable/pod5f0e2c1a/3a9b6d1e");
	assert_int_equal(r->memcg_limit_kb, 1048576);
	assert_int_equal(r->memcg_failcnt, 88211);
	assert_int_equal(r->victim.pid, 63214);
	assert_string_equal(r->victim.comm, "uwsgi");
	assert_int_equal(r->victim.uid, 0);
	assert_int_equal(r->victim.anon_rss_kb, 164992);
	assert_int_equal(r->victim.shmem_rss_kb, 92);
	assert_int_equal(r->victim.pgtables_kb, 1372);
	assert_int_equal(r->victim.oom_score_adj, 986);
	assert_true(r->victim.reaped);
	assert_int_equal(r->ntasks, 4); /* the kubelet and systemd lines are not the kernel's */
	assert_int_equal(r->top[0].pid, 63214);
	has_finding(r, "memcg_oom", MS_SEV_CRIT, "uwsgi");
	json_valid(e);
	explain__free(e);
}

static void test_fedora_5_4_fragmentation(void **state)
{
	struct ms_explain *e = load("fedora_5.4_order4_failure_dmesg_T.log", NULL);
	const struct ex_report *r;
	const struct ex_zone *z;

	(void)state;
	assert_int_equal(explain__count(e), 1);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_ALLOC_FAIL);
	assert_string_equal(r->wallclock, "Mon Apr 20 15:08:07 2020");
	assert_string_equal(r->comm, "kworker/u16:3");
	assert_int_equal(r->pid, 1333536);
	assert_int_equal(r->order, 4);
	assert_int_equal(r->gfp, 0x40dc0);
	assert_string_equal(r->gfp_log, "GFP_KERNEL|__GFP_COMP|__GFP_ZERO");
	assert_string_equal(r->gfp_layout, "5.1");
	z = zone(r, 0, "Normal");
	assert_int_equal(z->free_kb, 1376000);
	assert_false(z->below_low);
	assert_int_equal(z->largest_order, 3);
	assert_int_equal(z->frag[3], FRAG_SUCCEEDS);
	assert_int_equal(z->frag[4], 895);
	assert_true(z->unusable[4] == 1000);
	has_finding(r, "fragmented", MS_SEV_WARN, "0.895");
	has_finding(r, "alloc_failure", MS_SEV_WARN, NULL);
	assert_int_equal(r->swap_total_kb, 8388604);
	assert_true(r->reclaimable_kb > r->unreclaimable_kb); /* swap makes anon reclaimable */
	assert_null(findings__find(&r->findings, "zone_below_min"));
	json_valid(e);
	explain__free(e);
}

static void test_debian_6_12_global_oom(void **state)
{
	struct ms_explain *e = load("debian_6.12_oom_kernlog_rsyslog.log", NULL);
	const struct ex_report *r;

	(void)state;
	assert_int_equal(explain__count(e), 1);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_OOM);
	assert_false(r->memcg_oom);
	assert_string_equal(r->wallclock, "Jan 14 03:12:44");
	assert_int_equal(r->pid, 2311);
	assert_string_equal(r->kernel, "6.12.9-amd64");
	assert_int_equal(r->gfp, 0x140cca);
	assert_string_equal(r->gfp_decoded, "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	assert_string_equal(r->gfp_layout, "6.3");
	assert_int_equal(r->oom_score_adj, 1000);
	/* the rsyslog #012-joined counters */
	assert_int_equal(r->mem.active_anon, 1801241);
	assert_int_equal(r->mem.slab_unreclaimable, 30112);
	assert_int_equal(r->mem.pagetables, 5530);
	assert_int_equal(zone(r, 0, "Normal")->boost_kb, 0);
	assert_true(zone(r, 0, "Normal")->below_min);
	assert_true(zone(r, 0, "DMA32")->below_min);
	assert_true(node(r, 0)->all_unreclaimable);
	assert_string_equal(r->constraint, "CONSTRAINT_NONE");
	assert_string_equal(r->task_memcg, "/system.slice/stress.service");
	assert_int_equal(r->victim.pid, 2311);
	assert_int_equal(r->victim.anon_rss_kb, 7407960);
	assert_int_equal(r->victim.pgtables_kb, 14560);
	assert_true(r->victim.reaped);
	/* the newest task table (rss_anon/rss_file/rss_shmem columns) */
	assert_int_equal(r->ntasks, 4);
	assert_int_equal(r->top[0].pid, 2311);
	assert_int_equal(r->top[0].rss_pages, 1852001);
	assert_int_equal(r->top[0].oom_score_adj, 1000);
	assert_int_equal(r->top[3].oom_score_adj, -250);
	has_finding(r, "oom_kill", MS_SEV_CRIT, "stress-ng-vm");
	has_finding(r, "unreclaimable", MS_SEV_WARN, NULL);
	json_valid(e);
	explain__free(e);
}

static void test_android_logcat_atomic(void **state)
{
	struct ms_explain *e = load("android_5.10_atomic_failure_logcat.log", NULL);
	const struct ex_report *r;
	const struct ex_zone *z;

	(void)state;
	assert_int_equal(explain__count(e), 1);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_ALLOC_FAIL);
	assert_string_equal(r->wallclock, "01-15 10:23:45.678");
	assert_true(r->uptime > 1234.56 && r->uptime < 1234.57);
	assert_int_equal(r->pid, 8812);
	assert_string_equal(r->kernel, "5.10.168-android12-9-00003-g1c6d0a2");
	assert_int_equal(r->gfp, 0xa20);
	assert_string_equal(r->gfp_decoded, "GFP_ATOMIC");
	/* a kernel without NUMA prints zones without a node */
	z = zone(r, -1, "Normal");
	assert_int_equal(z->min_kb, 30716);
	assert_true(z->below_min);
	assert_int_equal(z->largest_order, 4);
	assert_int_equal(zone(r, -1, "DMA32")->largest_order, 3);
	assert_int_equal(r->swap_total_kb, 3145724);
	has_finding(r, "alloc_failure", MS_SEV_WARN, NULL);
	assert_string_equal(findings__find(&r->findings, "alloc_failure")->knob,
			    "vm.min_free_kbytes");
	json_valid(e);
	explain__free(e);
}

/* Headerless start, two stall reports interleaved, a truncated one, and an
 * OOM with no killable process. */
static void test_interleaved_truncated(void **state)
{
	struct ms_explain *e = load("debian_4.14_interleaved_truncated_dmesg.log", NULL);
	const struct ex_report *r;

	(void)state;
	assert_int_equal(explain__count(e), 4);
	r = explain__report(e, 0);
	assert_int_equal(r->kind, EX_KIND_MEMINFO);
	assert_true(r->truncated);
	assert_int_equal(zone(r, 0, "Normal")->largest_order, 1);
	assert_int_equal(r->swap_total_kb, 0);
	r = explain__report(e, 1);
	assert_int_equal(r->kind, EX_KIND_STALL);
	assert_string_equal(r->comm, "php-fpm");
	assert_int_equal(r->pid, 812); /* the CPU line found its report */
	assert_int_equal(r->stall_ms, 10240);
	assert_true(r->truncated);
	r = explain__report(e, 2);
	assert_string_equal(r->comm, "mysqld");
	assert_int_equal(r->pid, 901);
	assert_int_equal(r->stall_ms, 10236);
	assert_string_equal(r->gfp_decoded, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
	assert_true(r->has_meminfo);
	assert_true(zone(r, 0, "Normal")->below_min);
	r = explain__report(e, 3);
	assert_int_equal(r->kind, EX_KIND_OOM);
	assert_string_equal(r->comm, "sshd");
	assert_int_equal(r->oom_score_adj, -1000);
	assert_true(r->no_killable);
	assert_int_equal(r->victim.pid, -1);
	has_finding(r, "oom_no_victim", MS_SEV_CRIT, NULL);
	json_valid(e);
	explain__free(e);
}

static void test_nothing(void **state)
{
	static const char text[] = "[    0.000000] Linux version 6.1.0-9-amd64\n"
				   "[    1.000000] random: crng init done\n\x01\xff\n";
	struct ms_explain *e = explain__new(NULL);

	(void)state;
	explain__feed_buffer(e, text, sizeof(text) - 1);
	explain__finish(e);
	assert_int_equal(explain__count(e), 0);
	assert_int_equal(explain__lines(e), 3);
	json_valid(e);
	explain__free(e);
}

/* A hex-only report with no kernel version anywhere: assumed, and said so. */
static void test_assumed_layout(void **state)
{
	static const char text[] = "foo: page allocation failure: order:2, mode:0xcc0\n";
	struct ms_explain *e = explain__new(NULL);
	const struct ex_report *r;

	(void)state;
	explain__feed_buffer(e, text, sizeof(text) - 1);
	explain__finish(e);
	r = explain__report(e, 0);
	assert_true(r->gfp_assumed);
	assert_string_equal(r->gfp_decoded, "GFP_KERNEL");
	assert_string_equal(r->comm, "foo");
	has_finding(r, "gfp_assumed", MS_SEV_INFO, NULL);
	has_finding(r, "truncated", MS_SEV_INFO, NULL);
	explain__free(e);
}

static void check_line(const char *in, enum klog_fmt fmt, const char *msg, const char *clock,
		       double uptime, bool kernel)
{
	char buf[512];
	struct klog_line l;

	snprintf(buf, sizeof(buf), "%s", in);
	klog__parse_line(buf, &l);
	if (strcmp(l.msg, msg))
		fail_msg("'%s': message '%s', want '%s'", in, l.msg, msg);
	assert_int_equal(l.fmt, fmt);
	assert_string_equal(l.wallclock, clock);
	assert_true(uptime < 0 ? l.uptime < 0
			       : (l.uptime > uptime - 1e-6 && l.uptime < uptime + 1e-6));
	assert_int_equal(l.kernel, kernel);
}

static void test_klog_formats(void **state)
{
	(void)state;
	check_line("[ 1234.567890] Mem-Info:\n", KLOG_DMESG, "Mem-Info:", "", 1234.56789, true);
	check_line("[Thu Feb 28 11:16:37 2019] Mem-Info:", KLOG_DMESG_T,
		   "Mem-Info:", "Thu Feb 28 11:16:37 2019", -1, true);
	check_line("Feb 28 11:16:37 MyHOST kernel: [4395803.602420] CPU: 4", KLOG_SYSLOG, "CPU: 4",
		   "Feb 28 11:16:37", 4395803.60242, true);
	check_line("Feb  8 01:02:03 host kernel: Mem-Info:", KLOG_SYSLOG,
		   "Mem-Info:", "Feb  8 01:02:03", -1, true);
	check_line("Feb  8 01:02:03 host systemd[1]: Started foo.", KLOG_SYSLOG, "Started foo.",
		   "Feb  8 01:02:03", -1, false);
	check_line("2021-07-05T14:21:03+0300 node-7 kernel: Mem-Info:", KLOG_ISO,
		   "Mem-Info:", "2021-07-05T14:21:03+0300", -1, true);
	check_line("2021-07-05T14:21:03.123456+03:00 node-7 kernel: [  5.5] x", KLOG_ISO, "x",
		   "2021-07-05T14:21:03.123456+03:00", 5.5, true);
	check_line("01-15 10:23:45.678     0     0 W kernel  : [ 1234.5] x", KLOG_LOGCAT, "x",
		   "01-15 10:23:45.678", 1234.5, true);
	check_line("<4>[   12.000001] x", KLOG_DMESG, "x", "", 12.000001, true);
	check_line("kern  :warn  : [   12.5] x", KLOG_DMESG, "x", "", 12.5, true);
	check_line("[   12.500000] [  T1467] x", KLOG_DMESG, "x", "", 12.5, true);
	check_line("28-159 kernel: [4395803.602414] python: y", KLOG_SYSLOG, "python: y", "",
		   4395803.602414, true);
	check_line("Feb 9 x#012 active_file:1#012 b", KLOG_RAW, "Feb 9 x  active_file:1  b", "", -1,
		   true);
	check_line("  active_file:1", KLOG_RAW, "active_file:1", "", -1, true);
	check_line("", KLOG_RAW, "", "", -1, true);
	check_line("[", KLOG_RAW, "[", "", -1, true);
}

/* One shape per type: the findings nested in an explain report are the
 * same "finding" objects a JSON sink streams (doctor), worst first. */
static void test_finding_one_shape(void **state)
{
	struct ms_findings l = {};
	struct ms_finding *f;
	char *a = NULL, *b = NULL, *line, *save = NULL;
	size_t alen = 0, blen = 0;
	struct json_writer w;
	struct ms_sink *s;
	json_object *arr, *o, *t;
	FILE *fa, *fb;
	int n = 0;

	(void)state;
	findings__add(&l, MS_SEV_INFO, "first_info", "", "an info");
	f = findings__add(&l, MS_SEV_CRIT, "then_crit", "vm.min_free_kbytes", "a critical one");
	FINDING_SET(f, evidence, "zone below min");
	fa = open_memstream(&a, &alen);
	fb = open_memstream(&b, &blen);
	assert_non_null(fa);
	assert_non_null(fb);
	s = sink__new_json(fa);
	findings__emit(&l, s, NULL);
	sink__free(s);
	jw__init(&w, fb);
	findings__json(&l, &w, NULL);
	fclose(fa);
	fclose(fb);
	arr = json_tokener_parse(b);
	assert_non_null(arr);
	assert_int_equal(json_object_array_length(arr), 2);
	for (line = strtok_r(a, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		o = json_tokener_parse(line);
		assert_non_null(o);
		assert_true(json_object_equal(o, json_object_array_get_idx(arr, n)));
		json_object_put(o);
	}
	assert_int_equal(n, 2);
	o = json_object_array_get_idx(arr, 0);
	assert_true(json_object_object_get_ex(o, "type", &t));
	assert_string_equal(json_object_get_string(t), "finding");
	assert_true(json_object_object_get_ex(o, "code", &t));
	assert_string_equal(json_object_get_string(t), "then_crit");
	/* no knob, no evidence: null, not "" */
	o = json_object_array_get_idx(arr, 1);
	assert_true(json_object_object_get_ex(o, "knob", &t));
	assert_null(t);
	assert_true(json_object_object_get_ex(o, "evidence", &t));
	assert_null(t);
	json_object_put(arr);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed001),
		cmocka_unit_test(test_kernel_override),
		cmocka_unit_test(test_el7_3_10_oom),
		cmocka_unit_test(test_k8s_4_14_memcg),
		cmocka_unit_test(test_ubuntu_5_4_memcg_journal),
		cmocka_unit_test(test_fedora_5_4_fragmentation),
		cmocka_unit_test(test_debian_6_12_global_oom),
		cmocka_unit_test(test_android_logcat_atomic),
		cmocka_unit_test(test_interleaved_truncated),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_assumed_layout),
		cmocka_unit_test(test_klog_formats),
		cmocka_unit_test(test_finding_one_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
