// SPDX-License-Identifier: GPL-2.0
/* explain reads the logs users paste: each form (dmesg, dmesg -T in four
 * locales, dmesg -r, journalctl short/iso/precise/monotonic/json/json-seq,
 * syslog with other programs' lines, kubectl/containerd/CRI-O, docker
 * json-file, serial console levels, vendor [pid:N,cpuN,comm] tags, caller
 * ids, terminal and mail re-wrapping, snipped lines, two interleaved
 * reports) is generated from an unprefixed fixture and must decode to the
 * same facts as the unprefixed log. And the reader's bounds: NUL runs, long
 * lines, devices, the report cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "logs/explain.h"
#include "logs/klog.h"

#define LOG_DIR "tests/fixtures/logs/"
#define MAX_LINES 512

struct base {
	const char *file;
	int n;
	char *line[MAX_LINES]; /* the kernel's messages with their indent */
};

static struct base bases[] = {
	{ "debian_6.12_oom_kernlog_rsyslog.log" },
	{ "fedora_5.4_order4_failure_dmesg_T.log" },
	{ "el7_3.10_oom_dmesg.log" },
	{ "k8s_4.14_memcg_oom_dmesg_T.log" },
};

static void load_base(struct base *b)
{
	char path[256], buf[8192];
	FILE *f;

	snprintf(path, sizeof(path), LOG_DIR "%s", b->file);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(buf, sizeof(buf), f) && b->n < MAX_LINES) {
		struct klog_line l;
		char out[8192];

		klog__parse_line(buf, &l);
		if (!l.kernel)
			continue;
		snprintf(out, sizeof(out), "%*s%s", l.indent, "", l.msg);
		b->line[b->n++] = strdup(out);
	}
	fclose(f);
}

/* The facts one report holds, as one comparable string. */
static void facts(const struct ex_report *r, char *buf, size_t len)
{
	size_t off;
	int i;

	off = (size_t)snprintf(
		buf, len,
		"kind=%d comm=%s pid=%d kernel=%s order=%d gfp=%llx victim=%d/%s/%lld reaped=%d "
		"constraint=%s memcg=%s/%lld tasks=%d top=%s/%lld meminfo=%d free=%lld zones=%d",
		r->kind, r->comm, r->pid, r->kernel, r->order, (unsigned long long)r->gfp,
		r->victim.pid, r->victim.comm, (long long)r->victim.anon_rss_kb, r->victim.reaped,
		r->constraint, r->oom_memcg, (long long)r->memcg_limit_kb, r->ntasks,
		r->ntasks ? r->top[0].name : "", r->ntasks ? (long long)r->top[0].rss_pages : -1,
		r->has_meminfo, (long long)r->mem.free, r->nzones);
	for (i = 0; i < r->nzones && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, " %s:%lld/%lld/%d", r->zones[i].name,
					(long long)r->zones[i].free_kb,
					(long long)r->zones[i].min_kb, r->zones[i].norders);
}

typedef void (*form_fn)(FILE *out, int i, const char *msg);

