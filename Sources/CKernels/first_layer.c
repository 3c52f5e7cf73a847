#include "nndl_kernels.h"
#include "scratch.h"

#include <stddef.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int nndl_kernels_available(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0; /* OSXSAVE */
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6u) != 0xE6u) return 0; /* SSE, AVX, opmask and ZMM state saved by the OS */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const unsigned int need = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31); /* F, DQ, BW, VL */
    return (b & need) == need;
}

#define TARGET __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma"), always_inline)) static inline
#define ENTRY __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma")))

/* OpenBLAS's split of a sum into blocks (driver/level3): blocks of GEMM_Q terms (256 for its AVX2 double kernels),
 * the last two split evenly when fewer than 2·GEMM_Q remain, rounded up to GEMM_UNROLL_M (4). Every sum here — the
 * forward product's over the inputs and dW's over the batch — is cut this way. */
enum { OPENBLAS_GEMM_Q = 256, OPENBLAS_GEMM_UNROLL_M = 4 };

static int block_length(int remaining) {
    const int q = OPENBLAS_GEMM_Q, unroll = OPENBLAS_GEMM_UNROLL_M;
    if (remaining >= 2 * q) return q;
    if (remaining > q) return ((remaining / 2 + unroll - 1) / unroll) * unroll;
    return remaining;
}

#define ROW_GRADIENT_V(S, RR, FOUR)                                                                                 \
    switch (V) {                                                                                                     \
    case 1: row_gradient_tile_##S(x, D, dout, M, i0, i1, dw, d, RR, v0, 1, FOUR); break;                             \
    case 2: row_gradient_tile_##S(x, D, dout, M, i0, i1, dw, d, RR, v0, 2, FOUR); break;                             \
    case 3: row_gradient_tile_##S(x, D, dout, M, i0, i1, dw, d, RR, v0, 3, FOUR); break;                             \
    case 4: row_gradient_tile_##S(x, D, dout, M, i0, i1, dw, d, RR, v0, 4, FOUR); break;                             \
    case 5: row_gradient_tile_##S(x, D, dout, M, i0, i1, dw, d, RR, v0, 5, FOUR); break;                             \
    default: row_gradient_tile_##S(x, D, dout, M, i0, i1, dw, d, RR, v0, 6, FOUR); break;                            \
    }

/* One generic body per element type. LANES: elements per register; DGROUP: d-columns per dW tile (6 registers). */
#define KERNELS(T, S, VEC, LANES, MASK, SET1, LOADU, MLOADU, MSTOREU, STOREU, FMADD, ADD, ZERO)                      \
                                                                                                                     \
void nndl_pack_transposed_##S(const T *w, int H, int D, T *wt, int hp, int k0, int k1) {                          \
    for (int kb = k0; kb < k1; kb += 64) { /* 64 rows of wt (at most 64·hp elements) stay in L1 while h runs */     \
        int ke = kb + 64 < k1 ? kb + 64 : k1;                                                                        \
        for (int h = 0; h < H; h++) {                                                                                \
            const T *src = w + (size_t)h * D;                                                                        \
            for (int k = kb; k < ke; k++) wt[(size_t)k * hp + h] = src[k];                                           \
        }                                                                                                            \
        for (int k = kb; k < ke; k++)                                                                                \
            for (int h = H; h < hp; h++) wt[(size_t)k * hp + h] = 0;                                                 \
    }                                                                                                                \
}                                                                                                                    \
                                                                                                                     \
static inline MASK lanes_##S(int valid) {                                                                            \
    return valid >= LANES ? (MASK)~(MASK)0 : (MASK)(((MASK)1 << valid) - 1);                                         \
}                                                                                                                    \
                                                                                                                     \
