// SPDX-License-Identifier: GPL-2.0
#include <curses.h>
#include <stdlib.h>
#include <unistd.h>
#include "top/top_model.h"
#include "top/ui_curses.h"

struct ui {
	SCREEN *scr;
	bool color;
};

struct ui *ui__new(void)
{
	struct ui *u;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return NULL;
	u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	/* newterm, not initscr: an unknown TERM returns NULL instead of exiting */
	u->scr = newterm(NULL, stdout, stdin);
	if (!u->scr) {
		free(u);
		return NULL;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25); /* Esc clears the filter: do not wait 1 s for a sequence */
	if (has_colors() && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_YELLOW, -1);
		init_pair(2, COLOR_RED, -1);
		u->color = true;
	}
	return u;
}

void ui__free(struct ui *u)
{
	if (!u)
		return;
	endwin();
	delscreen(u->scr);
	free(u);
}

void ui__size(const struct ui *u, int *rows, int *cols)
{
	(void)u;
	getmaxyx(stdscr, *rows, *cols);
}

static attr_t attr_of(const struct ui *u, unsigned char a)
{
	switch (a) {
	case TA_BOLD:
		return A_BOLD;
	case TA_HEAD:
		return A_REVERSE;
	case TA_WARN:
		return u->color ? (attr_t)COLOR_PAIR(1) | A_BOLD : A_BOLD;
	case TA_ALARM:
		return u->color ? (attr_t)COLOR_PAIR(2) | A_BOLD : A_REVERSE;
	default:
		return A_NORMAL;
	}
}

void ui__draw(struct ui *u, const struct top_screen *s)
{
	int rows, cols, r, c;

	getmaxyx(stdscr, rows, cols);
	erase();
	for (r = 0; r < rows && r < top_screen__rows(s); r++) {
		const char *l = top_screen__line(s, r);
		const unsigned char *a = top_screen__attrs(s, r);
		/* the last cell of the last line would scroll: leave it out */
		int n = top_screen__cols(s) < cols ? top_screen__cols(s) : cols;

		if (r == rows - 1 && n == cols)
			n--;
		for (c = 0; c < n;) {
			int run = 1;

			while (c + run < n && a[c + run] == a[c])
				run++;
			attrset(attr_of(u, a[c]));
			mvaddnstr(r, c, l + c, run);
			c += run;
		}
	}
	attrset(A_NORMAL);
	refresh();
}

int ui__key(struct ui *u)
{
	int k = getch();

	(void)u;
	switch (k) {
	case ERR:
		return UI_KEY_NONE;
	case KEY_RESIZE:
		return UI_KEY_RESIZE;
	case KEY_BACKSPACE:
	case KEY_DC:
		return TOP_KEY_BACKSPACE;
	case KEY_ENTER:
	case '\r':
		return TOP_KEY_ENTER;
	default:
		return k >= 0 && k < 256 ? k : UI_KEY_NONE;
	}
}