static struct ms_explain *decode_form(const struct base *b, form_fn fn)
{
	struct ms_explain *e = explain__new(NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	assert_non_null(e);
	for (i = 0; i < b->n; i++)
		fn(f, i, b->line[i]);
	fclose(f);
	explain__feed_buffer(e, buf, len);
	explain__finish(e);
	free(buf);
	return e;
}

static void raw(FILE *o, int i, const char *m)
{
	(void)i;
	fprintf(o, "%s\n", m);
}

static void dmesg(FILE *o, int i, const char *m)
{
	fprintf(o, "[%5d.%06d] %s\n", 4000 + i / 7, 1000 * i + 17, m);
}

static void dmesg_t_en(FILE *o, int i, const char *m)
{
	fprintf(o, "[Thu Feb  7 11:16:%02d 2019] %s\n", i % 60, m);
}

static void dmesg_t_de(FILE *o, int i, const char *m)
{
	fprintf(o, "[Do Feb  7 11:16:%02d 2019] %s\n", i % 60, m);
}

static void dmesg_t_fr(FILE *o, int i, const char *m)
{
	fprintf(o, "[jeu. f\xc3\xa9vr. 28 11:16:%02d 2019] %s\n", i % 60, m);
}

static void dmesg_t_ja(FILE *o, int i, const char *m)
{
	fprintf(o, "[\xe6\x9c\xa8  2\xe6\x9c\x88 28 11:16:%02d 2019] %s\n", i % 60, m);
}

static void dmesg_r(FILE *o, int i, const char *m)
{
	fprintf(o, "<%d>[%5d.%06d] %s\n", i % 7, 12 + i / 9, 4321 * i % 1000000, m);
}

static void serial_level(FILE *o, int i, const char *m)
{
	fprintf(o, "<%d>%s\n", 4 + i % 3, m);
}

static void j_short(FILE *o, int i, const char *m)
{
	fprintf(o, "Feb %2d 11:16:%02d web-01 kernel: %s\n", 1 + i / 40, i % 60, m);
}

static void j_short_ru(FILE *o, int i, const char *m)
{
	fprintf(o, "\xd0\xb0\xd0\xbf\xd1\x80 28 01:23:%02d PC kernel: %s\n", i % 60, m);
}

static void j_iso(FILE *o, int i, const char *m)
{
	fprintf(o, "2019-02-28T11:16:%02d+0100 node-7.example.org kernel: %s\n", i % 60, m);
}

static void j_precise(FILE *o, int i, const char *m)
{
	fprintf(o, "Feb 28 11:16:%02d.%06d web-01 kernel: %s\n", i % 60, 7 * i, m);
}

static void j_monotonic(FILE *o, int i, const char *m)
{
	fprintf(o, "[%6d.%06d] web-01 kernel: %s\n", 1200 + i / 11, 4099 * i % 1000000, m);
}

static void json_str(FILE *o, const char *m)
{
	for (; *m; m++) {
		if (*m == '"' || *m == '\\')
			fputc('\\', o);
		fputc(*m, o);
	}
}

static void j_json(FILE *o, int i, const char *m)
{
	fprintf(o,
		"{\"__CURSOR\":\"s=1;i=%x\",\"__REALTIME_TIMESTAMP\":\"%lld\",\"_TRANSPORT\":"
		"\"kernel\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"%"
		"d\","
		"\"MESSAGE\":\"",
		i, 1551352597000000ll + i, 123456789 + i);
	json_str(o, m);
	fprintf(o, "\",\"PRIORITY\":\"%d\"}\n", 4);
}

static void j_json_seq(FILE *o, int i, const char *m)
{
	fputc(0x1e, o);
	j_json(o, i, m);
}

static void syslog_mixed(FILE *o, int i, const char *m)
{
	fprintf(o, "Feb 28 11:16:%02d db-3 kernel: [%5d.%06d] %s\n", i % 60, 88, i, m);
	if (i % 5 == 2)
		fprintf(o, "Feb 28 11:16:%02d db-3 systemd[1]: Started session-%d.scope.\n", i % 60,
			i);
}

static void cri(FILE *o, int i, const char *m)
{
	fprintf(o, "2024-05-01T10:00:%02d.%09dZ stdout F [%5d.%06d] %s\n", i % 60, 9 * i, 77, i, m);
}

static void kubectl_ts(FILE *o, int i, const char *m)
{
	fprintf(o, "2024-05-01T10:00:%02d.%09dZ %s\n", i % 60, 13 * i, m);
}

static void docker_json(FILE *o, int i, const char *m)
{
	fprintf(o, "{\"log\":\"[%5d.%06d] ", 77, i);
	json_str(o, m);
	fprintf(o, "\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:%02d.1Z\"}\n", i % 60);
}

static void huawei(FILE *o, int i, const char *m)
{
	fprintf(o, "<6>[%5d.%06ds][pid:%d,cpu%d,%s]%s\n", 3011, i, 1175, i % 8,
		i % 2 ? "Binder:1175_15" : "kswapd0", m);
}

static void samsung(FILE *o, int i, const char *m)
{
	fprintf(o, "[%5d.%06d]  [%d:  %15s:%5d] %s\n", 3011, i, i % 8, "kworker/u16:2", 8812, m);
}

static void mtk(FILE *o, int i, const char *m)
{
	fprintf(o, "[%5d.%06d] (%d)[%d:%s]%s\n", 3011, i, i % 8, 8812, "kworker/u16:2", m);
}

static void caller_id(FILE *o, int i, const char *m)
{
	fprintf(o, "[%5d.%06d] [  T%d] %s\n", 51, i, 2311, m);
}

/* a terminal 80 columns wide cuts every longer line */
static void term_wrap(FILE *o, int i, const char *m)
{
	char line[8192];
	size_t n, k;

	snprintf(line, sizeof(line), "[%5d.%06d] %s", 4000, i, m);
	n = strlen(line);
	for (k = 0; k < n; k += 80)
		fprintf(o, "%.80s\n", line + k);
}

/* a mail client quotes with "> " and breaks at the last blank before 72 */
static void mail_wrap(FILE *o, int i, const char *m)
{
	char line[8192], *p;

	snprintf(line, sizeof(line), "Feb 28 11:16:%02d db-3 kernel: %s", i % 60, m);
	p = line;
	while (strlen(p) > 72) {
		char *cut = p + 72;

		while (cut > p + 40 && *cut != ' ')
			cut--;
		if (cut == p + 40)
			break;
		fprintf(o, "> %.*s\n", (int)(cut - p), p);
		p = cut + 1;
	}
	fprintf(o, "> %s\n", p);
}

static void snipped(FILE *o, int i, const char *m)
{
	dmesg(o, i, m);
	if (i % 9 == 4)
		fprintf(o, i % 2 ? "(...snipped...)\n" : "[...]\n");
}

static const struct {
	const char *name;
	form_fn fn;
} forms[] = {
	{ "dmesg", dmesg },
	{ "dmesg -T (en)", dmesg_t_en },
	{ "dmesg -T (de)", dmesg_t_de },
	{ "dmesg -T (fr)", dmesg_t_fr },
	{ "dmesg -T (ja)", dmesg_t_ja },
	{ "dmesg -r", dmesg_r },
	{ "serial console <N>", serial_level },
	{ "journalctl short", j_short },
	{ "journalctl short (ru)", j_short_ru },
	{ "journalctl short-iso", j_iso },
	{ "journalctl short-precise", j_precise },
	{ "journalctl short-monotonic", j_monotonic },
	{ "journalctl -o json", j_json },
	{ "journalctl -o json-seq", j_json_seq },
	{ "syslog with other programs", syslog_mixed },
	{ "containerd/CRI-O", cri },
	{ "kubectl logs --timestamps", kubectl_ts },
	{ "docker json-file", docker_json },
	{ "vendor [pid:N,cpuN,comm]", huawei },
	{ "vendor [cpu: comm: pid]", samsung },
	{ "vendor (cpu)[pid:comm]", mtk },
	{ "printk caller id", caller_id },
	{ "terminal wrap at 80", term_wrap },
	{ "mail wrap at 72, quoted", mail_wrap },
	{ "(...snipped...)", snipped },
};

static void test_forms(void **state)
{
	size_t b, f;
	int fails = 0;

	(void)state;
	for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		struct ms_explain *base;

		if (!bases[b].n)
			load_base(&bases[b]);
		base = decode_form(&bases[b], raw);
		assert_true(explain__count(base) >= 1);
		for (f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
			struct ms_explain *e = decode_form(&bases[b], forms[f].fn);
			char want[2048], got[2048];
			int i;

			if (explain__count(e) != explain__count(base)) {
				printf("# %s / %s: %d reports, want %d\n", bases[b].file,
				       forms[f].name, explain__count(e), explain__count(base));
				fails++;
			}
			for (i = 0; i < explain__count(e) && i < explain__count(base); i++) {
				facts(explain__report(base, i), want, sizeof(want));
				facts(explain__report(e, i), got, sizeof(got));
				if (strcmp(want, got)) {
					printf("# %s / %s report %d:\n#  want %s\n#  got  %s\n",
					       bases[b].file, forms[f].name, i + 1, want, got);
					fails++;
				}
			}
			explain__free(e);
		}
		explain__free(base);
	}
	assert_int_equal(fails, 0);
}

