@testable import NNDL
@testable import NNDLUI

/// Events and states shared by the suites.
enum Fixtures {
    /// The first notebook's two-layer net: 100 iterations, 50 a epoch.
    static let hyperparameters = Hyperparameters(learningRate: 1e-3, reg: 0.25, lrDecay: 0.95, batchSize: 200,
                                                 updateRule: .sgd, momentum: 0.9, decayRate: 0.99)

    static let info = RunInfo(name: "cifar-2layer", modelDescription: "3072-50-10 twoLayerNet f64",
                              totalIterations: 100, iterationsPerEpoch: 50, hyperparameters: hyperparameters)

    /// An iteration report: loss falling as 2.3 / √i, 0.1 s an iteration.
    static func iteration(_ i: Int, total: Int = 100, loss: Double? = nil) -> TrainingEvent {
        .iteration(IterationReport(iteration: i, totalIterations: total, epoch: Double(i) / 50,
                                   loss: loss ?? 2.3 / Double(i).squareRoot(), learningRate: 1e-3,
                                   elapsed: Double(i) * 0.1, imagesPerSecond: 2000))
    }

    static func epoch(_ e: Int, train: Double, val: Double, evaluationSeconds: Double = 1) -> TrainingEvent {
        .epoch(EpochReport(epoch: e, totalEpochs: 2, iteration: e * 50, trainAccuracy: train, valAccuracy: val,
                           bestValAccuracy: val, learningRate: 1e-3, evaluationSeconds: evaluationSeconds))
    }

    /// A CIFAR-10 validation matrix of 835 rows, 565 right: true class t has 43 + 3t right (the diagonal) and
    /// (t + 2p) % 7 predicted as each other class p.
    static let confusion: ConfusionMatrix = {
        let counts = (0..<10).flatMap { t in (0..<10).map { p in t == p ? 43 + 3 * t : (t + 2 * p) % 7 } }
        return ConfusionMatrix(classNames: CIFAR10.defaultClassNames, counts: counts)
    }()

    /// An epoch report carrying `matrix` (its validation accuracy is the matrix's).
    static func epoch(_ e: Int, confusion matrix: ConfusionMatrix) -> TrainingEvent {
        .epoch(EpochReport(epoch: e, totalEpochs: 2, iteration: e * 50, trainAccuracy: 0.5,
                           valAccuracy: matrix.accuracy, bestValAccuracy: matrix.accuracy, learningRate: 1e-3,
                           evaluationSeconds: 1, confusion: matrix))
    }

    /// 4 filters of 3×4 pixels × 3 channels, hwc; filter f spans (f + 1)·(−11…11), so global scaling differs.
    static let filters: FilterSnapshot = {
        let shape = ImageShape(height: 3, width: 4, channels: 3, layout: .hwc)
        let values = (0..<(4 * shape.dimension)).map { Float(($0 * 7) % 23 - 11) * Float($0 / shape.dimension + 1) }
        return FilterSnapshot(iteration: 12, image: shape, count: 4, values: values)
    }()

    /// A state just after a run with `hp` started (10 iterations, 5 an epoch; a model dropping units with
    /// probability `dropout`).
    static func started(_ hp: Hyperparameters, dropout: Double = 0) -> AppState {
        var state = AppState()
        state.apply(.started(RunInfo(name: "r", modelDescription: "", totalIterations: 10, iterationsPerEpoch: 5,
                                     hyperparameters: hp, dropout: dropout)))
        return state
    }

    /// The hyperparameter panel of `state`, drawn alone in a 32-column box `height` rows high.
    static func panel(_ state: AppState, height: Int) -> [String] {
        var grid = Grid(width: 32, height: height)
        HyperparameterPanel(state).render(into: &grid, area: Rect(width: 32, height: height))
        return grid.lines
    }

    /// Whether every character of `state`'s 80×24 dashboard is ASCII.
    static func dashboardIsASCII(_ state: AppState) -> Bool {
        Dashboard.render(state, width: 80, height: 24, now: 0).lines.joined().unicodeScalars.allSatisfy(\.isASCII)
    }

    /// A state after `iterations` iterations, with one epoch, filters and a confirmed change.
    static func running(iterations: Int = 12, ascii: Bool = false) -> AppState {
        var state = AppState(runName: "", ascii: ascii)
        state.apply(.started(info))
        for i in 1...iterations { state.apply(iteration(i)) }
        state.apply(epoch(1, train: 0.31, val: 0.29))
        state.apply(.filters(filters))
        var hp = hyperparameters
        hp.learningRate = 5e-4
        state.apply(.hyperparametersChanged(iteration: 6, hp))
        return state
    }
}
