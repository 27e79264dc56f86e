// SPDX-License-Identifier: GPL-2.0
/* Reading a bundle (directory or .tar.gz) whole into memory, bounded. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "host/bundle.h"
#include "base/util.h"

static int add_file(struct bundle_files *bf, const char *name, const char *data, size_t len)
{
	struct bundle_file *f;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;

	if (!base[0] || base[0] == '.')
		return 0;
	if (bf->n >= BUNDLE_MAX_FILES)
		return -E2BIG;
	f = &bf->f[bf->n];
	f->data = malloc(len + 1);
	if (!f->data)
		return -ENOMEM;
	memcpy(f->data, data, len);
	f->data[len] = 0;
	f->len = len;
	util__strlcpy(f->name, base, sizeof(f->name));
	bf->n++;
	return 0;
}

static unsigned long long parse_octal(const char *p, size_t n, bool *ok)
{
	unsigned long long v = 0;
	size_t i = 0;

	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++) {
		if (v >> 60)
			*ok = false;
		v = v * 8 + (unsigned long long)(p[i] - '0');
	}
	if (i < n && p[i] && p[i] != ' ')
		*ok = false;
	return v;
}

int bundle__parse_tar(const char *buf, size_t len, struct bundle_files *bf)
{
	size_t off = 0;
	int err;

	while (off + 512 <= len) {
		const char *h = buf + off;
		char name[101];
		unsigned long long size;
		bool ok = true;

		if (!h[0])
			return 0; /* the end blocks */
		memcpy(name, h, 100);
		name[100] = 0;
		size = parse_octal(h + 124, 12, &ok);
		if (!ok || size > len - off - 512)
			return -EBADMSG;
		if (h[156] == '0' || h[156] == 0) {
			err = add_file(bf, name, h + 512, (size_t)size);
			if (err)
				return err;
		}
		off += 512 + (size_t)((size + 511) / 512 * 512);
	}
	return off >= len ? 0 : -EBADMSG;
}

static int load_tgz(const char *path, struct bundle_files *bf, struct ms_diag *d)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	int n, err = 0;

	if (!gz || !buf) {
		free(buf);
		if (gz)
			gzclose(gz);
		return diag__fail(d, -ENOENT, MS_EXIT_INPUT, "%s: cannot open: %s", path,
				  strerror(errno ? errno : ENOMEM));
	}
	while ((n = gzread(gz, buf + len, (unsigned int)(cap - len))) > 0) {
		len += (size_t)n;
		if (len == cap) {
			char *nb = cap < BUNDLE_MAX_BYTES ? realloc(buf, cap * 2) : NULL;

			if (!nb) {
				err = -E2BIG;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (n < 0)
		err = -EBADMSG;
	gzclose(gz);
	if (!err)
		err = bundle__parse_tar(buf, len, bf);
	free(buf);
	if (err)
		return diag__fail(d, err, MS_EXIT_INPUT,
				  "%s: not a memstall bundle archive (%s): give the .tar.gz "
				  "'memstall record -o' wrote, or its directory",
				  path, err == -E2BIG ? "too large" : "bad tar or gzip data");
	return 0;
}

static int load_dir(const char *path, struct bundle_files *bf, struct ms_diag *d)
{
	DIR *dd = opendir(path);
	struct dirent *e;
	size_t total = 0;
	int err = 0;

	if (!dd)
		return diag__fail(d, -errno, MS_EXIT_INPUT, "%s: %s", path, strerror(errno));
	while (!err && (e = readdir(dd))) {
		char p[4400];
		struct stat st;
		char *data;
		long n;

		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		if (e->d_name[0] == '.' || stat(p, &st) || !S_ISREG(st.st_mode))
			continue;
		total += (size_t)st.st_size;
		if (total > BUNDLE_MAX_BYTES) {
			err = -E2BIG;
			break;
		}
		data = malloc((size_t)st.st_size + 1);
		n = data ? util__read_file(p, data, (size_t)st.st_size + 1) : -ENOMEM;
		if (n >= 0)
			err = add_file(bf, e->d_name, data, (size_t)n);
		else
			err = (int)n;
		free(data);
	}
	closedir(dd);
	if (err)
		return diag__fail(d, err, MS_EXIT_INPUT, "%s: cannot read the bundle: %s", path,
				  strerror(-err));
	return 0;
}

int bundle__load(const char *path, struct bundle_files *bf, struct ms_diag *d)
{
	struct stat st;
	int err;

	memset(bf, 0, sizeof(*bf));
	if (stat(path, &st))
		return diag__fail(d, -errno, MS_EXIT_INPUT,
				  "%s: %s: give a bundle 'memstall record' wrote", path,
				  strerror(errno));
	err = S_ISDIR(st.st_mode) ? load_dir(path, bf, d) : load_tgz(path, bf, d);
	if (!err && !bundle__find(bf, "manifest.json"))
		err = diag__fail(d, -EBADMSG, MS_EXIT_INPUT,
				 "%s: no manifest.json: not a memstall record bundle", path);
	if (err)
		bundle__files_free(bf);
	return err;
}

const struct bundle_file *bundle__find(const struct bundle_files *bf, const char *name)
{
	int i;

	for (i = 0; i < bf->n; i++)
		if (!strcmp(bf->f[i].name, name))
			return &bf->f[i];
	return NULL;
}

void bundle__files_free(struct bundle_files *bf)
{
	int i;

	for (i = 0; i < bf->n; i++)
		free(bf->f[i].data);
	bf->n = 0;
}
