// SPDX-License-Identifier: GPL-2.0
/* The corpus: real public kernel logs (tests/fixtures/logs/corpus/, sources
 * in SOURCES), each with the facts it plainly prints (NAME.facts: "N.key=value"
 * for report N, or "reports=N"). Every fact must decode; the table of
 * decoded/total facts per log is printed. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "logs/explain.h"

#define CORPUS "tests/fixtures/logs/corpus/"

static void i64(char *buf, size_t len, int64_t v)
{
	snprintf(buf, len, "%lld", (long long)v);
}

static const struct ex_zone *zone_named(const struct ex_report *r, const char *name)
{
	int i;

	for (i = 0; i < r->nzones; i++)
		if (!strcmp(r->zones[i].name, name))
			return &r->zones[i];
	return NULL;
}

static bool mem_field(const struct ex_report *r, const char *k, char *buf, size_t len)
{
	static const struct {
		const char *name;
		size_t off;
	} f[] = {
		{ "free", offsetof(struct ex_mem, free) },
		{ "slab_unreclaimable", offsetof(struct ex_mem, slab_unreclaimable) },
		{ "inactive_file", offsetof(struct ex_mem, inactive_file) },
		{ "active_anon", offsetof(struct ex_mem, active_anon) },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!strcmp(k, f[i].name)) {
			i64(buf, len, *(const int64_t *)((const char *)&r->mem + f[i].off));
			return true;
		}
	}
	return false;
}

/* The decoded value of key in report r, as text; false for an unknown key. */
static bool value_of(const struct ex_report *r, const char *k, char *buf, size_t len)
{
	const struct ex_task *top = r->ntasks ? &r->top[0] : NULL;

	buf[0] = '\0';
	if (!strcmp(k, "kind"))
		snprintf(buf, len, "%s", explain__kind_name(r->kind));
	else if (!strcmp(k, "comm"))
		snprintf(buf, len, "%s", r->comm);
	else if (!strcmp(k, "pid"))
		i64(buf, len, r->pid);
	else if (!strcmp(k, "kernel"))
		snprintf(buf, len, "%s", r->kernel);
	else if (!strcmp(k, "order"))
		i64(buf, len, r->order);
	else if (!strcmp(k, "gfp"))
		snprintf(buf, len, "%#llx", (unsigned long long)r->gfp);
	else if (!strcmp(k, "has_gfp"))
		i64(buf, len, r->has_gfp);
	else if (!strcmp(k, "oom_score_adj"))
		i64(buf, len, r->oom_score_adj);
	else if (!strcmp(k, "stall_ms"))
		i64(buf, len, r->stall_ms);
	else if (!strcmp(k, "stall_kind"))
		snprintf(buf, len, "%s", r->stall_kind);
	else if (!strcmp(k, "killer"))
		snprintf(buf, len, "%s", r->killer);
	else if (!strncmp(k, "mem.", 4))
		return mem_field(r, k + 4, buf, len);
	else if (!strcmp(k, "victim.pid"))
		i64(buf, len, r->victim.pid);
	else if (!strcmp(k, "victim.comm"))
		snprintf(buf, len, "%s", r->victim.comm);
	else if (!strcmp(k, "victim.uid"))
		i64(buf, len, r->victim.uid);
	else if (!strcmp(k, "victim.anon_rss_kb"))
		i64(buf, len, r->victim.anon_rss_kb);
	else if (!strcmp(k, "victim.file_rss_kb"))
		i64(buf, len, r->victim.file_rss_kb);
	else if (!strcmp(k, "victim.total_vm_kb"))
		i64(buf, len, r->victim.total_vm_kb);
	else if (!strcmp(k, "constraint"))
		snprintf(buf, len, "%s", r->constraint);
	else if (!strcmp(k, "oom_memcg"))
		snprintf(buf, len, "%s", r->oom_memcg);
	else if (!strcmp(k, "task_memcg"))
		snprintf(buf, len, "%s", r->task_memcg);
	else if (!strcmp(k, "memcg_oom"))
		i64(buf, len, r->memcg_oom);
	else if (!strcmp(k, "memcg_usage_kb"))
		i64(buf, len, r->memcg_usage_kb);
	else if (!strcmp(k, "memcg_limit_kb"))
		i64(buf, len, r->memcg_limit_kb);
	else if (!strcmp(k, "memcg_failcnt"))
		i64(buf, len, r->memcg_failcnt);
	else if (!strcmp(k, "ntasks"))
		i64(buf, len, r->ntasks);
	else if (!strcmp(k, "top.name"))
		snprintf(buf, len, "%s", top ? top->name : "");
	else if (!strcmp(k, "top.rss_pages"))
		i64(buf, len, top ? top->rss_pages : -1);
	else if (!strcmp(k, "top.rss_anon_pages"))
		i64(buf, len, top ? top->rss_anon_pages : -1);
	else if (!strcmp(k, "top.rss_file_pages"))
		i64(buf, len, top ? top->rss_file_pages : -1);
	else if (!strncmp(k, "zone.", 5)) {
		char name[16];
		const char *dot = strchr(k + 5, '.');
		const struct ex_zone *z;

		if (!dot || (size_t)(dot - (k + 5)) >= sizeof(name))
			return false;
		snprintf(name, sizeof(name), "%.*s", (int)(dot - (k + 5)), k + 5);
		z = zone_named(r, name);
		if (z && !strcmp(dot + 1, "free_kb"))
			i64(buf, len, z->free_kb);
		else if (z && !strcmp(dot + 1, "min_kb"))
			i64(buf, len, z->min_kb);
	} else
		return false;
	return true;
}

