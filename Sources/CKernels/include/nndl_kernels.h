#ifndef NNDL_KERNELS_H
#define NNDL_KERNELS_H

/* A net's first layer written for AVX-512: hidden = x·W + b and its dW, with W stored (H, D) as the first notebook
 * stores W1 (packed as W1ᵀ first) or (D, H) as the modular nets store w. Each output element is summed in the order
 * Debian's OpenBLAS sums it on its AVX2 kernels: every sum cut into OpenBLAS's blocks of 256 terms, each block's
 * fused multiply-add chain added to the element in turn, and for the rows of dW that `four_way` marks, four
 * interleaved chains per block added pairwise. A caller that checked those orders against OpenBLAS therefore gets its
 * results bit for bit, at the speed of the wider registers. The vector lanes run across outputs, never across a sum. */

/* 1 when the CPU and the operating system support AVX-512 F/DQ/BW/VL, else 0 (then nothing below may be called). */
int nndl_kernels_available(void);

/* Rows k0 ≤ k < k1 of wt (D, hp) = wᵀ with columns h ≥ H zero; hp = H rounded up to 8 (double) or 16 (float). */
void nndl_pack_transposed_f64(const double *w, int H, int D, double *wt, int hp, int k0, int k1);
void nndl_pack_transposed_f32(const float *w, int H, int D, float *wt, int hp, int k0, int k1);

/* out[i][h] = b[h] + Σ over blocks of x[i][k]·wt[k][h], rows i0 ≤ i < i1; x is (N, D), wt (D, hp) with hp ≥ H (the
 * packed W1ᵀ, or a modular net's w (D, H) itself with hp = H), out (N, H); b NULL starts every sum at 0. */
void nndl_forward_f64(const double *x, int D, const double *wt, int hp, int H, const double *b, double *out,
                      int i0, int i1);
void nndl_forward_f32(const float *x, int D, const float *wt, int hp, int H, const float *b, float *out,
                      int i0, int i1);

/* dw[h][d] += Σ_i dh[i][h]·x[i][d] for d0 ≤ d < d1 (multiples of 48 for double, 96 for float); dh is (N, H), x
 * (N, D), dw (H, D); four_way[h] != 0 sums column h as four interleaved chains. */
void nndl_weight_gradient_f64(const double *dh, int H, const double *x, int D, int N, double *dw,
                              const unsigned char *four_way, int d0, int d1);
void nndl_weight_gradient_f32(const float *dh, int H, const float *x, int D, int N, float *dw,
                              const unsigned char *four_way, int d0, int d1);

/* The modular nets' layout, w (D, M): dw[d][m] += Σ_i x[i][d]·dout[i][m] for rows d0 ≤ d < d1; x is (N, D), dout
 * (N, M), dw (D, M); four_way[d] != 0 sums row d as four interleaved chains. */
void nndl_row_weight_gradient_f64(const double *x, int D, const double *dout, int M, int N, double *dw,
                                  const unsigned char *four_way, int d0, int d1);
void nndl_row_weight_gradient_f32(const float *x, int D, const float *dout, int M, int N, float *dw,
                                  const unsigned char *four_way, int d0, int d1);

#endif