/* out[r][h in group] += Σ_{k0 ≤ k < k1} x[r][k]·wt[k][h], for R rows and V registers of h starting at v0. */        \
TARGET void forward_tile_##S(const T *x, int D, const T *wt, int hp, int H, T *out, int v0, const int R,             \
                             const int V, int k0, int k1) {                                                          \
    VEC acc[4][6];                                                                                                   \
    MASK m[6];                                                                                                       \
    for (int v = 0; v < V; v++) m[v] = lanes_##S(H - (v0 + v) * LANES);                                              \
    for (int r = 0; r < R; r++)                                                                                      \
        for (int v = 0; v < V; v++) acc[r][v] = ZERO();                                                              \
    for (int k = k0; k < k1; k++) {                                                                                  \
        const T *wk = wt + (size_t)k * hp + (size_t)v0 * LANES;                                                      \
        VEC xb[4];                                                                                                   \
        for (int r = 0; r < R; r++) xb[r] = SET1(x[(size_t)r * D + k]);                                              \
        for (int v = 0; v < V; v++) {                                                                                \
            VEC w = MLOADU(ZERO(), m[v], wk + v * LANES);                                                            \
            for (int r = 0; r < R; r++) acc[r][v] = FMADD(xb[r], w, acc[r][v]);                                      \
        }                                                                                                            \
    }                                                                                                                \
    for (int v = 0; v < V; v++) {                                                                                    \
        int h = (v0 + v) * LANES;                                                                                    \
        for (int r = 0; r < R; r++) {                                                                                \
            T *c = out + (size_t)r * H + h;                                                                          \
            MSTOREU(c, m[v], ADD(MLOADU(ZERO(), m[v], c), acc[r][v]));                                               \
        }                                                                                                            \
    }                                                                                                                \
}                                                                                                                    \
                                                                                                                     \
/* forward_tile over the registers vb ≤ v < ve of h, in balanced groups of at most 6. */                          \
TARGET void forward_rows_##S(const T *x, int D, const T *wt, int hp, int H, T *out, const int R, int k0, int k1,     \
                             int vb, int ve) {                                                                       \
    int groups = (ve - vb + 5) / 6;                                                                                  \
    int v0 = vb;                                                                                                     \
    for (int g = 0; g < groups; g++) {                                                                               \
        int v = (ve - v0) / (groups - g);                                                                            \
        switch (v) {                                                                                                 \
        case 1: forward_tile_##S(x, D, wt, hp, H, out, v0, R, 1, k0, k1); break;                                     \
        case 2: forward_tile_##S(x, D, wt, hp, H, out, v0, R, 2, k0, k1); break;                                     \
        case 3: forward_tile_##S(x, D, wt, hp, H, out, v0, R, 3, k0, k1); break;                                     \
        case 4: forward_tile_##S(x, D, wt, hp, H, out, v0, R, 4, k0, k1); break;                                     \
        case 5: forward_tile_##S(x, D, wt, hp, H, out, v0, R, 5, k0, k1); break;                                     \
        default: forward_tile_##S(x, D, wt, hp, H, out, v0, R, 6, k0, k1); v = 6; break;                             \
        }                                                                                                            \
        v0 += v;                                                                                                     \
    }                                                                                                                \
}                                                                                                                    \
                                                                                                                     \
/* Blocks of k outermost (each element adds them in order); within one, 18 registers of h at a time, so that        \
 * block × 18 registers of wt (295 kB) stays in L2 while every row tile passes over it. */                          \
ENTRY void nndl_forward_##S(const T *x, int D, const T *wt, int hp, int H, const T *b, T *out, int i0,               \
                            int i1) {                                                                                \
    for (int i = i0; i < i1; i++)                                                                                    \
        for (int h = 0; h < H; h++) out[(size_t)i * H + h] = b != NULL ? b[h] : 0;                                   \
    int vectors = (H + LANES - 1) / LANES;                                                                           \
    for (int k0 = 0; k0 < D;) {                                                                                      \
        int k1 = k0 + block_length(D - k0);                                                                          \
        for (int vb = 0; vb < vectors; vb += 18) {                                                                   \
            int ve = vb + 18 < vectors ? vb + 18 : vectors;                                                          \
            int i = i0;                                                                                              \
            for (; i + 4 <= i1; i += 4)                                                                              \
                forward_rows_##S(x + (size_t)i * D, D, wt, hp, H, out + (size_t)i * H, 4, k0, k1, vb, ve);           \
            for (; i < i1; i++)                                                                                      \
                forward_rows_##S(x + (size_t)i * D, D, wt, hp, H, out + (size_t)i * H, 1, k0, k1, vb, ve);           \
        }                                                                                                            \
        k0 = k1;                                                                                                     \
    }                                                                                                                \
}                                                                                                                    \
                                                                                                                     \
