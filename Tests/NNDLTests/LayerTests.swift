import Testing
@testable import NNDL

/// The layer checks of the FC notebook (FullyConnectedNets.ipynb), plus batchnorm and dropout.
@Suite struct LayerTests {
    @Test func affineForwardMatchesTheNotebook() {
        // num_inputs, input_shape, output_dim = 2, (4, 5, 6), 3; x, w, b from np.linspace as in the notebook.
        let x = Tensor<Double>.linspace(-0.1, 0.5, shape: [2, 4, 5, 6])
        let w = Tensor<Double>.linspace(-0.2, 0.3, shape: [120, 3])
        let b = Tensor<Double>.linspace(-0.3, 0.1, shape: [3])
        let (out, _) = affineForward(x, w, b)
        // "correct_out" printed in the notebook.
        let expected = Tensor<Double>([[1.49834967, 1.70660132, 1.91485297], [3.25553199, 3.5141327, 3.77273342]])
        #expect(out.shape == [2, 3])
        #expect(relError(out, expected) < 1e-8)
    }

    @Test func affineBackwardMatchesNumericalGradients() {
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: [10, 2, 3], as: Double.self)
        let w = rng.randn(shape: [6, 5], as: Double.self)
        let b = rng.randn(shape: [5], as: Double.self)
        let dout = rng.randn(shape: [10, 5], as: Double.self)
        let (_, cache) = affineForward(x, w, b)
        let (dx, dw, db) = affineBackward(dout, cache)
        #expect(dx.shape == [10, 2, 3])
        #expect(relError(dx, evalNumericalGradientArray({ affineForward($0, w, b).out }, at: x, dout: dout)) < 1e-9)
        #expect(relError(dw, evalNumericalGradientArray({ affineForward(x, $0, b).out }, at: w, dout: dout)) < 1e-9)
        #expect(relError(db, evalNumericalGradientArray({ affineForward(x, w, $0).out }, at: b, dout: dout)) < 1e-9)
    }

    @Test func transposedWeightsGiveTheSameProduct() {
        var rng = NumPyRandomState(seed: 1)
        let x = rng.randn(shape: [4, 6], as: Double.self)
        let w = rng.randn(shape: [6, 3], as: Double.self)
        let b = rng.randn(shape: [3], as: Double.self)
        var plain = Tensor<Double>(shape: [0]), transposed = Tensor<Double>(shape: [0])
        Affine.forward(x: x, w: w, b: b, into: &plain)
        Affine.forward(x: x, w: w.transposed(), b: b, transposedWeights: true, into: &transposed)
        #expect(relError(plain, transposed) < 1e-14)
        let dout = rng.randn(shape: [4, 3], as: Double.self)
        var dx1: Tensor<Double>? = Tensor(shape: [0]), dx2: Tensor<Double>? = Tensor(shape: [0])
        var dw1 = Tensor<Double>(shape: [0]), dw2 = Tensor<Double>(shape: [0])
        var db1 = Tensor<Double>(shape: [0]), db2 = Tensor<Double>(shape: [0])
        Affine.backward(dout: dout, x: x, w: w, dx: &dx1, dw: &dw1, db: &db1)
        Affine.backward(dout: dout, x: x, w: w.transposed(), transposedWeights: true, dx: &dx2, dw: &dw2, db: &db2)
        #expect(relError(dx1!, dx2!) < 1e-14 && relError(dw1.transposed(), dw2) < 1e-14 && db1 == db2)
    }

    @Test func weightGradientAccumulatesOntoWeightDecay() {
        // Weight decay starts dw at reg·W and the backward product adds xᵀ·dout onto it (GEMM beta = 1).
        var rng = NumPyRandomState(seed: 2)
        let x = rng.randn(shape: [5, 40], as: Double.self)
        let w = rng.randn(shape: [40, 3], as: Double.self)
        let dout = rng.randn(shape: [5, 3], as: Double.self)
        var none: Tensor<Double>? = nil
        var plain = Tensor<Double>(shape: [0]), db = Tensor<Double>(shape: [0])
        Affine.backward(dout: dout, x: x, w: w, dx: &none, dw: &plain, db: &db)
        var dw = Tensor<Double>(shape: [40, 3], scalars: w.scalars.map { 0.5 * $0 })
        Affine.backward(dout: dout, x: x, w: w, dx: &none, dw: &dw, db: &db, accumulateWeightGradient: true)
        let expected = Tensor<Double>(shape: [40, 3], scalars: zip(plain.scalars, w.scalars).map { $0 + 0.5 * $1 })
        #expect(relError(dw, expected) < 1e-14)
    }

    @Test func reluForwardAndBackward() {
        // The notebook's x = np.linspace(-0.5, 0.5, num=12).reshape(3, 4): negatives become 0.
        let x = Tensor<Double>.linspace(-0.5, 0.5, shape: [3, 4])
        let (out, cache) = reluForward(x)
        #expect(out.scalars.prefix(6).allSatisfy { $0 == 0 })
        #expect(relError(Tensor(out.scalars.suffix(6)), Tensor(x.scalars.suffix(6))) < 1e-15)
        var rng = NumPyRandomState(seed: 231)
        let xr = rng.randn(shape: [10, 10], as: Double.self)
        let dout = rng.randn(shape: [10, 10], as: Double.self)
        let dx = reluBackward(dout, reluForward(xr).cache)
        #expect(relError(dx, evalNumericalGradientArray({ reluForward($0).out }, at: xr, dout: dout)) < 1e-9)
        #expect(cache == out)
    }

    @Test func affineReluSandwichBackward() {
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: [2, 3, 4], as: Double.self)
        let w = rng.randn(shape: [12, 10], as: Double.self)
        let b = rng.randn(shape: [10], as: Double.self)
        let dout = rng.randn(shape: [2, 10], as: Double.self)
        let (_, cache) = affineReluForward(x, w, b)
        let (dx, dw, db) = affineReluBackward(dout, cache)
        #expect(relError(dx, evalNumericalGradientArray({ affineReluForward($0, w, b).out }, at: x, dout: dout)) < 1e-9)
        #expect(relError(dw, evalNumericalGradientArray({ affineReluForward(x, $0, b).out }, at: w, dout: dout)) < 1e-9)
        #expect(relError(db, evalNumericalGradientArray({ affineReluForward(x, w, $0).out }, at: b, dout: dout)) < 1e-9)
    }

    /// The notebook: x = 0.001 * randn(50, 10), y = randint(10, size=50): softmax ≈ 2.3, SVM ≈ 9.
    @Test func softmaxAndSVMLossesMatchTheNotebook() {
        var rng = NumPyRandomState(seed: 231)
        let x = Tensor<Double>(shape: [50, 10], scalars: rng.randn(500).map { 0.001 * $0 })
        let y = rng.randint(0, 10, count: 50)
        let (svm, dsvm) = svmLoss(x, y)
        #expect(abs(svm - 9.0) < 0.1)
        #expect(relError(dsvm, evalNumericalGradient({ svmLoss($0, y).loss }, at: x)) < 1e-8)
        let (softmax, dsoftmax) = softmaxLoss(x, y)
        #expect(abs(softmax - 2.3) < 0.05)
        #expect(relError(dsoftmax, evalNumericalGradient({ softmaxLoss($0, y).loss }, at: x)) < 1e-8)
    }

    @Test func softmaxIsStableForHugeScores() {
        // Scores ±1e4: row 0 puts all mass on its label (loss 0), row 1 on the wrong class (loss 2e4).
        let x = Tensor<Double>([[1e4, -1e4, 0], [1e4, -1e4, 0]])
        let (loss, dx) = softmaxLoss(x, [0, 1])
        #expect(loss.isFinite && abs(loss - 1e4) < 1e-6)
        #expect(dx.scalars.allSatisfy { $0.isFinite })
        #expect(abs(dx[1, 0] - 0.5) < 1e-12 && abs(dx[1, 1] + 0.5) < 1e-12)
        let (lossF, _) = softmaxLoss(x.converted(to: Float.self), [0, 1])
        #expect(lossF.isFinite)
    }

    @Test func batchnormTrainModeNormalizesAndTestModeUsesRunningStatistics() {
        var rng = NumPyRandomState(seed: 231)
        let (n, d1, d2, d3) = (200, 50, 60, 3)
        let w1 = rng.randn(shape: [d1, d2], as: Double.self), w2 = rng.randn(shape: [d2, d3], as: Double.self)
        let gamma = Tensor<Double>([1, 2, 3]), beta = Tensor<Double>([11, 12, 13])
        var state = BatchNormState<Double>(features: d3)
        func batch() -> Tensor<Double> {
            let x = rng.randn(shape: [n, d1], as: Double.self)
            return MatMul.product(reluForward(MatMul.product(x, w1)).out, w2)
        }
        let (out, _) = batchnormForward(batch(), gamma, beta, state: &state, mode: .train)
        for j in 0..<d3 {
            let column = (0..<n).map { out[$0, j] }
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
            #expect(abs(mean - beta.scalars[j]) < 1e-9 && abs(sd - gamma.scalars[j]) < 1e-3)
        }
        for _ in 0..<50 { _ = batchnormForward(batch(), gamma, beta, state: &state, mode: .train) }
        let (test, cache) = batchnormForward(batch(), gamma, beta, state: &state, mode: .test)
        #expect(cache.map { _ in true } == nil)
        for j in 0..<d3 {
            let mean = (0..<n).map { test[$0, j] }.reduce(0, +) / Double(n)
            #expect(abs(mean - beta.scalars[j]) < 0.5 * gamma.scalars[j], "feature \(j) mean \(mean)")
        }
    }

    @Test func batchnormBackwardMatchesNumericalGradients() {
        var rng = NumPyRandomState(seed: 231)
        let x = Tensor<Double>(shape: [4, 5], scalars: rng.randn(20).map { 5 * $0 + 12 })
        let gamma = rng.randn(shape: [5], as: Double.self), beta = rng.randn(shape: [5], as: Double.self)
        let dout = rng.randn(shape: [4, 5], as: Double.self)
        func forward(_ x: Tensor<Double>, _ g: Tensor<Double>, _ b: Tensor<Double>) -> Tensor<Double> {
            var s = BatchNormState<Double>(features: 5)
            return batchnormForward(x, g, b, state: &s, mode: .train).out
        }
        var state = BatchNormState<Double>(features: 5)
        let (_, cache) = batchnormForward(x, gamma, beta, state: &state, mode: .train)
        let (dx, dgamma, dbeta) = batchnormBackward(dout, cache!)
        #expect(relError(dx, evalNumericalGradientArray({ forward($0, gamma, beta) }, at: x, dout: dout)) < 1e-8)
        #expect(relError(dgamma, evalNumericalGradientArray({ forward(x, $0, beta) }, at: gamma, dout: dout)) < 1e-8)
        #expect(relError(dbeta, evalNumericalGradientArray({ forward(x, gamma, $0) }, at: beta, dout: dout)) < 1e-8)
    }

    @Test(arguments: [0.25, 0.4, 0.7])
    func dropoutKeepsTheMeanAndDropsAFractionP(p: Double) {
        var rng = NumPyRandomState(seed: 231)
        let x = Tensor<Double>(shape: [500, 500], scalars: rng.randn(250_000).map { $0 + 10 })
        let meanX = x.sum / Double(x.count)
        let (train, _) = dropoutForward(x, config: DropoutConfig(p: p, seed: 123), mode: .train, rng: &rng)
        let (test, _) = dropoutForward(x, config: DropoutConfig(p: p, seed: 123), mode: .test, rng: &rng)
        let zeroed = Double(train.scalars.filter { $0 == 0 }.count) / Double(x.count)
        #expect(abs(train.sum / Double(x.count) - meanX) / meanX < 0.02)
        #expect(abs(zeroed - p) < 0.01)
        #expect(test == x)
    }

    @Test func dropoutBackwardMatchesNumericalGradients() {
        var rng = NumPyRandomState(seed: 231)
        let x = Tensor<Double>(shape: [10, 10], scalars: rng.randn(100).map { $0 + 10 })
        let dout = rng.randn(shape: [10, 10], as: Double.self)
        let config = DropoutConfig(p: 0.2, seed: 123)
        let (_, cache) = dropoutForward(x, config: config, mode: .train, rng: &rng)
        let dx = dropoutBackward(dout, cache)
        let numeric = evalNumericalGradientArray({ (v: Tensor<Double>) -> Tensor<Double> in
            var r = NumPyRandomState(seed: 0)
            return dropoutForward(v, config: config, mode: .train, rng: &r).out
        }, at: x, dout: dout)
        #expect(relError(dx, numeric) < 1e-10)
    }

    @Test func gradientCheckUtilitiesOnHandCheckableValues() {
        // f(x) = Σx² has gradient 2x.
        let x = Tensor<Double>([1, -2, 3])
        let g = evalNumericalGradient({ $0.squaredNorm }, at: x)
        #expect(relError(g, Tensor([2, -4, 6])) < 1e-9)
        // rel_error([1, 2], [1, 2.2]) = 0.2 / 4.2; entries under 1e-8 use the floor 1e-8.
        #expect(abs(relError(Tensor<Double>([1, 2]), Tensor([1, 2.2])) - 0.2 / 4.2) < 1e-15)
        #expect(abs(relError(Tensor<Double>([0]), Tensor([1e-9])) - 0.1) < 1e-12)
    }

    @Test func float32ForwardAgreesWithFloat64() {
        let x = Tensor<Double>.linspace(-0.1, 0.5, shape: [2, 120])
        let w = Tensor<Double>.linspace(-0.2, 0.3, shape: [120, 3])
        let b = Tensor<Double>.linspace(-0.3, 0.1, shape: [3])
        let double = affineForward(x, w, b).out
        let single = affineForward(x.converted(to: Float.self), w.converted(to: Float.self), b.converted(to: Float.self)).out
        #expect(relError(double, single.converted(to: Double.self)) < 1e-6)
    }
}
