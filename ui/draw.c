/* draw.c — the theme (colour roles with a monochrome attribute each, UTF-8 or ASCII
 * symbols) and the drawing helpers every screen uses; none lets a string run past its
 * column or put a control byte on the terminal. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "text.h"
#include "tui.h"
#include "xmalloc.h"

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

/* Columns of one UTF-8 sequence starting at p (1 for every code point here). */
static size_t seq_len(const unsigned char *p)
{
	if (*p >= 0xf0)
		return 4;
	if (*p >= 0xe0)
		return 3;
	if (*p >= 0xc0)
		return 2;
	return 1;
}

static size_t cols_of(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p += seq_len(p))
		n++;
	return n;
}

/* Draw s at (y, x) within width columns, starting `left` columns into s. Nothing is
 * lost without a mark: a line cut on the right ends with "…", one scrolled to the
 * right starts with "…". s is sanitised model text. */
void ui_put_h(struct tui *t, int y, int x, int width, enum role r, const char *s, int left)
{
	int col = 0;
	const unsigned char *p = (const unsigned char *)s;
	const char *ell = ui_sym(t, "…", "~");
	bool cut;

	if (y < 0 || y >= t->rows || x >= t->cols || width <= 0)
		return;
	if (x + width > t->cols)
		width = t->cols - x;
	for (int k = 0; k < left && *p; k++)
		p += seq_len(p);
	cut = cols_of((const char *)p) > (size_t)width;
	attron(role_attr(t, r));
	move(y, x);
	if (left > 0 && *p && width > 1) {
		addstr(ell);
		p += seq_len(p);
		col++;
	}
	while (*p && col < width) {
		size_t len = seq_len(p);
		char ch[5];
		if (cut && col == width - 1) {
			addstr(ell);
			col++;
			break;
		}
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

void ui_put(struct tui *t, int y, int x, int width, enum role r, const char *s)
{
	ui_put_h(t, y, x, width, r, s, 0);
}

/* ---- line lists and scrolling panes ---- */

void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].s);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void lines_add(struct lines *l, enum role r, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	l->v[l->n].r = r;
	l->v[l->n++].s = s;
}

