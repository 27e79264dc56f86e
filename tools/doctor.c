// SPDX-License-Identifier: GPL-2.0
/* memstall doctor: the memory audit (audit.c), and --probes: per hook, what
 * was chosen and why not the others. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include "kernel/attach.h"
#include "host/audit.h"
#include "cli/cli.h"
#include "commands.h"
#include "kernel/kfeatures.h"
#include "kernel/tracer.h"
#include "output/sink.h"
#include "base/util.h"

enum { FC_NAME, FC_OK, FC_DETAIL, FC_NCOLS };
enum { PC_HOOK, PC_MECH, PC_STATUS, PC_NOTE, PC_WHY, PC_REJECTED, PC_NCOLS };

static const struct ms_col feature_cols[FC_NCOLS] = {
	[FC_NAME] = { "feature", "FEATURE", -13, MS_FT_STR, 0, 0 },
	[FC_OK] = { "available", "AVAIL", -5, MS_FT_BOOL, 0, 0 },
	[FC_DETAIL] = { "detail", "DETAIL", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
};

static const struct ms_col probe_cols[PC_NCOLS] = {
	[PC_HOOK] = { "hook", "HOOK", -46, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[PC_MECH] = { "mechanism", "CHOSEN", -12, MS_FT_STR, 0, 0 },
	[PC_STATUS] = { "status", "STATUS", -10, MS_FT_STR, 0, 0 },
	[PC_NOTE] = { "note", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[PC_WHY] = { "why", "WHY", 0, MS_FT_STR, 0, MS_COL_TEXT | MS_COL_NOTRUNC },
	[PC_REJECTED] = { "rejected", "", 0, MS_FT_STRLIST, 0, MS_COL_JSON },
};

static const struct ms_schema feature_schema = { "feature", feature_cols, FC_NCOLS };
static const struct ms_schema probe_schema = { "probe", probe_cols, PC_NCOLS };

static void feature_row(struct ms_sink *s, const char *name, bool ok, const char *detail)
{
	struct ms_val v[FC_NCOLS] = {};

	v[FC_NAME].s = name;
	v[FC_OK].b = ok;
	v[FC_DETAIL].s = detail;
	sink__row(s, &feature_schema, v);
}

static void print_features(struct ms_sink *s, const struct ms_features *f)
{

	feature_row(s, "kernel", true, f->release);
	feature_row(s, "btf", f->btf.ok, f->btf.why);
	feature_row(s, "tp_btf", f->tp_btf.ok, f->tp_btf.why);
	feature_row(s, "raw_tp", f->raw_tp.ok, f->raw_tp.why);
	feature_row(s, "raw_tp_cookie", f->raw_tp_cookie.ok, f->raw_tp_cookie.why);
	feature_row(s, "fentry", f->fentry.ok, f->fentry.why);
	feature_row(s, "kprobe", f->kprobe.ok, f->kprobe.why);
	feature_row(s, "ringbuf", f->ringbuf.ok, f->ringbuf.why);
	feature_row(s, "pring", f->pring.ok, f->pring.why);
	feature_row(s, "perfbuf", f->perfbuf.ok, f->perfbuf.why);
	feature_row(s, "task_storage", f->task_storage.ok, f->task_storage.why);
	feature_row(s, "module_btf", f->module_btf.ok, f->module_btf.why);
	feature_row(s, "gfp_names", true,
		    f->gfp_bit_enum ? "from the BTF ___GFP_*_BIT enum"
				    : "from the tracepoint format (no GFP bit enum in BTF)");
	feature_row(s, "mglru", f->lru_gen,
		    f->lru_gen
			    ? "MGLRU enabled: shrink_node hands reclaim to the multi-gen LRU and "
			      "get_scan_count never runs; scan balance comes from LRU shrink "
			      "events (emitted by MGLRU since 6.7)"
			    : "classic LRU (get_scan_count chooses the anon/file balance)");
}

/* Load every program a subcommand may load, as the tracer would (same BTF,
 * same capabilities), attach none: the probes above load toy programs,
 * this is whether the real ones pass. */
struct trial {
	bool ok;
	char why[MS_DIAG_LEN + 64];
};

static void trial_load(const struct ms_features *f, const struct doctor_opts *o, struct btf **btf,
		       struct trial *out)
{
	struct tracer_opts to = { .groups = MS_GRP_ALL, .load_only = true };
	struct ms_diag ld = {};
	uint64_t t0 = util__now_ns();
	struct tracer *t;
	int err = 0;