/* dw[h + r][d..d + 3·LANES) += Σ_i dh[i][h + r]·p[i − i0][..], one chain per element, for R rows of dw; or (four)   \
 * one row h as four chains over i mod 4, added as (c0 + c1) + (c2 + c3). p is the batch block's packed panel of x.  */\
TARGET void gradient_tile_##S(const T *dh, int H, const T *p, int i0, int i1, T *dw, int D, int h, const int R,      \
                              int d, const int four) {                                                               \
    VEC acc[8][3];                                                                                                   \
    for (int r = 0; r < (four ? 4 : R); r++)                                                                         \
        for (int v = 0; v < 3; v++) acc[r][v] = ZERO();                                                              \
    for (int i = i0; i < i1; i++) {                                                                                  \
        const T *pi = p + (size_t)(i - i0) * 3 * LANES;                                                              \
        VEC xv[3];                                                                                                   \
        for (int v = 0; v < 3; v++) xv[v] = LOADU(pi + v * LANES);                                                   \
        if (four) {                                                                                                  \
            VEC g = SET1(dh[(size_t)i * H + h]);                                                                     \
            int j = (i - i0) & 3;                                                                                    \
            for (int v = 0; v < 3; v++) acc[j][v] = FMADD(g, xv[v], acc[j][v]);                                     \
        } else                                                                                                       \
            for (int r = 0; r < R; r++) {                                                                            \
                VEC g = SET1(dh[(size_t)i * H + h + r]);                                                             \
                for (int v = 0; v < 3; v++) acc[r][v] = FMADD(g, xv[v], acc[r][v]);                                 \
            }                                                                                                        \
    }                                                                                                                \
    if (four)                                                                                                        \
        for (int v = 0; v < 3; v++) acc[0][v] = ADD(ADD(acc[0][v], acc[1][v]), ADD(acc[2][v], acc[3][v]));           \
    for (int r = 0; r < (four ? 1 : R); r++)                                                                         \
        for (int v = 0; v < 3; v++) {                                                                                \
            T *c = dw + (size_t)(h + r) * D + d + v * LANES;                                                         \
            STOREU(c, ADD(LOADU(c), acc[r][v]));                                                                     \
        }                                                                                                            \
}                                                                                                                    \
                                                                                                                     \
/* Columns d of x three registers wide are copied, block of the batch by block, into a contiguous panel (x's rows    \
 * lie a multiple of 4 kB apart, so read in place they crowd a few cache sets), which every tile of dW's rows then   \
 * reads from L1: up to 8 rows of dW at a time, 24 accumulators. */                                                  \