/* Each line of text (split at newlines) as one line. */
void lines_text(struct lines *l, enum role r, const char *text)
{
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		lines_add(l, r, "%.*s", (int)n, p);
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* text wrapped at spaces to width columns; continuation lines are indented under the
 * text after prefix. A word longer than the width is split, never dropped. */
void lines_wrap(struct lines *l, enum role r, int width, const char *prefix, const char *text)
{
	size_t plen = cols_of(prefix);
	int room = width - (int)plen;
	bool first = true;

	if (room < 10)
		room = 10;
	for (const char *p = text ? text : ""; *p || first;) {
		size_t n = strcspn(p, "\n"), k = 0, cols = 0, lastsp = 0, cut;
		while (k < n && (int)cols < room) {
			if (p[k] == ' ')
				lastsp = k;
			k += seq_len((const unsigned char *)p + k);
			cols++;
		}
		cut = k < n ? (lastsp ? lastsp : k) : n;
		lines_add(l, r, "%*s%s%.*s", first ? 0 : (int)plen, "", first ? prefix : "", (int)cut, p);
		first = false;
		p += cut;
		while (*p == ' ')
			p++;
		if (*p == '\n') {
			p++;
			if (!*p)
				break;
		}
	}
}

int lines_widest(const struct lines *l)
{
	int w = 0;
	for (size_t i = 0; i < l->n; i++)
		if ((int)cols_of(l->v[i].s) > w)
			w = (int)cols_of(l->v[i].s);
	return w;
}

/* Draw lines in the box (y, x, h, w) from line *top and column left (both clamped).
 * When they do not fit, the last row says how many more lines there are above and
 * below, and which keys scroll. A line may name a highlight: sel (-1 none). */
void ui_pane(struct tui *t, int y, int x, int h, int w, const struct lines *l, int *top, int *left, int sel)
{
	int rows = h, more = l->n > (size_t)h;
	int widest = lines_widest(l);

	if (h <= 0 || w <= 0)
		return;
	if (more)
		rows = h - 1;
	if (*top > (int)l->n - rows)
		*top = (int)l->n - rows;
	if (*top < 0)
		*top = 0;
	if (left) {
		if (*left > widest - w + 1)
			*left = widest - w + 1;
		if (*left < 0)
			*left = 0;
	}
	for (int i = 0; i < rows && *top + i < (int)l->n; i++) {
		const struct line *ln = &l->v[*top + i];
		ui_put_h(t, y + i, x, w, *top + i == sel ? R_SEL : ln->r, ln->s, left ? *left : 0);
	}
	if (more) {
		char m[160];
		int below = (int)l->n - *top - rows;
		snprintf(m, sizeof m, "%s %d lines above, %d more below (PgUp/PgDn%s)", ui_sym(t, "↕", "+"), *top, below,
			 left ? ", Left/Right" : "");
		if (!below)
			snprintf(m, sizeof m, "%s end, %d lines above (PgUp, g top)", ui_sym(t, "▲", "^"), *top);
		else if (!*top)
			snprintf(m, sizeof m, "%s %d more lines below (PgDn%s)", ui_sym(t, "▼", "v"), below,
				 left ? ", Left/Right" : "");
		ui_put(t, y + h - 1, x, w, R_KEY, m);
	} else if (left && widest > w) {
		ui_put(t, y + h - 1, x, w, R_KEY, ui_sym(t, "◀▶ wide lines: Left/Right scroll", "<> wide lines: Left/Right scroll"));
	}
}

/* host:port in at most width columns: the host is shortened with "…", never the port. */
void ui_target(struct tui *t, char *buf, size_t len, const char *host, unsigned port, int width)
{
	char ps[16];
	bool v6 = strchr(host, ':') != NULL;
	int room;
	snprintf(ps, sizeof ps, "%s:%u", v6 ? "]" : "", port);
	room = width - (int)strlen(ps) - (v6 ? 1 : 0);
	if ((int)cols_of(host) <= room || room < 2) {
		snprintf(buf, len, "%s%s%s", v6 ? "[" : "", host, ps);
		return;
	}
	snprintf(buf, len, "%s%.*s%s%s", v6 ? "[" : "", room - 1, host, ui_sym(t, "…", "~"), ps);
}

/* The title bar: left is cut (with "…") before it can run under right. */
void ui_title(struct tui *t, const char *left, const char *right)
{
	char buf[512];
	int rw = right ? (int)text_width(right) : 0;
	snprintf(buf, sizeof buf, " tlswiz %s %s", ui_sym(t, "›", ">"), left);
	ui_put(t, 0, 0, t->cols, R_TITLE, "");
	ui_put(t, 0, 0, t->cols - (rw ? rw + 2 : 0), R_TITLE, buf);
	if (right)
		ui_put(t, 0, t->cols - rw - 1, rw, R_TITLE, right);
}

void ui_footer(struct tui *t, const char *keys)
{
	if (t->status[0]) {	/* wrapped upwards: a path in it is shown whole */
		struct lines l = { 0 };
		lines_wrap(&l, R_WARN, t->cols, "", t->status);
		for (size_t i = 0; i < l.n && i < 4; i++) {
			int y = t->rows - 2 - (int)(l.n < 4 ? l.n : 4) + 1 + (int)i;
			move(y, 0);
			clrtoeol();
			ui_put(t, y, 0, t->cols, R_WARN, l.v[i].s);
		}
		lines_free(&l);
	}
	move(t->rows - 1, 0);
	clrtoeol();
	ui_put(t, t->rows - 1, 0, t->cols, R_KEY, keys);
}

/* One row per step state: its role and its tag (text as well as colour: it must read
 * in monochrome). A new state needs a row here and nothing else in ui/. */
static const struct {
	enum role role;
	const char *tag;
} states[] = {
	[STATE_PENDING] = { R_DIM, "[    ]" },
	[STATE_RUNNING] = { R_RUN, "[ .. ]" },
	[STATE_PASSED] = { R_PASS, "[PASS]" },
	[STATE_WARNED] = { R_WARN, "[WARN]" },
	[STATE_FAILED] = { R_FAIL, "[FAIL]" },
	[STATE_SKIPPED] = { R_DIM, "[SKIP]" },
	[STATE_UNCHECKED] = { R_WARN, "[ ?? ]" },	/* could not check */
	[STATE_CANCELLED] = { R_DIM, "[STOP]" },
	[STATE_NOT_RUN] = { R_DIM, "[ -- ]" },
};

enum role ui_state_role(enum step_state s)
{
	if ((size_t)s < sizeof states / sizeof states[0] && states[s].tag)
		return states[s].role;
	return R_DIM;
}

const char *ui_state_tag(enum step_state s)
{
	static char buf[16];
	if ((size_t)s < sizeof states / sizeof states[0] && states[s].tag)
		return states[s].tag;
	snprintf(buf, sizeof buf, "[%.4s]", step_state_name(s));	/* a state without a row still reads */
	return buf;
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

