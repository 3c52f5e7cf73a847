/// Named parameter tensors in a fixed order: `W1`, `b1`, …, with `params["W1"]` lookup as in the notebooks.
public struct Parameters<T: BLASScalar>: Sendable, Equatable {
    /// The names in order.
    public private(set) var names: [String]
    /// The tensors, parallel to `names`.
    public var tensors: [Tensor<T>]

    /// Empty parameters.
    public init() {
        names = []
        tensors = []
    }

    /// Parameters from (name, tensor) pairs, kept in that order.
    public init(_ pairs: [(String, Tensor<T>)]) {
        names = pairs.map(\.0)
        tensors = pairs.map(\.1)
    }

    /// The tensor called `name`; setting a new name appends it.
    public subscript(name: String) -> Tensor<T>? {
        get { names.firstIndex(of: name).map { tensors[$0] } }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue { tensors[i] = newValue } else {
                    names.remove(at: i)
                    tensors.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                tensors.append(newValue)
            }
        }
    }

    /// The number of tensors.
    public var count: Int { names.count }

    /// The total number of scalars.
    public var scalarCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// Σ‖W‖² over the tensors whose name starts with `W` (what L2 regularization penalizes).
    public var weightSquaredNorm: Double {
        zip(names, tensors).reduce(0) { $0 + ($1.0.hasPrefix("W") ? Double($1.1.squaredNorm) : 0) }
    }
}

/// What the Solver needs from a model (CS231n solver.py's contract, typed).
///
/// - `parameters`: the learnable tensors by name.
/// - `loss(_:_:)`: training-mode forward and backward on a minibatch; returns the loss and leaves
///   gradients, parallel to `parameters.tensors`, in `gradients`.
/// - `scores(_:)`: test-mode forward, (N, C) class scores.
public protocol Model<Scalar>: Sendable {
    /// The element type.
    associatedtype Scalar: BLASScalar
    /// The learnable tensors.
    var parameters: Parameters<Scalar> { get set }
    /// The gradients of the last `loss` call, parallel to `parameters.tensors`.
    var gradients: [Tensor<Scalar>] { get }
    /// L2 regularization strength.
    var reg: Double { get set }
    /// Input dimension D.
    var inputDimension: Int { get }
    /// Number of classes C.
    var numClasses: Int { get }
    /// Training-mode loss on x: (N, D) with labels y (N); fills `gradients`.
    mutating func loss(_ x: Tensor<Scalar>, _ y: [Int]) throws -> Scalar
    /// `loss(x, y)` drawing its random numbers (dropout masks) from `rng`, as CS231n's layers draw from NumPy's one
    /// global random state (the Solver passes its own, so masks and minibatches interleave as in the Python).
    mutating func loss(_ x: Tensor<Scalar>, _ y: [Int], drawingFrom rng: inout NumPyRandomState) throws -> Scalar
    /// Test-mode class scores for x: (N, D) → (N, C).
    mutating func scores(_ x: Tensor<Scalar>) throws -> Tensor<Scalar>
    /// The first layer's weights as one filter per hidden unit, (H, D), for drawing.
    var firstLayerFilters: Tensor<Scalar> { get }
    /// A short description: `3072-50-10 twoLayerNet f64`.
    var summary: String { get }
    /// Non-learned state saved with the parameters (batchnorm running means and variances).
    var buffers: Parameters<Scalar> { get set }
    /// The random state dropout masks are drawn from (nil when the model draws none); checkpoints save it.
    var maskRandomState: NumPyRandomState? { get set }
    /// Per hidden layer, the units whose ReLU output was zero for every row of the last `loss` minibatch.
    func deadReLUs() -> [DeadReLUs]
    /// The probability of dropping a hidden unit in training (0: no dropout).
    var dropoutProbability: Double { get }
}

extension Model {
    /// Models without running statistics have no buffers.
    public var buffers: Parameters<Scalar> {
        get { Parameters() }
        set {}
    }

    /// Models without dropout draw no masks.
    public var maskRandomState: NumPyRandomState? {
        get { nil }
        set {}
    }

    /// Models without dropout drop nothing.
    public var dropoutProbability: Double { 0 }

    /// Models that draw nothing ignore `rng`.
    public mutating func loss(_ x: Tensor<Scalar>, _ y: [Int], drawingFrom rng: inout NumPyRandomState) throws -> Scalar {
        try loss(x, y)
    }
}

/// Rows gathered from `UInt8` and scored at a time when a split is evaluated: the notebooks' minibatch size, so an
/// accuracy check reuses the training step's buffers instead of holding 1000 rows of floats (24.6 MB in float64).
public let evaluationChunkRows = 200