/* Two CPUs print two reports at once, line by line, each line tagged with
 * its printk caller: each report gets its own lines back. */
static void test_interleaved_callers(void **state)
{
	const struct base *a = &bases[0], *b = &bases[2];
	struct ms_explain *e = explain__new(NULL), *ea, *eb;
	char *buf = NULL, want[2048], got[2048];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i;

	(void)state;
	for (i = 0; i < a->n || i < b->n; i++) {
		if (i < a->n)
			fprintf(f, "[  812.%06d] [  T2311] %s\n", 2 * i, a->line[i]);
		if (i < b->n)
			fprintf(f, "[  812.%06d] [  T4407] %s\n", 2 * i + 1, b->line[i]);
	}
	fclose(f);
	explain__feed_buffer(e, buf, len);
	explain__finish(e);
	free(buf);
	ea = decode_form(a, raw);
	eb = decode_form(b, raw);
	assert_int_equal(explain__count(e), 2);
	facts(explain__report(ea, 0), want, sizeof(want));
	facts(explain__report(e, 0), got, sizeof(got));
	assert_string_equal(got, want);
	facts(explain__report(eb, 0), want, sizeof(want));
	facts(explain__report(e, 1), got, sizeof(got));
	assert_string_equal(got, want);
	assert_string_equal(explain__report(e, 0)->caller, "T2311");
	explain__free(e);
	explain__free(ea);
	explain__free(eb);
}

