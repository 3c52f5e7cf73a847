import CKernels
import Foundation

// The one file that calls the C kernels of CKernels (the pool, `nndl_parallel_run`, is called from Parallel.swift).

extension Double {
    public static var wideLanes: Int { 8 }
    public static func widePackTransposed(
        _ w: UnsafePointer<Double>, h: Int, d: Int, into wt: UnsafeMutablePointer<Double>, hp: Int, rows: Range<Int>
    ) {
        nndl_pack_transposed_f64(w, Int32(h), Int32(d), wt, Int32(hp), Int32(rows.lowerBound), Int32(rows.upperBound))
    }
    public static func wideForward(
        x: UnsafePointer<Double>, d: Int, wt: UnsafePointer<Double>, hp: Int, h: Int, b: UnsafePointer<Double>?,
        out: UnsafeMutablePointer<Double>, rows: Range<Int>
    ) {
        nndl_forward_f64(x, Int32(d), wt, Int32(hp), Int32(h), b, out, Int32(rows.lowerBound), Int32(rows.upperBound))
    }
    public static func wideWeightGradient(
        dh: UnsafePointer<Double>, h: Int, x: UnsafePointer<Double>, d: Int, n: Int, dw: UnsafeMutablePointer<Double>,
        fourWay: UnsafePointer<UInt8>, columns: Range<Int>
    ) {
        nndl_weight_gradient_f64(
            dh, Int32(h), x, Int32(d), Int32(n), dw, fourWay, Int32(columns.lowerBound), Int32(columns.upperBound))
    }
    public static func wideRowWeightGradient(
        x: UnsafePointer<Double>, d: Int, dout: UnsafePointer<Double>, m: Int, n: Int, dw: UnsafeMutablePointer<Double>,
        fourWay: UnsafePointer<UInt8>, rows: Range<Int>
    ) {
        nndl_row_weight_gradient_f64(
            x, Int32(d), dout, Int32(m), Int32(n), dw, fourWay, Int32(rows.lowerBound), Int32(rows.upperBound))
    }
}

extension Float {
    /// C = (accumulate ? C : 0) + op(A)·op(B) on `nndl_sgemm`, split across `BLASThreads.current` threads of the pool;
    /// false (nothing done) where the kernels do not run.
    static func kernelGemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int
    ) -> Bool {
        guard kernelsAvailable else { return false }
        // A(i, k) = a[i·ars + k·acs], B(k, j) = b[k·brs + j·bcs].
        let (ars, acs) = transA ? (1, lda) : (lda, 1)
        let (brs, bcs) = transB ? (1, ldb) : (ldb, 1)
        nndl_sgemm(
            Int32(m), Int32(n), Int32(k), a, ars, acs, b, brs, bcs, accumulate ? 1 : 0, c, ldc,
            Int32(BLASThreads.current))
        return true
    }

    public static var wideLanes: Int { 16 }
    public static func widePackTransposed(
        _ w: UnsafePointer<Float>, h: Int, d: Int, into wt: UnsafeMutablePointer<Float>, hp: Int, rows: Range<Int>
    ) {
        nndl_pack_transposed_f32(w, Int32(h), Int32(d), wt, Int32(hp), Int32(rows.lowerBound), Int32(rows.upperBound))
    }
    public static func wideForward(
        x: UnsafePointer<Float>, d: Int, wt: UnsafePointer<Float>, hp: Int, h: Int, b: UnsafePointer<Float>?,
        out: UnsafeMutablePointer<Float>, rows: Range<Int>
    ) {
        nndl_forward_f32(x, Int32(d), wt, Int32(hp), Int32(h), b, out, Int32(rows.lowerBound), Int32(rows.upperBound))
    }
    public static func wideWeightGradient(
        dh: UnsafePointer<Float>, h: Int, x: UnsafePointer<Float>, d: Int, n: Int, dw: UnsafeMutablePointer<Float>,
        fourWay: UnsafePointer<UInt8>, columns: Range<Int>
    ) {
        nndl_weight_gradient_f32(
            dh, Int32(h), x, Int32(d), Int32(n), dw, fourWay, Int32(columns.lowerBound), Int32(columns.upperBound))
    }
    public static func wideRowWeightGradient(
        x: UnsafePointer<Float>, d: Int, dout: UnsafePointer<Float>, m: Int, n: Int, dw: UnsafeMutablePointer<Float>,
        fourWay: UnsafePointer<UInt8>, rows: Range<Int>
    ) {
        nndl_row_weight_gradient_f32(
            x, Int32(d), dout, Int32(m), Int32(n), dw, fourWay, Int32(rows.lowerBound), Int32(rows.upperBound))
    }
}

