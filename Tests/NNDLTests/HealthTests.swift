import Foundation
import Synchronization
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// Training health: ‖W‖, ‖∇W‖, ‖ΔW‖/‖W‖, dead ReLUs, and the plateau and overfitting rules.
@Suite struct HealthTests {
    // MARK: - A net small enough to do by hand

    /// The 2-3-2 net of every hand computation below, in the first notebook's layout (W1: (H, D), W2: (C, H)):
    /// W1 = [[1, 0], [0, 1], [-1, -1]], W2 = [[1, 1, 1], [1, 1, 1]], biases 0.
    static func notebookNet() -> TwoLayerNet<Double> {
        TwoLayerNet(parameters: Parameters([
            ("W1", Tensor([[1, 0], [0, 1], [-1, -1]])), ("b1", Tensor(shape: [3])),
            ("W2", Tensor([[1, 1, 1], [1, 1, 1]])), ("b2", Tensor(shape: [2])),
        ]))
    }

    /// The same net in `fc_net.py`'s layout (W1: (D, H), W2: (H, C)), hence the transposed matrices.
    static func modularNet() -> FullyConnectedNet<Double> {
        FullyConnectedNet(
            parameters: Parameters([
                ("W1", Tensor([[1, 0, -1], [0, 1, -1]])), ("b1", Tensor(shape: [3])),
                ("W2", Tensor([[1, 1], [1, 1], [1, 1]])), ("b2", Tensor(shape: [2])),
            ]),
            hiddenDims: [3], inputDim: 2, numClasses: 2)
    }

    /// One training row x = [1, 2] with label 0 (also the validation row), batch 1, reg 0.1, one iteration.
    static func solver<M: Model>(_ model: M, rule: UpdateRuleKind, learningRate: Double) throws -> Solver<M> {
        let row = TensorSamples(x: Tensor([[1.0, 2.0]]), y: [0])
        let h = Hyperparameters(learningRate: learningRate, reg: 0.1, batchSize: 1, updateRule: rule)
        let options = SolverOptions(hyperparameters: h, numIterations: 3, numTrainSamples: 1, numValSamples: nil)
        return try Solver(model: model, data: DataSplits(train: row, val: row, classNames: ["a", "b"]),
                          options: options, rng: NumPyRandomState(seed: 0))
    }

    /// By hand, for x = [1, 2], y = 0, reg 0.1:
    /// - hidden = relu(W1·x) = relu([1, 2, -3]) = [1, 2, 0]: unit 3 is dead (1 of 3);
    /// - scores = W2·hidden = [3, 3], so softmax = [0.5, 0.5] and dscores = [-0.5, 0.5];
    /// - dW2 = dscoresᵀ·hidden + 0.1·W2 = [[-0.4, -0.9, 0.1], [0.6, 1.1, 0.1]], ‖dW2‖² = 2.56, ‖dW2‖ = 1.6;
    /// - dhidden = dscores·W2 = 0 (equal rows), so dW1 = 0.1·W1 and ‖dW1‖ = 0.1 · ‖W1‖ = 0.2;
    /// - ‖W1‖ = √4 = 2, ‖W2‖ = √6.
    /// sgd, lr 0.01: ΔW = -0.01·dW, so ‖ΔW1‖/‖W1‖ = 0.002 / 2 = 1e-3 and ‖ΔW2‖/‖W2‖ = 0.016 / √6.
    /// adam, lr 0.01, first step: m̂ = g and v̂ = g², so each entry moves by 0.01·g/(|g| + 1e-8), i.e. 0.01 where
    /// g ≠ 0: W1 has 4 nonzero gradients (‖ΔW1‖ = 0.02, ratio 0.01), W2 has 6 (‖ΔW2‖ = 0.01·√6, ratio 0.01).
    static let handCases: [(rule: UpdateRuleKind, ratio1: Double, ratio2: Double)] = [
        (.sgd, 1e-3, 0.016 / 6.0.squareRoot()),
        (.adam, 0.01, 0.01),
    ]

