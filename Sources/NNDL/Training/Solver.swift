import Foundation

/// Trains a `Model` on `DataSplits` with minibatch gradient descent (CS231n's `Solver`), one `step()` at a time.
///
/// The Solver prints nothing: each step returns a `StepResult`; `TrainingSession` turns them into events.
/// Hyperparameters may change between steps (`setHyperparameters`) without resetting the model.
public struct Solver<M: Model>: Sendable {
    /// The model being trained (its best-validation parameters are restored by `finish()`).
    public var model: M
    /// The data.
    public let data: DataSplits
    /// The settings.
    public internal(set) var options: SolverOptions
    /// Loss and accuracy histories.
    public internal(set) var history = TrainingHistory()
    /// The best validation accuracy so far.
    public internal(set) var bestValAccuracy: Double = -1
    /// The parameters that gave `bestValAccuracy`.
    public internal(set) var bestParameters: Parameters<M.Scalar>
    /// Completed iterations.
    public internal(set) var iteration = 0
    /// Completed epochs.
    public internal(set) var epoch = 0
    /// The learning rate the next step uses (after decays).
    public internal(set) var learningRate: Double
    /// The random state minibatches are drawn from.
    public var rng: NumPyRandomState
    /// The first notebook's "Validation accuracy": the final net on the whole validation split, set by `finish()`
    /// in the notebook style (nil before, and always in the Solver style).
    public internal(set) var finalValAccuracy: Double?

    /// The parameters training had reached when `restoreBestParameters` replaced them (what a resume continues from).
    var stoppedParameters: Parameters<M.Scalar>?
    var rules: [UpdateRule<M.Scalar>]
    /// float32 only: the share of weight entries an update left unchanged despite a nonzero gradient, measured
    /// once an epoch, and whether the run has been warned about it.
    var lostUpdates: (fraction: Double, name: String)?
    var precisionWarned = false
    /// Whether the next step measures training health, and the weight copies it measures with.
    var healthRequested = false
    var healthProbe = HealthProbe<M.Scalar>()
    var indices: [Int]
    var xBatch = Tensor<M.Scalar>(shape: [0])
    var yBatch: [Int] = []

    /// A Solver for `model` on `data`, drawing minibatches from `rng`.
    public init(model: M, data: DataSplits, options: SolverOptions, rng: NumPyRandomState) throws {
        try options.validate()
        guard data.train.count > 0 else { throw NNDLError.empty(what: "training split") }
        guard data.val.count > 0 else { throw NNDLError.empty(what: "validation split") }
        guard data.train.dimension == model.inputDimension else {
            throw NNDLError.shapeMismatch(
                what: "training data", expected: "(N, \(model.inputDimension))",
                got: "(\(data.train.count), \(data.train.dimension))")
        }
        for split in [data.train, data.val] {
            if let bad = split.labels.firstIndex(where: { $0 < 0 || $0 >= model.numClasses }) {
                throw NNDLError.labelOutOfRange(label: split.labels[bad], index: bad, numClasses: model.numClasses)
            }
        }
        self.model = model
        self.data = data
        self.options = options
        self.rng = rng
        self.learningRate = options.hyperparameters.learningRate
        self.bestParameters = model.parameters
        self.rules = []
        self.indices = []
        self.model.reg = options.hyperparameters.reg
        rebuildRules()
    }

    /// The hyperparameters in force (learning rate after decays).
    public var hyperparameters: Hyperparameters {
        var h = options.hyperparameters
        h.learningRate = learningRate
        return h
    }

    /// Whether the run ends with the weights training reached (the first notebook's `TwoLayerNet.train`), rather than
    /// the best-validation ones (`solver.py`); the best stay in `bestParameters`.
    public var keepsFinalParameters: Bool { options.style == .notebook }

    /// Minibatch size actually drawn.
    public var effectiveBatchSize: Int {
        options.style == .notebook ? min(options.hyperparameters.batchSize, data.train.count) : options.hyperparameters.batchSize
    }

    /// Iterations per epoch: `max(N / batchSize, 1)` (integer for the Solver, as `solver.py`).
    public var iterationsPerEpoch: Int { max(data.train.count / options.hyperparameters.batchSize, 1) }

    /// Total iterations planned.
    public var totalIterations: Int { options.numIterations ?? options.numEpochs * iterationsPerEpoch }

    /// Total epochs planned (rounded up).
    public var totalEpochs: Int { (totalIterations + iterationsPerEpoch - 1) / iterationsPerEpoch }

    /// Whether every planned iteration has run.
    public var isFinished: Bool { iteration >= totalIterations }

    /// Uses new hyperparameters from the next step on; the model and optimizer state are kept
    /// (changing the update rule starts its state afresh). `h.learningRate` is a planned rate, like the config's:
    /// a new one replaces the rate in force, while the same one (a change of reg, say) keeps the decay so far.
    public mutating func setHyperparameters(_ h: Hyperparameters) throws {
        var next = options
        next.hyperparameters = h
        try next.validate()
        let ruleChanged = h.updateRule != options.hyperparameters.updateRule
        let rateChanged = h.learningRate != options.hyperparameters.learningRate
        options = next
        if rateChanged { learningRate = h.learningRate }
        model.reg = h.reg
        if ruleChanged { rebuildRules() } else { configureRules() }
    }

    private mutating func rebuildRules() {
        rules = model.parameters.tensors.map { _ in UpdateRule<M.Scalar>(kind: options.hyperparameters.updateRule, config: hyperparameters) }
    }

    private mutating func configureRules() {
        for i in rules.indices { rules[i].config = hyperparameters }
    }

}
