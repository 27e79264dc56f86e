// SPDX-License-Identifier: GPL-2.0
/* What memstall top shows: view and sort names, and the keys that change them. */
#include <string.h>
#include "top/top_view.h"

static const char *const sort_names[TS_MAXKEY] = {
	[TS_PID] = "pid",	[TS_NAME] = "name",
	[TS_RATE] = "stalls/s", [TS_MS] = "ms/s",
	[TS_MEAN] = "mean",	[TS_P99] = "p99",
	[TS_MAX] = "max",	[TS_RECLAIMED] = "reclaimed/s",
};

static const char *const view_names[TV_MAX] = {
	[TV_PROC] = "processes",
	[TV_CGROUP] = "cgroups",
	[TV_ZONE] = "nodes/zones",
	[TV_OOM] = "OOM kills",
};

const char *top_sort__name(enum top_sort s)
{
	return s < TS_MAXKEY ? sort_names[s] : "?";
}

const char *top_view__name(enum top_view_kind k)
{
	return k < TV_MAX ? view_names[k] : "?";
}

void top_view__init(struct top_view *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = TV_PROC;
	v->sort = TS_MS;
}

static enum top_key_result edit_filter(struct top_view *v, int key)
{
	size_t n = strlen(v->filter);

	if (key == TOP_KEY_ENTER || key == '\r') {
		v->editing = false;
	} else if (key == TOP_KEY_ESC) {
		v->editing = false;
		v->filter[0] = '\0';
	} else if (key == TOP_KEY_BACKSPACE || key == 8) {
		if (n)
			v->filter[n - 1] = '\0';
	} else if (key >= 32 && key < 127 && n + 1 < sizeof(v->filter)) {
		v->filter[n] = (char)key;
		v->filter[n + 1] = '\0';
	} else {
		return TK_NONE;
	}
	return TK_REDRAW;
}

enum top_key_result top_view__key(struct top_view *v, int key)
{
	if (v->editing)
		return edit_filter(v, key);
	if (v->help && key != 'q') { /* any key leaves the help screen */
		v->help = false;
		return TK_REDRAW;
	}
	switch (key) {
	case 'q':
		return TK_QUIT;
	case '?':
	case 'h':
		v->help = true;
		break;
	case 'c':
		v->kind = v->kind == TV_CGROUP ? TV_PROC : TV_CGROUP;
		break;
	case 'z':
		v->kind = v->kind == TV_ZONE ? TV_PROC : TV_ZONE;
		break;
	case 'o':
		v->kind = v->kind == TV_OOM ? TV_PROC : TV_OOM;
		break;
	case 'p':
		v->kind = TV_PROC;
		break;
	case '<':
		v->sort = v->sort ? v->sort - 1 : TS_MAXKEY - 1;
		break;
	case '>':
		v->sort = (v->sort + 1) % TS_MAXKEY;
		break;
	case 'r':
		v->reverse = !v->reverse;
		break;
	case ' ':
		v->paused = !v->paused;
		break;
	case '/':
		v->editing = true;
		v->filter[0] = '\0';
		break;
	case TOP_KEY_ESC:
		v->filter[0] = '\0';
		break;
	default:
		return TK_NONE;
	}
	return TK_REDRAW;
}
