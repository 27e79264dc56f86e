// SPDX-License-Identifier: GPL-2.0
/* memstall export: the Prometheus exporter on the in-kernel histogram path. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "cli/cli_export.h"
#include "base/util.h"
#include "commands.h"
#include "host/privs.h"
#include "kernel/session.h"
#include "model/export.h"
#include "model/export_ev.h"
#include "model/hist.h"
#include "net/http.h"
#include "net/webcfg.h"
#include "output/prom.h"
#include "net/prom_health.h"

struct export_run {
	struct export_opts o;
	struct session *s;
	struct hist_model *h;
	struct export_model *e;
	struct export_ev *x; /* compaction runs, OOM kills */
	struct prom *p;
	struct prom_health ph;
	pthread_mutex_t lock; /* the HTTP thread and the textfile writer */
};

/* One exposition from the maps as they are now (never reset). */
static char *build(void *ctx, bool om, size_t *len)
{
	struct export_run *r = ctx;
	struct hist_maps hm;
	char *out = NULL;
	uint64_t t0;

	pthread_mutex_lock(&r->lock);
	t0 = util__now_ns();
	hist__clear(r->h);
	tracer__hist_maps(r->s->tracer, &hm);
	if (!hist__collect(r->h, &hm, false)) {
		export__update(r->e, r->h);
		export_ev__read_compact(r->x, tracer__compact_fd(r->s->tracer));
		/* deleted cgroups: kept --retain after their last stall, then
		 * dropped and their kernel keys deleted */
		if (export__expire(r->e, util__now_ns(), r->o.retain_ns, NULL, NULL)) {
			int n = export__forget(r->e, &hm);

			r->ph.forgotten += n > 0 ? n : 0;
		}
		tracer__counters(r->s->tracer, &r->ph.c);
		r->ph.series = export__nseries(r->e);
		r->ph.folded = export__nfolded(r->e);
		r->ph.kill_series = export_ev__nkill_series(r->x);
		r->ph.kills_folded = export_ev__nkill_folded(r->x);
		r->ph.scrapes++;
		prom__reset(r->p, om);
		export__write(r->e, r->p);
		export_ev__write(r->x, r->p);
		prom_health__write(&r->ph, r->p);
		prom_health__progs(&r->ph, r->p);
		prom__finish(r->p);
		/* handed to the HTTP response as it is (no copy of the text) */
		out = prom__take(r->p, len);
	}
	r->ph.build_ns += util__now_ns() - t0;
	pthread_mutex_unlock(&r->lock);
	return out;
}

/* Temp file in the same directory, then rename: readers see whole files. */
static int write_textfile(struct export_run *r, struct ms_diag *d)
{
	char tmp[4096];
	size_t len = 0;
	char *body = build(r, false, &len);
	FILE *f;
	int err = 0;

	if (!body)
		return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "exposition failed");
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", r->o.textfile, (int)getpid());
	f = fopen(tmp, "we");
	if (!f || fwrite(body, 1, len, f) != len || fflush(f) || fsync(fileno(f)))
		err = -errno;
	if (f && fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, r->o.textfile))
		err = -errno;
	if (err) {
		unlink(tmp);
		err = diag__fail(d, err, MS_EXIT_FAIL, "--textfile %s: %s", r->o.textfile,
				 strerror(-err));
	}
	free(body);
	return err;
}

/* In hist mode only OOM kills cross the ring buffer (the kernel's and
 * userspace killers'): counted here, under the scrape's lock. */
static int tick(void *ctx, const struct ms_event *e)
{
	struct export_run *r = ctx;

	if (e) {
		pthread_mutex_lock(&r->lock);
		export_ev__event(r->x, e);
		pthread_mutex_unlock(&r->lock);
	}
	return 0;
}

