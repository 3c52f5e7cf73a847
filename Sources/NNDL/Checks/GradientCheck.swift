/// The gradient of a scalar function f at x by centred differences: (f(x + h) − f(x − h)) / 2h per entry.
public func evalNumericalGradient<T: BLASScalar>(_ f: (Tensor<T>) -> T, at x: Tensor<T>, h: T = 1e-5) -> Tensor<T> {
    var probe = x
    var grad = Tensor<T>(shape: x.shape)
    for i in 0..<x.count {
        let original = probe.scalars[i]
        probe.scalars[i] = original + h
        let plus = f(probe)
        probe.scalars[i] = original - h
        let minus = f(probe)
        probe.scalars[i] = original
        grad.scalars[i] = (plus - minus) / (2 * h)
    }
    return grad
}

/// The gradient of Σ f(x)·dout at x by centred differences (f returns an array; dout is its upstream gradient).
public func evalNumericalGradientArray<T: BLASScalar>(
    _ f: (Tensor<T>) -> Tensor<T>, at x: Tensor<T>, dout: Tensor<T>, h: T = 1e-5
) -> Tensor<T> {
    evalNumericalGradient({ v in
        let out = f(v)
        var s: T = 0
        for j in 0..<dout.count { s += out.scalars[j] * dout.scalars[j] }
        return s
    }, at: x, h: h)
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
