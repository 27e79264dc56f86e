/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A memstall record bundle: a directory of JSON-lines files plus
 * manifest.json, or the same as a .tar.gz (ustar, gzip through zlib). The
 * writer stages into a directory; the reader loads either form into memory
 * (bounded) for memstall report.
 */
#ifndef MS_BUNDLE_H
#define MS_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "base/diag.h"

#define BUNDLE_MAX_FILES 32
#define BUNDLE_MAX_BYTES (256u << 20) /* a bundle read whole: at most 256 MiB */

struct bundle;
struct json_writer;

/* out: a directory to create (must not exist), or a path ending in .tar.gz. */
struct bundle *bundle__new(const char *out, struct ms_diag *d, int *errp);
/* The staging directory (the bundle itself when not a .tar.gz). */
const char *bundle__dir(const struct bundle *b);
/* Create (truncate) a file of the bundle; NULL with errno. */
FILE *bundle__fopen(struct bundle *b, const char *name);
/* manifest.json: fn writes its fields into the open object, then the list
 * of files (name, bytes) is added. 0 or -errno (cause in d). */
typedef void (*bundle_manifest_fn)(void *ctx, struct json_writer *w);
int bundle__manifest(struct bundle *b, bundle_manifest_fn fn, void *ctx, struct ms_diag *d);
/* Pack (.tar.gz) and remove the staging directory; *bytes: the bundle's
 * size on disk. Frees b. */
int bundle__finish(struct bundle *b, unsigned long long *bytes, struct ms_diag *d);
/* Drop a bundle that was never finished (its files are removed). */
void bundle__abort(struct bundle *b);

/* ustar + gzip of the regular files in dir, each as "prefix/name". */
int bundle__write_tgz(const char *dir, const char *prefix, const char *out, struct ms_diag *d);

struct bundle_file {
	char name[64];
	char *data; /* NUL-terminated */
	size_t len;
};

struct bundle_files {
	int n;
	struct bundle_file f[BUNDLE_MAX_FILES];
};

/* Load a bundle (directory or .tar.gz). 0 or -errno (exit 5, cause in d). */
int bundle__load(const char *path, struct bundle_files *bf, struct ms_diag *d);
/* Parse a ustar stream held in memory (the tar inside the gzip). */
int bundle__parse_tar(const char *buf, size_t len, struct bundle_files *bf);
const struct bundle_file *bundle__find(const struct bundle_files *bf, const char *name);
void bundle__files_free(struct bundle_files *bf);

#endif
