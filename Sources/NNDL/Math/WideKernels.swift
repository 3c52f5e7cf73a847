import CKernels
import Dispatch
import Foundation

// The one file that calls the C kernels of CKernels.

extension Double {
    public static var wideLanes: Int { 8 }
    public static func widePackTransposed(
        _ w: UnsafePointer<Double>, h: Int, d: Int, into wt: UnsafeMutablePointer<Double>, hp: Int, rows: Range<Int>
    ) {
        nndl_pack_transposed_f64(w, Int32(h), Int32(d), wt, Int32(hp), Int32(rows.lowerBound), Int32(rows.upperBound))
    }
    public static func wideForward(
        x: UnsafePointer<Double>, d: Int, wt: UnsafePointer<Double>, hp: Int, h: Int, b: UnsafePointer<Double>,
        out: UnsafeMutablePointer<Double>, rows: Range<Int>, block: Int
    ) {
        nndl_forward_f64(
            x, Int32(d), wt, Int32(hp), Int32(h), b, out, Int32(rows.lowerBound), Int32(rows.upperBound), Int32(block))
    }
    public static func wideWeightGradient(
        dh: UnsafePointer<Double>, h: Int, x: UnsafePointer<Double>, d: Int, n: Int, dw: UnsafeMutablePointer<Double>,
        fourWay: UnsafePointer<UInt8>, columns: Range<Int>
    ) {
        nndl_weight_gradient_f64(
            dh, Int32(h), x, Int32(d), Int32(n), dw, fourWay, Int32(columns.lowerBound), Int32(columns.upperBound))
    }
}

extension Float {
    public static var wideLanes: Int { 16 }
    public static func widePackTransposed(
        _ w: UnsafePointer<Float>, h: Int, d: Int, into wt: UnsafeMutablePointer<Float>, hp: Int, rows: Range<Int>
    ) {
        nndl_pack_transposed_f32(w, Int32(h), Int32(d), wt, Int32(hp), Int32(rows.lowerBound), Int32(rows.upperBound))
    }
    public static func wideForward(
        x: UnsafePointer<Float>, d: Int, wt: UnsafePointer<Float>, hp: Int, h: Int, b: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, rows: Range<Int>, block: Int
    ) {
        nndl_forward_f32(
            x, Int32(d), wt, Int32(hp), Int32(h), b, out, Int32(rows.lowerBound), Int32(rows.upperBound), Int32(block))
    }
    public static func wideWeightGradient(
        dh: UnsafePointer<Float>, h: Int, x: UnsafePointer<Float>, d: Int, n: Int, dw: UnsafeMutablePointer<Float>,
        fourWay: UnsafePointer<UInt8>, columns: Range<Int>
    ) {
        nndl_weight_gradient_f32(
            dh, Int32(h), x, Int32(d), Int32(n), dw, fourWay, Int32(columns.lowerBound), Int32(columns.upperBound))
    }
}

/// The first notebook's first layer, hidden = x·W1ᵀ + b1 and dW1 += dhiddenᵀ·x with W1 stored (H, D), on AVX-512
/// kernels of our own instead of OpenBLAS.
///
/// Every element is summed in the order OpenBLAS's AVX2 kernels sum it (the forward product in blocks of 256 terms,
/// dW1 as one chain over the batch, or four interleaved chains for the columns OpenBLAS's thread split hands to its
/// one-column kernel); the vector lanes run across outputs, never across a sum. For float64 a plan is only made
/// after the kernels reproduced OpenBLAS bit for bit on random data of the same shape and thread count, so a run's
/// float64 numbers do not depend on which of the two computed them; float32 is planned without that check (its
/// sums then differ from OpenBLAS's in the last bits, as any two BLAS libraries do).
public struct WideFirstLayer<T: BLASScalar>: Sendable {
    /// Hidden units H, input dimension D, batch rows N and the OpenBLAS thread count the plan was checked with.
    public let hidden: Int, inputs: Int, rows: Int, threads: Int
    /// Per hidden unit: 1 when dW1's column sums as four interleaved chains (OpenBLAS's one-column kernel).
    let fourWay: [UInt8]
    /// W1ᵀ packed (D, hp), rewritten by every `forward`.
    private var packed: [T]
    private var hp: Int { (hidden + T.wideLanes - 1) / T.wideLanes * T.wideLanes }
    /// The forward product's block of terms (OpenBLAS's GEMM_Q for its AVX2 double kernels).
    static var block: Int { 256 }

