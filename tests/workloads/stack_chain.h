/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall-wl-stack --chain as a child process, for the tests and benches
 * that symbolize a live process's user frames (tests/unit/test_stacks.c,
 * bench/stacks_sym.c): its stdin a pipe (closing it ends the child), its
 * first stdout line the frame-pointer chain {"pid":N,"ips":["0x..",...]}.
 */
#ifndef MS_STACK_CHAIN_H
#define MS_STACK_CHAIN_H

#include <stddef.h>
#include <stdio.h>

struct stack_chain {
	int pid;
	int to; /* the child's stdin (write end) */
	FILE *from; /* the child's stdout */
};

/* Start bin (a memstall-wl-stack) with --chain and read its chain line
 * into line. 0, or -1 with nothing left running. */
int stack_chain__start(struct stack_chain *c, const char *bin, char *line, size_t len);
/* Close the child's stdin, wait for it to exit, close its stdout. */
void stack_chain__stop(struct stack_chain *c);

#endif
