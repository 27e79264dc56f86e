/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The screen of memstall top: rows x cols of characters (and one attribute
 * per cell) in memory. top_screen__render draws a model and a view into it;
 * the curses front-end (ui_curses.c) copies it to the terminal, batch mode
 * prints it, tests read it. Nothing here knows about terminals.
 */
#ifndef MS_TOP_SCREEN_H
#define MS_TOP_SCREEN_H

#include <stdio.h>
#include "top/top_model.h"

enum top_attr {
	TA_NORMAL = 0,
	TA_BOLD, /* titles */
	TA_HEAD, /* table header (reverse video) */
	TA_WARN, /* below low watermark */
	TA_ALARM, /* below min watermark */
};

struct top_screen;

struct top_screen *top_screen__new(int rows, int cols);
void top_screen__free(struct top_screen *s);
/* New size (contents cleared). 0 or -ENOMEM (then the old size is kept). */
int top_screen__resize(struct top_screen *s, int rows, int cols);
void top_screen__clear(struct top_screen *s);
int top_screen__rows(const struct top_screen *s);
int top_screen__cols(const struct top_screen *s);
/* Row text, NUL-terminated, exactly cols characters (blank padded). */
const char *top_screen__line(const struct top_screen *s, int row);
/* Row attributes, cols entries (enum top_attr). */
const unsigned char *top_screen__attrs(const struct top_screen *s, int row);
/* Write text at (row, col), cut at the right edge; returns the next column. */
int top_screen__puts(struct top_screen *s, int row, int col, enum top_attr a, const char *text);
/* Lines drawn by the last render (batch mode prints those). */
int top_screen__used(const struct top_screen *s);
/* Rows a full render needs (batch mode: every row of the table). */
int top_screen__rows_needed(const struct top_model *m, const struct top_view *v);

/* Draw the frame: header, then the view's table (or help, or idle note). */
void top_screen__render(struct top_screen *s, const struct top_model *m, const struct top_view *v);
/* Print the used lines, trailing blanks cut (batch mode). */
void top_screen__print(const struct top_screen *s, FILE *f);

#endif
