// SPDX-License-Identifier: GPL-2.0
/* Load and attach bench/empty.bpf.o until SIGINT/SIGTERM (the cost floor). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static volatile sig_atomic_t stop;

static void on_sig(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *p;
	int n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s empty.bpf.o\n", argv[0]);
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program(p, obj)
	{
		if (bpf_program__attach(p))
			n++;
	}
	fprintf(stderr, "attached %d empty programs\n", n);
	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	while (!stop)
		pause();
	bpf_object__close(obj);
	return 0;
}
