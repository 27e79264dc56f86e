// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "host/bundle.h"
#include "output/json.h"
#include "base/util.h"

struct bundle {
	char out[4096]; /* what the user named */
	char dir[4096]; /* staging directory */
	char prefix[256]; /* the directory's name inside the tar */
	bool tgz;
};

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

struct bundle *bundle__new(const char *out, struct ms_diag *d, int *errp)
{
	struct bundle *b = calloc(1, sizeof(*b));
	const char *base;
	size_t n;

	*errp = -ENOMEM;
	if (!b)
		return NULL;
	b->tgz = ends_with(out, ".tar.gz") || ends_with(out, ".tgz");
	if (!util__strlcpy(b->out, out, sizeof(b->out) - 32)) {
		*errp = diag__fail(d, -ENAMETOOLONG, MS_EXIT_USAGE, "-o %s: path too long", out);
		goto fail;
	}
	base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	util__strlcpy(b->prefix, base, sizeof(b->prefix));
	n = strlen(b->prefix);
	if (b->tgz)
		b->prefix[n - (ends_with(out, ".tgz") ? 4 : 7)] = 0;
	if (!b->prefix[0])
		util__strlcpy(b->prefix, "bundle", sizeof(b->prefix));
	if (b->tgz) {
		if (!access(out, F_OK)) {
			*errp = diag__fail(d, -EEXIST, MS_EXIT_USAGE,
					   "-o %s exists: give a new name (a bundle is never "
					   "overwritten)",
					   out);
			goto fail;
		}
		snprintf(b->dir, sizeof(b->dir), "%s.%d.tmp", out, (int)getpid());
	} else {
		util__strlcpy(b->dir, out, sizeof(b->dir));
	}
	if (mkdir(b->dir, 0755)) {
		*errp = -errno;
		diag__fail(d, *errp, *errp == -EEXIST ? MS_EXIT_USAGE : MS_EXIT_FAIL,
			   *errp == -EEXIST ? "-o %s exists: give a new name (a bundle is never "
					      "overwritten)"
					    : "-o %s: cannot create the bundle directory: %s",
			   b->dir, strerror(-*errp));
		goto fail;
	}
	*errp = 0;
	return b;
fail:
	free(b);
	return NULL;
}

const char *bundle__dir(const struct bundle *b)
{
	return b->dir;
}

FILE *bundle__fopen(struct bundle *b, const char *name)
{
	char p[4200];

	snprintf(p, sizeof(p), "%s/%s", b->dir, name);
	return fopen(p, "we");
}

static void list_files(const char *dir, struct json_writer *w)
{
	struct dirent **ents = NULL;
	int i, n = scandir(dir, &ents, NULL, alphasort);

	jw__key(w, "files");
	jw__arr_begin(w);
	for (i = 0; i < n; i++) {
		char p[4400];
		struct stat st;

		snprintf(p, sizeof(p), "%s/%s", dir, ents[i]->d_name);
		if (ents[i]->d_name[0] != '.' && !stat(p, &st) && S_ISREG(st.st_mode) &&
		    strcmp(ents[i]->d_name, "manifest.json")) {
			jw__obj_begin(w);
			jw__kv_str(w, "name", ents[i]->d_name);
			jw__kv_u64(w, "bytes", (uint64_t)st.st_size);
			jw__obj_end(w);
		}
		free(ents[i]);
	}
	free(ents);
	jw__arr_end(w);
}

int bundle__manifest(struct bundle *b, bundle_manifest_fn fn, void *ctx, struct ms_diag *d)
{
	struct json_writer w;
	FILE *f = bundle__fopen(b, "manifest.json");
	int err = 0;

	if (!f)
		return diag__fail(d, -errno, MS_EXIT_FAIL, "%s/manifest.json: %s", b->dir,
				  strerror(errno));
	jw__init(&w, f);
	jw__obj_begin(&w);
	fn(ctx, &w);
	list_files(b->dir, &w);
	jw__obj_end(&w);
	if (ferror(f))
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (err)
		return diag__fail(d, err, MS_EXIT_FAIL, "%s/manifest.json: write failed: %s",
				  b->dir, strerror(-err));
	return 0;
}

