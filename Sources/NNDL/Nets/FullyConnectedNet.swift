/// Options of a `FullyConnectedNet` beyond its sizes.
public struct FullyConnectedOptions: Sendable, Equatable, Codable {
    /// Probability of dropping a hidden unit (0: no dropout).
    public var dropout: Double
    /// Batch normalization after each hidden affine layer.
    public var batchnorm: Bool
    /// Seed for the dropout masks (reseeded each forward pass, like the notebook's gradient checks), or nil.
    public var dropoutSeed: UInt32?
    /// Batchnorm's running-average momentum (`bn_param['momentum']`, default 0.9).
    public var batchnormMomentum: Double
    /// Batchnorm's epsilon (`bn_param['eps']`, default 1e-5).
    public var batchnormEps: Double

    /// Options; by default no dropout and no batchnorm.
    public init(
        dropout: Double = 0, batchnorm: Bool = false, dropoutSeed: UInt32? = nil, batchnormMomentum: Double = 0.9,
        batchnormEps: Double = 1e-5
    ) {
        self.dropout = dropout
        self.batchnorm = batchnorm
        self.dropoutSeed = dropoutSeed
        self.batchnormMomentum = batchnormMomentum
        self.batchnormEps = batchnormEps
    }
}

/// The modular fully-connected net of `fc_net.py`: {affine - [batchnorm] - relu - [dropout]} × (L - 1) - affine - softmax.
///
/// Parameters `W1` (D, H1), `b1`, [`gamma1`, `beta1`], …, `WL` (H_{L-1}, C), `bL`; the loss adds 0.5 · reg · Σ‖W‖².
public struct FullyConnectedNet<T: BLASScalar>: Model {
    public typealias Scalar = T
    public var parameters: Parameters<T>
    public internal(set) var gradients: [Tensor<T>]
    public var reg: Double
    public let inputDimension: Int
    public let numClasses: Int
    /// Hidden layer widths.
    public let hiddenDims: [Int]
    /// Dropout and batchnorm settings.
    public let options: FullyConnectedOptions
    /// Running means and variances of the batchnorm layers.
    public var batchnormStates: [BatchNormState<T>]
    /// The name shown in summaries (`fullyConnected`, or `twoLayerNet` for the modular two-layer net).
    public var kindName = "fullyConnected"

    var index: LayerIndex
    var work: Workspace<T>
    var dropoutRNG: NumPyRandomState
    /// The first affine layer's kernels by batch size (`WideAffine`).
    var firstLayerPlans = WideAffinePlans<T>()
    /// Whether the first affine layer may run on `WideAffine`'s AVX-512 kernels where they apply (float64: where
    /// they reproduce OpenBLAS bit for bit); false keeps every product on OpenBLAS.
    public var usesWideKernels = true

    /// Whether the first layer of a net with these widths does at least three quarters of a step's multiply-adds,
    /// so that putting it (and only it) on `WideAffine` pays. The other products stay on OpenBLAS, whose worker
    /// threads spin for a while after each threaded product and slow the kernels' threads on a machine with few
    /// cores. Measured with `Scripts/bench` on 2 cores: `[100, 100]` (96% in its first layer) gains 35–40% with
    /// the first layer on the kernels; `[1024, 1024, 1024]` (50%) lost 10–20% with it, and with every product on
    /// the kernels its float32 step was slower than OpenBLAS's (42.5 against 35.3 ms).
    public static func firstLayerDominates(dims: [Int]) -> Bool {
        guard dims.count >= 2 else { return false }
        let first = 2 * dims[0] * dims[1]  // forward and dW
        let rest = (1..<(dims.count - 1)).map { 3 * dims[$0] * dims[$0 + 1] }.reduce(0, +)  // forward, dW and dx
        return first >= 3 * rest
    }

    /// Whether this net's first layer goes on `WideAffine`: float64 nets whose first layer dominates. A float32 net's
    /// products all run on our own `nndl_sgemm` (`Float.gemm`), which does a [100, 100] net's first layer at least
    /// as fast (1.27–1.34 against 1.36–1.53 ms a step, alternating `bench --quick` runs).
    var firstLayerOnWideKernels: Bool {
        usesWideKernels && T.self == Double.self
            && Self.firstLayerDominates(dims: [inputDimension] + hiddenDims + [numClasses])
    }

    /// Weights `weightScale · randn(d_i, d_{i+1})` drawn from `rng` layer by layer; biases 0; gamma 1, beta 0.
    public init(
        hiddenDims: [Int], inputDim: Int = 3 * 32 * 32, numClasses: Int = 10, reg: Double = 0,
        weightScale: Double = 1e-2, options: FullyConnectedOptions = .init(), rng: inout NumPyRandomState
    ) throws {
        try Self.validate(hiddenDims: hiddenDims, inputDim: inputDim, numClasses: numClasses, reg: reg,
                          weightScale: weightScale, options: options)
        let dims = [inputDim] + hiddenDims + [numClasses]
        var pairs: [(String, Tensor<T>)] = []
        for i in 0..<(dims.count - 1) {
            let w = rng.randn(dims[i] * dims[i + 1]).map { T(weightScale * $0) }
            pairs.append(("W\(i + 1)", Tensor(shape: [dims[i], dims[i + 1]], scalars: w)))
            pairs.append(("b\(i + 1)", Tensor(shape: [dims[i + 1]])))
            if options.batchnorm && i < hiddenDims.count {
                pairs.append(("gamma\(i + 1)", Tensor(shape: [dims[i + 1]], repeating: 1)))
                pairs.append(("beta\(i + 1)", Tensor(shape: [dims[i + 1]])))
            }
        }
        self.init(parameters: Parameters(pairs), hiddenDims: hiddenDims, inputDim: inputDim,
                  numClasses: numClasses, reg: reg, options: options)
    }