    /// Whether this machine runs the kernels (AVX-512 F/DQ/BW/VL) and `NNDL_KERNELS` does not say `blas`.
    public static var available: Bool { kernelsAvailable }

    /// The kernels fit an (H, D) layer with batch N when D is a whole number of 6-register column groups.
    public static func fits(hidden: Int, inputs: Int, rows: Int) -> Bool {
        available && hidden >= 1 && rows >= 1 && inputs % (6 * T.wideLanes) == 0
    }

    /// A plan for batches of `rows`, or nil where the kernels do not apply or (float64) do not reproduce OpenBLAS.
    public static func plan(hidden: Int, inputs: Int, rows: Int) -> WideFirstLayer? {
        guard fits(hidden: hidden, inputs: inputs, rows: rows) else { return nil }
        let threads = BLASThreads.current
        var plan = WideFirstLayer(
            hidden: hidden, inputs: inputs, rows: rows, threads: threads,
            fourWay: [UInt8](repeating: 0, count: hidden), packed: [])
        guard T.self == Double.self else { return plan }
        guard let fourWay = plan.matchingOpenBLAS() else { return nil }
        plan = WideFirstLayer(hidden: hidden, inputs: inputs, rows: rows, threads: threads, fourWay: fourWay, packed: [])
        return plan
    }

    private init(hidden: Int, inputs: Int, rows: Int, threads: Int, fourWay: [UInt8], packed: [T]) {
        (self.hidden, self.inputs, self.rows, self.threads, self.fourWay, self.packed) = (hidden, inputs, rows, threads, fourWay, packed)
    }

    /// out = x·wᵀ + b. x: (N, D), w: (H, D), b: (H) → out: (N, H), resized if needed.
    public mutating func forward(x: Tensor<T>, w: Tensor<T>, b: Tensor<T>, into out: inout Tensor<T>) {
        precondition(x.rows == rows && x.columns == inputs && w.shape == [hidden, inputs] && b.count == hidden,
                     "WideFirstLayer.forward: x \(x.shape), w \(w.shape), b \(b.shape) do not match the plan's (\(rows), \(inputs)) → \(hidden).")
        let (h, d, hp, n) = (hidden, inputs, hp, rows)
        if packed.count != d * hp { packed = [T](repeating: 0, count: d * hp) }
        if out.shape != [n, h] { out.resize([n, h]) }
        let parts = Self.parts(threads)
        w.scalars.withUnsafeBufferPointer { pw in
            packed.withUnsafeMutableBufferPointer { pt in
                // Each thread writes its own rows of wt; the pointers outlive the calls.
                nonisolated(unsafe) let w = pw.baseAddress!, wt = pt.baseAddress!
                Self.split(d, into: parts, multipleOf: 64) { rows in
                    T.widePackTransposed(w, h: h, d: d, into: wt, hp: hp, rows: rows)
                }
            }
        }
        x.scalars.withUnsafeBufferPointer { px in
            b.scalars.withUnsafeBufferPointer { pb in
                packed.withUnsafeBufferPointer { pt in
                    out.scalars.withUnsafeMutableBufferPointer { po in
                        // Each thread writes its own rows of out.
                        nonisolated(unsafe) let x = px.baseAddress!, b = pb.baseAddress!
                        nonisolated(unsafe) let wt = pt.baseAddress!, o = po.baseAddress!
                        Self.split(n, into: parts, multipleOf: 4) { rows in
                            T.wideForward(x: x, d: d, wt: wt, hp: hp, h: h, b: b, out: o, rows: rows, block: Self.block)
                        }
                    }
                }
            }
        }
    }

