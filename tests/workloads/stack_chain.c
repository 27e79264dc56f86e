// SPDX-License-Identifier: GPL-2.0
#include <unistd.h>
#include <sys/wait.h>
#include "stack_chain.h"

int stack_chain__start(struct stack_chain *c, const char *bin, char *line, size_t len)
{
	int to[2], from[2];

	c->pid = -1;
	c->to = -1;
	c->from = NULL;
	if (pipe(to))
		return -1;
	if (pipe(from)) {
		close(to[0]);
		close(to[1]);
		return -1;
	}
	c->pid = fork();
	if (!c->pid) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[1]);
		close(from[0]);
		execl(bin, bin, "--chain", (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	c->to = to[1];
	c->from = fdopen(from[0], "r");
	if (!c->from)
		close(from[0]);
	if (c->pid < 0 || !c->from || !fgets(line, (int)len, c->from)) {
		stack_chain__stop(c);
		return -1;
	}
	return 0;
}

void stack_chain__stop(struct stack_chain *c)
{
	if (c->to >= 0)
		close(c->to);
	if (c->pid > 0)
		waitpid(c->pid, NULL, 0);
	if (c->from)
		fclose(c->from);
	c->to = c->pid = -1;
	c->from = NULL;
}
