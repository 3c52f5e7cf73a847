import Foundation

/// A training run the session can drive one step at a time, whatever its model and dtype.
public protocol Trainer: Sendable {
    /// Completed iterations.
    var iteration: Int { get }
    /// Total iterations planned.
    var totalIterations: Int { get }
    /// Iterations in one epoch.
    var iterationsPerEpoch: Int { get }
    /// Whether every planned iteration has run.
    var isFinished: Bool { get }
    /// Hyperparameters in force (the learning rate as decayed so far).
    var hyperparameters: Hyperparameters { get }
    /// The hyperparameters as configured or last set, learning rate before any decay: what a restart starts from.
    var plannedHyperparameters: Hyperparameters { get }
    /// Loss and accuracy histories.
    var history: TrainingHistory { get }
    /// The best validation accuracy so far (-1 before the first check).
    var bestValAccuracy: Double { get }
    /// The final net's accuracy on the whole validation split, measured by `finish()` in runs that keep their final
    /// parameters (the first notebook's "Validation accuracy"); nil otherwise.
    var finalValAccuracy: Double? { get }
    /// The model as `3072-50-10 twoLayerNet f64`.
    var modelDescription: String { get }
    /// The probability of dropping a hidden unit in training (0: no dropout).
    var dropoutProbability: Double { get }
    /// Uses new hyperparameters from the next step on.
    mutating func setHyperparameters(_ h: Hyperparameters) throws
    /// Runs one iteration.
    mutating func step() throws -> StepResult
    /// Makes the next `step()` measure training health (`StepResult.health`); steps not asked cost nothing extra.
    mutating func measureHealthOnNextStep()
    /// The first layer's weights as image filters (nil when rows are not images).
    func filterSnapshot() -> FilterSnapshot?
    /// Restores the best-validation parameters (or, keeping the final ones, measures `finalValAccuracy`) and returns
    /// the test accuracy, if there is a test split.
    mutating func finish() throws -> Double?
    /// A `.npz` checkpoint's arrays: parameters (current, or best-validation) and buffers by their names (runs that
    /// keep their final parameters store those, and the best-validation ones as `best.W1`, …), then the resume
    /// entries (`resume.*` and `state`, see `ResumeState`) that let `restore(from:)` continue the run.
    func checkpointArrays(best: Bool) -> [(name: String, npy: [UInt8])]
    /// Continues the run a checkpoint stored; throws, changing nothing, when it cannot.
    mutating func restore(from checkpoint: some CheckpointArrays) throws
    /// Starts from a checkpoint's (or the notebook's) parameters instead of the seed's; throws, changing nothing,
    /// when an array is missing or has another shape.
    mutating func initialize(from checkpoint: some CheckpointArrays) throws
}

extension Solver: Trainer {
    public var modelDescription: String { model.summary }
    public var dropoutProbability: Double { model.dropoutProbability }
    public var plannedHyperparameters: Hyperparameters { options.hyperparameters }

    public func filterSnapshot() -> FilterSnapshot? {
        guard let image = data.image else { return nil }
        let w = model.firstLayerFilters
        guard w.columns == image.dimension else { return nil }
        return FilterSnapshot(iteration: iteration, image: image, count: w.rows, values: w.scalars.map { Float($0) })
    }

    public mutating func finish() throws -> Double? {
        restoreBestParameters()
        if keepsFinalParameters { finalValAccuracy = try model.accuracy(on: data.val) }
        guard let test = data.test, test.count > 0 else { return nil }
        return try model.accuracy(on: test)
    }

    public func checkpointArrays(best: Bool) -> [(name: String, npy: [UInt8])] {
        let p = best && bestValAccuracy >= 0 && !keepsFinalParameters ? bestParameters : model.parameters
        let b = model.buffers
        var out = zip(p.names + b.names, p.tensors + b.tensors).map { ($0, NPY.encode($1)) }
        if keepsFinalParameters && bestValAccuracy >= 0 {
            out += zip(bestParameters.names, bestParameters.tensors).map { (Self.bestPrefix + $0, NPY.encode($1)) }
        }
        return out + resumeArrays()
    }

    /// The prefix of the best-validation parameters in checkpoints of runs that keep their final parameters.
    public static var bestPrefix: String { "best." }
}
