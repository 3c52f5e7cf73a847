import Testing
@testable import NNDL

/// float32 products on our own kernel (`nndl_sgemm`, behind `Float.gemm`) against OpenBLAS's `cblas_sgemm`: every
/// layout the layers use (x·w, xᵀ·dout, dout·wᵀ), with and without accumulating into C, at sizes that leave partial
/// register tiles (6 rows × 64 columns), partial blocks of the sum (256) and of A's rows (96) and B's columns (512).
/// Serialized: some cases change OpenBLAS's (process-wide) thread count, which the kernel splits its work by.
@Suite(.serialized, .enabled(if: WideAffine<Float>.available, "the CPU has no AVX-512"))
struct GemmKernelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var m: Int, n: Int, k: Int, transA: Bool, transB: Bool, accumulate: Bool, threads: Int
        var testDescription: String {
            "\(m)×\(n)×\(k) \(transA ? "T" : "N")\(transB ? "T" : "N")\(accumulate ? " +=" : "") \(threads)t"
        }
    }

    static let cases: [Case] = [
        Case(m: 1, n: 1, k: 1, transA: false, transB: false, accumulate: false, threads: 1),
        Case(m: 7, n: 13, k: 5, transA: true, transB: true, accumulate: true, threads: 2),
        Case(m: 37, n: 53, k: 71, transA: false, transB: true, accumulate: false, threads: 2),
        Case(m: 200, n: 100, k: 3072, transA: false, transB: false, accumulate: true, threads: 2),  // fc-100's forward
        Case(m: 3072, n: 100, k: 200, transA: true, transB: false, accumulate: true, threads: 2),  // its dW
        Case(m: 200, n: 10, k: 100, transA: false, transB: false, accumulate: false, threads: 1),  // the scores
        Case(m: 97, n: 600, k: 300, transA: false, transB: true, accumulate: false, threads: 2),  // dx, two B panels
        Case(m: 130, n: 65, k: 513, transA: true, transB: true, accumulate: true, threads: 1),
        Case(m: 6, n: 64, k: 256, transA: false, transB: false, accumulate: false, threads: 2),  // exactly one tile
    ]

    @Test(arguments: cases)
    func matchesOpenBLAS(_ c: Case) {
        var rng = NumPyRandomState(seed: UInt32(c.m * 31 + c.n * 7 + c.k))
        let a = rng.randn(c.m * c.k).map { Float($0) }, b = rng.randn(c.k * c.n).map { Float($0) }
        let start = rng.randn(c.m * c.n).map { Float($0) }
        let (lda, ldb) = (c.transA ? c.m : c.k, c.transB ? c.k : c.n)
        var ours = start, blas = start
        let saved = BLASThreads.current
        BLASThreads.set(c.threads)
        defer { BLASThreads.set(saved) }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                ours.withUnsafeMutableBufferPointer { pc in
                    Float.gemm(
                        transA: c.transA, transB: c.transB, m: c.m, n: c.n, k: c.k, alpha: 1, a: pa.baseAddress!,
                        lda: lda, b: pb.baseAddress!, ldb: ldb, beta: c.accumulate ? 1 : 0, c: pc.baseAddress!, ldc: c.n)
                }
                blas.withUnsafeMutableBufferPointer { pc in
                    Float.openBLASGemm(
                        transA: c.transA, transB: c.transB, m: c.m, n: c.n, k: c.k, alpha: 1, a: pa.baseAddress!,
                        lda: lda, b: pb.baseAddress!, ldb: ldb, beta: c.accumulate ? 1 : 0, c: pc.baseAddress!, ldc: c.n)
                }
            }
        }
        // Sums of k unit-variance products: float32 rounding of two orders differs by a few ulps of √k.
        let tolerance = 1e-5 * Float(c.k).squareRoot() * 4
        let worst = zip(ours, blas).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance, "largest difference \(worst)")
        // Not OpenBLAS under another name: some element differs in its last bits once the sums are long.
        if c.k > 256 { #expect(ours != blas) }
    }

    /// C with a row stride wider than its columns (a block of a bigger matrix): the columns past n stay untouched.
    @Test func writesOnlyItsColumnsOfAWiderC() {
        let (m, n, k, ldc) = (9, 70, 33, 75)
        let a = (0..<(m * k)).map { Float($0 % 7) - 3 }, b = (0..<(k * n)).map { Float($0 % 5) - 2 }
        var c = [Float](repeating: -1, count: m * ldc)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    Float.gemm(
                        transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!, lda: k,
                        b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: ldc)
                }
            }
        }
        for i in 0..<m {
            for j in 0..<ldc {
                // Small integers: every order of the sum is exact.
                let expected = j < n ? (0..<k).reduce(Float(0)) { $0 + a[i * k + $1] * b[$1 * n + j] } : -1
                #expect(c[i * ldc + j] == expected, "c[\(i)][\(j)]")
            }
        }
    }
}
