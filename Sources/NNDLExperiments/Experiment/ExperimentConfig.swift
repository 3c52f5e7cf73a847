import Foundation
import NNDL

/// Where an experiment's rows come from.
public enum DataSource: String, Sendable, Codable, CaseIterable {
    /// CIFAR-10 from a folder (binary or Python pickles).
    case cifar10
    /// The first notebook's toy set: 5 inputs of dimension 4, 3 classes.
    case toy
    /// Gaussian inputs with random labels (gradient checks, benchmarks).
    case random
}

/// Which net an experiment trains.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    /// The first notebook's `TwoLayerNet` and its `train` loop.
    case twoLayerNet
    /// The modular nets of `fc_net.py`, trained by the Solver.
    case fullyConnected
}

/// An experiment: data, model and solver settings, as a JSON file in `config/`.
public struct ExperimentConfig: Sendable, Equatable, Codable {
    /// Data settings.
    public struct DataSection: Sendable, Equatable, Codable {
        public var source = DataSource.cifar10
        public var dir: String?
        public var numTraining = 49000
        /// Train on only the first N rows of the prepared training split (the notebook's `small_data`): the mean
        /// image stays that of all `numTraining` rows and validation is unchanged. Nil: all rows.
        public var smallData: Int?
        public var numValidation = 1000
        public var numTest = 1000
        public var subtractMean = true
        /// Row order of images: `hwc` (first notebook) or `chw` (FC notebook); nil picks by model kind.
        public var layout: ImageLayout?
        /// Input dimension of `random` data.
        public var inputDim = 3072
        /// Classes of `random` data.
        public var numClasses = 10
    }

    /// Model settings.
    public struct ModelSection: Sendable, Equatable, Codable {
        public var kind = ModelKind.twoLayerNet
        public var hiddenDims = [50]
        public var weightScale = 1e-4
        public var reg = 0.0
        public var dtype = DType.float64
        public var batchnorm = false
        /// Probability of DROPPING a hidden unit (the CS231n `p` of the notebooks' era; 0: no dropout).
        public var dropout = 0.0
        /// When set, the random state is reseeded with it before every dropout mask (CS231n's `dropout_param['seed']`).
        public var dropoutSeed: UInt32?
        /// Batchnorm's running-average momentum (`bn_param['momentum']`).
        public var batchnormMomentum = 0.9
        /// Batchnorm's epsilon (`bn_param['eps']`).
        public var batchnormEps = 1e-5
    }

    /// Solver settings; a key left out takes `solver.py`'s (and `optim.py`'s) default.
    public struct SolverSection: Sendable, Equatable, Codable {
        public var updateRule = UpdateRuleKind.sgd
        /// Left out of a config: `optim.py`'s default for the rule (`UpdateRuleKind.defaultLearningRate`).
        public var learningRate = UpdateRuleKind.sgd.defaultLearningRate
        public var lrDecay = 1.0
        public var batchSize = 100
        public var numIterations: Int?
        public var numEpochs: Int?
        public var momentum = 0.9
        public var decayRate = 0.99
        public var beta1 = 0.9
        public var beta2 = 0.999
        public var epsilon = 1e-8
        public var printEvery = 10
        public var numTrainSamples = 1000
        /// Validation rows sampled for each check (nil: all, `solver.py`'s None).
        public var numValSamples: Int?
        /// Iterations in each window the health panel's plateau rule compares.
        public var plateauWindow = 200
        /// Train minus validation accuracy above which a check counts toward the overfitting warning.
        public var overfitGap = 0.15
        /// Consecutive latest checks that must be above `overfitGap` for the overfitting warning.
        public var overfitChecks = 2
    }

    public var name = "experiment"
    /// One line saying what the preset is for (`nndl-tui presets` lists it).
    public var description: String?
    public var seed: UInt32 = 0
    public var data = DataSection()
    public var model = ModelSection()
    public var solver = SolverSection()

    /// Defaults (a `model.kind` must still be given in a file).
    public init() {}

    /// The layout rows are stored in: the config's, else HWC for the first notebook's net and CHW for the modular nets.
    public var imageLayout: ImageLayout { data.layout ?? (model.kind == .twoLayerNet ? .hwc : .chw) }

    /// The input dimension and class count of the data: CIFAR-10's 3072 and 10, the toy set's 4 and 3, the random
    /// data's `inputDim` and `numClasses`.
    public var dataDimensions: (inputDim: Int, numClasses: Int) {
        switch data.source {
        case .cifar10: return (CIFAR10.imageBytes, CIFAR10.defaultClassNames.count)
        case .toy:
            let toy = Experiment.toyData()
            return (toy.train.dimension, toy.numClasses)
        case .random: return (data.inputDim, data.numClasses)
        }
    }

    /// The hyperparameters the run starts with.
    public var hyperparameters: Hyperparameters {
        Hyperparameters(
            learningRate: solver.learningRate, reg: model.reg, lrDecay: solver.lrDecay, batchSize: solver.batchSize,
            updateRule: solver.updateRule, momentum: solver.momentum, decayRate: solver.decayRate,
            beta1: solver.beta1, beta2: solver.beta2, epsilon: solver.epsilon)
    }

    /// The plateau and overfitting rules of the health panel.
    public var healthRules: HealthRules {
        HealthRules(plateauWindow: solver.plateauWindow, overfitGap: solver.overfitGap, overfitChecks: solver.overfitChecks)
    }

    /// This config as pretty, sorted JSON (stored in checkpoints and results).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
