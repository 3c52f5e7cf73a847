/// Per-parameter optimizer settings (CS231n's `config` dict, typed); the defaults are optim.py's. Made from validated
/// `Hyperparameters` (`optimConfig(learningRate:)`), which hold the bounds.
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
}
