import Foundation
import NNDL

/// The FC notebook's checks (`FullyConnectedNets.ipynb`), each a function `swift test` also calls.
///
/// The notebook's layer cells draw from NumPy's global random state without seeding it, so their printed errors
/// come from inputs nobody can redraw; here each such cell starts from `np.random.seed(231)` (as CS231n's later
/// notebooks do). Cells built from `np.linspace` reproduce the printed values.
public enum FCNotebook {
    /// The cells, in the notebook's order.
    public static let cells: [NotebookCell] = [
        NotebookCell(name: "data", title: "Load the (preprocessed) CIFAR10 data", needsData: true) { data in
            try TwoLayerNotebook.dataShapes(
                try data.splits(), cell: "data",
                labelled: (data: ["X_train", "X_val", "X_test"], labels: ["y_train", "y_val", "y_test"]))
        },
        NotebookCell(name: "affine-forward", title: "1.2.1 Affine layer forward pass", needsData: false) { _ in affineForwardCell() },
        NotebookCell(name: "affine-backward", title: "1.2.2 Affine layer backward pass", needsData: false) { _ in affineBackwardCell() },
        NotebookCell(name: "relu-forward", title: "1.3.1 ReLU forward pass", needsData: false) { _ in reluForwardCell() },
        NotebookCell(name: "relu-backward", title: "1.3.2 ReLU backward pass", needsData: false) { _ in reluBackwardCell() },
        NotebookCell(name: "affine-relu", title: "1.4.1 Affine-ReLU layers", needsData: false) { _ in affineReluCell() },
        NotebookCell(name: "losses", title: "1.5 Softmax and SVM losses", needsData: false) { _ in lossesCell() },
        NotebookCell(name: "two-layer-net", title: "1.6 Implementation of a two-layer NN", needsData: false) { _ in
            try twoLayerNetCell()
        },
        NotebookCell(name: "fc-net", title: "1.8 Multilayer Neural Network", needsData: false) { _ in try fullyConnectedCell() },
        NotebookCell(name: "overfit", title: "Overfit a small dataset", needsData: true) { data in
            try overfitCell(try data.splits(), stop: data.checkStop)
        },
    ]

    /// `rel_error(out, correct_out)` for the linspace x (2, 4, 5, 6), w (120, 3), b (3) (the cell: "around 1e-9").
    public static func affineForwardCell() -> [NotebookCheck] {
        let x = Tensor<Double>.linspace(-0.1, 0.5, shape: [2, 4, 5, 6])
        let w = Tensor<Double>.linspace(-0.2, 0.3, shape: [120, 3])
        let b = Tensor<Double>.linspace(-0.3, 0.1, shape: [3])
        let correct = Tensor<Double>([[1.49834967, 1.70660132, 1.91485297], [3.25553199, 3.5141327, 3.77273342]])
        return [NotebookCheck(
            cell: "affine-forward", label: "Testing affine_forward function: difference",
            ours: relError(affineForward(x, w, b).out, correct), notebook: 9.769849468192957e-10, tolerance: .below(1e-8))]
    }

    /// dx, dw, db against `eval_numerical_gradient_array` for x (10, 2, 3), w (6, 5), b (5), dout (10, 5)
    /// (the cell: "around 1e-10").
    public static func affineBackwardCell() -> [NotebookCheck] {
        layerGradientCell(
            "affine-backward", shapes: ([10, 2, 3], [6, 5], [5], [10, 5]),
            printed: [7.598406468756369e-11, 5.7457383647397536e-11, 1.3332437594154664e-11],
            forward: { affineForward($0, $1, $2).out }, backward: { affineBackward($0, affineForward($1, $2, $3).cache) })
    }

    /// `rel_error(relu_forward(x), correct_out)` for x = linspace(-0.5, 0.5, 12).reshape(3, 4) (the CS231n cell: "around 5e-8").
    public static func reluForwardCell() -> [NotebookCheck] {
        let x = Tensor<Double>.linspace(-0.5, 0.5, shape: [3, 4])
        let correct = Tensor<Double>([[0, 0, 0, 0], [0, 0, 0.04545455, 0.13636364], [0.22727273, 0.31818182, 0.40909091, 0.5]])
        return [NotebookCheck(
            cell: "relu-forward", label: "Testing relu_forward function: difference",
            ours: relError(reluForward(x).out, correct), notebook: 4.999999798022158e-08, tolerance: .below(5e-7))]
    }

