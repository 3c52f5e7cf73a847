import Testing
@testable import NNDL

/// The first notebook (two_layer_nn.ipynb) checks, with its printed numbers.
@Suite struct TwoLayerNetTests {
    /// init_toy_data: `np.random.seed(1); X = 10 * np.random.randn(5, 4); y = [0, 1, 2, 2, 1]`,
    /// then init_toy_model: `np.random.seed(0); TwoLayerNet(4, 10, 3, std=1e-1)`; the state continues into train.
    static func toy() throws -> (net: TwoLayerNet<Double>, x: Tensor<Double>, y: [Int], rng: NumPyRandomState) {
        var rng = NumPyRandomState(seed: 1)
        let x = Tensor<Double>(shape: [5, 4], scalars: rng.randn(20).map { 10 * $0 })
        rng.seed(0)
        let net = try TwoLayerNet<Double>(inputSize: 4, hiddenSize: 10, outputSize: 3, std: 1e-1, rng: &rng)
        return (net, x, [0, 1, 2, 2, 1], rng)
    }

    @Test func toyScoresMatchTheNotebook() throws {
        var (net, x, _, _) = try Self.toy()
        // "correct_scores" printed in the notebook's forward-pass cell.
        let expected: [Double] = [
            -1.07260209, 0.05083871, -0.87253915, -2.02778743, -0.10832494, -1.52641362,
            -0.74225908, 0.15259725, -0.39578548, -0.38172726, 0.10835902, -0.17328274,
            -0.64417314, -0.18886813, -0.41106892,
        ]
        let scores = try net.scores(x)
        #expect(scores.shape == [5, 3])
        #expect(zip(scores.scalars, expected).map { abs($0 - $1) }.reduce(0, +) < 1e-7)
    }

    @Test func toyLossMatchesTheNotebook() throws {
        var (net, x, y, _) = try Self.toy()
        let (loss, _) = try net.lossAndGradients(x, y, reg: 0.05)
        // "correct_loss = 1.071696123862817" in the notebook.
        #expect(abs(loss - 1.071696123862817) < 1e-12)
    }

    @Test func toyGradientsMatchNumericalGradients() throws {
        var (net, x, y, _) = try Self.toy()
        let (_, grads) = try net.lossAndGradients(x, y, reg: 0.05)
        for name in ["W1", "b1", "W2", "b2"] {
            let numeric = evalNumericalGradient({ (w: Tensor<Double>) -> Double in
                var probe = net
                probe.parameters[name] = w
                return (try? probe.lossAndGradients(x, y, reg: 0.05).loss) ?? .nan
            }, at: net.parameters[name]!)
            #expect(relError(numeric, grads[name]!) < 1e-8, "\(name)")
        }
    }

    @Test func toyTrainingEndsAtTheNotebooksFinalLoss() throws {
        var (net, x, y, rng) = try Self.toy()
        let history = try net.train(
            x: x, y: y, xVal: x, yVal: y, learningRate: 1e-1, learningRateDecay: 0.95, reg: 5e-6,
            numIters: 100, batchSize: 200, rng: &rng)
        #expect(history.loss.count == 100)
        // "Final training loss: 0.020371427168192176" in the notebook.
        #expect(abs(history.loss.last! - 0.020371427168192176) < 1e-12)
    }

    @Test func badInputIsAThrownErrorNamingTheShapes() throws {
        var (net, _, _, _) = try Self.toy()
        let wrong = Tensor<Double>(shape: [2, 3])
        #expect(throws: NNDLError.shapeMismatch(what: "x", expected: "(N, 4)", got: "[2, 3]")) { try net.scores(wrong) }
        let x = Tensor<Double>(shape: [2, 4])
        #expect(throws: NNDLError.labelOutOfRange(label: 3, index: 1, numClasses: 3)) { try net.loss(x, [0, 3]) }
        #expect(throws: NNDLError.empty(what: "batch x [0, 4]")) { try net.loss(Tensor(shape: [0, 4]), []) }
        var rng = NumPyRandomState(seed: 0)
        #expect(throws: NNDLError.self) { try TwoLayerNet<Double>(inputSize: 0, hiddenSize: 2, outputSize: 2, rng: &rng) }
    }

    @Test func float32NetAgreesWithFloat64() throws {
        var rngA = NumPyRandomState(seed: 0), rngB = NumPyRandomState(seed: 0)
        var a = try TwoLayerNet<Double>(inputSize: 4, hiddenSize: 10, outputSize: 3, std: 1e-1, rng: &rngA)
        var b = try TwoLayerNet<Float>(inputSize: 4, hiddenSize: 10, outputSize: 3, std: 1e-1, rng: &rngB)
        let (_, x, y, _) = try Self.toy()
        let la = try a.lossAndGradients(x, y, reg: 0.05).loss
        let lb = try b.lossAndGradients(x.converted(to: Float.self), y, reg: 0.05).loss
        #expect(abs(Double(lb) - la) < 1e-5)
    }
}