/* The time each prefix carried reaches the report. */
static void test_times(void **state)
{
	struct ms_explain *e;

	(void)state;
	e = decode_form(&bases[0], dmesg);
	assert_true(explain__report(e, 0)->uptime > 3999.9);
	explain__free(e);
	e = decode_form(&bases[0], j_short_ru);
	assert_string_equal(explain__report(e, 0)->wallclock,
			    "\xd0\xb0\xd0\xbf\xd1\x80 28 01:23:00");
	explain__free(e);
	e = decode_form(&bases[0], j_json);
	assert_string_equal(explain__report(e, 0)->wallclock, "2019-02-28T11:16:37Z");
	assert_true(explain__report(e, 0)->uptime > 123.4 && explain__report(e, 0)->uptime < 123.5);
	explain__free(e);
	e = decode_form(&bases[0], dmesg_t_de);
	assert_string_equal(explain__report(e, 0)->wallclock, "Do Feb  7 11:16:00 2019");
	explain__free(e);
}

static struct ms_explain *feed_file_bytes(const char *buf, size_t len, int *err)
{
	struct ms_explain *e = explain__new(NULL);
	struct ms_diag d = {};
	FILE *f = fmemopen((void *)buf, len, "r");

	assert_non_null(f);
	*err = explain__feed_file(e, f, "test", &d);
	fclose(f);
	explain__finish(e);
	return e;
}

/* A hard reset leaves runs of NUL bytes: the reports on both sides decode. */
static void test_nul_runs(void **state)
{
	const struct base *b = &bases[2];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_explain *e;
	int i, err;

	(void)state;
	for (i = 0; i < b->n; i++)
		dmesg(f, i, b->line[i]);
	fprintf(f, "[ 4001.000000] half a line");
	for (i = 0; i < 70000; i++)
		fputc('\0', f);
	for (i = 0; i < b->n; i++)
		dmesg(f, i, b->line[i]);
	fclose(f);
	e = feed_file_bytes(buf, len, &err);
	assert_int_equal(err, 0);
	assert_int_equal(explain__count(e), 2);
	assert_int_equal(explain__report(e, 1)->victim.pid, explain__report(e, 0)->victim.pid);
	explain__free(e);
	free(buf);
}

/* A line longer than the cap is cut (and counted); the report after it
 * still decodes. */
