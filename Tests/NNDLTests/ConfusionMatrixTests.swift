import Testing
@testable import NNDL
@testable import NNDLExperiments

/// The confusion matrix an epoch check reports alongside the validation accuracy.
@Suite struct ConfusionMatrixTests {
    /// A net with no hidden layer, W1 = I (3×3) and b1 = 0, so its scores are its inputs and each row's prediction
    /// is the column of that row's largest entry.
    static func identityNet() -> FullyConnectedNet<Double> {
        let w = Tensor<Double>([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        return FullyConnectedNet(parameters: Parameters([("W1", w), ("b1", Tensor(shape: [3]))]),
                                 hiddenDims: [], inputDim: 3, numClasses: 3)
    }

    /// Eight rows with labels 0 0 0 1 1 2 2 2 whose largest entries (the predictions) are 0 0 1 1 2 2 2 0.
    static let rows = TensorSamples(
        x: Tensor<Double>([[3, 1, 0], [2, 0, 1], [0, 5, 1], [1, 4, 2], [0, 1, 2], [1, 0, 9], [0, 2, 3], [7, 1, 1]]),
        y: [0, 0, 0, 1, 1, 2, 2, 2])

    @Test func matchesTheHandCountedMatrix() throws {
        var net = Self.identityNet()
        let predictions = try net.predictions(on: Self.rows)
        #expect(predictions == [0, 0, 1, 1, 2, 2, 2, 0])
        let m = try net.confusionMatrix(on: Self.rows, classNames: ["cat", "dog", "frog"])
        // Counted by hand from the labels and predictions above: rows are true classes, columns predictions.
        #expect(m.counts == [2, 1, 0,
                             0, 1, 1,
                             1, 0, 2])
        #expect(m.classNames == ["cat", "dog", "frog"])
        #expect((0..<3).map(m.rows(ofClass:)) == [3, 2, 3], "rows sum to each class's label count")
        #expect(m.correct == 5 && m.total == 8 && m.accuracy == 0.625)
        let accuracy = try net.accuracy(on: Self.rows)
        #expect(m.accuracy == accuracy)
        #expect((0..<3).map { m.accuracy(ofClass: $0) } == [2.0 / 3, 0.5, 2.0 / 3])
    }

    @Test func countsOnlyTheRowsChecked() throws {
        var net = Self.identityNet()
        // Rows 0, 3, 5, 7: labels 0 1 2 2, predictions 0 1 2 0.
        let m = try net.confusionMatrix(on: Self.rows, indices: [0, 3, 5, 7], classNames: ["a", "b", "c"])
        #expect(m.counts == [1, 0, 0, 0, 1, 0, 1, 0, 1])
        let accuracy = try net.accuracy(on: Self.rows, indices: [0, 3, 5, 7])
        #expect(m.accuracy == 0.75 && m.accuracy == accuracy)
        #expect(m.accuracy(ofClass: 2) == 0.5)
    }

    @Test func classNumbersStandInForMismatchedNames() throws {
        var net = Self.identityNet()
        let m = try net.confusionMatrix(on: Self.rows, classNames: ["only", "two"])
        #expect(m.classNames == ["0", "1", "2"])
        let empty = ConfusionMatrix(classNames: ["a", "b"], labels: [0], predictions: [0])
        #expect(empty.accuracy(ofClass: 1) == nil, "a class with no rows has no accuracy")
    }

    /// Every epoch report of a Solver run carries the matrix of the validation rows it measured: all of them
    /// (`numValSamples` nil), or a sample of 10 of the 30.
    @Test(arguments: [nil, 10] as [Int?])
    func epochReportsCarryTheValidationMatrix(numValSamples: Int?) throws {
        let data = Experiment.randomData(inputDim: 5, numClasses: 4, counts: (40, 30, 0), seed: 7)
        var rng = NumPyRandomState(seed: 0)
        let net = try TwoLayerNet<Double>(inputSize: 5, hiddenSize: 8, outputSize: 4, std: 0.1, rng: &rng)
        let options = SolverOptions(
            hyperparameters: Hyperparameters(learningRate: 0.05, reg: 0, batchSize: 10),
            numEpochs: 3, numTrainSamples: 20, numValSamples: numValSamples)
        var solver = try Solver(model: net, data: data, options: options, rng: rng)
        let labelCounts = (0..<4).map { c in data.val.labels.filter { $0 == c }.count }
        var reports: [EpochReport] = []
        while !solver.isFinished {
            guard let report = try solver.step().epoch else { continue }
            reports.append(report)
            let m = try #require(report.confusion)
            #expect(m.classNames == ["class 0", "class 1", "class 2", "class 3"])
            #expect(m.accuracy == report.valAccuracy, "trace / total is the reported validation accuracy")
            #expect(m.total == (numValSamples ?? 30))
            if numValSamples == nil {
                #expect((0..<4).map(m.rows(ofClass:)) == labelCounts, "rows sum to the validation label counts")
                let recomputed = try solver.model.confusionMatrix(on: data.val, classNames: data.classNames)
                #expect(m == recomputed, "the matrix of the model as it was at the check")
            }
        }
        #expect(reports.count == 4, "iteration 1 and the end of each of the 3 epochs")
    }
}
