/* SPDX-License-Identifier: GPL-2.0 */
/* memstall top's JSON frame (--json): one object per tick. */
#ifndef MS_TOP_JSON_H
#define MS_TOP_JSON_H

struct json_writer;
struct top_model;
struct top_view;

/* One JSON object for the frame (header, every view's rows). */
void top_model__json(struct top_model *m, const struct top_view *v, struct json_writer *w);

#endif
