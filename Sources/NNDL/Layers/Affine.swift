/// What `affineBackward` needs from the forward pass.
public struct AffineCache<T: BLASScalar>: Sendable {
    /// The input, (N, d1, …, dk).
    public var x: Tensor<T>
    /// The weights, (D, M).
    public var w: Tensor<T>
}

/// x: (N, d1…dk) read as (N, D), w: (D, M), b: (M) → out: (N, M) = x·w + b.
public func affineForward<T>(_ x: Tensor<T>, _ w: Tensor<T>, _ b: Tensor<T>) -> (out: Tensor<T>, cache: AffineCache<T>) {
    var out = Tensor<T>(shape: [x.rows, w.columns])
    Affine.forward(x: x, w: w, b: b, into: &out)
    return (out, AffineCache(x: x, w: w))
}

/// dout: (N, M) → dx: x's shape, dw: (D, M), db: (M).
public func affineBackward<T>(_ dout: Tensor<T>, _ cache: AffineCache<T>) -> (dx: Tensor<T>, dw: Tensor<T>, db: Tensor<T>) {
    var dx: Tensor<T>? = Tensor(shape: cache.x.shape)
    var dw = Tensor<T>(shape: cache.w.shape)
    var db = Tensor<T>(shape: [cache.w.columns])
    Affine.backward(dout: dout, x: cache.x, w: cache.w, dx: &dx, dw: &dw, db: &db)
    return (dx!, dw, db)
}

/// The affine layer's kernels, writing into caller-owned buffers (no allocation once they are sized).
public enum Affine {
    /// out = x·w + b, or x·wᵀ + b when `transposedWeights` (w stored as (M, D), as the first notebook's W1).
    ///
    /// x: (N, D), w: (D, M) or (M, D), b: (M) → out: (N, M), resized if needed.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public static func forward<T: BLASScalar>(
        x: Tensor<T>, w: Tensor<T>, b: Tensor<T>, transposedWeights: Bool = false, into out: inout Tensor<T>
    ) {
        let (n, d) = (x.rows, x.columns)
        let m = transposedWeights ? w.rows : w.columns
        precondition((transposedWeights ? w.columns : w.rows) == d, "Affine.forward: x is (\(n), \(d)) but w is \(w.shape).")
        precondition(b.count == m, "Affine.forward: b has \(b.count) entries, expected \(m).")
        if out.shape != [n, m] { out.resize([n, m]) }
        // Broadcast b into every row, then accumulate x·w on top (beta = 1).
        b.scalars.withUnsafeBufferPointer { pb in
            out.scalars.withUnsafeMutableBufferPointer { po in
                for i in 0..<n { for j in 0..<m { po[i * m + j] = pb[j] } }
            }
        }
        MatMul.gemm(x, w, transposeB: transposedWeights, into: &out, alpha: 1, beta: 1)
    }

    /// dw = xᵀ·dout (or doutᵀ·x for transposed weights), db = Σ_rows dout, dx = dout·wᵀ (or dout·w) unless `dx` is nil.
    /// With `accumulateWeightGradient`, dw += that product instead (dw must already have w's shape).
    ///
    /// dout: (N, M), x: (N, D), w: (D, M) or (M, D) → dx: x's shape, dw: w's shape, db: (M).
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public static func backward<T: BLASScalar>(
        dout: Tensor<T>, x: Tensor<T>, w: Tensor<T>, transposedWeights: Bool = false,
        dx: inout Tensor<T>?, dw: inout Tensor<T>, db: inout Tensor<T>, accumulateWeightGradient: Bool = false
    ) {
        let n = dout.rows
        precondition(x.rows == n, "Affine.backward: dout has \(n) rows, x has \(x.rows).")
        precondition(
            !accumulateWeightGradient || dw.shape == w.shape,
            "Affine.backward: accumulating into dw \(dw.shape), but w is \(w.shape).")
        if dw.shape != w.shape { dw.resize(w.shape) }
        let beta: T = accumulateWeightGradient ? 1 : 0
        if transposedWeights {
            MatMul.gemm(dout, transposeA: true, x, into: &dw, beta: beta)
        } else {
            MatMul.gemm(x, transposeA: true, dout, into: &dw, beta: beta)
        }
        biasGradient(dout: dout, into: &db)
        guard dx != nil else { return }
        if dx!.shape != x.shape { dx!.resize(x.shape) }
        MatMul.gemm(dout, w, transposeB: !transposedWeights, into: &dx!)
    }

    /// db = Σ_rows dout, row after row. dout: (N, M) → db: (M), resized if needed.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public static func biasGradient<T: BLASScalar>(dout: Tensor<T>, into db: inout Tensor<T>) {
        let (n, m) = (dout.rows, dout.columns)
        if db.shape != [m] { db.resize([m]) }
        dout.scalars.withUnsafeBufferPointer { pd in
            db.scalars.withUnsafeMutableBufferPointer { pb in
                for j in 0..<m { pb[j] = 0 }
                for i in 0..<n { for j in 0..<m { pb[j] += pd[i * m + j] } }
            }
        }
    }
}
