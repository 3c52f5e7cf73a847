/// The gradient of a scalar function f at x by centred differences: (f(x + h) − f(x − h)) / 2h per entry.
public func evalNumericalGradient<T: BLASScalar>(_ f: (Tensor<T>) -> T, at x: Tensor<T>, h: T = 1e-5) -> Tensor<T> {
    centredDifferences(at: x, h: h) { probe in f(probe) } combine: { plus, minus in (plus - minus) / (2 * h) }
}

/// The gradient of Σ f(x)·dout at x by centred differences (f returns an array; dout is its upstream gradient).
///
/// As the notebooks' `eval_numerical_gradient_array`: Σ (f(x + h) − f(x − h))·dout / 2h, subtracting the two
/// outputs entry by entry before weighting them. Subtracting the two weighted sums instead loses digits to
/// cancellation (an error near 1e-10 absolute), which is larger than a small true gradient.
public func evalNumericalGradientArray<T: BLASScalar>(
    _ f: (Tensor<T>) -> Tensor<T>, at x: Tensor<T>, dout: Tensor<T>, h: T = 1e-5
) -> Tensor<T> {
    centredDifferences(at: x, h: h) { probe in f(probe) } combine: { plus, minus in
        precondition(plus.count == dout.count, "evalNumericalGradientArray: f gives \(plus.shape), dout is \(dout.shape).")
        var s: T = 0
        for j in 0..<dout.count { s += (plus.scalars[j] - minus.scalars[j]) * dout.scalars[j] }
        return s / (2 * h)
    }
}

/// Nudges each entry of x by ±h in turn, evaluates at both points and combines the two values into that entry's
/// derivative.
private func centredDifferences<T: BLASScalar, Value>(
    at x: Tensor<T>, h: T, _ evaluate: (Tensor<T>) -> Value, combine: (Value, Value) -> T
) -> Tensor<T> {
    var probe = x
    var grad = Tensor<T>(shape: x.shape)
    for i in 0..<x.count {
        let original = probe.scalars[i]
        probe.scalars[i] = original + h
        let plus = evaluate(probe)
        probe.scalars[i] = original - h
        let minus = evaluate(probe)
        probe.scalars[i] = original
        grad.scalars[i] = combine(plus, minus)
    }
    return grad
}

/// max(|x − y| / max(1e-8, |x| + |y|)) over all entries (the notebooks' `rel_error`).
public func relError<T: BLASScalar>(_ x: Tensor<T>, _ y: Tensor<T>) -> Double {
    precondition(x.count == y.count, "relError: \(x.shape) vs \(y.shape).")
    var worst = 0.0
    for (a, b) in zip(x.scalars, y.scalars) {
        let (da, db) = (Double(a), Double(b))
        worst = max(worst, abs(da - db) / max(1e-8, abs(da) + abs(db)))
    }
    return worst
}
