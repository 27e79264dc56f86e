// SPDX-License-Identifier: GPL-2.0
/*
 * Per-program verification cost of a BPF object: each program loaded alone
 * (every other one's autoload off), with the kernel's verifier statistics
 * (log level 4: "verification time N usec", "processed N insns"). Maps and
 * rodata as the object declares them. Root.
 *
 *   .output/bench-verify .output/memstall.bpf.o [NAME...]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level l, const char *f, va_list a)
{
	(void)l;
	(void)f;
	(void)a;
	return 0;
}

static long stat_after(const char *log, const char *key)
{
	const char *p = strstr(log, key);

	return p ? atol(p + strlen(key)) : -1;
}

static int wanted(const char *name, int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return argc <= 2;
}

/* VERIFY_LOG=DIR: each program's whole verifier log (level 2: every
 * instruction as the verifier walks it) into DIR/NAME.log, to see where the
 * processed instructions go (tally the "N: (" lines by N). */
static char big[64 << 20];

static void dump(const char *name, const char *log)
{
	const char *dir = getenv("VERIFY_LOG");
	char *path;
	FILE *f;

	if (!dir || asprintf(&path, "%s/%s.log", dir, name) < 0)
		return;
	f = fopen(path, "w");
	free(path);
	if (!f)
		return;
	fputs(log, f);
	fclose(f);
}

static int one(const char *path, const char *name)
{
	static char small[1 << 16];
	char *log = getenv("VERIFY_LOG") ? big : small;
	size_t len = getenv("VERIFY_LOG") ? sizeof(big) : sizeof(small);
	struct bpf_object *o = bpf_object__open_file(path, NULL);
	struct bpf_program *p;
	int err;

	if (!o)
		return -1;
	bpf_object__for_each_program (p, o) {
		int me = !strcmp(bpf_program__name(p), name);

		bpf_program__set_autoload(p, me);
		if (me) {
			bpf_program__set_log_buf(p, log, len);
			bpf_program__set_log_level(p, getenv("VERIFY_LOG") ? 2 | 4 : 4);
		}
	}
	log[0] = '\0';
	err = bpf_object__load(o);
	printf("| %s | %s | %ld | %ld |\n", name, err ? "rejected" : "ok",
	       stat_after(log, "verification time "), stat_after(log, "processed "));
	dump(name, log);
	bpf_object__close(o);
	return err;
}

int main(int argc, char **argv)
{
	struct bpf_object *o;
	struct bpf_program *p;
	char names[256][64];
	int n = 0, i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJECT.bpf.o [PROGRAM...]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	o = bpf_object__open_file(argv[1], NULL);
	if (!o) {
		fprintf(stderr, "%s: cannot open\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program (p, o)
		if (n < 256)
			snprintf(names[n++], sizeof(names[0]), "%s", bpf_program__name(p));
	bpf_object__close(o);
	printf("| program | load | verification time (us) | processed insns "
	       "|\n|---|---|---|---|\n");
	for (i = 0; i < n; i++)
		if (wanted(names[i], argc, argv))
			one(argv[1], names[i]);
	return 0;
}
