/// The first notebook's two-layer net (`neural_net.py`, ECE C147 layout): input → affine → ReLU → affine → softmax.
///
/// `W1` is (H, D) (one row per hidden unit), `W2` is (C, H); scores = relu(X·W1ᵀ + b1)·W2ᵀ + b2 and the loss adds
/// 0.5 · reg · (‖W1‖² + ‖W2‖²). Buffers are sized once per batch size and reused.
public struct TwoLayerNet<T: BLASScalar>: Model {
    public typealias Scalar = T
    public var parameters: Parameters<T>
    public private(set) var gradients: [Tensor<T>]
    public var reg: Double
    public let inputDimension: Int
    public let numClasses: Int
    /// Hidden units H.
    public let hiddenSize: Int

    private var hidden = Tensor<T>(shape: [0])
    private var scoreBuffer = Tensor<T>(shape: [0])
    private var dscores = Tensor<T>(shape: [0])
    private var dhidden: Tensor<T>? = Tensor<T>(shape: [0])
    private var noInputGradient: Tensor<T>? = nil
    /// The first layer's kernels by batch size (`WideAffine`).
    private var firstLayerPlans = WideAffinePlans<T>()
    /// Whether the first layer may run on `WideAffine`'s AVX-512 kernels where they apply (float64: where they
    /// reproduce OpenBLAS bit for bit); false keeps every product on OpenBLAS.
    public var usesWideKernels = true

    /// `W1 = std · randn(H, D)`, `b1 = 0`, `W2 = std · randn(C, H)`, `b2 = 0`, drawn from `rng` in that order.
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, std: Double = 1e-4, rng: inout NumPyRandomState) throws {
        for (name, value) in [("inputSize", inputSize), ("hiddenSize", hiddenSize), ("outputSize", outputSize)] where value < 1 {
            throw NNDLError.invalidValue(name: name, value: "\(value)", requirement: "an integer ≥ 1")
        }
        guard std.isFinite, std > 0 else {
            throw NNDLError.invalidValue(name: "std", value: "\(std)", requirement: "a number > 0")
        }
        let w1 = rng.randn(hiddenSize * inputSize).map { T(std * $0) }
        let w2 = rng.randn(outputSize * hiddenSize).map { T(std * $0) }
        self.init(parameters: Parameters([
            ("W1", Tensor(shape: [hiddenSize, inputSize], scalars: w1)), ("b1", Tensor(shape: [hiddenSize])),
            ("W2", Tensor(shape: [outputSize, hiddenSize], scalars: w2)), ("b2", Tensor(shape: [outputSize])),
        ]))
    }

    /// A net with given parameters `W1` (H, D), `b1` (H), `W2` (C, H), `b2` (C).
    public init(parameters: Parameters<T>, reg: Double = 0) {
        let w1 = parameters["W1"]!, w2 = parameters["W2"]!
        precondition(w1.rank == 2 && w2.rank == 2 && w2.shape[1] == w1.shape[0], "TwoLayerNet: W1/W2 shapes do not chain.")
        self.parameters = parameters
        self.gradients = parameters.tensors.map { Tensor(shape: $0.shape) }
        self.reg = reg
        self.inputDimension = w1.shape[1]
        self.hiddenSize = w1.shape[0]
        self.numClasses = w2.shape[0]
    }

    public var summary: String { "\(inputDimension)-\(hiddenSize)-\(numClasses) twoLayerNet \(DType.of(T.self).shortName)" }
    public var firstLayerFilters: Tensor<T> { parameters.tensors[0] }

    /// The hidden layer's units that the last forward pass's ReLU left at zero for every row.
    public func deadReLUs() -> [DeadReLUs] { [DeadReLUs.count(layer: 1, activations: hidden)] }

    public mutating func scores(_ x: Tensor<T>) throws -> Tensor<T> {
        try validateBatch(x, nil, inputDimension: inputDimension, numClasses: numClasses)
        forward(x)
        return scoreBuffer
    }

    private mutating func forward(_ x: Tensor<T>) {
        let p = parameters.tensors
        hidden.resize([x.rows, hiddenSize])
        let wide = usesWideKernels
            && firstLayerPlans.forward(x: x, w: p[0], b: p[1], hidden: hiddenSize, transposedWeights: true, into: &hidden)
        if !wide { Affine.forward(x: x, w: p[0], b: p[1], transposedWeights: true, into: &hidden) }
        ReLU.forwardInPlace(&hidden)
        scoreBuffer.resize([x.rows, numClasses])
        Affine.forward(x: hidden, w: p[2], b: p[3], transposedWeights: true, into: &scoreBuffer)
    }

    public mutating func loss(_ x: Tensor<T>, _ y: [Int]) throws -> T {
        try validateBatch(x, y, inputDimension: inputDimension, numClasses: numClasses)
        forward(x)
        let dataLoss = Softmax.loss(scoreBuffer, y, dx: &dscores)
        let p = parameters.tensors
        let penalty = startWeightDecay(reg, parameters: p, into: &gradients, at: [0, 2])
        let decay = reg != 0
        withPair(&gradients, 2, 3) { dw, db in
            Affine.backward(
                dout: dscores, x: hidden, w: p[2], transposedWeights: true, dx: &dhidden, dw: &dw, db: &db,
                accumulateWeightGradient: decay)
        }
        ReLU.backwardInPlace(&dhidden!, output: hidden)
        let wide = usesWideKernels
            ? firstLayerPlans.plan(rows: x.rows, hidden: hiddenSize, inputs: inputDimension, transposedWeights: true) : nil
        withPair(&gradients, 0, 1) { dw, db in
            if let wide {
                if !decay { dw.zero(shape: p[0].shape) }
                wide.accumulateWeightGradient(dout: dhidden!, x: x, into: &dw)
                Affine.biasGradient(dout: dhidden!, into: &db)
            } else {
                Affine.backward(
                    dout: dhidden!, x: x, w: p[0], transposedWeights: true, dx: &noInputGradient, dw: &dw, db: &db,
                    accumulateWeightGradient: decay)
            }
        }
        return dataLoss + T(0.5 * reg) * penalty
    }

    /// The notebook's `loss(X, y, reg)`: the loss and a dictionary of gradients `W1`, `b1`, `W2`, `b2`.
    public mutating func lossAndGradients(_ x: Tensor<T>, _ y: [Int], reg: Double) throws -> (loss: T, grads: [String: Tensor<T>]) {
        let saved = self.reg
        self.reg = reg
        defer { self.reg = saved }
        let value = try loss(x, y)
        return (value, Dictionary(uniqueKeysWithValues: zip(parameters.names, gradients)))
    }
}

