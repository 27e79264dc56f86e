// SPDX-License-Identifier: GPL-2.0
/* memstall stacks: the folded-stack model, kallsyms lookup (a fake
 * kallsyms file), the stall-by-stack map folded into stacks (a real BPF
 * map, fake stacks), user symbolization of a live test binary with a known
 * call chain (memstall-wl-stack --chain), and the flame graph's SVG. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "memstall.h"
#include "host/ksyms.h"
#include "host/usyms.h"
#include "model/stackread.h"
#include "model/stacks.h"
#include "model/stacks_out.h"
#include "output/flame.h"
#include "stack_chain.h"

static void test_fold(void **state)
{
	const char *a[] = { "wl", "main", "fill_cache", "read_chunk", "try_to_free_[k]" };
	const char *b[] = { "wl", "main", "x;y\nz" };
	struct stacks_model *m = stacks__new();
	char buf[4096];
	FILE *f;

	(void)state;
	assert_non_null(m);
	assert_int_equal(stacks__add(m, a, 5, 1500, 1), 0);
	assert_int_equal(stacks__add(m, b, 3, 40000, 2), 0);
	assert_int_equal(stacks__add(m, a, 5, 2600, 3), 0); /* merges */
	assert_int_equal(stacks__add_folded(m, "wl;main;x:y z", 1, 1), 0); /* b, folded */
	assert_int_equal(stacks__nrows(m), 2);
	stacks__sort(m);
	assert_string_equal(stacks__row(m, 0)->folded, "wl;main;x:y z");
	assert_int_equal(stacks__row(m, 0)->ns, 40001);
	assert_int_equal(stacks__row(m, 1)->count, 4);
	assert_int_equal(stacks__total_ns(m), 44101);
	assert_int_equal(stacks__total_count(m), 7);
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(stacks__write_folded(m, f, false), 0);
	fclose(f);
	/* microseconds, rounded */
	assert_string_equal(buf,
			    "wl;main;x:y z 40\nwl;main;fill_cache;read_chunk;try_to_free_[k] 4\n");
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(stacks__write_folded(m, f, true), 0);
	fclose(f);
	assert_string_equal(buf,
			    "wl;main;x:y z 3\nwl;main;fill_cache;read_chunk;try_to_free_[k] 4\n");
	stacks__free(m);
}

static const char fake_kallsyms[] = "ffffffff81000000 T _stext\n"
				    "ffffffff81200000 t handle_mm_fault\n"
				    "ffffffff81100000 T try_to_free_mem_cgroup_pages\n"
				    "ffffffff81300000 D some_data\n"
				    "ffffffff81400000 T bpf_trace_run2\n"
				    "ffffffff81500000 t __bpf_trace_mm_vmscan_memcg_reclaim_begin\n"
				    "ffffffffc0000000 t mod_fn\t[somemod]\n";