    /// relu_backward's dx for x, dout (10, 10) against numerical gradients (the cell: "around 1e-12").
    public static func reluBackwardCell() -> [NotebookCheck] {
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: [10, 10], as: Double.self), dout = rng.randn(shape: [10, 10], as: Double.self)
        let dx = reluBackward(dout, reluForward(x).cache)
        let numeric = evalNumericalGradientArray({ reluForward($0).out }, at: x, dout: dout)
        return [NotebookCheck(
            cell: "relu-backward", label: "Testing relu_backward function: dx error", ours: relError(numeric, dx),
            notebook: 3.2756037806455336e-12, tolerance: .below(1e-11))]
    }

    /// affine_relu_backward's dx, dw, db for x (2, 3, 4), w (12, 10), b (10), dout (2, 10) (CS231n: "around e-10 or less").
    public static func affineReluCell() -> [NotebookCheck] {
        layerGradientCell(
            "affine-relu", shapes: ([2, 3, 4], [12, 10], [10], [2, 10]),
            printed: [4.19733777413245e-11, 1.0825783318272902e-10, 7.826682563679055e-12],
            forward: { affineReluForward($0, $1, $2).out },
            backward: { affineReluBackward($0, affineReluForward($1, $2, $3).cache) })
    }

    /// A layer cell: x, w, b, dout drawn from `np.random.seed(231)` in `shapes`, and the dx, dw, db errors of
    /// `backward(dout, x, w, b)` against numerical gradients of `forward(x, w, b)` (below 1e-9, "around 1e-10").
    static func layerGradientCell(
        _ cell: String, shapes: ([Int], [Int], [Int], [Int]), printed: [Double],
        forward: (Tensor<Double>, Tensor<Double>, Tensor<Double>) -> Tensor<Double>,
        backward: (Tensor<Double>, Tensor<Double>, Tensor<Double>, Tensor<Double>)
            -> (dx: Tensor<Double>, dw: Tensor<Double>, db: Tensor<Double>)
    ) -> [NotebookCheck] {
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: shapes.0, as: Double.self), w = rng.randn(shape: shapes.1, as: Double.self)
        let b = rng.randn(shape: shapes.2, as: Double.self), dout = rng.randn(shape: shapes.3, as: Double.self)
        let (dx, dw, db) = backward(dout, x, w, b)
        let errors = [
            relError(evalNumericalGradientArray({ forward($0, w, b) }, at: x, dout: dout), dx),
            relError(evalNumericalGradientArray({ forward(x, $0, b) }, at: w, dout: dout), dw),
            relError(evalNumericalGradientArray({ forward(x, w, $0) }, at: b, dout: dout), db),
        ]
        return gradientRows(cell: cell, errors, printed: printed, below: 1e-9)
    }

    /// svm_loss and softmax_loss on x = 0.001 · randn(50, 10), y = randint(10, size=50) (the cell: "Loss should be
    /// around 9 and dx error should be 1e-9", "Loss should be 2.3 and dx error should be 1e-8").
    public static func lossesCell() -> [NotebookCheck] {
        var rng = NumPyRandomState(seed: 231)
        let x = Tensor<Double>(shape: [50, 10], scalars: rng.randn(500).map { 0.001 * $0 })
        let y = rng.randint(0, 10, count: 50)
        let (svm, dsvm) = svmLoss(x, y)
        let (softmax, dsoftmax) = softmaxLoss(x, y)
        let cell = "losses"
        return [
            NotebookCheck(cell: cell, label: "Testing svm_loss: loss", ours: svm, notebook: 9.00074739665796, tolerance: .near(0.05)),
            NotebookCheck(
                cell: cell, label: "Testing svm_loss: dx error", ours: relError(evalNumericalGradient({ svmLoss($0, y).loss }, at: x), dsvm),
                notebook: 1.4021566006651672e-09, tolerance: .below(1e-8)),
            NotebookCheck(
                cell: cell, label: "Testing softmax_loss: loss", ours: softmax, notebook: 2.3026602945555674, tolerance: .near(0.05)),
            NotebookCheck(
                cell: cell, label: "Testing softmax_loss: dx error",
                ours: relError(evalNumericalGradient({ softmaxLoss($0, y).loss }, at: x), dsoftmax),
                notebook: 8.467349255286659e-09, tolerance: .below(1e-7)),
        ]
    }

    /// dx, dw, db rows with the notebook's printed errors.
    static func gradientRows(cell: String, _ errors: [Double], printed: [Double], below bound: Double) -> [NotebookCheck] {
        zip(["dx error", "dw error", "db error"], zip(errors, printed)).map { label, pair in
            NotebookCheck(cell: cell, label: label, ours: pair.0, notebook: pair.1, tolerance: .below(bound))
        }
    }

    /// `rel_error(eval_numerical_gradient(f, params[name], h=1e-5), grads[name])` for each parameter in sorted
    /// order, f being the model's training loss on (x, y).
    static func parameterErrors<M: Model>(_ model: M, _ x: Tensor<Double>, _ y: [Int]) throws -> [(String, Double)]
    where M.Scalar == Double {
        var net = model
        _ = try net.loss(x, y)
        let analytic = net.gradients
        return try net.parameters.names.enumerated().sorted { $0.element < $1.element }.map { i, name in
            var failure: (any Error)?
            let numeric = evalNumericalGradient({ (w: Tensor<Double>) -> Double in
                var probe = net
                probe.parameters.tensors[i] = w
                do { return try probe.loss(x, y) } catch { failure = error; return .nan }
            }, at: net.parameters.tensors[i])
            if let failure { throw failure }
            return (name, relError(numeric, analytic[i]))
        }
    }
}
