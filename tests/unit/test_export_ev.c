// SPDX-License-Identifier: GPL-2.0
/* memstall export's compaction and OOM-kill counters: labels (node, zone,
 * result, source; kind, killer, constraint, trigger and victim cgroup),
 * never backwards, kills beyond the series bound folded into "other". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/export_ev.h"

static long long sample(const char *out, const char *head)
{
	const char *s = strstr(out, head);

	return s ? atoll(s + strlen(head)) : -1;
}

static const char *expose(const struct export_ev *x, struct prom *p)
{
	size_t len;

	prom__reset(p, false);
	export_ev__write(x, p);
	return prom__data(p, &len);
}

static void test_compaction(void **state)
{
	struct event_ctx ctx = { 0 };
	struct export_ev *x = export_ev__new(&ctx, 4);
	struct prom *p = prom__new();
	struct ms_ckey k = { .node = 1, .status = 3, .src = MS_CSRC_KCOMPACTD };
	const char *out;

	(void)state;
	memcpy(k.zone, "Normal", 6);
	export_ev__compact(x, &k, 5);
	k.src = MS_CSRC_DIRECT;
	export_ev__compact(x, &k, 2);
	out = expose(x, p);
	/* no kernel enum names in this context: the result is its number */
	assert_int_equal(sample(out, "memstall_compaction_runs_total{node=\"1\",zone=\"Normal\","
				     "result=\"3\",source=\"kcompactd\"} "),
			 5);
	assert_int_equal(sample(out, "memstall_compaction_runs_total{node=\"1\",zone=\"Normal\","
				     "result=\"3\",source=\"direct\"} "),
			 2);
	/* a lower read (a map re-created under us) never takes it back */
	export_ev__compact(x, &k, 1);
	out = expose(x, p);
	assert_int_equal(sample(out, "memstall_compaction_runs_total{node=\"1\",zone=\"Normal\","
				     "result=\"3\",source=\"direct\"} "),
			 2);
	assert_non_null(strstr(out, "# TYPE memstall_compaction_runs_total counter\n"));
	prom__free(p);
	export_ev__free(x);
}

static void kill_ev(struct ms_event *e, unsigned int type, const char *comm, uint64_t trig,
		    uint64_t vic)
{
	memset(e, 0, sizeof(*e));
	e->type = type;
	snprintf(e->comm, sizeof(e->comm), "%s", comm);
	e->cgroup_id = trig;
	e->oom.victim_cgroup_id = vic;
}

static void test_kills(void **state)
{
	struct event_ctx ctx = { 0 };
	struct export_ev *x = export_ev__new(&ctx, 3);
	struct prom *p = prom__new();
	struct ms_event e;
	const char *out;
	int i;

	(void)state;
	/* a kernel memcg kill observed (oom_kill_process), twice */
	kill_ev(&e, MS_EV_OOM, "wl", 7, 7);
	e.oom.have_oc = 1;
	e.oom.constraint = 3;
	export_ev__event(x, &e);
	export_ev__event(x, &e);
	/* not observed: constraint unknown */
	kill_ev(&e, MS_EV_OOM, "wl", 8, 9);
	export_ev__event(x, &e);
	/* a userspace killer's SIGKILL */
	kill_ev(&e, MS_EV_UKILL, "systemd-oomd", 1, 7);
	export_ev__event(x, &e);
	/* other events are not kills */
	kill_ev(&e, MS_EV_STALL, "wl", 7, 7);
	export_ev__event(x, &e);
	out = expose(x, p);
	assert_int_equal(sample(out, "memstall_oom_kills_total{kind=\"kernel\",killer=\"kernel\","
				     "constraint=\"memcg\",trigger_cgroup=\"cgid:7\","
				     "victim_cgroup=\"cgid:7\"} "),
			 2);
	assert_int_equal(sample(out, "memstall_oom_kills_total{kind=\"kernel\",killer=\"kernel\","
				     "constraint=\"unknown\",trigger_cgroup=\"cgid:8\","
				     "victim_cgroup=\"cgid:9\"} "),
			 1);
	assert_int_equal(sample(out, "memstall_oom_kills_total{kind=\"userspace\","
				     "killer=\"systemd-oomd\",constraint=\"userspace\","
				     "trigger_cgroup=\"cgid:1\",victim_cgroup=\"cgid:7\"} "),
			 1);
	assert_int_equal(export_ev__nkill_series(x), 3);
	/* the bound (3) is reached: new cgroups' kills count in "other" */
	for (i = 0; i < 5; i++) {
		kill_ev(&e, MS_EV_UKILL, "earlyoom", 1, 100 + i);
		export_ev__event(x, &e);
	}
	/* a known series still counts as its own */
	kill_ev(&e, MS_EV_OOM, "wl", 8, 9);
	export_ev__event(x, &e);
	out = expose(x, p);
	assert_int_equal(sample(out, "memstall_oom_kills_total{kind=\"userspace\","
				     "killer=\"earlyoom\",constraint=\"userspace\","
				     "trigger_cgroup=\"other\",victim_cgroup=\"other\"} "),
			 5);
	assert_int_equal(sample(out, "memstall_oom_kills_total{kind=\"kernel\",killer=\"kernel\","
				     "constraint=\"unknown\",trigger_cgroup=\"cgid:8\","
				     "victim_cgroup=\"cgid:9\"} "),
			 2);
	assert_int_equal(export_ev__nkill_series(x), 3);
	assert_int_equal(export_ev__nkill_folded(x), 5);
	assert_null(strstr(out, "cgid:100"));
	prom__free(p);
	export_ev__free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compaction),
		cmocka_unit_test(test_kills),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