static int serve(struct export_run *r, struct ms_diag *d)
{
	uint64_t t0 = util__now_ns(), step = r->o.textfile ? r->o.interval_ns : r->o.duration_ns;
	int err = 0;

	for (;;) {
		uint64_t len = step;

		if (r->o.duration_ns && (!len || util__now_ns() - t0 + len > r->o.duration_ns))
			len = t0 + r->o.duration_ns > util__now_ns()
				      ? t0 + r->o.duration_ns - util__now_ns()
				      : 1;
		err = session__run(r->s, len, tick, r, NULL, d);
		if (err)
			break;
		if (r->o.textfile) {
			err = write_textfile(r, d);
			if (err)
				break;
		}
		if (util__stop_requested() ||
		    (r->o.duration_ns && util__now_ns() - t0 >= r->o.duration_ns))
			break;
	}
	return err;
}

int cmd_export(int argc, char **argv, struct ms_diag *d)
{
	struct export_run r = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct ms_filter filter = {};
	struct http_server *srv = NULL;
	struct webcfg *web = NULL;
	int err, stats_fd = -1;

	err = cli__parse_export(argc, argv, &r.o, d);
	if (err || r.o.c.help) {
		if (r.o.c.help)
			cli__usage_export(stdout);
		return err;
	}
	if (r.o.web_config && !(web = webcfg__load(r.o.web_config, d, &err)))
		return err;
	filter.kinds = r.o.kinds;
	r.s = session__new_with(&r.o.c, &filter, NULL,
				&(struct tracer_opts){ .groups = MS_GRP_TRACE,
						       .hist = true,
						       /* the kernel keys by cgroup id:
							* pods, containers, units are
							* made of them */
						       .hist_by = r.o.by & HIST_BY_IDENT
									  ? r.o.by | MS_BY_CGROUP
									  : r.o.by,
						       .ukills = true,
						       .count_compact = true },
				d, &err);
	if (!r.s)
		goto cleanup;
	session__explain_gaps(r.s, r.o.kinds, d);
	if (r.o.bpf_stats && (stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME)) < 0)
		diag__warn(d, "--bpf-stats: cannot enable BPF run statistics: %s", strerror(errno));
	r.h = hist__new(r.o.by, &r.s->sctx);
	r.e = export__new(r.o.by, r.o.max_series, &r.s->sctx);
	r.x = export_ev__new(&r.s->sctx, EXPORT_KILL_SERIES);
	r.p = prom__new();
	if (!r.h || !r.e || !r.x || !r.p) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	r.ph.plan = tracer__plan(r.s->tracer);
	r.ph.max_series = r.o.max_series;
	r.ph.start_unix_s = (uint64_t)time(NULL);
	if (r.o.listen) {
		srv = http__start(
			&(struct http_opts){
				.listen = r.o.listen, .web = web, .metrics = build, .ctx = &r },
			d, &err);
		if (!srv)
			goto cleanup;
	}
	prom_health__find_progs(&r.ph);
	/* attached and listening: nothing left needs a capability */
	if (!r.o.privs.keep_caps && (err = privs__drop(r.o.privs.user, d)))
		goto cleanup;
	diag__print_warnings(d, stderr);
	/* scripts wait for this line (attached, serving) */
	fprintf(stderr, "Collecting stall histograms in the kernel; exporting");
	if (srv)
		fprintf(stderr, " on http%s://%s/metrics (port %d)",
			web && web->cert_pem ? "s" : "", r.o.listen, http__port(srv));
	if (r.o.textfile)
		fprintf(stderr, "%s to %s every %.1fs", srv ? " and" : "", r.o.textfile,
			r.o.interval_ns / 1e9);
	fputc('\n', stderr);
	err = serve(&r, d);
cleanup:
	http__stop(srv);
	if (stats_fd >= 0)
		close(stats_fd);
	prom__free(r.p);
	export__free(r.e);
	export_ev__free(r.x);
	hist__free(r.h);
	session__free(r.s);
	webcfg__free(web);
	return err;
}
