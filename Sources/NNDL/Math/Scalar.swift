import Foundation

/// A floating-point type the engine computes in: `Double` (float64, the default) or `Float` (float32).
public protocol BLASScalar: BinaryFloatingPoint, Sendable, Codable, LosslessStringConvertible
where RawSignificand: FixedWidthInteger {
    /// The NumPy name of this dtype: `"float64"` or `"float32"`.
    static var dtypeName: String { get }
    /// The NumPy `.npy` descriptor of this dtype: `"<f8"` or `"<f4"`.
    static var npyDescriptor: String { get }
    /// e^x.
    static func exp(_ x: Self) -> Self
    /// The natural logarithm of x.
    static func log(_ x: Self) -> Self
    /// C = alpha · op(A) · op(B) + beta · C, row-major: float64 through `cblas_dgemm`; float32 with alpha 1 and beta
    /// 0 or 1 on the engine's own AVX-512 product (`nndl_sgemm`) where the kernels run, else through `cblas_sgemm`.
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// The same product always through OpenBLAS (`cblas_sgemm`/`cblas_dgemm`): the reference the benchmarks measure.
    static func openBLASGemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// Elements in one AVX-512 register: 8 or 16.
    static var wideLanes: Int { get }
    /// Rows k0..<k1 of wt (D, hp) = wᵀ, columns ≥ H zero (`nndl_pack_transposed_*`).
    static func widePackTransposed(
        _ w: UnsafePointer<Self>, h: Int, d: Int, into wt: UnsafeMutablePointer<Self>, hp: Int, rows: Range<Int>)
    /// out[i] = b + x[i]·W, rows i in `rows`, summed in OpenBLAS's blocks (`nndl_forward_*`).
    static func wideForward(
        x: UnsafePointer<Self>, d: Int, wt: UnsafePointer<Self>, hp: Int, h: Int, b: UnsafePointer<Self>?,
        out: UnsafeMutablePointer<Self>, rows: Range<Int>)
    /// dw[rows, :] += x[:, rows]ᵀ·dout for the modular nets' w (D, M) (`nndl_row_weight_gradient_*`).
    static func wideRowWeightGradient(
        x: UnsafePointer<Self>, d: Int, dout: UnsafePointer<Self>, m: Int, n: Int, dw: UnsafeMutablePointer<Self>,
        fourWay: UnsafePointer<UInt8>, rows: Range<Int>)
    /// dw[:, columns] += dhᵀ·x[:, columns] (`nndl_weight_gradient_*`).
    static func wideWeightGradient(
        dh: UnsafePointer<Self>, h: Int, x: UnsafePointer<Self>, d: Int, n: Int, dw: UnsafeMutablePointer<Self>,
        fourWay: UnsafePointer<UInt8>, columns: Range<Int>)
}

/// The element type of a tensor, chosen at run time from a config (`model.dtype`).
public enum DType: String, Sendable, Codable, CaseIterable, Equatable {
    case float64, float32

    /// The short name the dashboard shows: `f64` or `f32`.
    public var shortName: String { self == .float64 ? "f64" : "f32" }
}