    /// dw += doutᵀ·x. dout: (N, H), x: (N, D), dw: (H, D), already holding what the product adds to (reg·W or 0).
    public func accumulateWeightGradient(dout: Tensor<T>, x: Tensor<T>, into dw: inout Tensor<T>) {
        precondition(dout.shape == [rows, hidden] && x.shape == [rows, inputs] && dw.shape == [hidden, inputs],
                     "WideFirstLayer.accumulateWeightGradient: dout \(dout.shape), x \(x.shape), dw \(dw.shape) do not match the plan.")
        let (h, d, n) = (hidden, inputs, rows)
        let group = 6 * T.wideLanes
        dout.scalars.withUnsafeBufferPointer { pd in
            x.scalars.withUnsafeBufferPointer { px in
                fourWay.withUnsafeBufferPointer { pf in
                    dw.scalars.withUnsafeMutableBufferPointer { pw in
                        // Each thread writes its own columns of dw.
                        nonisolated(unsafe) let dh = pd.baseAddress!, x = px.baseAddress!
                        nonisolated(unsafe) let f = pf.baseAddress!, w = pw.baseAddress!
                        Self.split(d, into: Self.parts(threads), multipleOf: group) { columns in
                            T.wideWeightGradient(dh: dh, h: h, x: x, d: d, n: n, dw: w, fourWay: f, columns: columns)
                        }
                    }
                }
            }
        }
    }

    /// Runs the kernels and OpenBLAS (through `Affine`, as the net calls it) on the same random operands and returns
    /// the per-unit summation orders that make dW1 equal OpenBLAS's bit for bit, or nil when the forward product or
    /// some unit matches neither order.
    private mutating func matchingOpenBLAS() -> [UInt8]? {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> T {
            // Mixed magnitudes, so that a different order of the same terms shows in the last bits.
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Double(seed >> 11) / Double(1 << 53) - 0.5
            return T(unit * Double(1 + (seed >> 3) % 1000))
        }
        let (n, h, d) = (rows, hidden, inputs)
        let x = Tensor<T>(shape: [n, d], scalars: (0..<(n * d)).map { _ in random() })
        let w = Tensor<T>(shape: [h, d], scalars: (0..<(h * d)).map { _ in random() / 1000 })
        let b = Tensor<T>(shape: [h], scalars: (0..<h).map { _ in random() })
        var blas = Tensor<T>(shape: [n, h]), ours = Tensor<T>(shape: [n, h])
        Affine.forward(x: x, w: w, b: b, transposedWeights: true, into: &blas)
        forward(x: x, w: w, b: b, into: &ours)
        guard blas.scalars == ours.scalars else { return nil }
        let dout = Tensor<T>(shape: [n, h], scalars: (0..<(n * h)).map { _ in random() })
        let start = Tensor<T>(shape: [h, d], scalars: (0..<(h * d)).map { _ in random() })
        var blasDw = start, db = Tensor<T>(shape: [h]), noDx: Tensor<T>? = nil
        Affine.backward(dout: dout, x: x, w: w, transposedWeights: true, dx: &noDx, dw: &blasDw, db: &db, accumulateWeightGradient: true)
        var orders: [[UInt8]] = []
        for order: UInt8 in [0, 1] {
            let trial = WideFirstLayer(hidden: h, inputs: d, rows: n, threads: threads,
                                       fourWay: [UInt8](repeating: order, count: h), packed: [])
            var dw = start
            trial.accumulateWeightGradient(dout: dout, x: x, into: &dw)
            orders.append((0..<h).map { u in
                dw.scalars[(u * d)..<((u + 1) * d)] == blasDw.scalars[(u * d)..<((u + 1) * d)] ? 1 : 0
            })
        }
        var fourWay = [UInt8](repeating: 0, count: h)
        for u in 0..<h {
            if orders[0][u] == 1 { continue }
            guard orders[1][u] == 1 else { return nil }
            fourWay[u] = 1
        }
        return fourWay
    }

    private static func parts(_ threads: Int) -> Int { max(1, threads) }

    /// Calls `body` on `parts` consecutive ranges covering 0..<count, cut at multiples of `unit`, side by side.
    private static func split(_ count: Int, into parts: Int, multipleOf unit: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let units = (count + unit - 1) / unit
        let p = min(parts, units)
        guard p > 1 else { return body(0..<count) }
        DispatchQueue.concurrentPerform(iterations: p) { t in
            let lo = min(count, units * t / p * unit), hi = min(count, units * (t + 1) / p * unit)
            if lo < hi { body(lo..<hi) }
        }
    }
}

private let kernelsAvailable: Bool =
    nndl_kernels_available() != 0 && ProcessInfo.processInfo.environment["NNDL_KERNELS"] != "blas"