static char *write_tmp(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/memstall-ut-ksyms.XXXXXX");
	f = fdopen(mkstemp(path), "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_kallsyms(void **state)
{
	char *path = write_tmp(fake_kallsyms);
	struct ksyms *k;
	uint64_t off;
	int err;

	(void)state;
	k = ksyms__load(path, &err);
	assert_non_null(k);
	assert_int_equal(ksyms__count(k), 6); /* text symbols only */
	assert_string_equal(ksyms__find(k, 0xffffffff81100010ull, &off),
			    "try_to_free_mem_cgroup_pages");
	assert_int_equal(off, 0x10);
	assert_string_equal(ksyms__find(k, 0xffffffff81200000ull, NULL), "handle_mm_fault");
	/* data symbols are not frames: the text symbol below them */
	assert_string_equal(ksyms__find(k, 0xffffffff81300010ull, NULL), "handle_mm_fault");
	assert_string_equal(ksyms__find(k, 0xffffffffc0000100ull, NULL), "mod_fn");
	assert_null(ksyms__find(k, 0xffffffff80000000ull, NULL));
	ksyms__free(k);
	unlink(path);
	/* kptr_restrict: every address 0 */
	path = write_tmp("0000000000000000 T _stext\n0000000000000000 t handle_mm_fault\n");
	assert_null(ksyms__load(path, &err));
	assert_int_equal(err, -EPERM);
	unlink(path);
	assert_null(ksyms__load("/nonexistent/kallsyms", &err));
	assert_int_equal(err, -ENOENT);
}

/* fake stack ids: 1 = a kernel stack (innermost first, with the tracing
 * frames on top), 2 = a user stack */
static int fake_ips(void *ctx, int id, uint64_t *ips, int max)
{
	static const uint64_t k[] = { 0xffffffff81500010ull, 0xffffffff81400010ull,
				      0xffffffff81100020ull, 0xffffffff81200030ull };
	(void)ctx;
	if (id == 1 && max >= 4) {
		memcpy(ips, k, sizeof(k));
		return 4;
	}
	return -ENOENT;
}

static void test_collect(void **state)
{
	char *path = write_tmp(fake_kallsyms);
	struct stacks_model *m = stacks__new();
	struct stackread_stats st;
	struct ms_skey key = { .kind = MS_KIND_MEMCG, .kstack = 1, .ustack = -1 };
	int ncpu = libbpf_num_possible_cpus(), fd, err;
	struct ms_sval *v = calloc(ncpu, sizeof(*v));
	struct stackread_opts o = { .by = MS_BY_COMM,
				    .kinds = 1u << MS_KIND_MEMCG,
				    .ips = fake_ips };
	struct ksyms *k = ksyms__load(path, &err);
	char list[256];
	uint64_t ips[4];

	(void)state;
	fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, NULL, sizeof(key), sizeof(*v), 16, NULL);
	if (fd < 0) {
		unlink(path);
		skip(); /* needs root (CAP_BPF) */
	}
	o.ksyms = k;
	strcpy(key.comm, "wl");
	v[0].count = 2;
	v[0].total_ns = 3000;
	v[ncpu - 1].count += 1;
	v[ncpu - 1].total_ns += 1000;
	assert_int_equal(bpf_map_update_elem(fd, &key, v, BPF_ANY), 0);
	key.kind = MS_KIND_DIRECT; /* a kind not asked for */
	assert_int_equal(bpf_map_update_elem(fd, &key, v, BPF_ANY), 0);
	assert_int_equal(stackread__collect(fd, &o, m, &st), 0);
	assert_int_equal(stacks__nrows(m), 1);
	/* root first; the tracing frames (bpf_trace_run2, __bpf_trace_*) gone */
	assert_string_equal(stacks__row(m, 0)->folded,
			    "wl;handle_mm_fault_[k];try_to_free_mem_cgroup_pages_[k]");
	assert_int_equal(stacks__row(m, 0)->ns, 4000);
	assert_int_equal(stacks__row(m, 0)->count, 3);
	fake_ips(NULL, 1, ips, 4);
	assert_int_equal(stackread__kernel_list(k, ips, 4, list, sizeof(list)), 2);
	assert_string_equal(list, "try_to_free_mem_cgroup_pages|handle_mm_fault");
	close(fd);
	free(v);
	ksyms__free(k);
	stacks__free(m);
	unlink(path);
}

/* record --stacks: one generation of the map read, or deleted with the
 * stack ids only it held (an ids map stands in for the stack map). */
static void test_gen(void **state)
{
	struct stacks_model *m = stacks__new();
	struct stackread_stats st;
	struct ms_skey a = { .kind = MS_KIND_MEMCG, .kstack = 1, .ustack = -1 };
	struct ms_skey b = a, c = a;
	int ncpu = libbpf_num_possible_cpus(), fd, ids;
	struct ms_sval *v = calloc(ncpu, sizeof(*v));
	struct stackread_opts o = { .by = MS_BY_COMM,
				    .kinds = 1u << MS_KIND_MEMCG,
				    .ips = fake_ips,
				    .one_gen = true,
				    .gen = 1 };
	__u64 one = 1;
	__u32 id;

	(void)state;
	fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, NULL, sizeof(a), sizeof(*v), 16, NULL);
	ids = bpf_map_create(BPF_MAP_TYPE_HASH, NULL, 4, 8, 16, NULL);
	if (fd < 0 || ids < 0)
		skip(); /* needs root (CAP_BPF) */
	for (id = 1; id <= 3; id++)
		assert_int_equal(bpf_map_update_elem(ids, &id, &one, BPF_ANY), 0);
	/* generation 0: stacks 1 and 2; generation 1: stack 2 and user stack 3 */
	strcpy(a.comm, "old");
	b = a;
	b.kstack = 2;
	strcpy(c.comm, "new");
	c.gen = 1;
	c.kstack = 2;
	c.ustack = 3;
	v[0].count = 1;
	v[0].total_ns = 1000;
	assert_int_equal(bpf_map_update_elem(fd, &a, v, BPF_ANY), 0);
	assert_int_equal(bpf_map_update_elem(fd, &b, v, BPF_ANY), 0);
	v[0].count = 7;
	assert_int_equal(bpf_map_update_elem(fd, &c, v, BPF_ANY), 0);
	assert_int_equal(stackread__collect(fd, &o, m, &st), 0);
	assert_int_equal(st.keys, 1);
	assert_int_equal(stacks__nrows(m), 1);
	assert_int_equal(stacks__row(m, 0)->count, 7);
	/* generation 0 gone, and stack 1 with it; 2 and 3 are still held */
	assert_int_equal(stackread__clear(fd, ids, 0), 0);
	assert_int_equal(bpf_map_lookup_elem(fd, &a, v), -ENOENT);
	assert_int_equal(bpf_map_lookup_elem(fd, &b, v), -ENOENT);
	assert_int_equal(bpf_map_lookup_elem(fd, &c, v), 0);
	id = 1;
	assert_int_equal(bpf_map_lookup_elem(ids, &id, &one), -ENOENT);
	for (id = 2; id <= 3; id++)
		assert_int_equal(bpf_map_lookup_elem(ids, &id, &one), 0);
	/* every key (gen < 0): the map empty, its stacks deleted */
	assert_int_equal(stackread__clear(fd, ids, -1), 0);
	assert_int_equal(bpf_map_get_next_key(fd, NULL, &a), -ENOENT);
	assert_int_equal(bpf_map_get_next_key(ids, NULL, &id), -ENOENT);
	close(fd);
	close(ids);
	free(v);
	stacks__free(m);
}

