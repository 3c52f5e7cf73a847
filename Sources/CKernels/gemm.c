#include "nndl_gemm.h"
#include "nndl_parallel.h"
#include "scratch.h"

#include <stddef.h>
#include <stdlib.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define ENTRY __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma")))
#define TARGET __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma"), always_inline)) static inline

/* Register tile MR rows × up to 4 registers (64 floats) of C; the sum over k in blocks of KC; A in blocks of MC rows
 * (MC × KC floats, 96 kB, stays in L2) and B in panels of KC × NC (512 kB, L2) whose 64-column slices every row
 * tile of A streams past. */
enum { MR = 6, NR = 64, KC = 256, MC = 96, NC = 512 };

/* C tile (rows × cols) = (load ? C : 0) + Σ_k A(r, k)·bp[k][j], bp 16·NV wide per k; A read from a packed slice ap
 * (MR wide per k) or, DIRECT, from A's rows in place (row r at ap + r·ars, rows past `rows` repeating the last). */
TARGET void tile(int kc, const float *ap, long ars, const float *bp, float *c, long ldc, int rows, int cols, int load,
                 const int NV, const int DIRECT) {
    __m512 acc[MR][4];
    const float *row[MR];
    _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++) {
        row[r] = ap + (size_t)(r < rows ? r : rows - 1) * ars;
        _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();
    }
    for (int k = 0; k < kc; k++) {
        __m512 b[4];
        _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++) b[v] = _mm512_load_ps(bp + v * 16);
        _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++) {
            __m512 a = _mm512_set1_ps(DIRECT ? row[r][k] : ap[r]);
            _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++)
                acc[r][v] = _mm512_fmadd_ps(a, b[v], acc[r][v]);
        }
        ap += DIRECT ? 0 : MR;
        bp += 16 * NV;
    }
    /* Unrolled (as every loop over acc here), so that acc stays in registers at any optimisation level. */
    _Pragma("clang loop unroll(full)") for (int r = 0; r < MR; r++)
        _Pragma("clang loop unroll(full)") for (int v = 0; v < NV; v++) {
            int valid = r < rows ? cols - v * 16 : 0;
            if (valid <= 0) continue;
            __mmask16 m = valid >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << valid) - 1);
            float *cr = c + (size_t)r * ldc + v * 16;
            __m512 x = load ? _mm512_add_ps(_mm512_maskz_loadu_ps(m, cr), acc[r][v]) : acc[r][v];
            _mm512_mask_storeu_ps(cr, m, x);
        }
}

/* B(pc.., jc..) as slices of up to NR columns, each kc × (its width rounded up to 16), zero past the edge. */
static void pack_b(const float *b, long brs, long bcs, int pc, int kc, int jc, int nc, float *dst) {
    for (int jr = 0; jr < nc; jr += NR) {
        int cols = nc - jr < NR ? nc - jr : NR, width = (cols + 15) / 16 * 16;
        const float *src = b + (size_t)pc * brs + (size_t)(jc + jr) * bcs;
        if (bcs == 1) {
            for (int kk = 0; kk < kc; kk++) {
                const float *s = src + (size_t)kk * brs;
                float *d = dst + (size_t)kk * width;
                int j = 0;
                for (; j < cols; j++) d[j] = s[j];
                for (; j < width; j++) d[j] = 0;
            }
        } else {
            for (int j = 0; j < width; j++) {
                const float *s = src + (size_t)j * bcs;
                float *d = dst + j;
                if (j < cols)
                    for (int kk = 0; kk < kc; kk++) d[(size_t)kk * width] = s[(size_t)kk * brs];
                else
                    for (int kk = 0; kk < kc; kk++) d[(size_t)kk * width] = 0;
            }
        }
        dst += (size_t)kc * width;
    }
}

/* A(ic.., pc..) as slices of MR rows, each kc × MR, zero past the edge. */
static void pack_a(const float *a, long ars, long acs, int ic, int mc, int pc, int kc, float *dst) {
    int slices = (mc + MR - 1) / MR;
    if (acs == 1) {
        for (int r = 0; r < slices * MR; r++) {
            float *d = dst + (size_t)(r / MR) * kc * MR + r % MR;
            if (r < mc) {
                const float *s = a + (size_t)(ic + r) * ars + pc;
                for (int kk = 0; kk < kc; kk++) d[(size_t)kk * MR] = s[kk];
            } else
                for (int kk = 0; kk < kc; kk++) d[(size_t)kk * MR] = 0;
        }
    } else {
        for (int kk = 0; kk < kc; kk++) { /* A's column kk: mc values ars apart, one per row */
            const float *s = a + (size_t)(pc + kk) * acs + (size_t)ic * ars;
            float *d = dst + (size_t)kk * MR;
            for (int r0 = 0; r0 < mc; r0 += MR, d += (size_t)kc * MR)
                for (int r = 0; r < MR; r++) d[r] = r0 + r < mc ? s[(size_t)(r0 + r) * ars] : 0;
        }
    }
}

