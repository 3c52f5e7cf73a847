#define _GNU_SOURCE
#include "nndl_parallel.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A pass in flight is one 64-bit word, so that claiming a part also checks which pass it belongs to: the pass's
 * number (bits 32–63), its part count (16–31) and the next unclaimed part (0–15). A worker that looked at an older
 * pass fails its compare-and-swap and never touches the newer pass's function. */
#define PASS(n) ((uint64_t)(n) << 32)
#define PARTS(s) ((int)(((s) >> 16) & 0xFFFF))
#define NEXT(s) ((int)((s)&0xFFFF))
#define NUMBER(s) ((uint32_t)((s) >> 32))

enum { MAX_WORKERS = 63, MAX_PARTS = 0xFFFF };

static _Atomic uint64_t pass;                 /* the pass in flight (or the last one) */
static _Atomic int done;                      /* parts of it that have returned */
static nndl_part_function pass_function;      /* written before `pass` is published, read after a claim */
static void *pass_context;
static _Atomic uint32_t wake_sequence;        /* futex word: bumped with every pass */
static _Atomic int sleepers;                  /* workers in (or entering) futex_wait */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int workers;                           /* threads started, under pool_lock */
static long spin_nanoseconds = -1;            /* how long an idle worker spins before it sleeps */
static _Thread_local int inside_part;
static _Atomic int caller_cpu = -1;           /* where the caller of the pass in flight was when it published it */
static cpu_set_t allowed_cpus;                /* where this process may run; set with `cpus` before any worker */
static int cpus;

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

/* Claims and runs parts of pass `number` until none is left; returns how many this thread ran. */
static void run_parts(uint32_t number) {
    uint64_t s = atomic_load(&pass);
    while (NUMBER(s) == number && NEXT(s) < PARTS(s)) {
        if (!atomic_compare_exchange_weak(&pass, &s, s + 1)) continue;
        pass_function(pass_context, NEXT(s));
        atomic_fetch_add_explicit(&done, 1, memory_order_release);
        s = atomic_load(&pass);
    }
}

/* Moves the calling worker off `cpu` (the caller's): Linux often wakes a worker on its waker's CPU and leaves the two
 * there while the other CPUs idle, so that a pass runs at one thread's speed (seen here in most processes for a float32
 * product of 200 × 100 × 3072 on 2 threads). Only the pool's own threads are ever bound, never the caller. */
static void leave_cpu(int cpu) {
    cpu_set_t elsewhere = allowed_cpus;
    CPU_CLR(cpu, &elsewhere);
    if (CPU_COUNT(&elsewhere) > 0) pthread_setaffinity_np(pthread_self(), sizeof elsewhere, &elsewhere);
}

static void *worker(void *argument) {
    uint32_t seen = (uint32_t)(uintptr_t)argument;
    inside_part = 1;
    for (;;) {
        uint64_t s = atomic_load(&pass);
        if (NUMBER(s) != seen) {
            seen = NUMBER(s);
            int cpu = atomic_load_explicit(&caller_cpu, memory_order_relaxed);
            if (cpu >= 0 && cpu == sched_getcpu()) leave_cpu(cpu);
            run_parts(seen);
            continue;
        }
        long deadline = now_ns() + spin_nanoseconds;
        int spins = 0;
        while (NUMBER(atomic_load_explicit(&pass, memory_order_relaxed)) == seen) {
            relax();
            if (++spins % 256 == 0) { /* a few microseconds: let a thread that wants this core have it */
                if (now_ns() > deadline) break;
                sched_yield();
            }
        }
        if (NUMBER(atomic_load(&pass)) != seen) continue;
        uint32_t sequence = atomic_load(&wake_sequence);
        atomic_fetch_add(&sleepers, 1);
        if (NUMBER(atomic_load(&pass)) == seen)
            syscall(SYS_futex, &wake_sequence, FUTEX_WAIT_PRIVATE, sequence, NULL, NULL, 0);
        atomic_fetch_sub(&sleepers, 1);
    }
    return NULL;
}

/* Starts workers until there are `wanted` (at most MAX_WORKERS); under pool_lock. */
static void start_workers(int wanted) {
    if (spin_nanoseconds < 0) {
        const char *microseconds = getenv("NNDL_POOL_SPIN_US");
        long us = microseconds != NULL ? atol(microseconds) : 100;
        spin_nanoseconds = (us < 0 ? 0 : us > 1000000 ? 1000000 : us) * 1000L;
        /* More threads than the CPUs this process may use would only take turns; with one, the caller runs all. */
        if (sched_getaffinity(0, sizeof allowed_cpus, &allowed_cpus) == 0)
            cpus = CPU_COUNT(&allowed_cpus);
        else
            cpus = 1; /* unknown: the caller runs every part */
    }
    if (wanted > cpus - 1) wanted = cpus - 1;
    if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
    static int refused; /* the system would not start another thread: make do with those there are */
    while (!refused && workers < wanted) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, worker, (void *)(uintptr_t)NUMBER(atomic_load(&pass)));
        pthread_attr_destroy(&attributes);
        if (failed) refused = 1;
        else workers++;
    }
}

void nndl_parallel_run(int parts, nndl_part_function fn, void *context) {
    if (parts <= 1 || parts > MAX_PARTS || inside_part || pthread_mutex_trylock(&pool_lock) != 0) {
        for (int p = 0; p < parts; p++) fn(context, p);
        return;
    }
    start_workers(parts - 1);
    pass_function = fn;
    pass_context = context;
    atomic_store_explicit(&done, 0, memory_order_relaxed);
    atomic_store_explicit(&caller_cpu, sched_getcpu(), memory_order_relaxed);
    uint32_t number = NUMBER(atomic_load(&pass)) + 1;
    atomic_store(&pass, PASS(number) | (uint64_t)parts << 16);
    atomic_fetch_add(&wake_sequence, 1);
    if (atomic_load(&sleepers) > 0) syscall(SYS_futex, &wake_sequence, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
    inside_part = 1;
    run_parts(number);
    inside_part = 0;
    for (unsigned spins = 1; atomic_load_explicit(&done, memory_order_acquire) < parts; spins++) {
        relax();
        if (spins % 256 == 0) sched_yield(); /* a worker waiting for this CPU gets it */
    }
    pthread_mutex_unlock(&pool_lock);
}

#else

void nndl_parallel_run(int parts, nndl_part_function fn, void *context) {
    for (int p = 0; p < parts; p++) fn(context, p);
}

#endif
