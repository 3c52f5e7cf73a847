/// The modular `TwoLayerNet` of `fc_net.py`: affine - relu - affine - softmax, built from the layers.
public struct ModularTwoLayerNet<T: BLASScalar>: Model {
    public typealias Scalar = T
    /// The underlying one-hidden-layer `FullyConnectedNet`.
    public var net: FullyConnectedNet<T>

    /// `W1 = weightScale · randn(D, H)`, `W2 = weightScale · randn(H, C)`, biases 0.
    public init(
        inputDim: Int = 3 * 32 * 32, hiddenDims: Int = 100, numClasses: Int = 10, weightScale: Double = 1e-3,
        reg: Double = 0, dropout: Double = 0, rng: inout NumPyRandomState
    ) throws {
        net = try FullyConnectedNet(
            hiddenDims: [hiddenDims], inputDim: inputDim, numClasses: numClasses, reg: reg,
            weightScale: weightScale, options: FullyConnectedOptions(dropout: dropout), rng: &rng)
        net.kindName = "twoLayerNet"
    }

    public var parameters: Parameters<T> {
        get { net.parameters }
        _modify { yield &net.parameters }
    }
    public var gradients: [Tensor<T>] { net.gradients }
    public var reg: Double {
        get { net.reg }
        set { net.reg = newValue }
    }
    public var inputDimension: Int { net.inputDimension }
    public var numClasses: Int { net.numClasses }
    public var firstLayerFilters: Tensor<T> { net.firstLayerFilters }
    public var summary: String { net.summary }
    public var dropoutProbability: Double { net.dropoutProbability }
    public func deadReLUs() -> [DeadReLUs] { net.deadReLUs() }
    public mutating func loss(_ x: Tensor<T>, _ y: [Int]) throws -> T { try net.loss(x, y) }
    public mutating func loss(_ x: Tensor<T>, _ y: [Int], drawingFrom rng: inout NumPyRandomState) throws -> T {
        try net.loss(x, y, drawingFrom: &rng)
    }
    public mutating func scores(_ x: Tensor<T>) throws -> Tensor<T> { try net.scores(x) }
}
