/// x: any shape → out = max(0, x), cache = out (its positive entries are the mask).
public func reluForward<T>(_ x: Tensor<T>) -> (out: Tensor<T>, cache: Tensor<T>) {
    var out = x
    ReLU.forwardInPlace(&out)
    return (out, out)
}

/// dout: the output's shape → dx = dout where the output was positive, else 0.
public func reluBackward<T>(_ dout: Tensor<T>, _ cache: Tensor<T>) -> Tensor<T> {
    var dx = dout
    ReLU.backwardInPlace(&dx, output: cache)
    return dx
}

/// The ReLU kernels, in place.
public enum ReLU {
    /// x ← max(0, x).
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public static func forwardInPlace<T: BLASScalar>(_ x: inout Tensor<T>) {
        x.scalars.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count where !(p[i] > 0) { p[i] = 0 }
        }
    }

    /// dout ← 0 where `output` (the ReLU's output) is not positive.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public static func backwardInPlace<T: BLASScalar>(_ dout: inout Tensor<T>, output: Tensor<T>) {
        precondition(dout.count == output.count, "ReLU.backward: dout has \(dout.count) values, output \(output.count).")
        output.scalars.withUnsafeBufferPointer { o in
            dout.scalars.withUnsafeMutableBufferPointer { d in
                for i in 0..<d.count where !(o[i] > 0) { d[i] = 0 }
            }
        }
    }
}

/// What `affineReluBackward` needs.
public struct AffineReLUCache<T: BLASScalar>: Sendable {
    /// The affine layer's cache.
    public var affine: AffineCache<T>
    /// The ReLU's output.
    public var relu: Tensor<T>
}

/// x: (N, D), w: (D, M), b: (M) → out = relu(x·w + b): (N, M).
public func affineReluForward<T>(_ x: Tensor<T>, _ w: Tensor<T>, _ b: Tensor<T>) -> (out: Tensor<T>, cache: AffineReLUCache<T>) {
    let (a, fc) = affineForward(x, w, b)
    let (out, rc) = reluForward(a)
    return (out, AffineReLUCache(affine: fc, relu: rc))
}

/// dout: (N, M) → dx, dw, db of the affine-ReLU sandwich.
public func affineReluBackward<T>(_ dout: Tensor<T>, _ cache: AffineReLUCache<T>) -> (dx: Tensor<T>, dw: Tensor<T>, db: Tensor<T>) {
    affineBackward(reluBackward(dout, cache.relu), cache.affine)
}
