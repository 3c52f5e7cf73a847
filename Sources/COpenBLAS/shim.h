#include <cblas.h>
/* Declared by OpenBLAS but not in every cblas.h: the thread count used by its GEMMs. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
/* The kernel set ("core") OpenBLAS chose for this CPU, or was told to use by OPENBLAS_CORETYPE. */
char *openblas_get_corename(void);
