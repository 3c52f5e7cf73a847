import Foundation

/// An update rule, by its CS231n name.
public enum UpdateRuleKind: String, Sendable, Codable, CaseIterable, Equatable {
    case sgd
    case sgdMomentum = "sgd_momentum"
    case rmsprop
    case adam

    /// `optim.py`'s default learning rate for the rule: 1e-2, except adam's 1e-3.
    public var defaultLearningRate: Double { self == .adam ? 1e-3 : 1e-2 }
}

/// One parameter's update rule and its state (velocity / cache / m, v, t), as CS231n's optim.py.
///
/// The state is created as zeros on the first `update` (like `config.get('velocity', np.zeros_like(w))`)
/// and reused in place afterwards. `config` may change between steps and keeps the state; `kind` resets it.
public struct UpdateRule<T: BLASScalar>: Sendable {
    /// The rule; setting a different kind forgets the state.
    public var kind: UpdateRuleKind {
        didSet { if kind != oldValue { reset() } }
    }
    /// The learning rate and decay rates, read on every step.
    public var config: Hyperparameters
    /// Adam's step count (incremented before each adam step, as in optim.py); 0 for the other rules.
    public private(set) var t: Int = 0
    /// velocity (sgd_momentum), cache (rmsprop) or m (adam); nil until the first update.
    private var first: Tensor<T>?
    /// v (adam); nil otherwise.
    private var second: Tensor<T>?

    /// A rule with no state yet.
    public init(kind: UpdateRuleKind, config: Hyperparameters) {
        self.kind = kind
        self.config = config
    }

    /// The names of the state tensors this kind keeps: [], ["velocity"], ["cache"] or ["m", "v"].
    public static func stateNames(for kind: UpdateRuleKind) -> [String] {
        switch kind {
        case .sgd: return []
        case .sgdMomentum: return ["velocity"]
        case .rmsprop: return ["cache"]
        case .adam: return ["m", "v"]
        }
    }

    /// The state tensors by their CS231n names, for checkpoints; empty before the first update.
    public var stateTensors: [String: Tensor<T>] {
        let names = Self.stateNames(for: kind)
        var out: [String: Tensor<T>] = [:]
        for (name, tensor) in zip(names, [first, second]) where tensor != nil { out[name] = tensor }
        return out
    }

    /// Forgets velocity / cache / m / v and sets t to 0.
    public mutating func reset() {
        first = nil
        second = nil
        t = 0
    }

    /// Replaces the state with a checkpoint's: `state` is empty (a fresh rule) or holds exactly
    /// `stateNames(for: kind)`, all the same shape; `t` ≥ 0.
    public mutating func restore(state: [String: Tensor<T>], t: Int) throws {
        guard t >= 0 else {
            throw NNDLError.invalidValue(name: "optimizer t", value: "\(t)", requirement: "t ≥ 0")
        }
        let names = Self.stateNames(for: kind)
        guard state.isEmpty || Set(state.keys) == Set(names) else {
            throw NNDLError.invalidValue(
                name: "\(kind.rawValue) state", value: "keys \(state.keys.sorted())",
                requirement: "no keys or exactly \(names)")
        }
        let tensors = names.compactMap { state[$0] }
        if let shape = tensors.first?.shape, let odd = tensors.first(where: { $0.shape != shape }) {
            throw NNDLError.shapeMismatch(what: "\(kind.rawValue) state", expected: "\(shape)", got: "\(odd.shape)")
        }
        first = tensors.first
        second = tensors.count > 1 ? tensors[1] : nil
        self.t = t
    }

    /// Updates w in place from its gradient: w, dw: same shape. Allocates only the first time (the state).
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public mutating func update(_ w: inout Tensor<T>, _ dw: Tensor<T>) {
        precondition(w.shape == dw.shape, "UpdateRule.update: w has shape \(w.shape) but dw has \(dw.shape).")
        let lr = T(config.learningRate)
        switch kind {
        case .sgd:
            withBuffers(&w, dw) { w, dw in Self.sgd(w, dw, lr: lr) }
        case .sgdMomentum:
            prepareState(count: 1, shape: w.shape)
            let momentum = T(config.momentum)
            withBuffers(&w, dw) { w, dw, v, _ in Self.sgdMomentum(w, dw, v, lr: lr, momentum: momentum) }
        case .rmsprop:
            prepareState(count: 1, shape: w.shape)
            let decay = (T(config.decayRate), T(1 - config.decayRate))
            let epsilon = T(config.epsilon)
            withBuffers(&w, dw) { w, dw, cache, _ in
                Self.rmsprop(w, dw, cache, lr: lr, decay: decay, epsilon: epsilon)
            }
        case .adam:
            prepareState(count: 2, shape: w.shape)
            t += 1
            let constants = AdamConstants(config: config, t: t)
            withBuffers(&w, dw) { w, dw, m, v in Self.adam(w, dw, m, v, constants) }
        }
    }

    // MARK: - State buffers