/* The test binary's read_chunk -> fill_cache -> main, from its own frame
 * pointers, symbolized while it lives (static, non-PIE; ASLR of shared
 * objects is libdwfl's through /proc/PID/maps). */
static void test_usyms(void **state)
{
	const char *out = getenv("OUTPUT") ? getenv("OUTPUT") : ".output";
	const char *want[] = { "read_chunk", "fill_cache", "main" };
	char bin[512], line[512], name[128];
	unsigned long long ips[3];
	struct stack_chain sc;
	struct usyms *u;
	int i, pid;

	(void)state;
	snprintf(bin, sizeof(bin), "%s/memstall-wl-stack", out);
	if (access(bin, X_OK))
		skip(); /* make builds it */
	assert_int_equal(stack_chain__start(&sc, bin, line, sizeof(line)), 0);
	pid = sc.pid;
	assert_int_equal(sscanf(line, "{\"pid\":%d,\"ips\":[\"%llx\",\"%llx\",\"%llx\"]}", &i,
				&ips[0], &ips[1], &ips[2]),
			 4);
	u = usyms__new(2);
	assert_int_equal(usyms__note_pid(u, pid), 0);
	stack_chain__stop(&sc); /* the process exits: symbols stay */
	for (i = 0; i < 3; i++)
		assert_string_equal(
			usyms__find(u, pid, i ? ips[i] - 1 : ips[i], name, sizeof(name)), want[i]);
	assert_string_equal(usyms__find(u, pid, 0x10, name, sizeof(name)), "[unknown]");
	assert_string_equal(usyms__find(u, 999999999, ips[0], name, sizeof(name)), "[unknown]");
	/* bounded: a third process evicts the least recently used */
	usyms__note_pid(u, getpid());
	usyms__note_pid(u, getppid());
	assert_int_equal(usyms__procs(u), 2);
	assert_string_equal(usyms__find(u, pid, ips[0], name, sizeof(name)), "[unknown]");
	usyms__free(u);
}