    @Test(arguments: [true, false], handCases.indices)
    func figuresMatchTheHandComputation(notebookLayout: Bool, _ index: Int) throws {
        let c = Self.handCases[index]
        let report: HealthReport?
        if notebookLayout {
            var s = try Self.solver(Self.notebookNet(), rule: c.rule, learningRate: 0.01)
            s.measureHealthOnNextStep()
            report = try s.step().health
        } else {
            var s = try Self.solver(Self.modularNet(), rule: c.rule, learningRate: 0.01)
            s.measureHealthOnNextStep()
            report = try s.step().health
        }
        let r = try #require(report)
        #expect(r.iteration == 1 && r.batchSize == 1 && r.warnings.isEmpty)
        #expect(r.weights.map(\.name) == ["W1", "W2"])
        let (w1, w2) = (r.weights[0], r.weights[1])
        #expect(abs(w1.weightNorm - 2) < 1e-12 && abs(w2.weightNorm - 6.0.squareRoot()) < 1e-12)
        #expect(abs(w1.gradientNorm - 0.2) < 1e-12 && abs(w2.gradientNorm - 1.6) < 1e-12)
        #expect(abs(try #require(w1.updateRatio) / c.ratio1 - 1) < 1e-6, "W1 ratio \(w1.updateRatio ?? -1)")
        #expect(abs(try #require(w2.updateRatio) / c.ratio2 - 1) < 1e-6, "W2 ratio \(w2.updateRatio ?? -1)")
        #expect(r.deadReLUs == [DeadReLUs(layer: 1, dead: 1, units: 3)])
    }

    @Test func onlyTheAskedStepIsMeasured() throws {
        var s = try Self.solver(Self.notebookNet(), rule: .sgd, learningRate: 0.01)
        #expect(try s.step().health == nil, "nothing asked")
        s.measureHealthOnNextStep()
        #expect(try s.step().health?.iteration == 2)
        #expect(try s.step().health == nil, "one request, one report")
    }

    @Test func aZeroWeightMatrixHasNoRatio() {
        let w = WeightHealth(name: "W1", weightNorm: 0, gradientNorm: 1, updateNorm: 0.1)
        #expect(w.updateRatio == nil)
        #expect(WeightHealth(name: "W2", weightNorm: 5, gradientNorm: 3, updateNorm: 0.003).updateRatio == 0.003 / 5)
    }

    // MARK: - Dead ReLUs

    /// Columns 1 and 3 are never positive over the 3 rows (column 3 is -0.0, 0, -2): 2 of 4 dead.
    @Test func deadUnitsAreColumnsNeverPositive() {
        let a = Tensor<Float>([[0, 1, -0.0, 0], [0, 0, 0, 3], [0, 0, -2, 0]])
        #expect(DeadReLUs.count(layer: 2, activations: a) == DeadReLUs(layer: 2, dead: 2, units: 4))
        #expect(DeadReLUs(layer: 2, dead: 2, units: 4).fraction == 0.5)
    }

    /// With batchnorm a unit whose affine output is the same for every row normalizes to 0, so its ReLU is dead;
    /// dropout comes after the count, so its mask does not change it. W1 = [[1, 0, 0], [0, 1, 0]] gives unit 3 the
    /// output 0 for every row, units 1 and 2 the rows' first and second inputs (which differ).
    @Test(arguments: [0.0, 0.5])
    func batchnormAndDropoutNets(dropout: Double) throws {
        var net = FullyConnectedNet<Double>(
            parameters: Parameters([
                ("W1", Tensor([[1, 0, 0], [0, 1, 0]])), ("b1", Tensor(shape: [3])),
                ("gamma1", Tensor(shape: [3], repeating: 1)), ("beta1", Tensor(shape: [3])),
                ("W2", Tensor([[1, -1], [-1, 1], [1, 1]])), ("b2", Tensor(shape: [2])),
            ]),
            hiddenDims: [3], inputDim: 2, numClasses: 2,
            options: FullyConnectedOptions(dropout: dropout, batchnorm: true, dropoutSeed: 3))
        _ = try net.loss(Tensor([[1, 4], [2, 3], [3, 1], [-1, 0]]), [0, 1, 0, 1])
        #expect(net.deadReLUs() == [DeadReLUs(layer: 1, dead: 1, units: 3)])
    }

    /// A [4, 5] net on random rows: one count per hidden layer, sized by the layer.
    @Test func oneCountPerHiddenLayer() throws {
        var rng = NumPyRandomState(seed: 1)
        var net = try FullyConnectedNet<Float>(hiddenDims: [4, 5], inputDim: 3, numClasses: 2, rng: &rng)
        _ = try net.loss(Tensor(shape: [6, 3], scalars: rng.randn(18).map { Float($0) }), [0, 1, 0, 1, 1, 0])
        #expect(net.deadReLUs().map(\.layer) == [1, 2] && net.deadReLUs().map(\.units) == [4, 5])
    }

    // MARK: - Plateau and overfitting