/* One log: its facts checked; *ok and *total counted. */
static void check_log(const char *name, int *ok, int *total, int *bad)
{
	char path[512], line[1024], got[512];
	struct ms_explain *e = explain__new(NULL);
	struct ms_diag d = {};
	int n_ok = 0, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), CORPUS "%s.log", name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(explain__feed_file(e, f, path, &d), 0);
	fclose(f);
	explain__finish(e);
	snprintf(path, sizeof(path), CORPUS "%s.facts", name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *key = line, *dot;
		const struct ex_report *r;
		int idx;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		n++;
		if (!strcmp(key, "reports")) {
			snprintf(got, sizeof(got), "%d", explain__count(e));
		} else {
			idx = (int)strtol(key, &dot, 10);
			r = explain__report(e, idx - 1);
			if (*dot != '.' || !r) {
				snprintf(got, sizeof(got), "(no report %d)", idx);
			} else if (!value_of(r, dot + 1, got, sizeof(got))) {
				fail_msg("%s: unknown fact key %s", name, key);
			}
		}
		if (!strcmp(got, eq + 1)) {
			n_ok++;
		} else {
			printf("#   %s: %s = '%s', decoded '%s'\n", name, key, eq + 1, got);
			(*bad)++;
		}
	}
	fclose(f);
	printf("# %-48s %3d/%-3d %s\n", name, n_ok, n, n_ok == n ? "" : "MISSING");
	*ok += n_ok;
	*total += n;
	explain__free(e);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus(void **state)
{
	char *names[256];
	int n = 0, i, ok = 0, total = 0, bad = 0;
	struct dirent *de;
	DIR *dir = opendir(CORPUS);

	(void)state;
	assert_non_null(dir);
	while ((de = readdir(dir)) && n < 256) {
		size_t len = strlen(de->d_name);

		if (len > 4 && !strcmp(de->d_name + len - 4, ".log"))
			names[n++] = strndup(de->d_name, len - 4);
	}
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	printf("# %-48s %s\n", "log", "facts decoded/total");
	for (i = 0; i < n; i++) {
		check_log(names[i], &ok, &total, &bad);
		free(names[i]);
	}
	printf("# corpus: %d logs, %d/%d facts decoded\n", n, ok, total);
	assert_true(n >= 30);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