    /// Creates `count` zero state tensors of `shape` if they are missing.
    private mutating func prepareState(count: Int, shape: [Int]) {
        if first == nil { first = Tensor(shape: shape) }
        if count > 1 && second == nil { second = Tensor(shape: shape) }
        precondition(
            first?.shape == shape && (count == 1 || second?.shape == shape),
            "UpdateRule.update: the \(kind.rawValue) state has shape \(first?.shape ?? []) but w has \(shape); "
                + "restore a state saved for this parameter.")
    }

    /// Runs `body` on the scalars of w and dw.
    private func withBuffers(
        _ w: inout Tensor<T>, _ dw: Tensor<T>,
        _ body: (UnsafeMutableBufferPointer<T>, UnsafeBufferPointer<T>) -> Void
    ) {
        w.scalars.withUnsafeMutableBufferPointer { pw in
            dw.scalars.withUnsafeBufferPointer { pdw in body(pw, pdw) }
        }
    }

    /// Runs `body` on the scalars of w, dw and the two state tensors (the second is empty when unused).
    private mutating func withBuffers(
        _ w: inout Tensor<T>, _ dw: Tensor<T>,
        _ body: (UnsafeMutableBufferPointer<T>, UnsafeBufferPointer<T>,
                 UnsafeMutableBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void
    ) {
        var state1 = first.take() ?? Tensor(shape: [0])
        var state2 = second.take() ?? Tensor(shape: [0])
        withBuffers(&w, dw) { pw, pdw in
            state1.scalars.withUnsafeMutableBufferPointer { p1 in
                state2.scalars.withUnsafeMutableBufferPointer { p2 in body(pw, pdw, p1, p2) }
            }
        }
        first = state1
        second = state2.count > 0 ? state2 : nil
    }

    // MARK: - Kernels (optim.py's formulas, element by element, in its order of operations)

    /// w -= lr * dw
    private static func sgd(_ w: UnsafeMutableBufferPointer<T>, _ dw: UnsafeBufferPointer<T>, lr: T) {
        nonisolated(unsafe) let (w, dw) = (w, dw)
        Parallel.chunks(w.count) { _, range in
            for i in range { w[i] -= lr * dw[i] }
        }
    }

    /// v = momentum * v - lr * dw; w += v
    private static func sgdMomentum(
        _ w: UnsafeMutableBufferPointer<T>, _ dw: UnsafeBufferPointer<T>, _ v: UnsafeMutableBufferPointer<T>,
        lr: T, momentum: T
    ) {
        nonisolated(unsafe) let (w, dw, v) = (w, dw, v)
        Parallel.chunks(w.count) { _, range in
            for i in range {
                v[i] = momentum * v[i] - lr * dw[i]
                w[i] += v[i]
            }
        }
    }

    /// cache = decay * cache + (1 - decay) * dw²; w -= lr * dw / (√cache + eps)
    private static func rmsprop(
        _ w: UnsafeMutableBufferPointer<T>, _ dw: UnsafeBufferPointer<T>, _ cache: UnsafeMutableBufferPointer<T>,
        lr: T, decay: (rate: T, complement: T), epsilon: T
    ) {
        nonisolated(unsafe) let (w, dw, cache) = (w, dw, cache)
        Parallel.chunks(w.count) { _, range in
            for i in range {
                cache[i] = decay.rate * cache[i] + decay.complement * (dw[i] * dw[i])
                w[i] -= lr * dw[i] / (cache[i].squareRoot() + epsilon)
            }
        }
    }

    /// m = β1 m + (1-β1) dw; v = β2 v + (1-β2) dw²; w -= lr · (m / (1-β1ᵗ)) / (√(v / (1-β2ᵗ)) + eps)
    private static func adam(
        _ w: UnsafeMutableBufferPointer<T>, _ dw: UnsafeBufferPointer<T>,
        _ m: UnsafeMutableBufferPointer<T>, _ v: UnsafeMutableBufferPointer<T>, _ c: AdamConstants
    ) {
        nonisolated(unsafe) let (w, dw, m, v) = (w, dw, m, v)
        Parallel.chunks(w.count) { _, range in
            for i in range {
                m[i] = c.beta1 * m[i] + c.oneMinusBeta1 * dw[i]
                let mt = m[i] / c.correction1
                v[i] = c.beta2 * v[i] + c.oneMinusBeta2 * (dw[i] * dw[i])
                let vt = v[i] / c.correction2
                w[i] -= c.lr * mt / (vt.squareRoot() + c.epsilon)
            }
        }
    }

    /// Adam's per-step scalars, computed in Double as Python does, then converted once.
    private struct AdamConstants: Sendable {
        let lr, beta1, oneMinusBeta1, beta2, oneMinusBeta2, correction1, correction2, epsilon: T

        init(config: Hyperparameters, t: Int) {
            lr = T(config.learningRate)
            beta1 = T(config.beta1)
            oneMinusBeta1 = T(1 - config.beta1)
            beta2 = T(config.beta2)
            oneMinusBeta2 = T(1 - config.beta2)
            correction1 = T(1 - Self.power(config.beta1, t))
            correction2 = T(1 - Self.power(config.beta2, t))
            epsilon = T(config.epsilon)
        }

        /// base^exponent through C's pow, as Python's `float ** int` computes it.
        static func power(_ base: Double, _ exponent: Int) -> Double {
            Foundation.pow(base, Double(exponent))
        }
    }
}
