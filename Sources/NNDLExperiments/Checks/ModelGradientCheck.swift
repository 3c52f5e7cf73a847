import NNDL

/// A numerical gradient check of an experiment's model (in float64) on random samples.
public struct GradientCheckRun: Sendable {
    /// One parameter's result.
    public struct Result: Sendable, Equatable {
        /// The parameter's name (`W1`, `b1`, …).
        public var name: String
        /// The largest relative error over the checked entries.
        public var error: Double
    }

    /// The experiment whose model is checked.
    public let config: ExperimentConfig
    /// Rows in the check batch.
    public let samples: Int
    /// Entries of each parameter checked (all of a smaller tensor).
    public let entriesPerParameter: Int
    /// Step of the centred differences.
    public var h = 1e-5

    /// A check of `config`'s model.
    public init(config: ExperimentConfig, samples: Int = 3, entriesPerParameter: Int = 100) {
        self.config = config
        self.samples = samples
        self.entriesPerParameter = entriesPerParameter
    }

    /// Input dimension and classes of the configured data, without loading it.
    var shape: (inputDim: Int, numClasses: Int) {
        switch config.data.source {
        case .cifar10: return (3072, 10)
        case .toy: return (4, 3)
        case .random: return (config.data.inputDim, config.data.numClasses)
        }
    }

    /// Relative errors of every parameter, in the model's order.
    public func run() throws -> [Result] {
        var rng = NumPyRandomState(seed: config.seed)
        let m = config.model
        let (d, c) = shape
        let x = Tensor<Double>(shape: [samples, d], scalars: rng.randn(samples * d))
        let y = rng.randint(0, c, count: samples)
        var net = try ModelFactory(model: m, inputDim: d, numClasses: c)
            .fresh(Double.self, reg: m.reg, dropoutSeed: 123, rng: &rng)
        return try check(&net, x, y, rng: &rng)
    }

    /// Compares `model`'s analytic gradients with centred differences on up to `entriesPerParameter` entries each.
    public func check<M: Model>(_ model: inout M, _ x: Tensor<Double>, _ y: [Int], rng: inout NumPyRandomState) throws -> [Result]
    where M.Scalar == Double {
        _ = try model.loss(x, y)
        let analytic = model.gradients
        var results: [Result] = []
        for (p, name) in model.parameters.names.enumerated() {
            let count = model.parameters.tensors[p].count
            let entries = count <= entriesPerParameter ? Array(0..<count) : Array(rng.permutation(count).prefix(entriesPerParameter))
            var worst = 0.0
            for k in entries {
                let original = model.parameters.tensors[p].scalars[k]
                model.parameters.tensors[p].scalars[k] = original + h
                let plus = try model.loss(x, y)
                model.parameters.tensors[p].scalars[k] = original - h
                let minus = try model.loss(x, y)
                model.parameters.tensors[p].scalars[k] = original
                let numeric = (plus - minus) / (2 * h)
                let a = analytic[p].scalars[k]
                // An exactly zero gradient (a bias before batchnorm) against rounding noise is a match.
                if abs(a) < 1e-12 && abs(numeric) < 1e-9 { continue }
                worst = max(worst, abs(a - numeric) / max(1e-8, abs(a) + abs(numeric)))
            }
            results.append(Result(name: name, error: worst))
        }
        return results
    }
}
