#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

/* Without these the wide-character API (cchar_t, wget_wch, waddnwstr) stays hidden. */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* C globals are not concurrency-safe in Swift 6 and macros are not imported: read them here. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cn_stdin(void) { return stdin; }
static inline FILE *cn_stdout(void) { return stdout; }

static inline attr_t cn_attr_normal(void) { return A_NORMAL; }
static inline attr_t cn_attr_bold(void) { return A_BOLD; }
static inline attr_t cn_attr_dim(void) { return A_DIM; }
static inline attr_t cn_attr_reverse(void) { return A_REVERSE; }
static inline attr_t cn_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_attr_italic(void) { return A_ITALIC; }

/* Looks TERM up without touching the screen: 1 when it can address the cursor, 0 when it
   cannot (TERM=dumb), -1 when the type is unknown. Nothing is written to the terminal. */
static inline int cn_terminal_can_address_cursor(const char *term, int fd) {
    int status = 0;
    if (setupterm(term, fd, &status) != OK) return -1;
    const char *cup = tigetstr("cup");
    int usable = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return usable;
}

/* A terminfo string capability, or NULL when the terminal lacks it. */
static inline const char *cn_string_capability(const char *name) {
    const char *value = tigetstr(name);
    return value == (char *)-1 ? NULL : value;
}

/* Mouse masks are macros. A press of the left button, the wheel (buttons 4 and 5), and the
   modifiers: with one held the click is the terminal's own (Shift-drag selects text). */
static inline mmask_t cn_mouse_left_press(void) { return BUTTON1_PRESSED; }
static inline mmask_t cn_mouse_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t cn_mouse_wheel_down(void) { return BUTTON5_PRESSED; }
static inline mmask_t cn_mouse_modifiers(void) { return BUTTON_SHIFT | BUTTON_CTRL | BUTTON_ALT; }

/* What ncurses writes to turn xterm mouse reporting on (1) or off (0): the terminal's XM
   capability, else ncurses' own default (mode 1000). tiparm is variadic, which Swift cannot call. */
static inline const char *cn_xterm_mouse_sequence(int on) {
    const char *xm = tigetstr("XM");
    if (xm == NULL || xm == (char *)-1) xm = "\033[?1000%?%p1%{1}%=%th%el%;";
    const char *sequence = tiparm(xm, on);
    return sequence == NULL ? "" : sequence;
}

/* ioctl is variadic, which Swift cannot call. Returns 0 and the size, or -1. */
static inline int cn_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

#endif
