/// The state of a training run as the dashboard names it.
public enum RunState: String, Sendable, Codable, Equatable {
    case running, paused, done, diverged, stopped

    /// The word on the status line: `RUNNING`, `PAUSED`, …
    public var word: String { rawValue.uppercased() }
}

/// The first layer's weights as filters: one row of `image.dimension` values per hidden unit, in `image.layout`.
public struct FilterSnapshot: Sendable, Equatable {
    /// The iteration the copy was taken at.
    public var iteration: Int
    /// The geometry of one filter.
    public var image: ImageShape
    /// The number of filters (hidden units).
    public var count: Int
    /// count × image.dimension values, filter-major.
    public var values: [Float]

    /// A snapshot of `count` filters.
    public init(iteration: Int, image: ImageShape, count: Int, values: [Float]) {
        precondition(values.count == count * image.dimension, "FilterSnapshot: wrong number of values.")
        self.iteration = iteration
        self.image = image
        self.count = count
        self.values = values
    }
}

/// One training iteration's figures.
public struct IterationReport: Sendable, Equatable {
    /// 1-based iteration number.
    public var iteration: Int
    /// Total iterations planned.
    public var totalIterations: Int
    /// Fractional epoch (iteration / iterationsPerEpoch).
    public var epoch: Double
    /// The minibatch loss.
    public var loss: Double
    /// The learning rate used for this step.
    public var learningRate: Double
    /// Seconds since the run started, excluding paused time.
    public var elapsed: Double
    /// Training throughput over recent iterations.
    public var imagesPerSecond: Double

    /// A report with every figure.
    public init(
        iteration: Int, totalIterations: Int, epoch: Double, loss: Double, learningRate: Double, elapsed: Double,
        imagesPerSecond: Double
    ) {
        self.iteration = iteration
        self.totalIterations = totalIterations
        self.epoch = epoch
        self.loss = loss
        self.learningRate = learningRate
        self.elapsed = elapsed
        self.imagesPerSecond = imagesPerSecond
    }
}

/// The accuracies measured at an epoch's end.
public struct EpochReport: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Total epochs planned.
    public var totalEpochs: Int
    /// The iteration the epoch ended at.
    public var iteration: Int
    /// Accuracy on a sample of the training split.
    public var trainAccuracy: Double
    /// Accuracy on the validation split.
    public var valAccuracy: Double
    /// The best validation accuracy so far.
    public var bestValAccuracy: Double
    /// The learning rate after this epoch's decay.
    public var learningRate: Double
    /// Seconds spent measuring the accuracies.
    public var evaluationSeconds: Double
    /// Set (once a run) when a float32 run loses updates that float64 would keep: a one-line explanation.
    public var precisionWarning: String? = nil
    /// How the validation rows behind `valAccuracy` were classified (its accuracy is `valAccuracy`).
    public var confusion: ConfusionMatrix? = nil

    /// A report of one check (no precision warning, no confusion matrix unless given).
    public init(
        epoch: Int, totalEpochs: Int, iteration: Int, trainAccuracy: Double, valAccuracy: Double,
        bestValAccuracy: Double, learningRate: Double, evaluationSeconds: Double, precisionWarning: String? = nil,
        confusion: ConfusionMatrix? = nil
    ) {
        self.epoch = epoch
        self.totalEpochs = totalEpochs
        self.iteration = iteration
        self.trainAccuracy = trainAccuracy
        self.valAccuracy = valAccuracy
        self.bestValAccuracy = bestValAccuracy
        self.learningRate = learningRate
        self.evaluationSeconds = evaluationSeconds
        self.precisionWarning = precisionWarning
        self.confusion = confusion
    }
}

/// Which validation accuracy ranks runs against each other (sweeps).
public enum ValidationRanking: String, Sendable, Equatable, CaseIterable {
    /// The best check's (`bestValAcc`): the best point anywhere along each run.
    case best
    /// The one at the end (`valAcc`), as the first notebook's tuning cell ranks by `val_acc_history[-1]`.
    case final
}

/// What a finished (or stopped) run reports, as `train --json` prints it (every key present; null when unknown).
public struct RunSummary: Sendable, Codable, Equatable {
    public var name: String
    public var status: RunOutcome
    public var iterations: Int
    public var epochs: Int
    public var finalLoss: Double?
    public var trainAcc: Double?
    /// Validation accuracy at the end: the final net on the whole validation split in runs that keep their final
    /// parameters (the first notebook's "Validation accuracy"), else the last check's.
    public var valAcc: Double?
    /// The best check's validation accuracy (its parameters are the checkpoint's `W1`…, or `best.W1`… in runs that
    /// keep their final parameters).
    public var bestValAcc: Double?
    public var testAcc: Double?
    public var seconds: Double
    public var imagesPerSecond: Double
    public var checkpoint: String?

