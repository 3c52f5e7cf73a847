import Foundation
import NNDL

/// The first notebook's checks (ECE C147 `two_layer_nn.ipynb`), each a function `swift test` also calls.
///
/// Inputs are the cells': `init_toy_model()` (`np.random.seed(0)`, `TwoLayerNet(4, 10, 3, std=1e-1)`) and
/// `init_toy_data()` (`np.random.seed(1)`, `X = 10 * randn(5, 4)`, `y = [0, 1, 2, 2, 1]`). Printed values are the
/// notebook's.
public enum TwoLayerNotebook {
    /// The cells, in the notebook's order.
    public static let cells: [NotebookCell] = [
        NotebookCell(name: "toy-scores", title: "0.2.1 Compute forward pass scores", needsData: false) { _ in try toyScores() },
        NotebookCell(name: "toy-loss", title: "0.2.2 Forward pass loss", needsData: false) { _ in try toyLoss() },
        NotebookCell(name: "toy-gradients", title: "0.2.3 Backward pass", needsData: false) { _ in try toyGradients() },
        NotebookCell(name: "toy-training", title: "0.2.4 Training the network", needsData: false) { _ in try toyTraining() },
        NotebookCell(name: "data", title: "0.3 Classify CIFAR-10: get_CIFAR10_data()", needsData: true) { data in
            try dataShapes(try data.splits(), cell: "data", labelled: TwoLayerNotebook.shapeLabels)
        },
        NotebookCell(name: "cifar-sgd", title: "0.3.1 Running SGD", needsData: true) { data in
            try cifarSGD(try data.splits(), stop: data.checkStop)
        },
    ]

    /// The toy net and data, and the random state as `init_toy_model()` leaves it.
    public static func toy() throws -> (net: TwoLayerNet<Double>, x: Tensor<Double>, y: [Int], rng: NumPyRandomState) {
        var rng = NumPyRandomState(seed: 1)
        let x = Tensor<Double>(shape: [5, 4], scalars: rng.randn(20).map { 10 * $0 })
        rng.seed(0)
        let net = try TwoLayerNet<Double>(inputSize: 4, hiddenSize: 10, outputSize: 3, std: 1e-1, rng: &rng)
        return (net, x, [0, 1, 2, 2, 1], rng)
    }

    /// The cell's `correct_scores` (5, 3).
    static let correctScores: [Double] = [
        -1.07260209, 0.05083871, -0.87253915, -2.02778743, -0.10832494, -1.52641362,
        -0.74225908, 0.15259725, -0.39578548, -0.38172726, 0.10835902, -0.17328274,
        -0.64417314, -0.18886813, -0.41106892,
    ]

    /// "Difference between your scores and correct scores" (the cell: "We get < 1e-7").
    public static func toyScores() throws -> [NotebookCheck] {
        var (net, x, _, _) = try toy()
        let scores = try net.scores(x)
        let difference = zip(scores.scalars, correctScores).reduce(0) { $0 + abs($1.0 - $1.1) }
        return [NotebookCheck(
            cell: "toy-scores", label: "Difference between your scores and correct scores", ours: difference,
            notebook: 3.381231233889892e-08, tolerance: .below(1e-7))]
    }

    /// The loss at reg 0.05 against `correct_loss = 1.071696123862817` (the cell: "should be very small, we get < 1e-12").
    public static func toyLoss() throws -> [NotebookCheck] {
        var (net, x, y, _) = try toy()
        let loss = try net.lossAndGradients(x, y, reg: 0.05).loss
        let correct = 1.071696123862817
        return [
            NotebookCheck(
                cell: "toy-loss", label: "Difference between your loss and correct loss", ours: abs(loss - correct),
                notebook: 0.0, tolerance: .below(1e-12)),
            NotebookCheck(cell: "toy-loss", label: "loss", ours: loss, notebook: correct, tolerance: .near(1e-12)),
        ]
    }

    /// Each parameter's max relative error against `eval_numerical_gradient` at reg 0.05, in the order the notebook
    /// printed them (the CS231n cell: "these should all be less than 1e-8 or so").
    public static func toyGradients() throws -> [NotebookCheck] {
        var (net, x, y, _) = try toy()
        let grads = try net.lossAndGradients(x, y, reg: 0.05).grads
        let printed: [(String, Double)] = [
            ("W2", 2.9632227682005116e-10), ("b2", 1.8391748601536041e-10),
            ("W1", 1.2832874456864775e-09), ("b1", 3.1726806716844575e-09),
        ]
        return try printed.map { name, value in
            guard let analytic = grads[name], let at = net.parameters[name] else {
                throw NNDLError.invalidValue(name: "toy net parameter", value: name, requirement: "W1, b1, W2 or b2")
            }
            let numeric = evalNumericalGradient({ (w: Tensor<Double>) -> Double in
                var probe = net
                probe.parameters[name] = w
                return (try? probe.lossAndGradients(x, y, reg: 0.05).loss) ?? .nan
            }, at: at)
            return NotebookCheck(
                cell: "toy-gradients", label: "\(name) max relative error", ours: relError(numeric, analytic),
                notebook: value, tolerance: .below(1e-8))
        }
    }

