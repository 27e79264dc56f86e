// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base/util.h"

long util__read_file(const char *path, char *buf, size_t size)
{
	size_t off = 0;
	ssize_t n;
	int fd;

	if (!size)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (off + 1 < size) {
		n = read(fd, buf + off, size - 1 - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return n;
		}
		if (!n)
			break;
		off += n;
	}
	buf[off] = '\0';
	close(fd);
	return off;
}

uint64_t util__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int64_t util__mono_to_real_ns(void)
{
	struct timespec r, m;

	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	return ((int64_t)r.tv_sec - m.tv_sec) * 1000000000ll + (r.tv_nsec - m.tv_nsec);
}

int util__parse_u64(const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end || end == s)
		return -EINVAL;
	*v = x;
	return 0;
}

int util__parse_u32(const char *s, uint32_t *v)
{
	uint64_t x;
	int err = util__parse_u64(s, &x);

	if (err)
		return err;
	if (x > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)x;
	return 0;
}

int util__parse_duration_ns(const char *s, uint64_t *ns)
{
	static const struct {
		const char *suffix;
		uint64_t mult;
	} units[] = {
		{ "ms", 1000000ull },	 { "us", 1000ull },	    { "s", 1000000000ull },
		{ "m", 60000000000ull }, { "h", 3600000000000ull }, { "", 1000000000ull },
	};
	char num[32];
	size_t len, i, sl;
	uint64_t v;

	if (!s)
		return -EINVAL;
	len = strlen(s);
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		sl = strlen(units[i].suffix);
		if (len <= sl || strcmp(s + len - sl, units[i].suffix))
			continue;
		if (len - sl >= sizeof(num))
			return -EINVAL;
		memcpy(num, s, len - sl);
		num[len - sl] = '\0';
		if (num[len - sl - 1] < '0' || num[len - sl - 1] > '9')
			continue; /* "5xs": try the next suffix, then fail */
		if (util__parse_u64(num, &v))
			return -EINVAL;
		if (v > MS_MAX_DURATION_NS / units[i].mult)
			return -ERANGE;
		*ns = v * units[i].mult;
		return 0;
	}
	return -EINVAL;
}

void util__make_printable(char *s)
{
	for (; *s; s++)
		*s = util__printable(*s);
}

const char *util__printable_copy(char *dst, size_t size, const char *src, size_t max)
{
	snprintf(dst, size, "%.*s", (int)strnlen(src, max), src);
	util__make_printable(dst);
	return dst;
}

bool util__strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (!size)
		return false;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

/* The only process-wide state: what a signal handler may touch. */
static volatile sig_atomic_t stop_flag;

static void on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

int util__install_stop_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop; /* no SA_RESTART: let poll() return EINTR */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (sigaction(sigs[i], &sa, NULL))
			return -errno;
	return 0;
}

bool util__stop_requested(void)
{
	return stop_flag != 0;
}

/* The start-up's memory goes back once attached: libbpf's freed heap, and
 * the pages of our own image that only start-up touched (the embedded BPF
 * object libbpf parsed, the loader's code and tables). Only the read-only
 * PT_LOAD segments (text, .rodata), clean file pages of a private mapping
 * never written: MADV_DONTNEED only unmaps them, a later touch maps them
 * again from the page cache (MADV_RANDOM: one page, not its neighbours).
 * Relocated data (RELRO, .data) lives in the writable segment: untouched. */
static int release_segments(struct dl_phdr_info *info, size_t size, void *data)
{
	uintptr_t pg = *(uintptr_t *)data, lo, hi;
	int i;

	(void)size;
	if (info->dlpi_name && info->dlpi_name[0]) /* the executable comes first */
		return 1;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		lo = (info->dlpi_addr + ph->p_vaddr + pg - 1) & ~(pg - 1);
		hi = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz) & ~(pg - 1);
		if (hi <= lo)
			continue;
		madvise((void *)lo, hi - lo, MADV_RANDOM);
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
	}
	return 1;
}

void util__release_startup_memory(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t p = pg > 0 ? (uintptr_t)pg : 4096;

	/* libbpf's big buffers, once freed, raised glibc's dynamic mmap
	 * threshold to their size: from now on a large block (the event queue
	 * of a burst) is a mapping of its own again, gone when freed, not a
	 * hole in the heap that stays resident */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	malloc_trim(0);
	dl_iterate_phdr(release_segments, &p);
}

int util__parse_size(const char *s, uint64_t *bytes)
{
	uint64_t v = 0, mul = 1;
	size_t n = strlen(s);
	char num[32];

	if (!n || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n + 1);
	switch (num[n - 1] | 0x20) {
	case 'k':
		mul = 1ull << 10;
		break;
	case 'm':
		mul = 1ull << 20;
		break;
	case 'g':
		mul = 1ull << 30;
		break;
	}
	if (mul > 1)
		num[n - 1] = '\0';
	if (util__parse_u64(num, &v))
		return -EINVAL;
	if (v > UINT64_MAX / mul)
		return -ERANGE;
	*bytes = v * mul;
	return 0;
}