extension Model {
    /// Predicted classes for x: (N, D), computed in chunks of `batchSize` rows.
    public mutating func predict(_ x: Tensor<Scalar>, batchSize: Int = 1000) throws -> [Int] {
        var predictions = [Int]()
        predictions.reserveCapacity(x.rows)
        var start = 0
        while start < x.rows {
            let end = min(start + batchSize, x.rows)
            let s = try scores(start == 0 && end == x.rows ? x : x.rows(start..<end))
            predictions.append(contentsOf: argmaxRows(s))
            start = end
        }
        return predictions
    }

    /// The predicted class of each of `samples`' rows `indices` (or all), gathered and scored in chunks.
    public mutating func predictions(on samples: any Samples, indices: [Int]? = nil, batchSize: Int = evaluationChunkRows) throws -> [Int] {
        let rows = indices ?? Array(0..<samples.count)
        guard !rows.isEmpty else { throw NNDLError.empty(what: "accuracy split") }
        var x = Tensor<Scalar>(shape: [0])
        var predicted = [Int]()
        predicted.reserveCapacity(rows.count)
        var start = 0
        while start < rows.count {
            let chunk = Array(rows[start..<min(start + batchSize, rows.count)])
            samples.gather(chunk, into: &x)
            predicted.append(contentsOf: argmaxRows(try scores(x)))
            start += chunk.count
        }
        return predicted
    }

    /// The fraction of `samples` (rows `indices`, or all) this model classifies correctly, gathered in chunks.
    public mutating func accuracy(on samples: any Samples, indices: [Int]? = nil, batchSize: Int = evaluationChunkRows) throws -> Double {
        let rows = indices ?? Array(0..<samples.count)
        let predicted = try predictions(on: samples, indices: rows, batchSize: batchSize)
        let correct = zip(predicted, rows).reduce(0) { $0 + ($1.0 == samples.labels[$1.1] ? 1 : 0) }
        return Double(correct) / Double(rows.count)
    }

    /// The confusion matrix of this model on `samples` (rows `indices`, or all), from one pass of predictions; its
    /// `accuracy` is `accuracy(on:indices:)`. `classNames` label the classes (class numbers when their count is not C).
    public mutating func confusionMatrix(
        on samples: any Samples, indices: [Int]? = nil, classNames: [String], batchSize: Int = evaluationChunkRows
    ) throws -> ConfusionMatrix {
        let rows = indices ?? Array(0..<samples.count)
        let predicted = try predictions(on: samples, indices: rows, batchSize: batchSize)
        let names = classNames.count == numClasses ? classNames : (0..<numClasses).map { "\($0)" }
        return ConfusionMatrix(classNames: names, labels: rows.map { samples.labels[$0] }, predictions: predicted)
    }
}

/// The column of the largest value in each row of a (N, C) tensor (the first one on ties, like `np.argmax`).
@_specialize(where T == Double)
@_specialize(where T == Float)
public func argmaxRows<T: BLASScalar>(_ scores: Tensor<T>) -> [Int] {
    let c = scores.columns
    return scores.scalars.withUnsafeBufferPointer { s in
        (0..<scores.rows).map { i in
            var best = 0
            for j in 1..<max(c, 1) where s[i * c + j] > s[i * c + best] { best = j }
            return best
        }
    }
}

/// Checks a minibatch before it reaches a model: shape (N, D) with N ≥ 1 and labels in 0..<C.
public func validateBatch<T: BLASScalar>(
    _ x: Tensor<T>, _ y: [Int]?, inputDimension: Int, numClasses: Int
) throws {
    guard x.rows > 0, x.count > 0 else { throw NNDLError.empty(what: "batch x \(x.shape)") }
    guard x.columns == inputDimension else {
        throw NNDLError.shapeMismatch(what: "x", expected: "(N, \(inputDimension))", got: "\(x.shape)")
    }
    guard let y else { return }
    guard y.count == x.rows else {
        throw NNDLError.shapeMismatch(what: "y", expected: "(\(x.rows))", got: "(\(y.count))")
    }
    if let bad = y.firstIndex(where: { $0 < 0 || $0 >= numClasses }) {
        throw NNDLError.labelOutOfRange(label: y[bad], index: bad, numClasses: numClasses)
    }
}

/// Lends entries `i` and `j` (i ≠ j) of `array` to `body` at once, without copying their storage.
func withPair<T: BLASScalar>(
    _ array: inout [Tensor<T>], _ i: Int, _ j: Int, _ body: (inout Tensor<T>, inout Tensor<T>) -> Void
) {
    precondition(i != j, "withPair: the two indices must differ.")
    var a = Tensor<T>(shape: [0]), b = Tensor<T>(shape: [0])
    swap(&a, &array[i])
    swap(&b, &array[j])
    body(&a, &b)
    swap(&a, &array[i])
    swap(&b, &array[j])
}
