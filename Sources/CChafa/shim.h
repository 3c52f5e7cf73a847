#ifndef NNDL_CCHAFA_SHIM_H
#define NNDL_CCHAFA_SHIM_H
#include <chafa.h>

/* g_string_free is a macro in newer GLib; this frees a GString and its text. */
static inline void nndl_gstring_free(GString *s) { g_string_free(s, TRUE); }
#endif
