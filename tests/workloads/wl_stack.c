// SPDX-License-Identifier: GPL-2.0
/*
 * memstall-wl-stack: a known call chain that stalls, for `memstall stacks`.
 *
 *   main -> fill_cache -> read_chunk
 *
 * read_chunk() faults a file's pages into the page cache through a mapping
 * (the fault happens in read_chunk itself, so the kernel's frame-pointer
 * walk of the user stack starts there). Run in a memory cgroup whose limit
 * is below the file's size, every fault ends up in memcg reclaim. Built with
 * -fno-omit-frame-pointer and no inlining (Makefile).
 *
 *   --file PATH     the file (created with --size-mb if shorter)
 *   --size-mb N     file size (default 64)
 *   --seconds S     how long to re-read it (default 2)
 *   --chain         print read_chunk's frame-pointer chain as JSON
 *                   ({"pid":N,"ips":["0x..",...]}), then wait for stdin to
 *                   close (tests symbolize a live process)
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wl_common.h"

#define CHUNK (1L << 20)

static volatile unsigned long sink;

/* read_chunk's own ip, then the return addresses above its frame fp
 * (frame pointers: fp[0] = the caller's fp, fp[1] = the return address). */
static __attribute__((noinline)) void print_chain(void *ip, void **fp)
{
	int i;

	printf("{\"pid\":%d,\"ips\":[\"%p\"", (int)getpid(), ip);
	for (i = 0; i < 2 && fp && fp[1]; i++) { /* fill_cache, main */
		printf(",\"%p\"", fp[1]);
		fp = fp[0];
	}
	printf("]}\n");
	fflush(stdout);
}

static __attribute__((noinline)) unsigned long read_chunk(const char *map, long len, bool chain)
{
	unsigned long sum = 0;
	long i;

	if (chain) {
	here:
		print_chain(&&here, __builtin_frame_address(0));
		return 0;
	}
	for (i = 0; i < len; i += 4096)
		sum += (unsigned char)map[i]; /* the page fault: cache fill, reclaim */
	return sum;
}

static __attribute__((noinline)) int fill_cache(int fd, long size, double seconds, bool chain)
{
	double end = now_s() + seconds;
	long off;

	if (chain) {
		read_chunk(NULL, 0, true);
		return 0;
	}
	while (now_s() < end) {
		for (off = 0; off + CHUNK <= size && now_s() < end; off += CHUNK) {
			char *m = mmap(NULL, CHUNK, PROT_READ, MAP_SHARED, fd, off);

			if (m == MAP_FAILED)
				return -errno;
			sink += read_chunk(m, CHUNK, false);
			munmap(m, CHUNK);
		}
	}
	return 0;
}

static int make_file(const char *path, long size)
{
	static char block[CHUNK];
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	long i;

	if (fd < 0)
		return -errno;
	if (!fstat(fd, &st) && st.st_size >= size) {
		/* cached pages are charged elsewhere: start from the disk */
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		return fd;
	}
	memset(block, 's', sizeof(block));
	for (i = 0; i < size; i += CHUNK) {
		if (write(fd, block, CHUNK) != CHUNK) {
			close(fd);
			return -EIO;
		}
	}
	fsync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	return fd;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = { { "file", required_argument, 0, 'f' },
					    { "size-mb", required_argument, 0, 's' },
					    { "seconds", required_argument, 0, 'S' },
					    { "chain", no_argument, 0, 'c' },
					    { 0, 0, 0, 0 } };
	const char *path = NULL;
	long size = 64 * CHUNK;
	double seconds = 2;
	bool chain = false;
	int c, fd, err;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'f':
			path = optarg;
			break;
		case 's':
			size = atol(optarg) * CHUNK;
			break;
		case 'S':
			seconds = atof(optarg);
			break;
		case 'c':
			chain = true;
			break;
		default:
			fprintf(stderr,
				"usage: %s --file PATH [--size-mb N] [--seconds S] | --chain\n",
				argv[0]);
			return 2;
		}
	}
	if (chain) {
		fill_cache(-1, 0, 0, true);
		while (getchar() != EOF) /* until the test closes our stdin */
			;
		return 0;
	}
	if (!path || size <= 0) {
		fprintf(stderr, "memstall-wl-stack: --file PATH and a positive --size-mb needed\n");
		return 2;
	}
	fd = make_file(path, size);
	if (fd < 0) {
		fprintf(stderr, "memstall-wl-stack: %s: %s\n", path, strerror(-fd));
		return 1;
	}
	err = fill_cache(fd, size, seconds, false);
	close(fd);
	if (err) {
		fprintf(stderr, "memstall-wl-stack: mmap: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}
