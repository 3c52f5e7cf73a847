#ifndef NNDL_PARALLEL_H
#define NNDL_PARALLEL_H

/* A pool of worker threads for the engine's data-parallel passes (the first layer's kernels, the minibatch gather,
 * element-wise updates). A training step runs several such passes a few tens of microseconds apart; waking a
 * sleeping thread for each (what Dispatch does) costs a system call and the wake-up latency every time, so a worker
 * here spins for a short while after a pass before it sleeps, and the next pass starts on it at once. */

/* One part of a pass: called once with each part index 0 ≤ part < parts. */
typedef void (*nndl_part_function)(void *context, int part);

/* Calls fn(context, p) for every 0 ≤ p < parts, part by part on the calling thread and up to parts − 1 workers, and
 * returns when all have returned. Called from inside a part, or while another thread's pass holds the pool, it runs
 * every part on the calling thread (in order), so it never waits on itself. */
void nndl_parallel_run(int parts, nndl_part_function fn, void *context);

#endif
