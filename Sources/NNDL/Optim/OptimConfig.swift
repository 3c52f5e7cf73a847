/// Per-parameter optimizer settings (CS231n's `config` dict, typed); the defaults are optim.py's.
public struct OptimConfig: Sendable, Codable, Equatable {
    /// Step size (all rules).
    public var learningRate: Double
    /// Velocity decay for `sgd_momentum`.
    public var momentum: Double
    /// Decay rate of the squared-gradient average for `rmsprop`.
    public var decayRate: Double
    /// Decay rate of the first moment for `adam`.
    public var beta1: Double
    /// Decay rate of the second moment for `adam`.
    public var beta2: Double
    /// Small constant that keeps `rmsprop` and `adam` from dividing by zero.
    public var epsilon: Double

    /// A config with CS231n's defaults for every value not given.
    public init(
        learningRate: Double = 1e-2, momentum: Double = 0.9, decayRate: Double = 0.99,
        beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
    ) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.decayRate = decayRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Throws `NNDLError.invalidValue` naming the first value outside its range
    /// (learning rate finite and ≥ 0; momentum, decay rate, β1, β2 in [0, 1); epsilon finite and > 0).
    public func validate() throws {
        func check(_ name: String, _ value: Double, _ requirement: String, _ ok: Bool) throws {
            if !ok { throw NNDLError.invalidValue(name: name, value: "\(value)", requirement: requirement) }
        }
        try check("learningRate", learningRate, "a finite value ≥ 0", learningRate.isFinite && learningRate >= 0)
        for (name, value) in [("momentum", momentum), ("decayRate", decayRate), ("beta1", beta1), ("beta2", beta2)] {
            try check(name, value, "a value in [0, 1)", value >= 0 && value < 1)
        }
        try check("epsilon", epsilon, "a finite value > 0", epsilon.isFinite && epsilon > 0)
    }
}
