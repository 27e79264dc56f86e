/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall report: a bundle of memstall record as one self-contained HTML
 * file (inline CSS and SVG, no script, no external asset). The page is a
 * table of sections (report.c); each renders from the bundle's files.
 */
#ifndef MS_REPORT_H
#define MS_REPORT_H

#include "base/diag.h"

/* bundle: directory or .tar.gz; html: file to write, "-" for stdout. */
int report__html(const char *bundle, const char *html, struct ms_diag *d);

#endif
