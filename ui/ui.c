/* ui.c — the terminal interface's frame: start-up checks in plain words before curses,
 * one poll() loop over the keyboard, the run's notify pipe and a signal self-pipe, the
 * theme (colour roles with a monochrome column, UTF-8 or ASCII symbols) and drawing
 * helpers that never let a string run past its column. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <curses.h>

#include "engine.h"
#include "net.h"
#include "text.h"
#include "tui.h"
#include "ui.h"

#define MIN_COLS 80
#define MIN_ROWS 24

static int sig_wfd = -1;

/* The only thing a handler does: one byte into the self-pipe (tmux proc.c habit). */
static void on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int e = errno;
	if (sig_wfd >= 0)
		(void)!write(sig_wfd, &b, 1);
	errno = e;
}

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

void ui_push(struct tui *t, enum screen_id id)
{
	if (t->depth < (int)(sizeof t->stack / sizeof t->stack[0]))
		t->stack[t->depth++] = ui_screens[id];
}

void ui_start_run(struct tui *t, const char *const *names, const char *title)
{
	if (t->run)
		run_free(t->run);
	t->run = run_new(&t->target, names);
	snprintf(t->run_title, sizeof t->run_title, "%s", title);
	t->wiz_sel = 0;
	t->fnd_sel = 0;
	run_start(t->run, t->notify[1]);
	recent_save(t);
	ui_push(t, SCR_WIZARD);
}

static void draw(struct tui *t)
{
	erase();
	getmaxyx(stdscr, t->rows, t->cols);
	if (t->cols < MIN_COLS || t->rows < MIN_ROWS) {
		char msg[128];
		snprintf(msg, sizeof msg, "Please enlarge the terminal to at least %dx%d (now %dx%d). q quits.",
			 MIN_COLS, MIN_ROWS, t->cols, t->rows);
		mvaddnstr(0, 0, msg, t->cols);
		refresh();
		return;
	}
	t->stack[t->depth - 1]->draw(t);
	refresh();
}

static void theme_init(struct tui *t)
{
	t->color = !t->opts->no_color && !getenv("NO_COLOR") && has_colors();
	if (t->color) {
		start_color();
		use_default_colors();
		for (int r = 0; r < R__COUNT; r++)
			init_pair((short)(r + 1), roles[r].fg, -1);
	}
}

static void handle_signal(struct tui *t, int sig)
{
	struct winsize ws;

	switch (sig) {
	case SIGWINCH:
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
			resizeterm(ws.ws_row, ws.ws_col);
		break;
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
		t->quit = true;
		break;
	default:	/* SIGCONT: redraw everything */
		clearok(curscr, TRUE);
		break;
	}
}

int ui_dispatch(struct tui *t, int ch);

int ui_main(struct cli_opts *o)
{
	struct tui t = { .opts = o };
	struct sigaction sa = { .sa_handler = on_signal };
	char err[256];
	const char *cs;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "tlswiz: the interactive interface needs a terminal.\n"
			"       For scripts use: tlswiz diagnose HOST[:PORT] (add --json for JSON)\n");
		return 3;
	}
	if (!getenv("TERM") || !*getenv("TERM")) {
		fprintf(stderr, "tlswiz: TERM is not set; try TERM=xterm, or use tlswiz diagnose HOST\n");
		return 3;
	}
	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	t.ascii = o->ascii || !cs || strcmp(cs, "UTF-8") != 0;
	t.target = o->target;
	if (o->lab) {
		struct lab_opts lo = { 0 };
		t.lab = lab_start(&lo, err, sizeof err);
		if (!t.lab) {
			fprintf(stderr, "tlswiz: the lab did not start: %s\n", err);
			return 3;
		}
	}
	if (pipe2(t.notify, O_CLOEXEC | O_NONBLOCK) < 0 || pipe2(t.sig, O_CLOEXEC | O_NONBLOCK) < 0) {
		fprintf(stderr, "tlswiz: %s\n", strerror(errno));
		return 3;
	}
	sig_wfd = t.sig[1];
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
	if (!getenv("ESCDELAY"))
		setenv("ESCDELAY", "25", 1);
	if (!newterm(NULL, stdout, stdin)) {
		fprintf(stderr, "tlswiz: this terminal (TERM=%s) is not usable; try TERM=xterm\n", getenv("TERM"));
		return 3;
	}
	if (!getenv("TLSWIZ_KEEP_ESCDELAY"))
		set_escdelay(25);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	theme_init(&t);
	recent_load(&t);
	ui_push(&t, SCR_HOME);
	home_build(&t);
	if (o->have_target) {
		const char *all[] = { NULL };
		(void)all;
		ui_start_run(&t, NULL, "diagnose everything");
	}
	while (!t.quit) {
		struct pollfd p[3] = { { .fd = STDIN_FILENO, .events = POLLIN }, { .fd = t.notify[0], .events = POLLIN },
				       { .fd = t.sig[0], .events = POLLIN } };
		bool running = t.run && !t.run->done;

		draw(&t);
		/* Sleep until something happens; tick only while probes run (the spinner). */
		if (poll(p, 3, running ? 120 : -1) < 0 && errno != EINTR)
			break;
		if (p[2].revents & POLLIN) {
			unsigned char b;
			while (read(t.sig[0], &b, 1) == 1)
				handle_signal(&t, b);
		}
		if (p[1].revents & POLLIN) {
			char sink[256];
			while (read(t.notify[0], sink, sizeof sink) > 0)
				;
		}
		if (running)
			t.spin++;
		if (p[0].revents & POLLIN) {
			int ch;
			nodelay(stdscr, TRUE);
			while ((ch = getch()) != ERR && !t.quit) {
				if (t.cols < MIN_COLS || t.rows < MIN_ROWS) {
					if (ch == 'q' || ch == KEY_F(10))
						t.quit = true;
					continue;
				}
				if (ui_dispatch(&t, ch) == UI_QUIT)
					t.quit = true;
			}
			nodelay(stdscr, FALSE);
		}
	}
	endwin();
	if (t.run)
		run_free(t.run);
	engine_shutdown();
	free(t.text);
	if (t.lab)
		lab_stop(t.lab);
	close(t.notify[0]);
	close(t.notify[1]);
	sig_wfd = -1;
	close(t.sig[0]);
	close(t.sig[1]);
	return 0;
}
