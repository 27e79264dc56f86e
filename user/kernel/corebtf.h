/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BTF CO-RE relocates against: not the kernel's 126,000 types (libbpf
 * 1.1 parses the file again and walks all of them once per type the object
 * relocates), but the part of it the object's relocations can match, built
 * from the BTF the features pass already parsed. See corebtf.c for why the
 * result is the same.
 */
#ifndef MS_COREBTF_H
#define MS_COREBTF_H

#include <stddef.h>

struct btf;

/*
 * The types of kernel (the kernel's BTF, or --btf's) whose kind and name,
 * minus any "___flavour" suffix, are those of a type of local (the BPF
 * object's BTF), with every type they contain by value; pointers in them
 * point to void. NULL with *errp = -errno on failure. Free with btf__free().
 */
struct btf *corebtf__minimal(const struct btf *kernel, const struct btf *local, int *errp);

/* An empty memory file (close-on-exec) for corebtf__write(): its
 * descriptor, with its name in path ("/proc/self/fd/N", what libbpf's
 * btf_custom_path opens at load); or -errno (also where /proc is not
 * mounted). */
int corebtf__memfd(char *path, size_t len);

/* corebtf__minimal() written to fd (raw BTF). 0 or -errno. */
int corebtf__write(int fd, const struct btf *kernel, const struct btf *local);

/* Test hook (tests/live/cli.sh): the loaded programs' instructions, one
 * line per program, map fds masked, to path. 0 or -errno. */
struct bpf_object;
int corebtf__dump_progs(const struct bpf_object *obj, const char *path);

#endif