/* count occurrences of needle */
static int count_of(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

static double attr(const char *p, const char *name)
{
	char key[32];

	snprintf(key, sizeof(key), " %s=\"", name);
	p = strstr(p, key);
	assert_non_null(p);
	return atof(p + strlen(key));
}

static void test_svg(void **state)
{
	const char *s1[] = { "a", "main", "f_[k]" };
	const char *s2[] = { "a", "main", "g" };
	const char *s3[] = { "b", "x<&>" };
	struct flame *f = flame__new();
	char *buf = NULL, *p;
	size_t len = 0;
	double fw, w_root, w;
	FILE *out;

	(void)state;
	flame__add(f, s1, 3, 300);
	flame__add(f, s2, 3, 100);
	flame__add(f, s3, 2, 600);
	assert_int_equal(flame__total(f), 1000);
	assert_int_equal(flame__nodes(f), 6); /* a, main, f, g, b, x */
	out = open_memstream(&buf, &len);
	assert_int_equal(flame__write_svg(f, out,
					  &(struct flame_opts){
						  .title = "t & t", .unit = "us", .width = 1020 }),
			 0);
	fclose(out);
	/* one rect per frame (+ the background), names escaped */
	assert_int_equal(count_of(buf, "<g class=\"f\""), 7);
	assert_int_equal(count_of(buf, "<rect "), 8);
	assert_non_null(strstr(buf, "x&lt;&amp;&gt;"));
	assert_non_null(strstr(buf, "t &amp; t"));
	assert_null(strstr(buf, "x<&>"));
	fw = attr(buf, "data-fw");
	assert_true(fw == 1000);
	/* widths proportional: root 1000 px, "b" 600, "main" 400, "g" 100 */
	p = strstr(buf, "<g class=\"f\"");
	w_root = attr(strstr(p, "<rect"), "width");
	assert_true(w_root > 999.9 && w_root < 1000.1);
	w = attr(strstr(strstr(buf, "<title>b ("), "<rect"), "width");
	assert_true(w > 599.9 && w < 600.1);
	w = attr(strstr(strstr(buf, "<title>main ("), "<rect"), "width");
	assert_true(w > 399.9 && w < 400.1);
	w = attr(strstr(strstr(buf, "<title>g ("), "<rect"), "width");
	assert_true(w > 99.9 && w < 100.1);
	/* kernel frames warm (red > blue), user frames cool (blue > red) */
	{
		int r, g, b;

		p = strstr(strstr(buf, "<title>f_[k] ("), "fill=\"rgb(");
		assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
		assert_true(r > b);
		p = strstr(strstr(buf, "<title>g ("), "fill=\"rgb(");
		assert_int_equal(sscanf(p, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
		assert_true(b > r);
	}
	assert_non_null(strstr(buf, "<script"));
	assert_non_null(strstr(buf, "-search"));
	free(buf);
	flame__free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),	cmocka_unit_test(test_kallsyms),
		cmocka_unit_test(test_collect), cmocka_unit_test(test_usyms),
		cmocka_unit_test(test_svg),	cmocka_unit_test(test_gen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
