// SPDX-License-Identifier: GPL-2.0
/*
 * memstall-wl-memcg: a workload that stalls in memcg-limit reclaim.
 *
 * Makes a throwaway memory cgroup (v1 "memory" hierarchy, or cgroup2 where
 * the controller lives there) with a small limit, moves a child into it and
 * drives pressure:
 *   --mode file  re-reads a file larger than the limit (page-cache reclaim)
 *   --mode anon  touches anonymous memory beyond the limit (ends in an OOM kill)
 *   --mode forks forks short-lived readers (--jobs at a time), each reading
 *                2 MiB of the file and exiting: many distinct stalling tasks
 *                (bench/top.sh); prints {"tasks":N} at the end
 *   --written    the file gets real blocks (reads bound by the disk; slow to
 *                make) instead of being sparse
 *   --bystander MS  a second, idle task in the cgroup (oom_score_adj -1000,
 *                never the victim) that outlives the child by MS ms: what an
 *                OOM domain's snapshot finds once the victim is gone
 * Prints one JSON line when the child runs:
 *   {"pid":N,"comm":"...","cgroup":"/path/in/hierarchy","cgroup_dir":"...","version":1,
 *    ...,"bystander":N or 0}
 * and removes the cgroup when done. Exit status 0 on success.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include "wl_common.h"

struct wl_opts {
	const char *mode;
	const char *dir;
	const char *comm;
	const char *parent; /* cgroup to create ours under (relative path) */
	long limit_mb;
	long file_mb;
	long anon_mb;
	double seconds;
	long jobs; /* forks mode: readers at a time */
	long bystander_ms; /* 0: none */
	int written; /* the file with real blocks, not sparse */
};

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	return 0;
}

/* Memory hierarchy root and version from /proc/self/mountinfo. */
static int find_root(char *root, size_t len)
{
	char line[1024], v2[256] = "";
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int ver = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char mnt[256], fstype[64], opts[512];
		char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %511s", fstype, opts) != 2)
			continue;
		if (!strcmp(fstype, "cgroup") && strstr(opts, "memory") && !ver) {
			snprintf(root, len, "%s", mnt);
			ver = 1;
		} else if (!strcmp(fstype, "cgroup2") && !v2[0]) {
			snprintf(v2, sizeof(v2), "%s", mnt);
		}
	}
	fclose(f);
	if (!ver && v2[0]) {
		snprintf(root, len, "%s", v2);
		ver = 2;
	}
	return ver;
}

/*
 * The file the readers re-read. Sparse by default: reading a hole still puts
 * a zeroed page in the page cache, charged to the reader's memcg, so the
 * reclaim is the same, and the file is made at once. Writing 256 MiB and
 * syncing took 0.1-2.2 s here, so a tracer with a fixed window (top -n,
 * hist -d, snoop -d) sometimes ended before the reads began. --written
 * keeps real blocks (reads bound by the disk, as before).
 */
static int make_file(const char *path, long mb, int written)
{
	static char block[1 << 20];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	long i;

	if (fd < 0)
		return -errno;
	if (!written) {
		int err = ftruncate(fd, mb << 20) ? -errno : 0;

		close(fd);
		return err;
	}
	memset(block, 'm', sizeof(block));
	for (i = 0; i < mb; i++) {
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block)) {
			close(fd);
			return -EIO;
		}
	}
	fsync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	return 0;
}

/* tmpfs and ramfs read holes from the zero page and keep written pages
 * charged to the writer: no reclaim in the reader's memcg either way */
static int dir_caches_reads(const char *dir)
{
	struct statfs st;

	if (statfs(dir, &st))
		return 0; /* making the file will say why */
	return st.f_type == TMPFS_MAGIC || st.f_type == RAMFS_MAGIC ? -EMEDIUMTYPE : 0;
}

static void run_file(const char *path, double seconds)
{
	static char buf[1 << 16];
	double end = now_s() + seconds;
	int fd;

	while (now_s() < end) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(1);
		while (read(fd, buf, sizeof(buf)) > 0 && now_s() < end)
			;
		close(fd);
	}
	_exit(0);
}