/// Starts the weight gradients at `indices` at dW = reg · W (the gradient of 0.5 · reg · ‖W‖²), so the backward
/// products accumulate onto them (GEMM beta = 1), and returns Σ ‖W‖² over those weights, read in the same pass.
/// With reg = 0 the gradients are left for the products to overwrite and only the sum is computed.
@_specialize(where T == Double)
@_specialize(where T == Float)
func startWeightDecay<T: BLASScalar>(
    _ reg: Double, parameters: [Tensor<T>], into gradients: inout [Tensor<T>], at indices: [Int]
) -> T {
    var total: T = 0
    for k in indices {
        guard reg != 0 else {
            total += parameters[k].squaredNorm
            continue
        }
        if gradients[k].shape != parameters[k].shape { gradients[k].resize(parameters[k].shape) }
        total += parameters[k].scalars.withUnsafeBufferPointer { w in
            gradients[k].scalars.withUnsafeMutableBufferPointer { g in
                Tensor<T>.sumOfSquares(w, scaledInto: g.baseAddress, by: T(reg))
            }
        }
    }
    return total
}

extension DType {
    /// The dtype of a scalar type.
    public static func of<T: BLASScalar>(_: T.Type) -> DType { T.self == Float.self ? .float32 : .float64 }
}

extension TwoLayerNet {
    /// The notebook's `train`: SGD on minibatches of `min(batchSize, N)` drawn with `rng.choice`, decay and
    /// accuracy checks once per epoch; returns the histories. The final parameters are kept (not the best).
    public mutating func train(
        x: Tensor<T>, y: [Int], xVal: Tensor<T>, yVal: [Int], learningRate: Double = 1e-3,
        learningRateDecay: Double = 0.95, reg: Double = 1e-5, numIters: Int = 100, batchSize: Int = 200,
        rng: inout NumPyRandomState
    ) throws -> TrainingHistory {
        let data = DataSplits(
            train: TensorSamples(x: x, y: y), val: TensorSamples(x: xVal, y: yVal),
            classNames: (0..<numClasses).map { "\($0)" })
        let options = SolverOptions(
            hyperparameters: Hyperparameters(
                learningRate: learningRate, reg: reg, lrDecay: learningRateDecay, batchSize: batchSize),
            numIterations: numIters, numValSamples: nil, style: .notebook)
        var solver = try Solver(model: self, data: data, options: options, rng: rng)
        while !solver.isFinished { _ = try solver.step() }
        self = solver.model
        rng = solver.rng
        return solver.history
    }
}
