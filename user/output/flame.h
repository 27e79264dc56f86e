/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flame graphs: stacks (frames root first) with values merged into a tree,
 * written as one self-contained interactive SVG (no external asset): hover
 * shows a frame's name, value and share; click zooms into a frame (click
 * the root or "Reset zoom", or press Escape, to zoom out); a search box
 * highlights the frames matching a text or /regex/ and shows their share.
 * Frames ending in "_[k]" (perf's kernel mark) are drawn in warm colours,
 * the others (user code) in cool ones; the first level (a comm, a cgroup)
 * in grey.
 *
 *   struct flame *f = flame__new();
 *   flame__add(f, (const char *[]){ "comm", "main", "read_[k]" }, 3, 1200);
 *   flame__write_svg(f, stdout, &(struct flame_opts){ .title = "..." });
 *   flame__free(f);
 *
 * Embeddable: an HTML page can include the SVG element inline (opts.embed;
 * its script, style and ids are scoped with the id prefix opts.id).
 */
#ifndef MS_FLAME_H
#define MS_FLAME_H

#include <stdint.h>
#include <stdio.h>

struct flame;

struct flame_opts {
	const char *title; /* NULL: "Flame graph" */
	const char *subtitle; /* NULL: none */
	const char *unit; /* the values' unit in the details ("us"); NULL: none */
	unsigned int width; /* pixels, 0: 1200 */
	const char *id; /* element id prefix (several graphs in one page); NULL: "fg" */
	int embed; /* inside an HTML page: no XML declaration */
};

struct flame *flame__new(void);
void flame__free(struct flame *f);
/* Add value to the stack frames[0..n-1] (root first): 0 or -ENOMEM. */
int flame__add(struct flame *f, const char *const *frames, int n, uint64_t value);
uint64_t flame__total(const struct flame *f);
/* Frames (tree nodes) below the root. */
unsigned int flame__nodes(const struct flame *f);
/* The SVG document. Frames narrower than 0.1 px are left out. 0 or -EIO. */
int flame__write_svg(const struct flame *f, FILE *out, const struct flame_opts *o);

#endif