ENTRY static void block(const float *a, long ars, long acs, const float *b, long brs, long bcs, int k, int accumulate,
                  float *c, long ldc, int i0, int i1, int j0, int j1) {
    float *bpack = nndl_thread_scratch(NNDL_SCRATCH_GEMM_B, sizeof(float) * KC * NC);
    float *apack = nndl_thread_scratch(NNDL_SCRATCH_GEMM_A, sizeof(float) * KC * (MC + MR));
    for (int jc = j0; jc < j1; jc += NC) {
        int nc = j1 - jc < NC ? j1 - jc : NC;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = k - pc < KC ? k - pc : KC, load = accumulate || pc > 0;
            pack_b(b, brs, bcs, pc, kc, jc, nc, bpack);
            /* A row-major (acs 1) is read in place: its rows stream through L1 as they are, and packing it would
             * cost as much as the product when n spans only a slice or two. A transposed is packed, since its
             * columns lie a row of A apart (often a multiple of 4 kB, which crowds a few cache sets). */
            const int direct = acs == 1;
            for (int ic = i0; ic < i1; ic += MC) {
                int mc = i1 - ic < MC ? i1 - ic : MC;
                if (!direct) pack_a(a, ars, acs, ic, mc, pc, kc, apack);
                for (int ir = 0; ir < mc; ir += MR) {
                    const float *ap = direct ? a + (size_t)(ic + ir) * ars + pc : apack + (size_t)(ir / MR) * kc * MR;
                    const float *bp = bpack;
                    int rows = mc - ir < MR ? mc - ir : MR;
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = nc - jr < NR ? nc - jr : NR;
                        float *ct = c + (size_t)(ic + ir) * ldc + jc + jr;
                        if (direct)
                            switch ((cols + 15) / 16) {
                            case 1: tile(kc, ap, ars, bp, ct, ldc, rows, cols, load, 1, 1); break;
                            case 2: tile(kc, ap, ars, bp, ct, ldc, rows, cols, load, 2, 1); break;
                            case 3: tile(kc, ap, ars, bp, ct, ldc, rows, cols, load, 3, 1); break;
                            default: tile(kc, ap, ars, bp, ct, ldc, rows, cols, load, 4, 1); break;
                            }
                        else
                            switch ((cols + 15) / 16) {
                            case 1: tile(kc, ap, MR, bp, ct, ldc, rows, cols, load, 1, 0); break;
                            case 2: tile(kc, ap, MR, bp, ct, ldc, rows, cols, load, 2, 0); break;
                            case 3: tile(kc, ap, MR, bp, ct, ldc, rows, cols, load, 3, 0); break;
                            default: tile(kc, ap, MR, bp, ct, ldc, rows, cols, load, 4, 0); break;
                            }
                        bp += (size_t)kc * ((cols + 15) / 16 * 16);
                    }
                }
            }
        }
    }
}

struct product {
    const float *a, *b;
    long ars, acs, brs, bcs, ldc;
    float *c;
    int m, n, k, accumulate, parts, by_columns;
};

static void part(void *context, int p) {
    const struct product *q = context;
    /* Part p of `parts` equal runs of units (16 columns or 6 rows), in long: no product overflows. */
    const long unit = q->by_columns ? 16 : MR, count = q->by_columns ? q->n : q->m, units = (count + unit - 1) / unit;
    long lo = units * p / q->parts * unit, hi = units * (p + 1) / q->parts * unit;
    if (hi > count) hi = count;
    if (lo >= hi) return;
    if (q->by_columns)
        block(q->a, q->ars, q->acs, q->b, q->brs, q->bcs, q->k, q->accumulate, q->c, q->ldc, 0, q->m, (int)lo, (int)hi);
    else
        block(q->a, q->ars, q->acs, q->b, q->brs, q->bcs, q->k, q->accumulate, q->c, q->ldc, (int)lo, (int)hi, 0, q->n);
}

ENTRY void nndl_sgemm(int m, int n, int k, const float *a, long ars, long acs, const float *b, long brs, long bcs,
                      int accumulate, float *c, long ldc, int threads) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[(size_t)i * ldc + j] = 0;
        return;
    }
    if (threads < 1) threads = 1;
    struct product q = {a, b, ars, acs, brs, bcs, ldc, c, m, n, k, accumulate, 1, 0};
    /* Parts of at least 2^20 multiply-adds; columns in slices of 16 when there are enough of them. */
    long work = (long)m * n * k;
    int parts = threads;
    while (parts > 1 && work / parts < (1L << 20)) parts--;
    q.parts = parts;
    q.by_columns = n >= m || (m + MR - 1) / MR < 2 * parts;
    if (parts <= 1) { part(&q, 0); return; }
    nndl_parallel_run(parts, part, &q);
}

#else

void nndl_sgemm(int m, int n, int k, const float *a, long ars, long acs, const float *b, long brs, long bcs,
                int accumulate, float *c, long ldc, int threads) {}

#endif
