// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "kernel/parload.h"

#define PL_MAX_JOBS 64
#define PL_MAX_THREADS 4
#define PL_MAX_BINDS 4

struct pl_job {
	enum bpf_prog_type type;
	const char *name, *license; /* the object's: alive until it closes */
	const struct bpf_insn *insns;
	size_t cnt;
	struct bpf_prog_load_opts opts; /* a copy; what it points to is the object's */
	int placeholder; /* the fd libbpf was given */
	int fd; /* the program's; -errno if it failed */
	int binds[PL_MAX_BINDS]; /* maps libbpf asked to bind (its .rodata) */
	int nbinds;
};

struct parload {
	const struct bpf_object *obj;
	pthread_mutex_t lock;
	pthread_cond_t more; /* a job queued, or stop */
	struct pl_job job[PL_MAX_JOBS];
	int njobs, next;
	bool stop, finished;
	pthread_t th[PL_MAX_THREADS];
	int nth;
	int devnull; /* placeholders are copies of it */
	int err;
};

/* The armed parload: the wrappers below are called by libbpf, through the
 * linker, with no context of ours. Set and cleared by this file only. */
static struct parload *armed;

int __real_bpf_prog_load(enum bpf_prog_type type, const char *name, const char *license,
			 const struct bpf_insn *insns, size_t cnt,
			 const struct bpf_prog_load_opts *opts);
int __wrap_bpf_prog_load(enum bpf_prog_type type, const char *name, const char *license,
			 const struct bpf_insn *insns, size_t cnt,
			 const struct bpf_prog_load_opts *opts);
int __real_bpf_prog_bind_map(int prog_fd, int map_fd, const struct bpf_prog_bind_opts *opts);
int __wrap_bpf_prog_bind_map(int prog_fd, int map_fd, const struct bpf_prog_bind_opts *opts);

/* The queued job of the most instructions first (lock held): the longest
 * verifications start early, the short ones fill in at the end. */
static void pick_longest(struct parload *p)
{
	struct pl_job tmp;
	int i, best = p->next;

	for (i = p->next + 1; i < p->njobs; i++)
		if (p->job[i].cnt > p->job[best].cnt)
			best = i;
	if (best == p->next)
		return;
	tmp = p->job[p->next];
	p->job[p->next] = p->job[best];
	p->job[best] = tmp;
}

static void *worker(void *arg)
{
	struct parload *p = arg;
	struct pl_job *j;
	int fd;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->next == p->njobs && !p->stop)
			pthread_cond_wait(&p->more, &p->lock);
		if (p->next == p->njobs)
			break;
		pick_longest(p);
		j = &p->job[p->next++];
		pthread_mutex_unlock(&p->lock);
		fd = __real_bpf_prog_load(j->type, j->name, j->license, j->insns, j->cnt, &j->opts);
		pthread_mutex_lock(&p->lock);
		/* libbpf 1.1 returns -errno (and sets errno) */
		j->fd = fd >= 0 ? fd : fd != -1 ? fd : errno ? -errno : -EINVAL;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* One of the armed object's programs (by name: libbpf's probes are not). */
static bool ours(const struct parload *p, const char *name)
{
	struct bpf_program *prog;

	bpf_object__for_each_program (prog, (struct bpf_object *)p->obj)
		if (!strcmp(bpf_program__name(prog), name))
			return true;
	return false;
}

int __wrap_bpf_prog_load(enum bpf_prog_type type, const char *name, const char *license,
			 const struct bpf_insn *insns, size_t cnt,
			 const struct bpf_prog_load_opts *opts)
{
	struct parload *p = armed;
	struct pl_job *j;
	int ph;

	/* in line: not armed, not ours, a load that wants its log */
	if (!p || !name || (opts && (opts->log_level || opts->log_buf)) || !ours(p, name))
		return __real_bpf_prog_load(type, name, license, insns, cnt, opts);
	pthread_mutex_lock(&p->lock);
	ph = p->njobs < PL_MAX_JOBS ? fcntl(p->devnull, F_DUPFD_CLOEXEC, 3) : -1;
	if (ph < 0) {
		pthread_mutex_unlock(&p->lock);
		return __real_bpf_prog_load(type, name, license, insns, cnt, opts);
	}
	j = &p->job[p->njobs];
	memset(j, 0, sizeof(*j));
	j->type = type;
	j->name = name;
	j->license = license;
	j->insns = insns;
	j->cnt = cnt;
	if (opts)
		memcpy(&j->opts, opts, opts->sz < sizeof(j->opts) ? opts->sz : sizeof(j->opts));
	j->opts.sz = sizeof(j->opts);
	j->placeholder = ph;
	p->njobs++;
	pthread_cond_signal(&p->more);
	pthread_mutex_unlock(&p->lock);
	return ph;
}

int __wrap_bpf_prog_bind_map(int prog_fd, int map_fd, const struct bpf_prog_bind_opts *opts)
{
	struct parload *p = armed;
	int i;

	if (p) {
		pthread_mutex_lock(&p->lock);
		for (i = 0; i < p->njobs; i++) {
			struct pl_job *j = &p->job[i];

			if (j->placeholder != prog_fd || j->nbinds >= PL_MAX_BINDS)
				continue;
			j->binds[j->nbinds++] = map_fd; /* bound in parload__finish */
			pthread_mutex_unlock(&p->lock);
			return 0;
		}
		pthread_mutex_unlock(&p->lock);
	}
	return __real_bpf_prog_bind_map(prog_fd, map_fd, opts);
}

struct parload *parload__new(const struct bpf_object *obj, int nthreads)
{
	struct parload *p;

	if (nthreads < 2 || armed)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->obj = obj;
	p->devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->more, NULL);
	if (nthreads > PL_MAX_THREADS)
		nthreads = PL_MAX_THREADS;
	while (p->devnull >= 0 && p->nth < nthreads &&
	       !pthread_create(&p->th[p->nth], NULL, worker, p))
		p->nth++;
	if (!p->nth) {
		parload__free(p);
		return NULL;
	}
	armed = p;
	return p;
}

/* Wait for the workers; keep: each program loaded takes its placeholder's
 * fd (else they are closed: libbpf's load failed and closed the
 * placeholders, whose numbers may be reused already). */
int parload__finish(struct parload *p, bool keep)
{
	int i, k, err = 0;

	if (!p || p->finished)
		return p ? p->err : 0;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	armed = NULL;
	for (i = 0; i < p->njobs; i++) {
		struct pl_job *j = &p->job[i];

		if (j->fd < 0) {
			err = err ?: j->fd;
			continue;
		}
		if (keep && dup3(j->fd, j->placeholder, O_CLOEXEC) < 0)
			err = err ?: -errno;
		close(j->fd);
		if (!keep)
			continue;
		/* as libbpf does: a program that cannot bind its .rodata
		 * still works (it holds the map through its instructions) */
		for (k = 0; k < j->nbinds; k++)
			__real_bpf_prog_bind_map(j->placeholder, j->binds[k], NULL);
	}
	p->finished = true;
	p->err = err;
	return err;
}

void parload__free(struct parload *p)
{
	if (!p)
		return;
	parload__finish(p, false);
	if (p->devnull >= 0)
		close(p->devnull);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