static void remove_dir(const char *dir)
{
	DIR *dd = opendir(dir);
	struct dirent *e;
	char p[4400];

	while (dd && (e = readdir(dd))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (dd)
		closedir(dd);
	rmdir(dir);
}

static unsigned long long dir_bytes(const char *dir)
{
	DIR *dd = opendir(dir);
	struct dirent *e;
	unsigned long long sum = 0;
	char p[4400];
	struct stat st;

	while (dd && (e = readdir(dd))) {
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && !stat(p, &st) && S_ISREG(st.st_mode))
			sum += (unsigned long long)st.st_size;
	}
	if (dd)
		closedir(dd);
	return sum;
}

int bundle__finish(struct bundle *b, unsigned long long *bytes, struct ms_diag *d)
{
	struct stat st;
	int err = 0;

	if (b->tgz) {
		err = bundle__write_tgz(b->dir, b->prefix, b->out, d);
		remove_dir(b->dir);
		if (!err && !stat(b->out, &st))
			*bytes = (unsigned long long)st.st_size;
	} else {
		*bytes = dir_bytes(b->dir);
	}
	free(b);
	return err;
}

void bundle__abort(struct bundle *b)
{
	if (b)
		remove_dir(b->dir);
	free(b);
}

/* ---- ustar ---- */

/* n - 1 octal digits and a NUL (values that do not fit keep their low digits) */
static void octal(char *dst, size_t n, unsigned long long v)
{
	size_t i;

	dst[n - 1] = 0;
	for (i = n - 1; i > 0; i--, v >>= 3)
		dst[i - 1] = (char)('0' + (v & 7));
}

static int tar_header(gzFile gz, const char *name, unsigned long long size, long long mtime)
{
	char h[512] = {};
	unsigned int sum = 0;
	size_t i;

	if (strlen(name) >= 100)
		return -ENAMETOOLONG;
	memcpy(h, name, strlen(name));
	octal(h + 100, 8, 0644);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	octal(h + 124, 12, size);
	octal(h + 136, 12, (unsigned long long)(mtime > 0 ? mtime : 0));
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "root", 4);
	memcpy(h + 297, "root", 4);
	for (i = 0; i < sizeof(h); i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	return gzwrite(gz, h, sizeof(h)) == (int)sizeof(h) ? 0 : -EIO;
}

static int tar_file(gzFile gz, const char *path, const char *name)
{
	static const char zero[512];
	char buf[65536];
	struct stat st;
	unsigned long long done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		close(fd);
		return err;
	}
	err = tar_header(gz, name, (unsigned long long)st.st_size, (long long)st.st_mtime);
	while (!err && done < (unsigned long long)st.st_size &&
	       (n = read(fd, buf, sizeof(buf))) > 0) {
		if (done + (unsigned long long)n > (unsigned long long)st.st_size)
			n = (ssize_t)(st.st_size - (off_t)done);
		if (gzwrite(gz, buf, (unsigned int)n) != n)
			err = -EIO;
		done += (unsigned long long)n;
	}
	if (!err && done != (unsigned long long)st.st_size)
		err = -EIO; /* the file shrank: never a short entry */
	if (!err && done % 512 && gzwrite(gz, zero, 512 - done % 512) != (int)(512 - done % 512))
		err = -EIO;
	close(fd);
	return err;
}

int bundle__write_tgz(const char *dir, const char *prefix, const char *out, struct ms_diag *d)
{
	static const char zero[1024];
	struct dirent **ents = NULL;
	char path[4400], name[400];
	int i, n, err = 0;
	gzFile gz = gzopen(out, "wb9");

	if (!gz)
		return diag__fail(d, -errno ? -errno : -ENOMEM, MS_EXIT_FAIL, "%s: %s", out,
				  strerror(errno ? errno : ENOMEM));
	n = scandir(dir, &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		snprintf(name, sizeof(name), "%s/%s", prefix, ents[i]->d_name);
		if (!err && ents[i]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode))
			err = tar_file(gz, path, name);
		free(ents[i]);
	}
	free(ents);
	if (!err && gzwrite(gz, zero, sizeof(zero)) != (int)sizeof(zero))
		err = -EIO;
	if (gzclose(gz) != Z_OK && !err)
		err = -EIO;
	if (err) {
		unlink(out);
		return diag__fail(d, err, MS_EXIT_FAIL, "%s: writing the archive failed: %s", out,
				  strerror(-err));
	}
	return 0;
}