    /// Window 3: the mean of the last 3 losses against the mean of the 3 before; a drop under 1% is a plateau.
    @Test(arguments: [
        ([5, 5, 5, 4, 4, 4], nil),
        ([4, 4, 4, 4, 4, 4], HealthWarning.plateau(window: 3, recent: 4, previous: 4)),
        ([4, 4, 4, 3.96875, 3.96875, 3.96875], .plateau(window: 3, recent: 3.96875, previous: 4)),  // -0.78%
        ([4, 4, 4, 3.9375, 3.9375, 3.9375], nil),  // -1.56%
        ([9, 4, 4, 4, 4, 5, 3], .plateau(window: 3, recent: 4, previous: 4)),  // only the last 6 count
        ([1, 1, 1, 1, 1], nil),  // fewer than 2 windows
    ] as [([Double], HealthWarning?)])
    func plateauRule(_ loss: [Double], _ expected: HealthWarning?) {
        #expect(HealthRules(plateauWindow: 3).plateau(loss: loss) == expected)
    }

    /// Gap 0.125 (exact in binary) at each of the last 2 checks.
    @Test(arguments: [
        ([0.5, 0.875, 0.875], [0.5, 0.5, 0.625], HealthWarning.overfitting(gap: 0.25, threshold: 0.125, checks: 2)),
        ([0.875, 0.875, 0.5], [0.5, 0.5, 0.5], nil),  // the latest check is fine
        ([0.875, 0.75], [0.5, 0.625], nil),  // 0.125 is not above 0.125
        ([0.875], [0.5], nil),  // one check only
    ] as [([Double], [Double], HealthWarning?)])
    func overfittingRule(_ train: [Double], _ val: [Double], _ expected: HealthWarning?) {
        #expect(HealthRules(overfitGap: 0.125, overfitChecks: 2).overfitting(train: train, val: val) == expected)
    }

    @Test func warningsReadAsOneLine() {
        #expect(HealthWarning.plateau(window: 200, recent: 1.5, previous: 1.5).text
            == "loss plateau: mean 1.5 over the last 200 it vs 1.5 over the 200 before (+0.0%)")
        #expect(HealthWarning.overfitting(gap: 0.3125, threshold: 0.15, checks: 2).text
            == "overfitting: train - val accuracy 0.312 > 0.15 at the last 2 checks")
    }

    /// A solver's report carries the warnings of its whole history (here a plateau over two 1-iteration windows
    /// of the same row, whose loss cannot fall 1% at lr 1e-9).
    @Test func reportsCarryTheRunsWarnings() throws {
        var s = try Self.solver(Self.notebookNet(), rule: .sgd, learningRate: 1e-9)
        s.options.healthRules = HealthRules(plateauWindow: 1)
        _ = try s.step()
        s.measureHealthOnNextStep()
        let warnings = try #require(try s.step().health).warnings
        #expect(warnings.map(\.name) == ["plateau"])
    }

    @Test func configKeysReachTheSolver() throws {
        let c = try ExperimentConfig.parse(#"{"model": {"kind": "twoLayerNet"}}"#, source: "test", overrides: [
            "solver.plateauWindow=50", "solver.overfitGap=0.2", "solver.overfitChecks=3",
        ])
        let experiment = Experiment(config: c, data: Experiment.toyData())
        #expect(experiment.solverOptions(c.hyperparameters).healthRules
            == HealthRules(plateauWindow: 50, overfitGap: 0.2, overfitChecks: 3))
        #expect(try ExperimentConfig.parse(#"{"model": {"kind": "twoLayerNet"}}"#, source: "t").healthRules == HealthRules())
    }

    // MARK: - The session

    /// The dashboard's session measures health on the first step (and then every interval); a headless session
    /// (interval `.infinity`) never does.
    @Test(arguments: [0.25, Double.infinity])
    func sessionsPublishHealthOnlyWhenAsked(interval: Double) throws {
        var config = try ExperimentConfig.parse(#"{"model": {"kind": "twoLayerNet", "hiddenDims": [10]}}"#, source: "t")
        config.data.source = .toy
        config.model.weightScale = 1e-1
        config.solver.numIterations = 5
        let experiment = Experiment(config: config, data: Experiment.toyData())
        let reports = Mutex<[HealthReport]>([])
        let session = TrainingSession(
            name: "toy", checkpointing: .init(path: nil, configJSON: "{}"), healthInterval: interval,
            makeTrainer: { try experiment.makeTrainer($0) },
            emit: { if case let .health(r) = $0 { reports.withLock { $0.append(r) } } })
        #expect(session.run().status == .done)
        let seen = reports.withLock { $0 }
        if interval.isFinite {
            #expect(seen.first?.iteration == 1 && seen.first?.weights.map(\.name) == ["W1", "W2"])
            #expect(seen.first?.deadReLUs.map(\.units) == [10] && seen.first?.batchSize == 5)
        } else {
            #expect(seen.isEmpty)
        }
    }
}
