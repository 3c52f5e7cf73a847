#ifndef NNDL_SCRATCH_H
#define NNDL_SCRATCH_H

#include <stddef.h>

/* The kernels' working buffers, one set per thread (the pool's workers, and whichever thread calls a kernel), grown
 * when a larger one is asked for and freed when their thread ends (Dispatch retires idle threads). */
enum nndl_scratch_slot { NNDL_SCRATCH_GRADIENT_PANEL, NNDL_SCRATCH_GEMM_B, NNDL_SCRATCH_GEMM_A, NNDL_SCRATCH_SLOTS };

/* A 64-byte-aligned buffer of at least `bytes` for this thread's `slot` (its contents are not kept when it grows);
 * the process stops if memory ran out. */
void *nndl_thread_scratch(enum nndl_scratch_slot slot, size_t bytes);

#endif
