/// A batchnorm layer's running statistics and settings (CS231n's `bn_param`).
public struct BatchNormState<T: BLASScalar>: Sendable, Equatable {
    /// Running mean of each feature, (D).
    public var runningMean: Tensor<T>
    /// Running variance of each feature, (D).
    public var runningVar: Tensor<T>
    /// Added to the variance before the square root.
    public var eps: Double = 1e-5
    /// Weight of the old running value in each update.
    public var momentum: Double = 0.9

    /// Zero running mean and variance for `features` features.
    public init(features: Int) {
        runningMean = Tensor(shape: [features])
        runningVar = Tensor(shape: [features])
    }
}

/// What `batchnormBackward` needs.
public struct BatchNormCache<T: BLASScalar>: Sendable {
    /// The normalized input, (N, D).
    public var xhat: Tensor<T>
    /// The scale, (D).
    public var gamma: Tensor<T>
    /// 1 / sqrt(var + eps) per feature, (D).
    public var inverseStd: [T]
}

/// x: (N, D), gamma: (D), beta: (D) → out: (N, D). Train mode normalizes with the batch's statistics and
/// updates the running ones; test mode uses the running ones. The cache is nil in test mode.
@_specialize(where T == Double)
@_specialize(where T == Float)
public func batchnormForward<T: BLASScalar>(
    _ x: Tensor<T>, _ gamma: Tensor<T>, _ beta: Tensor<T>, state: inout BatchNormState<T>, mode: Mode
) -> (out: Tensor<T>, cache: BatchNormCache<T>?) {
    let (n, d) = (x.rows, x.columns)
    precondition(gamma.count == d && beta.count == d, "batchnorm: x is (\(n), \(d)), gamma \(gamma.shape), beta \(beta.shape).")
    var mean = [T](repeating: 0, count: d), variance = [T](repeating: 0, count: d)
    if mode == .train {
        for i in 0..<n { for j in 0..<d { mean[j] += x.scalars[i * d + j] } }
        for j in 0..<d { mean[j] /= T(n) }
        for i in 0..<n { for j in 0..<d { let c = x.scalars[i * d + j] - mean[j]; variance[j] += c * c } }
        for j in 0..<d { variance[j] /= T(n) }
        let m = T(state.momentum)
        for j in 0..<d {
            state.runningMean.scalars[j] = m * state.runningMean.scalars[j] + (1 - m) * mean[j]
            state.runningVar.scalars[j] = m * state.runningVar.scalars[j] + (1 - m) * variance[j]
        }
    } else {
        mean = state.runningMean.scalars
        variance = state.runningVar.scalars
    }
    let inverseStd = variance.map { 1 / ($0 + T(state.eps)).squareRoot() }
    var xhat = Tensor<T>(shape: [n, d]), out = Tensor<T>(shape: x.shape)
    for i in 0..<n {
        for j in 0..<d {
            let h = (x.scalars[i * d + j] - mean[j]) * inverseStd[j]
            xhat.scalars[i * d + j] = h
            out.scalars[i * d + j] = gamma.scalars[j] * h + beta.scalars[j]
        }
    }
    return (out, mode == .train ? BatchNormCache(xhat: xhat, gamma: gamma, inverseStd: inverseStd) : nil)
}

/// dout: (N, D) → dx: (N, D), dgamma: (D), dbeta: (D), by the simplified closed form.
@_specialize(where T == Double)
@_specialize(where T == Float)
public func batchnormBackward<T: BLASScalar>(_ dout: Tensor<T>, _ cache: BatchNormCache<T>) -> (dx: Tensor<T>, dgamma: Tensor<T>, dbeta: Tensor<T>) {
    let (n, d) = (dout.rows, dout.columns)
    var dgamma = Tensor<T>(shape: [d]), dbeta = Tensor<T>(shape: [d])
    for i in 0..<n {
        for j in 0..<d {
            dbeta.scalars[j] += dout.scalars[i * d + j]
            dgamma.scalars[j] += dout.scalars[i * d + j] * cache.xhat.scalars[i * d + j]
        }
    }
    // dx = (1/N)·invstd·γ·(N·dout − Σdout − x̂·Σ(dout·x̂))
    var dx = Tensor<T>(shape: dout.shape)
    for i in 0..<n {
        for j in 0..<d {
            let k = i * d + j
            let g = cache.gamma.scalars[j] * cache.inverseStd[j] / T(n)
            dx.scalars[k] = g * (T(n) * dout.scalars[k] - dbeta.scalars[j] - cache.xhat.scalars[k] * dgamma.scalars[j])
        }
    }
    return (dx, dgamma, dbeta)
}
