import COpenBLAS
import Foundation

// The one file that calls BLAS.

extension Double: BLASScalar {
    public static var dtypeName: String { "float64" }
    public static var npyDescriptor: String { "<f8" }
    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }

    public static func openBLASGemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }
}

extension Float: BLASScalar {
    public static var dtypeName: String { "float32" }
    public static var npyDescriptor: String { "<f4" }
    @inlinable public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    @inlinable public static func log(_ x: Float) -> Float { Foundation.logf(x) }

    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if alpha == 1, beta == 0 || beta == 1,
            kernelGemm(
                transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                accumulate: beta == 1, c: c, ldc: ldc)
        {
            return
        }
        openBLASGemm(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
    }

    public static func openBLASGemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }
}

extension BLASScalar {
    /// Products through OpenBLAS, unless a type has a faster product of its own (`Float`: `nndl_sgemm`).
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int
    ) {
        openBLASGemm(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
    }
}

/// The number of threads OpenBLAS uses for one product.
public enum BLASThreads {
    /// Sets OpenBLAS's thread count (1 when several jobs train side by side).
    public static func set(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }
    /// OpenBLAS's current thread count.
    public static var current: Int { Int(openblas_get_num_threads()) }
}

/// The OpenBLAS kernel set ("core") the products run on.
public enum BLASCore {
    /// "Cooperlake" or "SkylakeX" (AVX-512), "Haswell" or "Zen" (AVX2), …: what OpenBLAS chose for this CPU, or
    /// what `OPENBLAS_CORETYPE` told it to use.
    public static var name: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
    /// One line for reports: the core, and whether `OPENBLAS_CORETYPE` chose it.
    public static var description: String {
        let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { " (OPENBLAS_CORETYPE=\($0))" }
        return name + (forced ?? "")
    }
}
