#include "scratch.h"

#include <pthread.h>
#include <stdlib.h>

struct scratch {
    void *buffer[NNDL_SCRATCH_SLOTS];
    size_t capacity[NNDL_SCRATCH_SLOTS];
};

static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void release(void *pointer) {
    struct scratch *s = pointer;
    for (int slot = 0; slot < NNDL_SCRATCH_SLOTS; slot++) free(s->buffer[slot]);
    free(s);
}

static void make_key(void) {
    if (pthread_key_create(&key, release) != 0) abort();
}

void *nndl_thread_scratch(enum nndl_scratch_slot slot, size_t bytes) {
    pthread_once(&key_once, make_key);
    struct scratch *s = pthread_getspecific(key);
    if (s == NULL) {
        s = calloc(1, sizeof *s);
        if (s == NULL || pthread_setspecific(key, s) != 0) abort();
    }
    if (bytes > s->capacity[slot]) {
        free(s->buffer[slot]);
        size_t capacity = (bytes + 4095) / 4096 * 4096;
        s->buffer[slot] = aligned_alloc(64, capacity);
        if (s->buffer[slot] == NULL) abort();
        s->capacity[slot] = capacity;
    }
    return s->buffer[slot];
}
