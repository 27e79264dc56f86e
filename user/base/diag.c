// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include "base/diag.h"

int diag__fail(struct ms_diag *d, int err, enum ms_exit code, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->err)
		return err;
	d->err = err;
	d->code = code;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return err;
}

void diag__warn(struct ms_diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->nwarn >= MS_MAX_WARN)
		return;
	va_start(ap, fmt);
	vsnprintf(d->warn[d->nwarn++], sizeof(d->warn[0]), fmt, ap);
	va_end(ap);
}

enum ms_exit diag__exit_code(const struct ms_diag *d, int err)
{
	if (d && d->err)
		return d->code;
	switch (-err) {
	case 0:
		return MS_EXIT_OK;
	case EPERM:
	case EACCES:
		return MS_EXIT_PERM;
	case EINVAL:
		return MS_EXIT_USAGE;
	case ENOENT:
	case EOPNOTSUPP:
		return MS_EXIT_KERNEL;
	default:
		return MS_EXIT_FAIL;
	}
}

void diag__print(const struct ms_diag *d, int err, FILE *f)
{
	if (d && d->err) {
		fprintf(f, "memstall: %s\n", d->msg);
		return;
	}
	if (err == -EPERM || err == -EACCES)
		fprintf(f, "memstall: %s: run as root (or grant CAP_BPF and CAP_PERFMON)\n",
			strerror(-err));
	else if (err)
		fprintf(f, "memstall: %s\n", strerror(-err));
}

void diag__print_warnings(struct ms_diag *d, FILE *f)
{
	int i;

	for (i = 0; i < d->nwarn; i++)
		fprintf(f, "memstall: note: %s\n", d->warn[i]);
	d->nwarn = 0;
}