    /// `net.train(X, y, X, y, learning_rate=1e-1, reg=5e-6, num_iters=100)` from `init_toy_model()`: the last loss.
    /// The notebook states no tolerance; a reproduced value is held to rounding (1e-10).
    public static func toyTraining() throws -> [NotebookCheck] {
        var (net, x, y, rng) = try toy()
        let history = try net.train(
            x: x, y: y, xVal: x, yVal: y, learningRate: 1e-1, learningRateDecay: 0.95, reg: 5e-6,
            numIters: 100, batchSize: 200, rng: &rng)
        return [NotebookCheck(
            cell: "toy-training", label: "Final training loss", ours: history.loss.last ?? .nan,
            notebook: 0.020371427168192176, tolerance: .near(1e-10))]
    }

    /// The first notebook's shape lines.
    static let shapeLabels = (
        data: ["Train data shape", "Validation data shape", "Test data shape"],
        labels: ["Train labels shape", "Validation labels shape", "Test labels shape"])

    /// The printed shapes of X_train, y_train, X_val, y_val, X_test, y_test, each against `get_CIFAR10_data()`'s.
    static func dataShapes(
        _ splits: DataSplits, cell: String, labelled names: (data: [String], labels: [String])
    ) throws -> [NotebookCheck] {
        let notebookRows = [49000, 1000, 1000]
        var checks: [NotebookCheck] = []
        for (k, split) in [splits.train, splits.val, splits.test].enumerated() {
            let rows = split?.count ?? 0
            let features = (split?.featureShape ?? splits.train.featureShape).map(String.init).joined(separator: ", ")
            let notebookFeatures = splits.train.featureShape.map(String.init).joined(separator: ", ")
            checks.append(NotebookCheck(
                cell: cell, label: names.data[k], ours: .text("(\(rows), \(features))"),
                notebook: .text("(\(notebookRows[k]), \(notebookFeatures))"), tolerance: .equal))
            checks.append(NotebookCheck(
                cell: cell, label: names.labels[k], ours: .text("(\(split?.labels.count ?? 0),)"),
                notebook: .text("(\(notebookRows[k]),)"), tolerance: .equal))
        }
        return checks
    }

    /// The losses the notebook printed every 100 iterations of its first CIFAR-10 run.
    static let printedLosses: [Double] = [
        2.302737768195894, 2.3022105256991185, 2.2964000486596787, 2.268839768313435, 2.2252579375820387,
        2.153736317283182, 2.0755138768138344, 2.021773289161574, 1.9611502427393566, 1.9224467427616607,
    ]

    /// `TwoLayerNet(3072, 50, 10)` trained by `net.train(num_iters=1000, batch_size=200, learning_rate=1e-4,
    /// learning_rate_decay=0.95, reg=0.25)` from `np.random.seed(0)`; the loss every 100 iterations (printed only:
    /// this copy of CIFAR-10 differs from the notebook's in its pixels) and the final net's accuracy on the whole
    /// validation set (the cell: "a validation accuracy of around 28-29%", read as 0.27 to 0.30).
    public static func cifarSGD(_ data: DataSplits, stop: () throws -> Void = {}) throws -> [NotebookCheck] {
        var rng = NumPyRandomState(seed: 0)
        let net = try TwoLayerNet<Double>(
            inputSize: data.train.dimension, hiddenSize: 50, outputSize: data.numClasses, std: 1e-4, rng: &rng)
        let options = SolverOptions(
            hyperparameters: Hyperparameters(learningRate: 1e-4, reg: 0.25, lrDecay: 0.95, batchSize: 200),
            numIterations: 1000, numValSamples: nil, style: .notebook)
        var solver = try Solver(model: net, data: data, options: options, rng: rng)
        var checks: [NotebookCheck] = []
        while !solver.isFinished {
            try stop()
            let step = try solver.step()
            let it = step.iteration - 1
            guard it % 100 == 0 else { continue }
            checks.append(NotebookCheck(
                cell: "cifar-sgd", label: "iteration \(it) / 1000: loss", ours: step.loss,
                notebook: printedLosses[it / 100], tolerance: .none))
        }
        let accuracy = try solver.model.accuracy(on: data.val)
        checks.append(NotebookCheck(
            cell: "cifar-sgd", label: "Validation accuracy", ours: accuracy, notebook: 0.282,
            tolerance: .between(0.27, 0.30)))
        return checks
    }
}
