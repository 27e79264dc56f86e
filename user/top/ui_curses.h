/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The terminal side of memstall top: the only part of memstall that
 * includes curses. It copies a top_screen to the terminal and reads keys;
 * it knows nothing about stalls.
 */
#ifndef MS_UI_CURSES_H
#define MS_UI_CURSES_H

#include "top/top_screen.h"

#define UI_KEY_NONE (-1)
#define UI_KEY_RESIZE (-2)

struct ui;

/* NULL if stdin/stdout is not a terminal curses can drive. */
struct ui *ui__new(void);
/* Restores the terminal. */
void ui__free(struct ui *u);
void ui__size(const struct ui *u, int *rows, int *cols);
void ui__draw(struct ui *u, const struct top_screen *s);
/* A key (ASCII; Backspace as 127, Enter as '\n'), UI_KEY_RESIZE or
 * UI_KEY_NONE when none is waiting. */
int ui__key(struct ui *u);

#endif
