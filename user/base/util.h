/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by every module. */
#ifndef MS_UTIL_H
#define MS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Read a whole (small) file into buf, NUL-terminated. Returns bytes or -errno. */
long util__read_file(const char *path, char *buf, size_t size);
/* CLOCK_MONOTONIC in ns (same clock as bpf_ktime_get_ns). */
uint64_t util__now_ns(void);
/* Offset to add to a CLOCK_MONOTONIC ns value to get CLOCK_REALTIME ns. */
int64_t util__mono_to_real_ns(void);
/* Strict number parsers: whole string, range-checked. 0 or -EINVAL/-ERANGE. */
int util__parse_u64(const char *s, uint64_t *v);
int util__parse_u32(const char *s, uint32_t *v);
/* Size: bytes, or a K, M, G suffix (KiB, MiB, GiB): 0 or -EINVAL/-ERANGE. */
int util__parse_size(const char *s, uint64_t *bytes);
/* Once attached: give back libbpf's freed heap and the pages of our own
 * image only start-up touched (read-only segments, mapped again on touch). */
void util__release_startup_memory(void);
/* Longest duration or interval accepted: a year (longer ones would wrap the
 * deadlines computed from them). */
#define MS_MAX_DURATION_NS (8760ull * 3600 * 1000000000ull)
/* Duration: "5", "5s", "500ms", "2m" -> ns; -ERANGE above MS_MAX_DURATION_NS. */
int util__parse_duration_ns(const char *s, uint64_t *ns);
/* Untrusted text (comm, cgroup names, log lines) on a terminal: control
 * bytes (ESC, BEL, ...), DEL and non-ASCII bytes become '?', one for one (so
 * widths hold). What top's screen does per cell; the text sink per cell. */
static inline char util__printable(char c)
{
	return c >= 32 && c < 127 ? c : '?';
}
void util__make_printable(char *s);
/* At most max bytes of src (a comm need not end in NUL), printable, into
 * dst; returns dst (for a printf argument). */
const char *util__printable_copy(char *dst, size_t size, const char *src, size_t max);
/* Bounded copy, always NUL-terminated; returns true if it fit. */
bool util__strlcpy(char *dst, const char *src, size_t size);

/* SIGINT/SIGTERM/SIGHUP/SIGPIPE set a stop flag instead of killing us, so
 * every run ends through its cleanup path (no BPF link survives). */
int util__install_stop_signals(void);
bool util__stop_requested(void);

/* A set of strings' first two bytes (a bitmap): a walk over many names
 * (the kernel BTF's 126,000) rejects most of those it does not want on them,
 * before a length, hash or list compare. */
struct prefix2 {
	unsigned char bits[65536 / 8];
};

static inline unsigned int prefix2__key(const char *s)
{
	return (unsigned int)(unsigned char)s[0] << 8 | (unsigned char)(s[0] ? s[1] : 0);
}

static inline void prefix2__add(struct prefix2 *p, const char *s)
{
	p->bits[prefix2__key(s) / 8] |= 1u << (prefix2__key(s) % 8);
}

static inline bool prefix2__has(const struct prefix2 *p, const char *s)
{
	return p->bits[prefix2__key(s) / 8] & (1u << (prefix2__key(s) % 8));
}

#endif
