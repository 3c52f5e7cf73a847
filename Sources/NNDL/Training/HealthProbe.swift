import Foundation

/// Measures the weight matrices around one update: a copy of each `W…` from before the update, kept between
/// measurements so that only the first measurement allocates. Steps that are not measured never touch it.
struct HealthProbe<T: BLASScalar>: Sendable {
    /// The weights before the measured update, one per weight matrix.
    private var before: [Tensor<T>] = []

    /// The indices of the weight matrices (names starting with `W`) in `names`.
    static func weightIndices(_ names: [String]) -> [Int] {
        names.indices.filter { names[$0].hasPrefix("W") }
    }

    /// Copies the weight matrices of `parameters` (call just before the update).
    mutating func remember(_ parameters: Parameters<T>) {
        let indices = Self.weightIndices(parameters.names)
        if before.count != indices.count { before = indices.map { _ in Tensor(shape: [0]) } }
        for (k, i) in indices.enumerated() {
            let w = parameters.tensors[i]
            if before[k].shape != w.shape { before[k] = Tensor(shape: w.shape) }
            before[k].scalars.withUnsafeMutableBufferPointer { b in
                w.scalars.withUnsafeBufferPointer { p in _ = b.update(fromContentsOf: p) }
            }
        }
    }

    /// ‖W‖ (before), ‖∇W‖ and ‖ΔW‖ of each weight matrix, from the copy `remember` took and the parameters after the
    /// update; `gradients` are parallel to `after.tensors`.
    func measure(after: Parameters<T>, gradients: [Tensor<T>]) -> [WeightHealth] {
        zip(Self.weightIndices(after.names), before).map { i, old in
            WeightHealth(
                name: after.names[i], weightNorm: Self.norm(old), gradientNorm: Self.norm(gradients[i]),
                updateNorm: Self.distance(after.tensors[i], old))
        }
    }

    /// The Frobenius norm, summed in Double.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    static func norm(_ x: Tensor<T>) -> Double {
        x.scalars.withUnsafeBufferPointer { p in
            var s = 0.0
            for v in p { s += Double(v) * Double(v) }
            return s.squareRoot()
        }
    }

    /// ‖a − b‖ (Frobenius), summed in Double; a, b: the same shape.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    static func distance(_ a: Tensor<T>, _ b: Tensor<T>) -> Double {
        precondition(a.shape == b.shape, "HealthProbe.distance: shapes \(a.shape) and \(b.shape) differ.")
        return a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                var s = 0.0
                for j in 0..<pa.count {
                    let d = Double(pa[j]) - Double(pb[j])
                    s += d * d
                }
                return s.squareRoot()
            }
        }
    }
}