ENTRY void nndl_weight_gradient_##S(const T *dh, int H, const T *x, int D, int N, T *dw,                             \
                                    const unsigned char *four_way, int d0, int d1) {                                 \
    const int width = 3 * LANES;                                                                                     \
    T *p = nndl_thread_scratch(NNDL_SCRATCH_GRADIENT_PANEL,                                                        \
                               (size_t)(N < 2 * OPENBLAS_GEMM_Q ? N : 2 * OPENBLAS_GEMM_Q) * width * sizeof(T));    \
    for (int d = d0; d < d1; d += width) {                                                                           \
        for (int i0 = 0, i1; i0 < N; i0 = i1) { /* the batch in OpenBLAS's blocks of 256, each added to dw in turn */\
            i1 = i0 + block_length(N - i0);                                                                          \
            for (int i = i0; i < i1; i++)                                                                            \
                for (int v = 0; v < 3; v++)                                                                          \
                    STOREU(p + (size_t)(i - i0) * width + v * LANES, LOADU(x + (size_t)i * D + d + v * LANES));      \
            for (int h = 0, r; h < H; h += r) {                                                                      \
                if (four_way[h]) {                                                                                   \
                    gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 1, d, 1);                                          \
                    r = 1;                                                                                           \
                    continue;                                                                                        \
                }                                                                                                    \
                for (r = 1; r < 8 && h + r < H && !four_way[h + r];) r++;                                            \
                switch (r) {                                                                                         \
                case 8: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 8, d, 0); break;                               \
                case 7: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 7, d, 0); break;                               \
                case 6: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 6, d, 0); break;                               \
                case 5: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 5, d, 0); break;                               \
                case 4: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 4, d, 0); break;                               \
                case 3: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 3, d, 0); break;                               \
                case 2: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 2, d, 0); break;                               \
                default: gradient_tile_##S(dh, H, p, i0, i1, dw, D, h, 1, d, 0); break;                              \
                }                                                                                                    \
            }                                                                                                        \
        }                                                                                                            \
    }                                                                                                                \
}                                                                                                                    \
                                                                                                                     \
/* dw[d + r][m-group] += Σ_i x[i][d + r]·dout[i][m-group] for R rows of dw (D, M) and V registers of m from v0. */   \
TARGET void row_gradient_tile_##S(const T *x, int D, const T *dout, int M, int i0, int i1, T *dw, int d, const int R, \
                                  int v0, const int V, int four) {                                                   \
    VEC acc[4][6];                                                                                                   \
    MASK m[6];                                                                                                       \
    for (int v = 0; v < V; v++) m[v] = lanes_##S(M - (v0 + v) * LANES);                                             \
    for (int r = 0; r < 4; r++)                                                                                      \
        for (int v = 0; v < V; v++) acc[r][v] = ZERO();                                                              \
    for (int i = i0; i < i1; i++) {                                                                                  \
        const T *gi = dout + (size_t)i * M + (size_t)v0 * LANES;                                                     \
        VEC g[6];                                                                                                    \
        for (int v = 0; v < V; v++) g[v] = MLOADU(ZERO(), m[v], gi + v * LANES);                                     \
        if (four) { /* one row of dw as four chains over i mod 4 */                                                  \
            VEC xb = SET1(x[(size_t)i * D + d]);                                                                     \
            int j = (i - i0) & 3;                                                                                    \
            for (int v = 0; v < V; v++) acc[j][v] = FMADD(xb, g[v], acc[j][v]);                                     \
        } else {                                                                                                     \
            for (int r = 0; r < R; r++) {                                                                            \
                VEC xb = SET1(x[(size_t)i * D + d + r]);                                                             \
                for (int v = 0; v < V; v++) acc[r][v] = FMADD(xb, g[v], acc[r][v]);                                 \
            }                                                                                                        \
        }                                                                                                            \
    }                                                                                                                \
    if (four)                                                                                                        \
        for (int v = 0; v < V; v++) acc[0][v] = ADD(ADD(acc[0][v], acc[1][v]), ADD(acc[2][v], acc[3][v]));           \
    for (int r = 0; r < (four ? 1 : R); r++)                                                                         \
        for (int v = 0; v < V; v++) {                                                                                \
            T *c = dw + (size_t)(d + r) * M + (size_t)(v0 + v) * LANES;                                              \
            MSTOREU(c, m[v], ADD(MLOADU(ZERO(), m[v], c), acc[r][v]));                                               \
        }                                                                                                            \
}                                                                                                                    \
                                                                                                                     \