/// A net's first layer, hidden = x·W + b and its weight gradient, on AVX-512 kernels of our own instead of OpenBLAS:
/// the first notebook's W1 stored (H, D) (`transposedWeights`, packed as W1ᵀ once per forward pass) or the modular
/// nets' w (D, H) (`FullyConnectedNet.firstLayerOnWideKernels` says when that pays).
///
/// Every element is summed in the order OpenBLAS's AVX2 kernels sum it (the forward product in blocks of 256 terms,
/// dW as one chain over each block of the batch, or four interleaved chains for the units OpenBLAS's thread split
/// hands to its one-column kernel); the vector lanes run across outputs, never across a sum. For float64 a plan is
/// only made after the kernels reproduced OpenBLAS bit for bit on random data of the same shape and thread count, so a run's
/// float64 numbers do not depend on which of the two computed them; float32 is planned without that check (its
/// sums then differ from OpenBLAS's in the last bits, as any two BLAS libraries do). dW sums a batch of more than 256
/// rows in OpenBLAS's blocks of 256 too; with 50 units the check plans 200, 256, 400 and 512 rows and refuses 57,
/// 60, 100, 300 and 1000 (OpenBLAS's thread split leaves them a one-row remainder it sums in another order).
public struct WideAffine<T: BLASScalar>: Sendable {
    /// Hidden units H, input dimension D, batch rows N and the OpenBLAS thread count the plan was checked with.
    public let hidden: Int, inputs: Int, rows: Int, threads: Int
    /// W stored (H, D) rather than (D, H).
    public let transposedWeights: Bool
    /// Per row of dW ((H, D): a unit; (D, H): an input): 1 when it sums as four interleaved chains.
    let fourWay: [UInt8]
    /// W1ᵀ packed (D, hp) for `transposedWeights`, rewritten by every `forward`.
    private var packed: [T] = []
    private var hp: Int { (hidden + T.wideLanes - 1) / T.wideLanes * T.wideLanes }

    /// Whether this machine runs the kernels (AVX-512 F/DQ/BW/VL) and `NNDL_KERNELS` does not say `blas`.
    public static var available: Bool { kernelsAvailable }

    /// Whether the kernels take such a layer: dW of (H, D) weights needs D to be a whole number of 6-register groups.
    public static func fits(hidden: Int, inputs: Int, rows: Int, transposedWeights: Bool) -> Bool {
        available && hidden >= 1 && inputs >= 1 && rows >= 1
            && (!transposedWeights || inputs % (6 * T.wideLanes) == 0)
    }

    /// A plan for batches of `rows`, or nil where the kernels do not apply or (float64) do not reproduce OpenBLAS.
    public static func plan(hidden: Int, inputs: Int, rows: Int, transposedWeights: Bool = true) -> WideAffine? {
        guard fits(hidden: hidden, inputs: inputs, rows: rows, transposedWeights: transposedWeights) else { return nil }
        let units = transposedWeights ? hidden : inputs
        let chains = WideAffine(
            hidden: hidden, inputs: inputs, rows: rows, threads: BLASThreads.current,
            transposedWeights: transposedWeights, fourWay: [UInt8](repeating: 0, count: units))
        guard T.self == Double.self else { return chains }
        guard let fourWay = chains.matchingOpenBLAS() else { return nil }
        return WideAffine(
            hidden: hidden, inputs: inputs, rows: rows, threads: chains.threads, transposedWeights: transposedWeights,
            fourWay: fourWay)
    }

    private init(hidden: Int, inputs: Int, rows: Int, threads: Int, transposedWeights: Bool, fourWay: [UInt8]) {
        (self.hidden, self.inputs, self.rows, self.threads) = (hidden, inputs, rows, threads)
        (self.transposedWeights, self.fourWay) = (transposedWeights, fourWay)
    }

