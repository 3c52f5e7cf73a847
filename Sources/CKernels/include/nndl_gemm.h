#ifndef NNDL_GEMM_H
#define NNDL_GEMM_H

/* A float32 matrix product of our own for AVX-512, used for every float32 product the engine makes with OpenBLAS's
 * interface (alpha 1, beta 0 or 1): the environment may pin OpenBLAS to its AVX2 kernels, and OpenBLAS's spinning
 * threads compete with the engine's pool on small machines. Operands are packed into panels (A in slices of 6 rows,
 * B in slices of 64 columns, the sum over k in blocks of 256), and a 6 × 64 register tile accumulates 24 registers.
 * The order of each element's sum is one chain per block of 256 terms, like OpenBLAS's, but float32 results are not
 * promised to match OpenBLAS's to the last bit. Callable only when nndl_kernels_available() says so. */

/* C (m × n, row stride ldc) = (accumulate ? C : 0) + A·B, where A(i, k) = a[i·ars + k·acs] and
 * B(k, j) = b[k·brs + j·bcs] (so either operand may be transposed), on up to `threads` threads of the pool. */
void nndl_sgemm(int m, int n, int k, const float *a, long ars, long acs, const float *b, long brs, long bcs,
                int accumulate, float *c, long ldc, int threads);

#endif