    /// A summary with every field.
    public init(
        name: String, status: RunOutcome, iterations: Int, epochs: Int, finalLoss: Double?,
        trainAcc: Double?, valAcc: Double?, bestValAcc: Double?, testAcc: Double?,
        seconds: Double, imagesPerSecond: Double, checkpoint: String?
    ) {
        self.name = name
        self.status = status
        self.iterations = iterations
        self.epochs = epochs
        self.finalLoss = finalLoss
        self.trainAcc = trainAcc
        self.valAcc = valAcc
        self.bestValAcc = bestValAcc
        self.testAcc = testAcc
        self.seconds = seconds
        self.imagesPerSecond = imagesPerSecond
        self.checkpoint = checkpoint
    }

    private enum CodingKeys: String, CodingKey {
        case name, status, iterations, epochs, finalLoss, trainAcc, valAcc, bestValAcc, testAcc, seconds
        case imagesPerSecond, checkpoint
    }

    /// Encodes every key, writing null for a missing value (the JSON schema is fixed).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(finalLoss, forKey: .finalLoss)
        try c.encode(trainAcc, forKey: .trainAcc)
        try c.encode(valAcc, forKey: .valAcc)
        try c.encode(bestValAcc, forKey: .bestValAcc)
        try c.encode(testAcc, forKey: .testAcc)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(imagesPerSecond, forKey: .imagesPerSecond)
        try c.encode(checkpoint, forKey: .checkpoint)
    }
}

/// A description of the run for the status line.
public struct RunInfo: Sendable, Equatable {
    /// The experiment's name.
    public var name: String
    /// The model as `3072-50-10 twoLayerNet f64`.
    public var modelDescription: String
    /// Total iterations planned.
    public var totalIterations: Int
    /// Iterations in one epoch.
    public var iterationsPerEpoch: Int
    /// The starting hyperparameters.
    public var hyperparameters: Hyperparameters
    /// The losses of iterations 1… already done (a resumed run's history; empty for a fresh run).
    public var pastLoss: [Double]
    /// Why there will be no W1 filters to draw (inputs that are not images), or nil when there will be.
    public var filtersUnavailable: String?
    /// The probability of dropping a hidden unit in training (0: no dropout).
    public var dropout: Double

    /// A run description.
    public init(
        name: String, modelDescription: String, totalIterations: Int, iterationsPerEpoch: Int,
        hyperparameters: Hyperparameters, pastLoss: [Double] = [], filtersUnavailable: String? = nil, dropout: Double = 0
    ) {
        self.dropout = dropout
        self.name = name
        self.modelDescription = modelDescription
        self.totalIterations = totalIterations
        self.iterationsPerEpoch = iterationsPerEpoch
        self.hyperparameters = hyperparameters
        self.pastLoss = pastLoss
        self.filtersUnavailable = filtersUnavailable
    }
}

/// An immutable message from the engine to whoever watches it (the CLI log, the dashboard).
public enum TrainingEvent: Sendable, Equatable {
    /// The run began (or began again after a restart).
    case started(RunInfo)
    /// One iteration finished.
    case iteration(IterationReport)
    /// An epoch finished and accuracies were measured.
    case epoch(EpochReport)
    /// A copy of the first layer's weights.
    case filters(FilterSnapshot)
    /// Training health measured at one step (sessions with a finite health interval only).
    case health(HealthReport)
    /// Hyperparameters changed at `iteration` (before it ran).
    case hyperparametersChanged(iteration: Int, Hyperparameters)
    /// A `setHyperparameters` request was refused; the run goes on with `inForce` (as set, before decays).
    case hyperparametersRefused(HyperparameterError, inForce: Hyperparameters)
    /// The run's state changed.
    case state(RunState)
    /// A checkpoint was written to `path`.
    case checkpointSaved(path: String)
    /// Something the user should read (an error, a refused command).
    case message(String)
    /// The run ended; no more events follow until a restart.
    case finished(RunSummary)
}

/// A request from the user to the engine, applied between iterations.
public enum TrainingCommand: Sendable, Equatable {
    case pause
    case resume
    /// Run exactly one iteration while paused.
    case step
    /// Use these hyperparameters from the next iteration on, without resetting the net.
    case setHyperparameters(Hyperparameters)
    /// Start again from the same seed with the current hyperparameters.
    case restart
    /// Write a checkpoint of the current parameters to `path`.
    case snapshot(path: String)
    /// Stop at the next iteration boundary.
    case stop
}
