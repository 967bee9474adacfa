/* draw.c — the theme (colour roles with a monochrome attribute each, UTF-8 or ASCII
 * symbols) and the drawing helpers every screen uses; none lets a string run past its
 * column or put a control byte on the terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "text.h"
#include "tui.h"

static const struct {
	short fg;
	attr_t color_attr, mono_attr;
} roles[R__COUNT] = {
	[R_NORMAL] = { -1, 0, 0 },
	[R_TITLE] = { COLOR_CYAN, A_BOLD, A_REVERSE },
	[R_PASS] = { COLOR_GREEN, 0, 0 },
	[R_WARN] = { COLOR_YELLOW, A_BOLD, A_BOLD },
	[R_FAIL] = { COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE },
	[R_DIM] = { -1, A_DIM, A_DIM },
	[R_SEL] = { -1, A_REVERSE, A_REVERSE },
	[R_KEY] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[R_RUN] = { COLOR_BLUE, A_BOLD, A_BOLD },
};

static attr_t role_attr(struct tui *t, enum role r)
{
	if (!t->color)
		return roles[r].mono_attr;
	return COLOR_PAIR(r + 1) | roles[r].color_attr;
}

const char *ui_sym(struct tui *t, const char *utf8, const char *ascii)
{
	return t->ascii ? ascii : utf8;
}

/* Draw s at (y, x) cut to width columns; s is sanitised model text. */
void ui_put(struct tui *t, int y, int x, int width, enum role r, const char *s)
{
	int col = 0;
	const unsigned char *p = (const unsigned char *)s;

	if (y < 0 || y >= t->rows || x >= t->cols || width <= 0)
		return;
	if (x + width > t->cols)
		width = t->cols - x;
	attron(role_attr(t, r));
	move(y, x);
	while (*p && col < width) {
		size_t len = 1;
		char ch[5];
		if (*p >= 0xf0)
			len = 4;
		else if (*p >= 0xe0)
			len = 3;
		else if (*p >= 0xc0)
			len = 2;
		if (*p < 0x20 || *p == 0x7f) {	/* never: the model is sanitised, but be sure */
			addch('?');
			p++;
			col++;
			continue;
		}
		if (t->ascii && *p >= 0x80) {
			addch('?');
		} else {
			memcpy(ch, p, len);
			ch[len] = '\0';
			addstr(ch);
		}
		p += len;
		col++;
	}
	if (r == R_SEL || r == R_TITLE)
		for (; col < width; col++)
			addch(' ');
	attroff(role_attr(t, r));
}

void ui_title(struct tui *t, const char *left, const char *right)
{
	char buf[512];
	snprintf(buf, sizeof buf, " tlswiz %s %s", ui_sym(t, "›", ">"), left);
	ui_put(t, 0, 0, t->cols, R_TITLE, buf);
	if (right)
		ui_put(t, 0, t->cols - (int)text_width(right) - 1, (int)text_width(right), R_TITLE, right);
}

void ui_footer(struct tui *t, const char *keys)
{
	if (t->status[0]) {
		ui_put(t, t->rows - 2, 0, t->cols, R_WARN, t->status);
	}
	ui_put(t, t->rows - 1, 0, t->cols, R_KEY, keys);
}

enum role ui_state_role(enum step_state s)
{
	switch (s) {
	case STATE_PASSED: return R_PASS;
	case STATE_WARNED: return R_WARN;
	case STATE_FAILED: return R_FAIL;
	case STATE_RUNNING: return R_RUN;
	case STATE_UNCHECKED: return R_WARN;
	default: return R_DIM;
	}
}

/* State by text as well as colour: it must read in monochrome. */
const char *ui_state_tag(enum step_state s)
{
	switch (s) {
	case STATE_PASSED: return "[PASS]";
	case STATE_WARNED: return "[WARN]";
	case STATE_FAILED: return "[FAIL]";
	case STATE_RUNNING: return "[ .. ]";
	case STATE_SKIPPED: return "[SKIP]";
	case STATE_UNCHECKED: return "[ ?? ]";	/* could not check */
	case STATE_CANCELLED: return "[STOP]";
	case STATE_NOT_RUN: return "[ -- ]";
	default: return "[    ]";
	}
}

int ui_lines(const char *text)
{
	int n = 1;
	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}

void draw_theme_init(struct tui *t)
{
	t->color = !t->opts->no_color && !getenv("NO_COLOR") && has_colors();
	if (t->color) {
		start_color();
		use_default_colors();
		for (int r = 0; r < R__COUNT; r++)
			init_pair((short)(r + 1), roles[r].fg, -1);
	}
}