static void run_forks(const char *path, long file_mb, long jobs, double seconds)
{
	static char buf[1 << 16];
	double end = now_s() + seconds;
	long tasks = 0, running = 0, slices = file_mb / 2 > 0 ? file_mb / 2 : 1;
	pid_t p;

	while (now_s() < end) {
		for (; running >= jobs && wait(NULL) > 0; running--)
			;
		p = fork();
		if (p < 0) {
			msleep(10);
			continue;
		}
		if (!p) {
			off_t off = (off_t)(tasks % slices) << 21, done;
			int fd = open(path, O_RDONLY | O_CLOEXEC);

			if (fd < 0)
				_exit(1);
			for (done = 0; done < (1 << 21); done += sizeof(buf))
				if (pread(fd, buf, sizeof(buf), off + done) <= 0)
					break;
			_exit(0);
		}
		tasks++;
		running++;
	}
	while (wait(NULL) > 0)
		;
	printf("{\"tasks\":%ld}\n", tasks);
	fflush(stdout);
	_exit(0);
}

static void run_anon(long mb, double seconds)
{
	double end = now_s() + seconds;
	size_t len = (size_t)mb << 20, off;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(1);
	for (off = 0; off < len; off += 4096)
		p[off] = 1; /* the OOM killer ends us here when mb > limit */
	while (now_s() < end)
		msleep(10);
	_exit(0);
}

/* An idle task in cgroup directory cg that the OOM killer never picks; its
 * pid, or 0 if it could not be started or moved. */
static pid_t start_bystander(const char *cg)
{
	char path[700], num[32];
	pid_t pid = fork();

	if (pid < 0)
		return 0;
	if (!pid) {
		prctl(PR_SET_NAME, "wl-bystander", 0, 0, 0);
		write_str("/proc/self/oom_score_adj", "-1000");
		for (;;)
			pause();
	}
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(num, sizeof(num), "%d", (int)pid);
	if (write_str(path, num)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 0;
	}
	return pid;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: memstall-wl-memcg [--mode file|anon|forks] [--limit-mb 64] [--file-mb "
		   "256]\n"
		   "       [--anon-mb 128] [--seconds 5] [--dir DIR] [--comm NAME] "
		   "[--parent CGROUP] [--jobs 8]\n"
		   "       [--bystander MS] [--written]\n");
}

