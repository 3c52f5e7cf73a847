import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// The FC notebook's (FullyConnectedNets.ipynb) checks of the modular nets.
@Suite struct FullyConnectedNetTests {
    @Test func modularTwoLayerNetInitialization() throws {
        var rng = NumPyRandomState(seed: 0)
        let std = 1e-3
        let net = try ModularTwoLayerNet<Double>(inputDim: 5, hiddenDims: 50, numClasses: 7, weightScale: std, rng: &rng)
        for name in ["W1", "W2"] {
            let w = net.parameters[name]!.scalars
            let mean = w.reduce(0, +) / Double(w.count)
            let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
            #expect(abs(sd - std) < std / 10, "\(name) std \(sd)")
        }
        #expect(net.parameters["b1"]!.scalars.allSatisfy { $0 == 0 })
        #expect(net.parameters["b2"]!.scalars.allSatisfy { $0 == 0 })
        #expect(net.parameters["W1"]!.shape == [5, 50] && net.parameters["W2"]!.shape == [50, 7])
    }

    /// The notebook's linspace weights for N, D, H, C = 3, 5, 50, 7.
    static func linspaceNet() throws -> (ModularTwoLayerNet<Double>, Tensor<Double>) {
        var rng = NumPyRandomState(seed: 0)
        var net = try ModularTwoLayerNet<Double>(inputDim: 5, hiddenDims: 50, numClasses: 7, weightScale: 1e-3, rng: &rng)
        net.parameters["W1"] = .linspace(-0.7, 0.3, shape: [5, 50])
        net.parameters["b1"] = .linspace(-0.1, 0.9, shape: [50])
        net.parameters["W2"] = .linspace(-0.3, 0.4, shape: [50, 7])
        net.parameters["b2"] = .linspace(-0.9, 0.1, shape: [7])
        // X = np.linspace(-5.5, 4.5, num=N*D).reshape(D, N).T
        let x = Tensor<Double>.linspace(-5.5, 4.5, shape: [5, 3]).transposed()
        return (net, x)
    }

    @Test func testTimeScoresMatchTheNotebook() throws {
        var (net, x) = try Self.linspaceNet()
        // "correct_scores" printed in the notebook's TwoLayerNet cell.
        let expected: [Double] = [
            11.53165108, 12.2917344, 13.05181771, 13.81190102, 14.57198434, 15.33206765, 16.09215096,
            12.05769098, 12.74614105, 13.43459113, 14.1230412, 14.81149128, 15.49994135, 16.18839143,
            12.58373087, 13.20054771, 13.81736455, 14.43418138, 15.05099822, 15.66781506, 16.2846319,
        ]
        let scores = try net.scores(x)
        #expect(zip(scores.scalars, expected).map { abs($0 - $1) }.reduce(0, +) < 1e-6)
    }

    @Test(arguments: [(0.0, 3.4702243556), (1.0, 26.5948426952)])
    func lossMatchesTheNotebook(reg: Double, expected: Double) throws {
        var (net, x) = try Self.linspaceNet()
        net.reg = reg
        let loss = try net.loss(x, [0, 5, 1])
        #expect(abs(loss - expected) < 1e-6)
    }