    /// out = x·W + b (b nil: x·W). x: (N, D), w: (H, D) or (D, H), b: (H) → out: (N, H), resized if needed.
    public mutating func forward(x: Tensor<T>, w: Tensor<T>, b: Tensor<T>?, into out: inout Tensor<T>) {
        precondition(
            x.rows == rows && x.columns == inputs && w.shape == weightShape && (b?.count ?? hidden) == hidden,
            "WideAffine.forward: x \(x.shape), w \(w.shape), b \(b?.shape ?? []) do not match the plan's (\(rows), \(inputs)) → \(hidden).")
        let (h, d, n) = (hidden, inputs, rows)
        let parts = self.parts
        if out.shape != [n, h] { out.resize([n, h]) }
        let ldw = transposedWeights ? hp : h
        if transposedWeights {
            if packed.count != d * hp { packed = [T](repeating: 0, count: d * hp) }
            w.scalars.withUnsafeBufferPointer { pw in
                packed.withUnsafeMutableBufferPointer { pt in
                    // Each thread writes its own rows of wt; the pointers outlive the calls.
                    nonisolated(unsafe) let w = pw.baseAddress!, wt = pt.baseAddress!
                    let hp = ldw
                    Self.split(d, into: parts, multipleOf: 64) { rows in
                        T.widePackTransposed(w, h: h, d: d, into: wt, hp: hp, rows: rows)
                    }
                }
            }
        }
        x.scalars.withUnsafeBufferPointer { px in
            (b?.scalars ?? []).withUnsafeBufferPointer { pb in
                (transposedWeights ? packed : w.scalars).withUnsafeBufferPointer { pt in
                    out.scalars.withUnsafeMutableBufferPointer { po in
                        // Each thread writes its own rows of out.
                        nonisolated(unsafe) let x = px.baseAddress!, b = b == nil ? nil : pb.baseAddress
                        nonisolated(unsafe) let wt = pt.baseAddress!, o = po.baseAddress!
                        Self.split(n, into: parts, multipleOf: 4) { rows in
                            T.wideForward(x: x, d: d, wt: wt, hp: ldw, h: h, b: b, out: o, rows: rows)
                        }
                    }
                }
            }
        }
    }

    /// dw += the product's weight gradient: doutᵀ·x for (H, D) weights, xᵀ·dout for (D, H). dout: (N, H), x: (N, D),
    /// dw: w's shape, already holding what the product adds to (reg·W or 0).
    public func accumulateWeightGradient(dout: Tensor<T>, x: Tensor<T>, into dw: inout Tensor<T>) {
        precondition(
            dout.shape == [rows, hidden] && x.rows == rows && x.columns == inputs && dw.shape == weightShape,
            "WideAffine.accumulateWeightGradient: dout \(dout.shape), x \(x.shape), dw \(dw.shape) do not match the plan.")
        let (h, d, n, transposed) = (hidden, inputs, rows, transposedWeights)
        let parts = self.parts
        dout.scalars.withUnsafeBufferPointer { pd in
            x.scalars.withUnsafeBufferPointer { px in
                fourWay.withUnsafeBufferPointer { pf in
                    dw.scalars.withUnsafeMutableBufferPointer { pw in
                        // Each thread writes its own columns (H, D) or rows (D, H) of dw.
                        nonisolated(unsafe) let g = pd.baseAddress!, x = px.baseAddress!
                        nonisolated(unsafe) let f = pf.baseAddress!, w = pw.baseAddress!
                        if transposed {
                            Self.split(d, into: parts, multipleOf: 6 * T.wideLanes) { columns in
                                T.wideWeightGradient(dh: g, h: h, x: x, d: d, n: n, dw: w, fourWay: f, columns: columns)
                            }
                        } else {
                            Self.split(d, into: parts, multipleOf: 4) { rows in
                                T.wideRowWeightGradient(x: x, d: d, dout: g, m: h, n: n, dw: w, fourWay: f, rows: rows)
                            }
                        }
                    }
                }
            }
        }
    }

    private var weightShape: [Int] { transposedWeights ? [hidden, inputs] : [inputs, hidden] }

    /// Threads a product is split across: one below 2²² multiply-adds (waking a second thread costs about what it
    /// saves there), else the BLAS thread count. The split never changes a sum.
    private var parts: Int { rows * hidden * inputs < 1 << 22 ? 1 : max(1, threads) }