	to.filter.kinds = MS_KINDS_ALL;
	to.btf_path = o->c.btf_path;
	t = tracer__new(&to, f, btf, &ld, &err);
	out->ok = t != NULL;
	if (t)
		snprintf(out->why, sizeof(out->why),
			 "every program of the plan loads (%.0f ms, CO-RE against the types it "
			 "reads of %s)",
			 (util__now_ns() - t0) / 1e6, f->btf.why);
	else
		snprintf(out->why, sizeof(out->why), "%s", ld.msg[0] ? ld.msg : strerror(-err));
	tracer__free(t);
}

static void print_probe(struct ms_sink *s, const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_hook_def *h = attach__hook(id);
	const struct ms_choice *c = &p->c[id];
	char why[512], rejected[512];
	struct ms_val v[PC_NCOLS] = {};

	attach__why(p, id, why, sizeof(why), rejected, sizeof(rejected));
	v[PC_HOOK].s = h->name;
	v[PC_MECH].null = v[PC_NOTE].null = c->chosen < 0;
	if (c->chosen >= 0) {
		v[PC_MECH].s = attach__mech_name(h->cand[c->chosen].mech);
		v[PC_NOTE].s = h->cand[c->chosen].note;
	}
	v[PC_STATUS].s = attach__status(p, id);
	v[PC_WHY].s = why;
	v[PC_REJECTED].s = rejected;
	sink__row(s, &probe_schema, v);
}

static int doctor_probes(const struct doctor_opts *o, struct ms_diag *d)
{
	/* everything any subcommand may load: the loader's plans are subsets */
	static const struct ms_plan_opts all = { .groups = MS_GRP_ALL, .kinds = MS_KINDS_ALL };
	struct ms_probe_opts po = { .keep_btf = true };
	struct btf *btf = NULL;
	struct ms_features f;
	struct trial load;
	struct ms_plan plan;
	struct ms_sink *s;
	int err, i;

	po.btf_path = o->c.btf_path;
	po.disable = o->c.disable;
	err = features__probe(&f, &po, &btf, d);
	if (err)
		return err;
	attach__plan(&f, &all, &plan);
	trial_load(&f, o, &btf, &load); /* takes btf */
	btf__free(btf); /* where the tracer stopped before taking it */
	s = o->c.json ? sink__new_json(stdout) : sink__new_text(stdout, false);
	if (!s)
		return -ENOMEM;
	sink__header(s, &feature_schema);
	print_features(s, &f);
	feature_row(s, "bpf_load", load.ok, load.why);
	if (!o->c.json)
		fputc('\n', stdout);
	sink__header(s, &probe_schema);
	for (i = 0; i < MS_HOOK_MAX; i++)
		print_probe(s, &plan, i);
	sink__free(s);
	/* an answer that could not be checked is a warning; a tracer that
	 * cannot load, where every tracing command would fail, is critical */
	if (!f.privileged) {
		diag__warn(d,
			   "probe programs could not be loaded (%s): run as root for a true "
			   "answer",
			   f.raw_tp.why);
		return MS_EXIT_WARN;
	}
	if (!load.ok)
		return diag__fail(d, -ENOEXEC, MS_EXIT_CRIT,
				  "critical: the tracer's programs do not load here: %s", load.why);
	return 0;
}

/* The audit; returns the exit status of its worst finding (0, 6 or 7). */
static int doctor_audit(const struct doctor_opts *o, struct ms_diag *d)
{
	struct ms_audit *a = audit__new(o->root);
	struct ms_sink *s = NULL;
	enum ms_sev worst;
	int err;

	if (!a)
		return -ENOMEM;
	err = audit__run(a, o->sample_ns, d);
	if (err)
		goto cleanup;
	s = o->c.json ? sink__new_json(stdout) : sink__new_text(stdout, false);
	if (!s) {
		err = -ENOMEM;
		goto cleanup;
	}
	audit__emit(a, s, o->c.json);
	worst = findings__worst(&a->findings);
	err = worst == MS_SEV_CRIT ? MS_EXIT_CRIT : worst == MS_SEV_WARN ? MS_EXIT_WARN : 0;
	if (!o->c.json)
		printf("(memstall doctor --probes: what the tracer can see on this kernel)\n");
cleanup:
	sink__free(s);
	audit__free(a);
	return err;
}

int cmd_doctor(int argc, char **argv, struct ms_diag *d)
{
	struct doctor_opts o;
	int err;

	err = cli__parse_doctor(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_doctor(stdout);
		return err;
	}
	if (o.probes)
		return doctor_probes(&o, d);
	return doctor_audit(&o, d);
}
