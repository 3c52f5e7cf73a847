#ifndef NNDL_CNCURSES_SHIM_H
#define NNDL_CNCURSES_SHIM_H
#define _DEFAULT_SOURCE 1
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Swift 6 cannot read ncurses' global variables safely; these accessors read them on the UI thread. */
static inline WINDOW *nndl_stdscr(void) { return stdscr; }
static inline int nndl_colors(void) { return COLORS; }
static inline int nndl_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t nndl_attr_bold(void) { return A_BOLD; }
static inline attr_t nndl_attr_dim(void) { return A_DIM; }
static inline attr_t nndl_attr_reverse(void) { return A_REVERSE; }
static inline attr_t nndl_attr_underline(void) { return A_UNDERLINE; }

/* Writes one character with attributes and an extended colour pair at (y, x). */
static inline int nndl_put(int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    setcchar(&cell, text, attrs, 0, &pair);
    return mvwadd_wch(stdscr, y, x, &cell);
}

/* Reads one key from `win`: returns ERR, OK (a character in *ch) or KEY_CODE_YES (a function key in *ch). */
static inline int nndl_get(WINDOW *win, wint_t *ch) { return wget_wch(win, ch); }

/* terminfo's numeric and boolean capabilities (the names are not const in the C prototypes). */
static inline int nndl_tigetnum(const char *name) { return tigetnum((char *)name); }
static inline int nndl_tigetflag(const char *name) { return tigetflag((char *)name); }
#endif
