import Foundation
import NNDL

extension FCNotebook {
    /// The printed gradient errors of the modular `TwoLayerNet` cell, by reg, in sorted name order.
    static let twoLayerPrinted: [(reg: Double, errors: [Double])] = [
        (0.0, [1.8336562786695002e-08, 3.201560569143183e-10, 9.828315204644842e-09, 4.329134954569865e-10]),
        (0.7, [2.5279152310200606e-07, 7.976652806155026e-08, 1.564679947504764e-08, 9.089617896905665e-10]),
    ]

    /// The modular `TwoLayerNet` cell: N, D, H, C = 3, 5, 50, 7. Initialization (the cell's asserts: each weight
    /// matrix's std within std/10 of 1e-2, zero biases), the test-time scores of the linspace net (`< 1e-6`), its
    /// training loss at reg 0 and 1.0 (CS231n's `correct_loss` values, `< 1e-10`; the export cuts the cell there) and
    /// its gradient check at reg 0.0 and 0.7 (the notebook's printed errors; CS231n: "around e-7 or less", read as
    /// below 1e-6).
    public static func twoLayerNetCell() throws -> [NotebookCheck] {
        var rng = NumPyRandomState(seed: 231)
        _ = rng.randn(3 * 5)
        _ = rng.randint(0, 7, count: 3)
        var model = try ModularTwoLayerNet<Double>(inputDim: 5, hiddenDims: 50, numClasses: 7, weightScale: 1e-2, rng: &rng)
        var checks = initializationChecks(model, std: 1e-2)
        model.parameters["W1"] = .linspace(-0.7, 0.3, shape: [5, 50])
        model.parameters["b1"] = .linspace(-0.1, 0.9, shape: [50])
        model.parameters["W2"] = .linspace(-0.3, 0.4, shape: [50, 7])
        model.parameters["b2"] = .linspace(-0.9, 0.1, shape: [7])
        let x = Tensor<Double>.linspace(-5.5, 4.5, shape: [5, 3]).transposed()
        checks += try linspaceChecks(&model, x, [0, 5, 1])
        return checks
    }

    /// The cell's asserts on a fresh net: each weight matrix's std within std/10 of `std`, every bias 0.
    static func initializationChecks(_ model: ModularTwoLayerNet<Double>, std: Double) -> [NotebookCheck] {
        ["W1", "b1", "W2", "b2"].map { name in
            let values = model.parameters[name]?.scalars ?? []
            guard name.hasPrefix("W") else {
                return NotebookCheck(cell: "two-layer-net", label: "\(name) max |value|", ours: values.map(abs).max() ?? .nan,
                                     notebook: 0, tolerance: .equal)
            }
            return NotebookCheck(cell: "two-layer-net", label: "\(name) |std - \(std)|",
                                 ours: abs(standardDeviation(values) - std), notebook: nil, tolerance: .below(std / 10))
        }
    }

    /// The linspace net's test-time scores, training losses at reg 0 and 1.0, and gradient errors at reg 0 and 0.7.
    static func linspaceChecks(_ model: inout ModularTwoLayerNet<Double>, _ x: Tensor<Double>, _ y: [Int]) throws -> [NotebookCheck] {
        let cell = "two-layer-net"
        let scores = try model.scores(x)
        let difference = zip(scores.scalars, correctTwoLayerScores).reduce(0) { $0 + abs($1.0 - $1.1) }
        var checks = [NotebookCheck(cell: cell, label: "Testing test-time forward pass: scores_diff", ours: difference,
                                    notebook: nil, tolerance: .below(1e-6))]
        for (reg, correct) in [(0.0, 3.4702243556), (1.0, 26.5948426952)] {
            model.reg = reg
            checks.append(NotebookCheck(cell: cell, label: "Testing training loss (reg = \(reg))", ours: Double(try model.loss(x, y)),
                                        notebook: correct, tolerance: .near(1e-10)))
        }
        for (reg, printed) in twoLayerPrinted {
            model.reg = reg
            for ((name, error), value) in zip(try parameterErrors(model, x, y), printed) {
                checks.append(NotebookCheck(cell: cell, label: "reg = \(reg): \(name) relative error", ours: error,
                                            notebook: value, tolerance: .below(1e-6)))
            }
        }
        return checks
    }

