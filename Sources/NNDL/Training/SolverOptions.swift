import Foundation

/// How a Solver schedules accuracy checks and learning-rate decay.
public enum SolverStyle: String, Sendable, Codable {
    /// CS231n `solver.py`: accuracies on samples of train/val at the first iteration and each epoch's end, decay at each epoch's end.
    case solver
    /// The first notebook's `TwoLayerNet.train`: batches of `min(batchSize, N)`, accuracies on the minibatch and val
    /// and decay whenever `iteration % (N / batchSize) == 0` (including iteration 0).
    case notebook
}

/// The Solver's settings (CS231n's keyword arguments, typed).
public struct SolverOptions: Sendable, Codable, Equatable {
    /// Learning rate, reg, decay, batch size, momentum, update rule.
    public var hyperparameters: Hyperparameters
    /// Epochs to train (used when `numIterations` is nil).
    public var numEpochs: Int
    /// Iterations to train; overrides `numEpochs` when set.
    public var numIterations: Int?
    /// Training rows sampled for the train-accuracy check.
    public var numTrainSamples: Int
    /// Validation rows sampled for the validation-accuracy check (nil: all).
    public var numValSamples: Int?
    /// Scheduling style.
    public var style: SolverStyle
    /// When a health report warns of a plateau or overfitting.
    public var healthRules: HealthRules

    /// Options with CS231n's defaults.
    public init(
        hyperparameters: Hyperparameters, numEpochs: Int = 10, numIterations: Int? = nil,
        numTrainSamples: Int = 1000, numValSamples: Int? = 1000, style: SolverStyle = .solver,
        healthRules: HealthRules = HealthRules()
    ) {
        self.hyperparameters = hyperparameters
        self.numEpochs = numEpochs
        self.numIterations = numIterations
        self.numTrainSamples = numTrainSamples
        self.numValSamples = numValSamples
        self.style = style
        self.healthRules = healthRules
    }

    /// Throws when a value is outside its range: the hyperparameters' own bounds (`Hyperparameters.validate`), then
    /// the schedule's counts.
    public func validate() throws {
        try hyperparameters.validate()
        func check(_ ok: Bool, _ name: String, _ value: Any, _ requirement: String) throws {
            if !ok { throw NNDLError.invalidValue(name: name, value: "\(value)", requirement: requirement) }
        }
        try check(numEpochs >= 1, "numEpochs", numEpochs, "an integer ≥ 1")
        if let n = numIterations { try check(n >= 1, "numIterations", n, "an integer ≥ 1") }
        try check(numTrainSamples >= 1, "numTrainSamples", numTrainSamples, "an integer ≥ 1")
        try healthRules.validate()
    }
}
