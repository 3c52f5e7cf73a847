import NNDL

/// Builds the net a config's `model` section describes, for rows of `inputDim` columns and `numClasses` classes:
/// fresh from a random state (training, gradient checks) or holding a checkpoint's parameters (evaluation). Both
/// paths build the same kind with the same options, so a checkpoint is read back into the net that wrote it.
public struct ModelFactory: Sendable {
    /// The model settings.
    public let model: ExperimentConfig.ModelSection
    /// Input dimension D.
    public let inputDim: Int
    /// Number of classes C.
    public let numClasses: Int

    /// A factory for `model` on (N, `inputDim`) rows with `numClasses` classes.
    public init(model: ExperimentConfig.ModelSection, inputDim: Int, numClasses: Int) {
        self.model = model
        self.inputDim = inputDim
        self.numClasses = numClasses
    }

    /// A net whose weights are drawn from `rng` (in the notebooks' order), with L2 strength `reg`; `dropoutSeed`
    /// fixes the dropout masks (nil: the config's `model.dropoutSeed`).
    public func fresh<T: BLASScalar>(
        _: T.Type, reg: Double, dropoutSeed: UInt32? = nil, rng: inout NumPyRandomState
    ) throws -> any Model<T> {
        let m = model
        switch m.kind {
        case .twoLayerNet:
            var net = try TwoLayerNet<T>(
                inputSize: inputDim, hiddenSize: m.hiddenDims[0], outputSize: numClasses, std: m.weightScale, rng: &rng)
            net.reg = reg
            return net
        case .fullyConnected:
            var net = try FullyConnectedNet<T>(
                hiddenDims: m.hiddenDims, inputDim: inputDim, numClasses: numClasses, reg: reg,
                weightScale: m.weightScale, options: options(dropoutSeed: dropoutSeed), rng: &rng)
            name(&net)
            return net
        }
    }

    /// The net holding `checkpoint`'s parameters and batchnorm running statistics, each checked against the shape
    /// this factory's net has.
    public func stored<T: BLASScalar>(_: T.Type, from checkpoint: Checkpoint) throws -> any Model<T> {
        let m = model, d = inputDim
        switch m.kind {
        case .twoLayerNet:
            let h = m.hiddenDims[0]
            return TwoLayerNet<T>(parameters: Parameters([
                ("W1", try checkpoint.tensor("W1", shape: [h, d], as: T.self)),
                ("b1", try checkpoint.tensor("b1", shape: [h], as: T.self)),
                ("W2", try checkpoint.tensor("W2", shape: [numClasses, h], as: T.self)),
                ("b2", try checkpoint.tensor("b2", shape: [numClasses], as: T.self)),
            ]))
        case .fullyConnected:
            let dims = [d] + m.hiddenDims + [numClasses]
            var pairs: [(String, Tensor<T>)] = []
            var buffers: [(String, Tensor<T>)] = []
            for l in 1..<dims.count {
                pairs.append(("W\(l)", try checkpoint.tensor("W\(l)", shape: [dims[l - 1], dims[l]], as: T.self)))
                pairs.append(("b\(l)", try checkpoint.tensor("b\(l)", shape: [dims[l]], as: T.self)))
                guard m.batchnorm && l < dims.count - 1 else { continue }
                for name in ["gamma", "beta"] {
                    pairs.append(("\(name)\(l)", try checkpoint.tensor("\(name)\(l)", shape: [dims[l]], as: T.self)))
                }
                for name in ["running_mean", "running_var"] {
                    buffers.append(("\(name)\(l)", try checkpoint.tensor("\(name)\(l)", shape: [dims[l]], as: T.self)))
                }
            }
            var net = FullyConnectedNet<T>(
                parameters: Parameters(pairs), hiddenDims: m.hiddenDims, inputDim: d, numClasses: numClasses,
                options: options(dropoutSeed: nil))
            net.buffers = Parameters(buffers)
            name(&net)
            return net
        }
    }

    /// Dropout and batchnorm as configured; `dropoutSeed` replaces the config's seed (gradient checks fix one).
    private func options(dropoutSeed: UInt32?) -> FullyConnectedOptions {
        FullyConnectedOptions(
            dropout: model.dropout, batchnorm: model.batchnorm, dropoutSeed: dropoutSeed ?? model.dropoutSeed,
            batchnormMomentum: model.batchnormMomentum, batchnormEps: model.batchnormEps)
    }

    /// A one-hidden-layer net without batchnorm or dropout is the notebooks' two-layer net, and its summary says so.
    private func name<T: BLASScalar>(_ net: inout FullyConnectedNet<T>) {
        let m = model
        if m.hiddenDims.count == 1 && !m.batchnorm && m.dropout == 0 { net.kindName = "twoLayerNet" }
    }
}