    /// The cell's `correct_scores` (3, 7) for the linspace net.
    static let correctTwoLayerScores: [Double] = [
        11.53165108, 12.2917344, 13.05181771, 13.81190102, 14.57198434, 15.33206765, 16.09215096,
        12.05769098, 12.74614105, 13.43459113, 14.1230412, 14.81149128, 15.49994135, 16.18839143,
        12.58373087, 13.20054771, 13.81736455, 14.43418138, 15.05099822, 15.66781506, 16.2846319,
    ]

    /// `FullyConnectedNet([20, 30])` on N, D, C = 2, 15, 10 with weight scale 5e-2, for reg 0 and 3.14: the initial
    /// loss (printed only: the export shows no output for this cell) and each parameter's relative error (CS231n:
    /// "on the order of e-7 or smaller", W2 "on the order of e-5" at reg 0; held to 1e-4).
    public static func fullyConnectedCell() throws -> [NotebookCheck] {
        let cell = "fc-net"
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: [2, 15], as: Double.self)
        let y = rng.randint(0, 10, count: 2)
        var checks: [NotebookCheck] = []
        for reg in [0.0, 3.14] {
            var model = try FullyConnectedNet<Double>(
                hiddenDims: [20, 30], inputDim: 15, numClasses: 10, reg: reg, weightScale: 5e-2, rng: &rng)
            checks.append(NotebookCheck(cell: cell, label: "reg = \(reg): Initial loss", ours: Double(try model.loss(x, y)),
                                        notebook: nil, tolerance: .none))
            for (name, error) in try parameterErrors(model, x, y) {
                checks.append(NotebookCheck(cell: cell, label: "reg = \(reg): \(name) relative error", ours: error,
                                            notebook: nil, tolerance: .below(1e-4)))
            }
        }
        return checks
    }

    /// The overfit cell's weight scale and learning rate: its starting point (1e-2, 1e-2) reaches a training accuracy
    /// of 0.94 on this copy of CIFAR-10, so, as the cell invites, they are tuned: 2e-2 and 5e-3 reach 1.0.
    /// `config/fc-overfit.json` states the same two values.
    public static let overfitSettings = (weightScale: 2e-2, learningRate: 5e-3)

    /// The overfit cell: `FullyConnectedNet([100, 100])` trained by the Solver (sgd, 20 epochs of batch 25,
    /// print_every 10) on `small_data`, the first 50 rows of the preprocessed 49000 with the usual 1000 validation
    /// rows, from `np.random.seed(0)`, with `overfitSettings`. The loss lines and each check's training accuracy are
    /// printed; the cell asks for a training accuracy of 1.0.
    public static func overfitCell(_ splits: DataSplits, stop: () throws -> Void = {}) throws -> [NotebookCheck] {
        let cell = "overfit", (scale, rate) = overfitSettings
        var data = splits
        data.train = FirstRows(splits.train, count: 50)
        var rng = NumPyRandomState(seed: 0)
        let model = try FullyConnectedNet<Double>(
            hiddenDims: [100, 100], inputDim: data.train.dimension, numClasses: data.numClasses, weightScale: scale, rng: &rng)
        let options = SolverOptions(
            hyperparameters: Hyperparameters(learningRate: rate, reg: 0, lrDecay: 1.0, batchSize: 25),
            numEpochs: 20, numValSamples: nil)
        var solver = try Solver(model: model, data: data, options: options, rng: rng)
        var checks: [NotebookCheck] = []
        while !solver.isFinished {
            try stop()
            let step = try solver.step()
            if (step.iteration - 1) % 10 == 0 {
                checks.append(NotebookCheck(cell: cell, label: "(Iteration \(step.iteration) / \(solver.totalIterations)) loss",
                                            ours: step.loss, notebook: nil, tolerance: .none))
            }
            if let e = step.epoch {
                checks.append(NotebookCheck(cell: cell, label: "(Epoch \(e.epoch) / \(e.totalEpochs)) train acc",
                                            ours: e.trainAccuracy, notebook: nil, tolerance: .none))
            }
        }
        checks.append(NotebookCheck(
            cell: cell, label: "Training accuracy (weight_scale \(scale), learning_rate \(rate))",
            ours: solver.history.trainAccuracy.last ?? 0, notebook: nil, tolerance: .between(1.0, 1.0)))
        return checks
    }

    /// The population standard deviation (NumPy's `std`, ddof 0).
    static func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }
}
