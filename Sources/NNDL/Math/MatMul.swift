/// Matrix products on the matrix view of tensors, all through BLAS.
public enum MatMul {
    /// c = alpha · op(a) · op(b) + beta · c, where op transposes when asked.
    ///
    /// a: (M, K) or (K, M) if `transposeA`; b: (K, N) or (N, K) if `transposeB`; c: (M, N), already sized.
    public static func gemm<T: BLASScalar>(
        _ a: Tensor<T>, transposeA: Bool = false,
        _ b: Tensor<T>, transposeB: Bool = false,
        into c: inout Tensor<T>, alpha: T = 1, beta: T = 0
    ) {
        let (ar, ac) = (a.rows, a.columns)
        let (br, bc) = (b.rows, b.columns)
        let m = transposeA ? ac : ar
        let k = transposeA ? ar : ac
        let kb = transposeB ? bc : br
        let n = transposeB ? br : bc
        precondition(k == kb, "gemm: inner dimensions differ: op(a) is \(m)×\(k), op(b) is \(kb)×\(n).")
        precondition(c.rows == m && c.columns == n, "gemm: output is \(c.shape), expected (\(m), \(n)).")
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in c.scalars.indices { c.scalars[i] = beta == 0 ? 0 : beta * c.scalars[i] }
            return
        }
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                c.scalars.withUnsafeMutableBufferPointer { pc in
                    T.gemm(
                        transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: pa.baseAddress!, lda: ac, b: pb.baseAddress!, ldb: bc,
                        beta: beta, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// op(a) · op(b) as a new (M, N) tensor.
    public static func product<T: BLASScalar>(
        _ a: Tensor<T>, transposeA: Bool = false, _ b: Tensor<T>, transposeB: Bool = false
    ) -> Tensor<T> {
        let m = transposeA ? a.columns : a.rows
        let n = transposeB ? b.rows : b.columns
        var c = Tensor<T>(shape: [m, n])
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }
}