    /// A net with given parameters (names as `fc_net.py`).
    public init(
        parameters: Parameters<T>, hiddenDims: [Int], inputDim: Int, numClasses: Int, reg: Double = 0,
        options: FullyConnectedOptions = .init()
    ) {
        self.parameters = parameters
        self.gradients = parameters.tensors.map { Tensor(shape: $0.shape) }
        self.reg = reg
        self.inputDimension = inputDim
        self.numClasses = numClasses
        self.hiddenDims = hiddenDims
        self.options = options
        self.index = LayerIndex(names: parameters.names, layers: hiddenDims.count + 1, batchnorm: options.batchnorm)
        self.batchnormStates = options.batchnorm ? hiddenDims.map { width in
            var state = BatchNormState<T>(features: width)
            state.momentum = options.batchnormMomentum
            state.eps = options.batchnormEps
            return state
        } : []
        self.work = Workspace(layers: hiddenDims.count + 1)
        self.dropoutRNG = NumPyRandomState(seed: options.dropoutSeed ?? 0)
    }

    static func validate(
        hiddenDims: [Int], inputDim: Int, numClasses: Int, reg: Double, weightScale: Double,
        options: FullyConnectedOptions
    ) throws {
        if let bad = hiddenDims.first(where: { $0 < 1 }) {
            throw NNDLError.invalidValue(name: "hiddenDims", value: "\(hiddenDims) (\(bad))", requirement: "widths ≥ 1")
        }
        if inputDim < 1 { throw NNDLError.invalidValue(name: "inputDim", value: "\(inputDim)", requirement: "an integer ≥ 1") }
        if numClasses < 2 { throw NNDLError.invalidValue(name: "numClasses", value: "\(numClasses)", requirement: "an integer ≥ 2") }
        if !(reg >= 0) { throw NNDLError.invalidValue(name: "reg", value: "\(reg)", requirement: "a number ≥ 0") }
        if !(weightScale > 0) || !weightScale.isFinite {
            throw NNDLError.invalidValue(name: "weightScale", value: "\(weightScale)", requirement: "a number > 0")
        }
        if !(options.dropout >= 0 && options.dropout < 1) {
            throw NNDLError.invalidValue(name: "dropout", value: "\(options.dropout)", requirement: "a probability in [0, 1)")
        }
    }

    public var summary: String {
        let dims = ([inputDimension] + hiddenDims + [numClasses]).map(String.init).joined(separator: "-")
        var extras = ""
        if options.batchnorm { extras += " bn" }
        if options.dropout > 0 { extras += " drop\(options.dropout)" }
        return "\(dims) \(kindName)\(extras) \(DType.of(T.self).shortName)"
    }

    public var firstLayerFilters: Tensor<T> { parameters.tensors[index.w[0]].transposed() }

    public var dropoutProbability: Double { options.dropout }

    /// The dropout masks' random state, when dropout is on.
    public var maskRandomState: NumPyRandomState? {
        get { options.dropout > 0 ? dropoutRNG : nil }
        set { if let newValue { dropoutRNG = newValue } }
    }

    /// `running_mean1`, `running_var1`, … of the batchnorm layers.
    public var buffers: Parameters<T> {
        get {
            Parameters(batchnormStates.enumerated().flatMap { i, s in
                [("running_mean\(i + 1)", s.runningMean), ("running_var\(i + 1)", s.runningVar)]
            })
        }
        set {
            for i in batchnormStates.indices {
                if let m = newValue["running_mean\(i + 1)"], m.count == batchnormStates[i].runningMean.count {
                    batchnormStates[i].runningMean = m
                }
                if let v = newValue["running_var\(i + 1)"], v.count == batchnormStates[i].runningVar.count {
                    batchnormStates[i].runningVar = v
                }
            }
        }
    }
}

/// Where each layer's tensors sit in the parameter list.
struct LayerIndex: Sendable {
    var w: [Int] = [], b: [Int] = [], gamma: [Int] = [], beta: [Int] = []

    init(names: [String], layers: Int, batchnorm: Bool) {
        func at(_ name: String) -> Int {
            guard let i = names.firstIndex(of: name) else { preconditionFailure("FullyConnectedNet: no parameter \(name).") }
            return i
        }
        for l in 1...layers {
            w.append(at("W\(l)"))
            b.append(at("b\(l)"))
            if batchnorm && l < layers {
                gamma.append(at("gamma\(l)"))
                beta.append(at("beta\(l)"))
            }
        }
    }

    var weights: [Int] { w }
}

/// Per-layer buffers reused across iterations.
struct Workspace<T: BLASScalar>: Sendable {
    /// Affine outputs of each layer (the scores for the last one).
    var affine: [Tensor<T>]
    /// Post-ReLU activations of hidden layers (before dropout).
    var relu: [Tensor<T>]
    /// Post-dropout activations (when dropout is on).
    var dropped: [Tensor<T>]
    var dropoutCaches: [DropoutCache<T>?]
    var batchnormCaches: [BatchNormCache<T>?]
    /// Upstream gradients flowing back into each layer's output.
    var upstream: [Tensor<T>?]
    var dscores = Tensor<T>(shape: [0])

    init(layers: Int) {
        affine = Array(repeating: Tensor(shape: [0]), count: layers)
        relu = Array(repeating: Tensor(shape: [0]), count: layers)
        dropped = Array(repeating: Tensor(shape: [0]), count: layers)
        dropoutCaches = Array(repeating: nil, count: layers)
        batchnormCaches = Array(repeating: nil, count: layers)
        upstream = Array(repeating: Tensor(shape: [0]), count: layers)
    }
}