/* row_gradient_tile with R, V and four as constants, so that its accumulators stay in registers. */               \
TARGET void row_gradient_group_##S(const T *x, int D, const T *dout, int M, int i0, int i1, T *dw, int d, int R,     \
                                   int v0, int V, int four) {                                                        \
    if (four) { ROW_GRADIENT_V(S, 1, 1) return; }                                                                    \
    switch (R) {                                                                                                     \
    case 4: ROW_GRADIENT_V(S, 4, 0) break;                                                                           \
    case 3: ROW_GRADIENT_V(S, 3, 0) break;                                                                           \
    case 2: ROW_GRADIENT_V(S, 2, 0) break;                                                                           \
    default: ROW_GRADIENT_V(S, 1, 0) break;                                                                          \
    }                                                                                                                \
}                                                                                                                    \
                                                                                                                     \
ENTRY void nndl_row_weight_gradient_##S(const T *x, int D, const T *dout, int M, int N, T *dw,                       \
                                        const unsigned char *four_way, int d0, int d1) {                             \
    int vectors = (M + LANES - 1) / LANES;                                                                           \
    /* 18 registers of m at a time: N × 18·LANES of dout stays in L2 while the rows of dw pass; within a row tile    \
     * its groups reuse the same few lines of x from L1. */                                                          \
    for (int vb = 0; vb < vectors; vb += 18) {                                                                       \
        int ve = vb + 18 < vectors ? vb + 18 : vectors;                                                              \
        int groups = (ve - vb + 5) / 6;                                                                              \
        int d = d0;                                                                                                  \
        while (d < d1) {                                                                                             \
            int four = four_way[d] != 0, r = 1;                                                                      \
            if (!four)                                                                                               \
                while (r < 4 && d + r < d1 && !four_way[d + r]) r++;                                                 \
            int v0 = vb;                                                                                             \
            for (int gi = 0; gi < groups; gi++) {                                                                    \
                int V = (ve - v0) / (groups - gi);                                                                   \
                for (int i0 = 0, i1; i0 < N; i0 = i1) { /* OpenBLAS's blocks of 256 terms, in turn */                \
                    i1 = i0 + block_length(N - i0);                                                                  \
                    row_gradient_group_##S(x, D, dout, M, i0, i1, dw, d, r, v0, V, four);                            \
                }                                                                                                    \
                v0 += V;                                                                                             \
            }                                                                                                        \
            d += r;                                                                                                  \
        }                                                                                                            \
    }                                                                                                                \
}

KERNELS(double, f64, __m512d, 8, __mmask8, _mm512_set1_pd, _mm512_loadu_pd, _mm512_mask_loadu_pd,
        _mm512_mask_storeu_pd, _mm512_storeu_pd, _mm512_fmadd_pd, _mm512_add_pd, _mm512_setzero_pd)
KERNELS(float, f32, __m512, 16, __mmask16, _mm512_set1_ps, _mm512_loadu_ps, _mm512_mask_loadu_ps,
        _mm512_mask_storeu_ps, _mm512_storeu_ps, _mm512_fmadd_ps, _mm512_add_ps, _mm512_setzero_ps)

#else

int nndl_kernels_available(void) { return 0; }
void nndl_pack_transposed_f64(const double *w, int H, int D, double *wt, int hp, int k0, int k1) {}
void nndl_pack_transposed_f32(const float *w, int H, int D, float *wt, int hp, int k0, int k1) {}
void nndl_forward_f64(const double *x, int D, const double *wt, int hp, int H, const double *b, double *out, int i0,
                      int i1) {}
void nndl_forward_f32(const float *x, int D, const float *wt, int hp, int H, const float *b, float *out, int i0,
                      int i1) {}
void nndl_weight_gradient_f64(const double *dh, int H, const double *x, int D, int N, double *dw,
                              const unsigned char *four_way, int d0, int d1) {}
void nndl_weight_gradient_f32(const float *dh, int H, const float *x, int D, int N, float *dw,
                              const unsigned char *four_way, int d0, int d1) {}
void nndl_row_weight_gradient_f64(const double *x, int D, const double *dout, int M, int N, double *dw,
                                  const unsigned char *four_way, int d0, int d1) {}
void nndl_row_weight_gradient_f32(const float *x, int D, const float *dout, int M, int N, float *dw,
                                  const unsigned char *four_way, int d0, int d1) {}

#endif
