/// Inverted dropout's settings: `p` is the probability of dropping a unit (0 keeps everything).
public struct DropoutConfig: Sendable, Equatable {
    /// Probability of dropping each unit, in [0, 1).
    public var p: Double
    /// When set, the random state is reseeded with it before each mask (as the notebook's `np.random.seed`).
    public var seed: UInt32?

    /// A dropout setting.
    public init(p: Double, seed: UInt32? = nil) {
        precondition(p >= 0 && p < 1, "dropout: p must be in [0, 1), got \(p).")
        self.p = p
        self.seed = seed
    }
}

/// What `dropoutBackward` needs: the scaled mask (nil in test mode).
public struct DropoutCache<T: BLASScalar>: Sendable {
    /// 1/(1-p) where a unit was kept, 0 where it was dropped.
    public var mask: Tensor<T>?
}

/// x: any shape → out: train mode `x · mask` with `mask = (rand(x.count) >= p) / (1 - p)`; test mode `x`.
@_specialize(where T == Double)
@_specialize(where T == Float)
public func dropoutForward<T: BLASScalar>(
    _ x: Tensor<T>, config: DropoutConfig, mode: Mode, rng: inout NumPyRandomState
) -> (out: Tensor<T>, cache: DropoutCache<T>) {
    guard mode == .train, config.p > 0 else { return (x, DropoutCache(mask: nil)) }
    if let seed = config.seed { rng.seed(seed) }
    let keep = T(1 / (1 - config.p))
    let draws = rng.rand(x.count)
    let mask = Tensor<T>(shape: x.shape, scalars: draws.map { $0 >= config.p ? keep : 0 })
    var out = x
    for i in 0..<out.count { out.scalars[i] *= mask.scalars[i] }
    return (out, DropoutCache(mask: mask))
}

/// dout: the output's shape → dx = dout · mask (dout itself in test mode).
@_specialize(where T == Double)
@_specialize(where T == Float)
public func dropoutBackward<T: BLASScalar>(_ dout: Tensor<T>, _ cache: DropoutCache<T>) -> Tensor<T> {
    guard let mask = cache.mask else { return dout }
    var dx = dout
    for i in 0..<dx.count { dx.scalars[i] *= mask.scalars[i] }
    return dx
}