    /// Runs the kernels and OpenBLAS (through `Affine`, as the nets call it) on the same random operands and returns
    /// the per-row summation orders that make dW equal OpenBLAS's bit for bit, or nil when the forward product or
    /// some row matches neither order.
    private func matchingOpenBLAS() -> [UInt8]? {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ count: Int, scale: Double = 1) -> [T] {
            // Mixed magnitudes, so that a different order of the same terms shows in the last bits.
            (0..<count).map { _ in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let unit = Double(seed >> 11) / Double(1 << 53) - 0.5
                return T(unit * Double(1 + (seed >> 3) % 1000) * scale)
            }
        }
        let (n, h, d) = (rows, hidden, inputs)
        let shape = weightShape
        let x = Tensor<T>(shape: [n, d], scalars: random(n * d))
        let w = Tensor<T>(shape: shape, scalars: random(h * d, scale: 1e-3))
        let b = Tensor<T>(shape: [h], scalars: random(h))
        var blas = Tensor<T>(shape: [n, h]), ours = Tensor<T>(shape: [n, h])
        Affine.forward(x: x, w: w, b: b, transposedWeights: transposedWeights, into: &blas)
        var copy = self
        copy.forward(x: x, w: w, b: b, into: &ours)
        guard blas.scalars == ours.scalars else { return nil }
        let dout = Tensor<T>(shape: [n, h], scalars: random(n * h))
        let start = Tensor<T>(shape: shape, scalars: random(h * d))
        var blasDw = start, db = Tensor<T>(shape: [h]), noDx: Tensor<T>? = nil
        Affine.backward(
            dout: dout, x: x, w: w, transposedWeights: transposedWeights, dx: &noDx, dw: &blasDw, db: &db,
            accumulateWeightGradient: true)
        let (units, length) = (shape[0], shape[1])
        var matches: [[Bool]] = []
        for order: UInt8 in [0, 1] {
            let trial = WideAffine(
                hidden: h, inputs: d, rows: n, threads: threads, transposedWeights: transposedWeights,
                fourWay: [UInt8](repeating: order, count: units))
            var dw = start
            trial.accumulateWeightGradient(dout: dout, x: x, into: &dw)
            matches.append((0..<units).map { u in
                dw.scalars[(u * length)..<((u + 1) * length)] == blasDw.scalars[(u * length)..<((u + 1) * length)]
            })
        }
        var fourWay = [UInt8](repeating: 0, count: units)
        for u in 0..<units where !matches[0][u] {
            guard matches[1][u] else { return nil }
            fourWay[u] = 1
        }
        return fourWay
    }

    /// Calls `body` on `parts` consecutive ranges covering 0..<count, cut at multiples of `unit`, side by side.
    private static func split(_ count: Int, into parts: Int, multipleOf unit: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let units = (count + unit - 1) / unit
        let p = min(parts, units)
        guard p > 1 else { return body(0..<count) }
        Parallel.run(parts: p) { t in
            let lo = min(count, units * t / p * unit), hi = min(count, units * (t + 1) / p * unit)
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// The plans a net's first layer made, by batch rows: a batch size is planned (and, in float64, checked against
/// OpenBLAS) on its first use, and again when the BLAS thread count changed, since OpenBLAS's order depends on it.
public struct WideAffinePlans<T: BLASScalar>: Sendable {
    private enum Entry: Sendable {
        case wide(WideAffine<T>)
        /// OpenBLAS, decided with this many BLAS threads.
        case blas(threads: Int)
    }
    private var entries: [Int: Entry] = [:]

    /// No plans yet.
    public init() {}

    /// The plan for a batch of `rows` into a layer of `hidden` units from `inputs`, made on first use; nil: OpenBLAS.
    public mutating func plan(rows: Int, hidden: Int, inputs: Int, transposedWeights: Bool) -> WideAffine<T>? {
        guard WideAffine<T>.fits(hidden: hidden, inputs: inputs, rows: rows, transposedWeights: transposedWeights)
        else { return nil }
        switch entries[rows] {
        case .wide(let plan)? where plan.threads == BLASThreads.current: return plan
        case .blas(let threads)? where threads == BLASThreads.current: return nil
        default: break
        }
        let plan = WideAffine<T>.plan(hidden: hidden, inputs: inputs, rows: rows, transposedWeights: transposedWeights)
        entries[rows] = plan.map { .wide($0) } ?? .blas(threads: BLASThreads.current)
        return plan
    }

    /// Runs the forward pass (b nil: no bias) on the plan for x's rows, packing (H, D) weights into the plan's own
    /// buffer, and returns true, or returns false when that batch size stays on OpenBLAS.
    public mutating func forward(
        x: Tensor<T>, w: Tensor<T>, b: Tensor<T>?, hidden: Int, transposedWeights: Bool, into out: inout Tensor<T>
    ) -> Bool {
        guard var plan = plan(rows: x.rows, hidden: hidden, inputs: x.columns, transposedWeights: transposedWeights)
        else { return false }
        entries[x.rows] = nil  // while it packs the weights, the plan's buffer has one owner
        plan.forward(x: x, w: w, b: b, into: &out)
        entries[x.rows] = .wide(plan)
        return true
    }
}

private let kernelsAvailable: Bool =
    nndl_kernels_available() != 0 && ProcessInfo.processInfo.environment["NNDL_KERNELS"] != "blas"
