import Foundation
import NNDL

/// A config with its data loaded: builds trainers (fresh for each restart) from the same seed.
public struct Experiment: Sendable {
    /// The settings.
    public let config: ExperimentConfig
    /// The loaded splits (shared by every restart).
    public let data: DataSplits

    /// Loads the data the config names and refuses a model that would not fit in memory.
    public init(config: ExperimentConfig) throws {
        self.config = config
        self.data = try Experiment.loadData(config)
        try checkMemory(config.hyperparameters)
    }

    /// An experiment on data already loaded.
    public init(config: ExperimentConfig, data: DataSplits) {
        self.config = config
        self.data = data
    }

    /// The splits for `config.data`, training on only the first `data.smallData` rows when it is set.
    public static func loadData(_ config: ExperimentConfig) throws -> DataSplits {
        var splits = try loadSplits(config)
        if let n = config.data.smallData { splits.train = FirstRows(splits.train, count: n) }
        return splits
    }

    /// The whole splits the config's source gives.
    private static func loadSplits(_ config: ExperimentConfig) throws -> DataSplits {
        let d = config.data
        switch d.source {
        case .toy:
            return toyData()
        case .random:
            return randomData(inputDim: d.inputDim, numClasses: d.numClasses, counts: (d.numTraining, d.numValidation, d.numTest), seed: config.seed &+ 1)
        case .cifar10:
            let folder = try CIFAR10.locate(explicit: d.dir)
            let raw = try CIFAR10.load(from: folder)
            var options = CIFARPreprocessing()
            options.numTraining = d.numTraining
            options.numValidation = d.numValidation
            options.numTest = d.numTest
            options.subtractMean = d.subtractMean
            options.layout = config.imageLayout
            return try raw.prepare(options)
        }
    }

    /// The first notebook's toy set: `np.random.seed(1); X = 10 * np.random.randn(5, 4); y = [0, 1, 2, 2, 1]`.
    public static func toyData() -> DataSplits {
        var rng = NumPyRandomState(seed: 1)
        let x = Tensor<Double>(shape: [5, 4], scalars: rng.randn(20).map { 10 * $0 })
        let samples = TensorSamples(x: x, y: [0, 1, 2, 2, 1])
        return DataSplits(train: samples, val: samples, classNames: ["0", "1", "2"])
    }

    /// Gaussian rows with uniformly random labels, drawn from `seed`.
    public static func randomData(inputDim: Int, numClasses: Int, counts: (Int, Int, Int), seed: UInt32) -> DataSplits {
        var rng = NumPyRandomState(seed: seed)
        func split(_ n: Int) -> TensorSamples<Double> {
            let x = Tensor<Double>(shape: [n, inputDim], scalars: rng.randn(n * inputDim))
            return TensorSamples(x: x, y: rng.randint(0, numClasses, count: n))
        }
        let train = split(counts.0), val = split(counts.1)
        return DataSplits(
            train: train, val: val, test: counts.2 > 0 ? split(counts.2) : nil,
            classNames: (0..<numClasses).map { "class \($0)" })
    }

    /// A trainer for this experiment from its seed; `hyperparameters` replaces the config's (restarts).
    public func makeTrainer(_ hyperparameters: Hyperparameters? = nil) throws -> any Trainer {
        let h = hyperparameters ?? config.hyperparameters
        switch config.model.dtype {
        case .float64: return try makeSolver(Double.self, h)
        case .float32: return try makeSolver(Float.self, h)
        }
    }

    /// A trainer continuing the run `checkpoint` stored. Hyperparameters in force come from the checkpoint, except
    /// those this config sets differently from the checkpoint's config (`--set` on resume); the rest of this config
    /// (iterations, epochs, samples) applies as is.
    public func makeTrainer(resumingFrom checkpoint: Checkpoint) throws -> any Trainer {
        var trainer = try makeTrainer()
        try trainer.restore(from: checkpoint)
        let h = trainer.hyperparameters.overriding(checkpoint.config.hyperparameters, with: config.hyperparameters)
        if h != trainer.hyperparameters { try trainer.setHyperparameters(h) }
        return trainer
    }

    /// The solver options the config describes.
    public func solverOptions(_ h: Hyperparameters) -> SolverOptions {
        let s = config.solver
        let notebook = config.model.kind == .twoLayerNet
        return SolverOptions(
            hyperparameters: h, numEpochs: s.numEpochs ?? 10,
            numIterations: s.numIterations ?? (s.numEpochs == nil && notebook ? 1000 : nil),
            numTrainSamples: s.numTrainSamples, numValSamples: notebook ? nil : s.numValSamples,
            style: notebook ? .notebook : .solver, healthRules: config.healthRules)
    }

    /// About how many bytes training this model takes: parameters with their gradients, the best-validation copy,
    /// the optimizer's state and the two copies a checkpoint encodes, plus one minibatch's activations and caches.
    public func estimatedTrainingBytes(_ h: Hyperparameters) -> Double {
        let m = config.model
        let dims = [data.train.dimension] + m.hiddenDims + [data.numClasses]
        var parameters = 0.0
        for (a, b) in zip(dims, dims.dropFirst()) { parameters += Double(a) * Double(b) + Double(b) }
        if m.batchnorm { parameters += 4 * Double(m.hiddenDims.reduce(0, +)) }
        let optimizerCopies: Double
        switch h.updateRule {
        case .sgd: optimizerCopies = 0
        case .sgdMomentum, .rmsprop: optimizerCopies = 1
        case .adam: optimizerCopies = 2
        }
        let activations = Double(h.batchSize) * Double(dims.reduce(0, +)) * 6
        let scalarBytes = m.dtype == .float64 ? 8.0 : 4.0
        return ((5 + optimizerCopies) * parameters + activations) * scalarBytes
    }

    /// Refuses, before allocating anything, a model whose training would need more than `available` bytes (by
    /// default the physical memory).
    public func checkMemory(_ h: Hyperparameters, available: Double = Double(ProcessInfo.processInfo.physicalMemory)) throws {
        let needed = estimatedTrainingBytes(h)
        guard needed <= available else {
            let m = config.model
            throw NNDLError.tooLarge(
                what: "model.hiddenDims \(m.hiddenDims) on \(data.train.dimension) inputs (\(m.dtype.rawValue), batch \(h.batchSize))",
                bytes: needed, available: available)
        }
    }

    /// The factory for this experiment's model on its data.
    public var modelFactory: ModelFactory {
        ModelFactory(model: config.model, inputDim: data.train.dimension, numClasses: data.numClasses)
    }

    private func makeSolver<T: BLASScalar>(_: T.Type, _ h: Hyperparameters) throws -> any Trainer {
        try checkMemory(h)
        var rng = NumPyRandomState(seed: config.seed)
        let net = try modelFactory.fresh(T.self, reg: h.reg, rng: &rng)
        return try Self.solver(net, options: solverOptions(h), data: data, rng: rng)
    }

    /// A solver training `model` (generic, so the solver is specialised for the model's concrete type).
    private static func solver<M: Model>(
        _ model: M, options: SolverOptions, data: DataSplits, rng: NumPyRandomState
    ) throws -> any Trainer {
        try Solver(model: model, data: data, options: options, rng: rng)
    }
}
