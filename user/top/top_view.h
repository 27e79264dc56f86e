/* SPDX-License-Identifier: GPL-2.0 */
/* What memstall top's user chose to see (view, sort, filter) and the keys
 * that change it. No model, no drawing here. */
#ifndef MS_TOP_VIEW_H
#define MS_TOP_VIEW_H

#include <stdbool.h>

enum top_view_kind { TV_PROC, TV_CGROUP, TV_ZONE, TV_OOM, TV_MAX };

/* Sort keys of the processes and cgroups views, in column order. */
enum top_sort {
	TS_PID,
	TS_NAME, /* comm, or the cgroup path */
	TS_RATE, /* stalls/s */
	TS_MS, /* stall ms/s */
	TS_MEAN,
	TS_P99,
	TS_MAX,
	TS_RECLAIMED, /* pages reclaimed/s */
	TS_MAXKEY,
};

#define TOP_FILTER_LEN 64

/* What the user chose to see; changed by keys only (top_view__key). */
struct top_view {
	enum top_view_kind kind;
	enum top_sort sort;
	bool reverse; /* ascending instead of descending */
	bool paused;
	bool help;
	bool editing; /* typing a filter after '/' */
	char filter[TOP_FILTER_LEN];
};

const char *top_sort__name(enum top_sort s);
const char *top_view__name(enum top_view_kind k);

/* Key handling: changes view state only. */
enum top_key_result { TK_NONE, TK_REDRAW, TK_QUIT };
#define TOP_KEY_ESC 27
#define TOP_KEY_BACKSPACE 127
#define TOP_KEY_ENTER '\n'
enum top_key_result top_view__key(struct top_view *v, int key);
void top_view__init(struct top_view *v);

#endif
