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
#include "live.h"
#include "scr.h"

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
	ui_screens[t->stack[t->depth - 1]]->draw(t);
	if (t->editing)
		scr_draw_edit(t);
	refresh();
}

/* The keys waiting now, as one burst (a paste arrives as one). An escape sequence that
 * curses did not know is dropped whole, never read as Esc and then letters: with a TERM
 * that does not match the terminal, PgDn must not go back. Esc alone is Esc; Esc and a
 * letter (Alt-letter) is dropped. */
static int read_keys(struct tui *t, int *out, int max)
{
	int n = 0, ch;
	while (n < max && (ch = getch()) != ERR) {
		if (ch == 27) {
			int c2 = getch();
			if (c2 == ERR) {
				out[n++] = 27;
				break;
			}
			if (c2 == '[' || c2 == 'O') {
				int c3, params[4] = { 0 }, np = 0;
				/* CSI: parameters and intermediates, then one final byte 0x40..0x7e */
				while ((c3 = getch()) != ERR && c3 >= 0x20 && c3 < 0x40) {
					if (c3 >= '0' && c3 <= '9' && np < 4)
						params[np] = params[np] * 10 + (c3 - '0');
					else if (c3 == ';' && np < 3)
						np++;
				}
				if (c2 == '[' && c3 == '~' && params[0] == 200)
					out[n++] = KEY_PASTE_BEGIN;
				else if (c2 == '[' && c3 == '~' && params[0] == 201)
					out[n++] = KEY_PASTE_END;
				continue;
			}
			continue;	/* Alt-key: nothing is bound to it */
		}
		out[n++] = ch;
	}
	(void)t;
	return n;
}

/* Keys a terminal sends that a mismatched terminfo entry may not name. */
static void define_common_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} k[] = {
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE }, { "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END }, { "\033OH", KEY_HOME }, { "\033OF", KEY_END },
		{ "\033[3~", KEY_DC }, { "\033OP", KEY_F(1) }, { "\033[11~", KEY_F(1) }, { "\033[21~", KEY_F(10) },
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
		{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
		{ "\033[200~", KEY_PASTE_BEGIN }, { "\033[201~", KEY_PASTE_END },
	};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
		if (key_defined(k[i].seq) <= 0)
			define_key(k[i].seq, k[i].key);
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
		t->quit_signal = sig;
		break;
	default:	/* SIGCONT: redraw everything */
		clearok(curscr, TRUE);
		break;
	}
}


int ui_main(struct cli_opts *o)
{
	struct tui t = { .opts = o };
	bool abandoned;
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
		struct lab_opts lo = { .hostile = o->hostile };
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
	live_init(t.notify[1]);
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
	define_common_keys();
	curs_set(0);
	/* bracketed paste: a pasted newline is text, not Enter */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	draw_theme_init(&t);
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
		bool running = t.run && !run_done(t.run);

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
			int in[4096], n;
			nodelay(stdscr, TRUE);
			n = read_keys(&t, in, (int)(sizeof in / sizeof in[0]));
			for (int i = 0; i < n && !t.quit; i++) {
				int ch = in[i];
				if (t.cols < MIN_COLS || t.rows < MIN_ROWS) {
					if (ch == 'q' || ch == KEY_F(10))
						t.quit = true;
					continue;
				}
				if (ch == KEY_PASTE_BEGIN || ch == KEY_PASTE_END) {
					t.in_paste = ch == KEY_PASTE_BEGIN;
					continue;
				}
				t.more_input = i + 1 < n;
				if (ui_dispatch(&t, ch) == UI_QUIT)
					t.quit = true;
			}
			t.more_input = false;
			nodelay(stdscr, FALSE);
		}
	}
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	endwin();
	/* Quit within 200 ms whatever a worker is doing: a run still busy after its cancel
	 * is abandoned (never joined), and so are the engine's workers. */
	abandoned = t.run && !run_free(t.run);
	if (!abandoned) {
		engine_shutdown();
		live_stop();	/* an abandoned worker may still publish: the observer stays */
	}
	free(t.text);
	if (t.lab)
		lab_stop(t.lab);
	close(t.notify[0]);
	close(t.notify[1]);
	sig_wfd = -1;
	close(t.sig[0]);
	close(t.sig[1]);
	if (abandoned) {
		/* no exit handlers or library destructors under a worker's feet */
		fflush(NULL);
		_exit(t.quit_signal ? 128 + t.quit_signal : 0);
	}
	/* Interrupted is not "no problem": the shell convention, 130 for Ctrl-C. */
	return t.quit_signal ? 128 + t.quit_signal : 0;
}