    /// Max relative error of every parameter's gradient against centred differences.
    static func gradientErrors<M: Model>(_ model: inout M, _ x: Tensor<Double>, _ y: [Int]) throws -> [String: Double]
    where M.Scalar == Double {
        var rng = NumPyRandomState(seed: 0)
        let results = try GradientCheckRun(config: ExperimentConfig(), entriesPerParameter: 1_000_000)
            .check(&model, x, y, rng: &rng)
        return Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.error) })
    }

    @Test(arguments: [0.0, 0.7])
    func modularTwoLayerGradients(reg: Double) throws {
        var rng = NumPyRandomState(seed: 0)
        let x = rng.randn(shape: [3, 5], as: Double.self)
        let y = rng.randint(0, 7, count: 3)
        var net = try ModularTwoLayerNet<Double>(inputDim: 5, hiddenDims: 50, numClasses: 7, weightScale: 1e-2, reg: reg, rng: &rng)
        for (name, error) in try Self.gradientErrors(&net, x, y) { #expect(error < 1e-6, "\(name) \(error)") }
    }

    /// FullyConnectedNet([20, 30]) on N, D, C = 2, 15, 10 with weight scale 5e-2, as the notebook checks it.
    @Test(arguments: [
        (0.0, FullyConnectedOptions(), 1e-4), (3.14, FullyConnectedOptions(), 1e-6),
        (0.0, FullyConnectedOptions(dropout: 0.25, dropoutSeed: 123), 1e-5),
    ])
    func fullyConnectedGradients(reg: Double, options: FullyConnectedOptions, tolerance: Double) throws {
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: [2, 15], as: Double.self)
        let y = rng.randint(0, 10, count: 2)
        var net = try FullyConnectedNet<Double>(
            hiddenDims: [20, 30], inputDim: 15, numClasses: 10, reg: reg, weightScale: 5e-2, options: options, rng: &rng)
        let errors = try Self.gradientErrors(&net, x, y)
        #expect(errors.count == 6)
        for (name, error) in errors { #expect(error < tolerance, "\(name) \(error)") }
    }

    /// With batchnorm, 2 samples normalize every feature to about ±1, so W1's true gradient is nearly 0 and the
    /// notebook itself prints W1 ≈ 1.1e-4 (this seed gives 1.097e-4). With 10 samples every weight, gamma and beta
    /// passes at 1e-5; the biases before a batchnorm have an exactly zero gradient, checked as such.
    @Test func batchnormNetGradients() throws {
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: [10, 15], as: Double.self)
        let y = rng.randint(0, 10, count: 10)
        var net = try FullyConnectedNet<Double>(
            hiddenDims: [20, 30], inputDim: 15, numClasses: 10, weightScale: 5e-2,
            options: FullyConnectedOptions(batchnorm: true), rng: &rng)
        let errors = try Self.gradientErrors(&net, x, y)
        #expect(errors.count == 10)
        for (name, error) in errors where name != "b1" && name != "b2" { #expect(error < 1e-5, "\(name) \(error)") }
        _ = try net.loss(x, y)
        for name in ["b1", "b2"] {
            let i = net.parameters.names.firstIndex(of: name)!
            #expect(net.gradients[i].scalars.allSatisfy { abs($0) < 1e-12 }, "\(name)")
        }
    }

    @Test func threeLayerNetOverfitsFiftyExamples() throws {
        let data = try overfitData()
        var rng = NumPyRandomState(seed: 0)
        let net = try FullyConnectedNet<Double>(hiddenDims: [100, 100], inputDim: data.train.dimension, numClasses: 10,
                                                weightScale: 5e-2, rng: &rng)
        var solver = try Solver(
            model: net, data: data,
            options: SolverOptions(hyperparameters: Hyperparameters(learningRate: 1e-3, reg: 0, batchSize: 25), numEpochs: 20),
            rng: rng)
        try solver.train()
        #expect(solver.history.trainAccuracy.last == 1.0)
        #expect(solver.iteration == 40)
    }

    /// 50 CIFAR-10 training images when the shared copy is present, else 50 random UInt8 images of the same shape.
    func overfitData() throws -> DataSplits {
        if let dir = TestData.cifarDirectory {
            var options = CIFARPreprocessing()
            options.numTraining = 50
            options.layout = .chw
            return try CIFAR10.load(from: dir).prepare(options)
        }
        print("FullyConnectedNetTests: CIFAR-10 not found (NNDL_CIFAR_DIR or ../shared/data); overfitting random pixels")
        return Benchmark.pool(rows: 50, seed: 3)
    }
}