static int parse(int argc, char **argv, struct wl_opts *o)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "limit-mb", required_argument, NULL, 'l' },
		{ "file-mb", required_argument, NULL, 'f' },
		{ "anon-mb", required_argument, NULL, 'a' },
		{ "seconds", required_argument, NULL, 's' },
		{ "dir", required_argument, NULL, 'd' },
		{ "comm", required_argument, NULL, 'c' },
		{ "parent", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "bystander", required_argument, NULL, 'b' },
		{ "written", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	*o = (struct wl_opts){ "file", "/var/tmp", "memstall-wl", "", 64, 256, 128, 5.0, 8, 0, 0 };
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'm':
			o->mode = optarg;
			break;
		case 'l':
			o->limit_mb = atol(optarg);
			break;
		case 'f':
			o->file_mb = atol(optarg);
			break;
		case 'a':
			o->anon_mb = atol(optarg);
			break;
		case 's':
			o->seconds = atof(optarg);
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'c':
			o->comm = optarg;
			break;
		case 'p':
			o->parent = optarg;
			break;
		case 'j':
			o->jobs = atol(optarg);
			break;
		case 'b':
			o->bystander_ms = atol(optarg);
			break;
		case 'w':
			o->written = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if ((strcmp(o->mode, "file") && strcmp(o->mode, "anon") && strcmp(o->mode, "forks")) ||
	    o->limit_mb <= 0 || o->file_mb <= 0 || o->anon_mb <= 0 || o->seconds <= 0 ||
	    o->jobs <= 0 || o->bystander_ms < 0) {
		usage(stderr);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char root[256], cg[600], rel[300], path[700], file[512], num[64];
	struct wl_opts o;
	int ver, status = 0, rc = 1, sync_pipe[2];
	pid_t child, bystander = 0;

	if (parse(argc, argv, &o))
		return 2;
	ver = find_root(root, sizeof(root));
	if (!ver) {
		fprintf(stderr, "memstall-wl-memcg: no memory cgroup hierarchy mounted\n");
		return 1;
	}
	if (ver == 2) { /* the controller must be on in the parent's subtree */
		snprintf(path, sizeof(path), "%s%s/cgroup.subtree_control", root, o.parent);
		write_str(path, "+memory");
	}
	snprintf(rel, sizeof(rel), "%s/memstall-wl-%d", o.parent, (int)getpid());
	snprintf(cg, sizeof(cg), "%s%s", root, rel);
	if (mkdir(cg, 0755)) {
		fprintf(stderr, "memstall-wl-memcg: mkdir %s: %s (run as root)\n", cg,
			strerror(errno));
		return 1;
	}
	snprintf(num, sizeof(num), "%ld", o.limit_mb << 20);
	snprintf(path, sizeof(path), "%s/%s", cg,
		 ver == 1 ? "memory.limit_in_bytes" : "memory.max");
	if (write_str(path, num)) {
		fprintf(stderr, "memstall-wl-memcg: cannot set %s: %s\n", path, strerror(errno));
		goto out_rmdir;
	}
	if (ver == 2) {
		snprintf(path, sizeof(path), "%s/memory.swap.max", cg);
		write_str(path, "0"); /* anon pressure must not just swap */
	}
	snprintf(file, sizeof(file), "%s/memstall-wl-%d.dat", o.dir, (int)getpid());
	if (strcmp(o.mode, "anon") && dir_caches_reads(o.dir)) {
		fprintf(stderr,
			"memstall-wl-memcg: %s is tmpfs/ramfs, which does not reclaim what the "
			"reader reads; use --dir on a disk filesystem\n",
			o.dir);
		goto out_rmdir;
	}
	if (strcmp(o.mode, "anon") && make_file(file, o.file_mb, o.written)) {
		fprintf(stderr, "memstall-wl-memcg: cannot write %s: %s\n", file, strerror(errno));
		goto out_rmdir;
	}
	if (o.bystander_ms && !(bystander = start_bystander(cg))) {
		fprintf(stderr, "memstall-wl-memcg: cannot start a bystander in %s\n", cg);
		goto out_file;
	}
	if (pipe(sync_pipe))
		goto out_file;
	child = fork();
	if (child < 0)
		goto out_file;
	if (!child) {
		char c;

		close(sync_pipe[1]);
		prctl(PR_SET_NAME, o.comm, 0, 0, 0);
		if (read(sync_pipe[0], &c, 1) != 1)
			_exit(1);
		if (!strcmp(o.mode, "file"))
			run_file(file, o.seconds);
		if (!strcmp(o.mode, "forks"))
			run_forks(file, o.file_mb, o.jobs, o.seconds);
		run_anon(o.anon_mb, o.seconds);
	}
	close(sync_pipe[0]);
	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(num, sizeof(num), "%d", (int)child);
	if (write_str(path, num)) {
		fprintf(stderr, "memstall-wl-memcg: cannot move %d into %s\n", (int)child, cg);
		kill(child, SIGKILL);
	}
	printf("{\"pid\":%d,\"comm\":\"%s\",\"cgroup\":\"%s\",\"cgroup_dir\":\"%s\","
	       "\"version\":%d,\"mode\":\"%s\",\"limit_mb\":%ld,\"bystander\":%d}\n",
	       (int)child, o.comm, rel, cg, ver, o.mode, o.limit_mb, (int)bystander);
	fflush(stdout);
	if (write(sync_pipe[1], "g", 1) != 1)
		kill(child, SIGKILL);
	close(sync_pipe[1]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	/* anon mode ends in an OOM kill by design */
	rc = !strcmp(o.mode, "anon") || (WIFEXITED(status) && !WEXITSTATUS(status)) ? 0 : 1;
out_file:
	if (bystander) {
		msleep(o.bystander_ms);
		kill(bystander, SIGKILL);
		waitpid(bystander, NULL, 0);
	}
	unlink(file);
out_rmdir:
	/* the cgroup may still be busy for a moment after the child exits */
	for (int i = 0; i < 50 && rmdir(cg) && errno == EBUSY; i++)
		msleep(20);
	return rc;
}