static void test_long_line(void **state)
{
	const struct base *b = &bases[2];
	size_t big = 3u << 20, len = 0;
	char *buf = NULL, *junk = malloc(big);
	FILE *f = open_memstream(&buf, &len);
	struct ms_explain *e;
	int i, err;

	(void)state;
	assert_non_null(junk);
	memset(junk, 'x', big);
	fwrite(junk, 1, big, f);
	fputc('\n', f);
	for (i = 0; i < b->n; i++)
		dmesg(f, i, b->line[i]);
	fclose(f);
	e = feed_file_bytes(buf, len, &err);
	assert_int_equal(err, 0);
	assert_int_equal(explain__count(e), 1);
	{
		char *out = NULL;
		size_t olen = 0;
		FILE *o = open_memstream(&out, &olen);

		explain__print_text(e, o);
		fclose(o);
		assert_non_null(strstr(out, "1 line longer than"));
		free(out);
	}
	explain__free(e);
	free(buf);
	free(junk);
}

/* /dev/zero is refused (exit 5), not read for ever. */
static void test_devices(void **state)
{
	struct ms_explain *e = explain__new(NULL);
	struct ms_diag d = {};
	FILE *f = fopen("/dev/zero", "r");

	(void)state;
	assert_non_null(f);
	assert_true(explain__feed_file(e, f, "/dev/zero", &d) < 0);
	assert_int_equal(d.code, MS_EXIT_INPUT);
	fclose(f);
	explain__free(e);
}

/* More reports than are kept: the count is of reports, the newest stay. */
static void test_report_cap(void **state)
{
	char *buf = NULL, line[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_explain *e = explain__new(NULL);
	int i, total = EX_MAX_REPORTS + 57;

	(void)state;
	for (i = 0; i < total; i++) {
		fprintf(f, "[%5d.000000] w%d: page allocation failure: order:2, mode:0x20\n", i, i);
		fprintf(f, "[%5d.000001] CPU: 0 PID: %d Comm: w%d Not tainted 4.9.0 #1\n", i, i + 1,
			i);
		fprintf(f, "[%5d.000002] Mem-Info:\n", i);
		fprintf(f, "[%5d.000003] active_anon:1 inactive_anon:2 isolated_anon:0\n", i);
		fprintf(f, "[%5d.000004]  active_file:3 inactive_file:4 isolated_file:0\n", i);
	}
	fclose(f);
	explain__feed_buffer(e, buf, len);
	explain__finish(e);
	assert_int_equal(explain__count(e), EX_MAX_REPORTS);
	assert_int_equal(explain__dropped(e), 57);
	snprintf(line, sizeof(line), "w%d", 57);
	assert_string_equal(explain__report(e, 0)->comm, line);
	snprintf(line, sizeof(line), "w%d", total - 1);
	assert_string_equal(explain__report(e, EX_MAX_REPORTS - 1)->comm, line);
	explain__free(e);
	free(buf);
}

/* /dev/kmsg is read as records, to the end of the buffer, without waiting. */
static void test_kmsg(void **state)
{
	struct ms_explain *e;
	struct ms_diag d = {};
	FILE *f;

	(void)state;
	f = fopen("/dev/kmsg", "r");
	if (!f || geteuid()) {
		if (f)
			fclose(f);
		skip();
	}
	e = explain__new(NULL);
	assert_int_equal(explain__feed_file(e, f, "/dev/kmsg", &d), 0);
	explain__finish(e);
	assert_true(explain__lines(e) > 0);
	fclose(f);
	explain__free(e);
}

static void test_compressed(void **state)
{
	static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage";
	struct ms_explain *e;
	int err;

	(void)state;
	e = feed_file_bytes(gz, sizeof(gz) - 1, &err);
	assert_true(err < 0);
	explain__free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),	   cmocka_unit_test(test_interleaved_callers),
		cmocka_unit_test(test_times),	   cmocka_unit_test(test_nul_runs),
		cmocka_unit_test(test_long_line),  cmocka_unit_test(test_devices),
		cmocka_unit_test(test_report_cap), cmocka_unit_test(test_kmsg),
		cmocka_unit_test(test_compressed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
