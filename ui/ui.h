/* ui.h — the ncurses front end's single entry point. ui/ is the only code that includes
 * curses (doc/design.md, "Layers"). */
#ifndef TLSWIZ_UI_H
#define TLSWIZ_UI_H
#include "cli.h"

/* Run the TUI until the user quits; o carries the parsed options (target optional,
 * o->lab to start the built-in lab in-process). Returns the exit status. */
int ui_main(struct cli_opts *o);

#endif
