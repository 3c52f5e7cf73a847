import Testing
@testable import NNDL

/// The first notebook's first layer on `WideAffine`'s AVX-512 kernels against the same layer on OpenBLAS.
/// Needs a CPU with AVX-512 (the machines this project runs on); elsewhere the net never leaves OpenBLAS.
@Suite(.enabled(if: WideAffine<Double>.available, "the CPU has no AVX-512"))
struct WideKernelTests {
    /// CIFAR-10's shape with the notebook's net: 200 rows of 3072 centred pixels, 50 hidden units, 10 classes.
    static func cifarShaped<T: BLASScalar>(_: T.Type, rows: Int = 200, hidden: Int = 50) throws -> (TwoLayerNet<T>, Tensor<T>, [Int]) {
        var rng = NumPyRandomState(seed: 3)
        let x = Tensor<T>(shape: [rows, 3072], scalars: rng.randint(0, 256, count: rows * 3072).map { T(Double($0) - 127.5) })
        let y = rng.randint(0, 10, count: rows)
        rng.seed(0)
        var net = try TwoLayerNet<T>(inputSize: 3072, hiddenSize: hidden, outputSize: 10, std: 1e-2, rng: &rng)
        net.reg = 0.25
        return (net, x, y)
    }

    /// Whether OpenBLAS runs the AVX2 kernels whose summation order `WideAffine` reproduces.
    static var openBLASSumsLikeItsAVX2Kernels: Bool { ["haswell", "zen"].contains(BLASCore.name.lowercased()) }

    /// A float64 run's numbers must not depend on which code computed the first layer: three SGD steps of the net
    /// on the kernels and on OpenBLAS give the same loss and the same four gradients, bit for bit (the loss
    /// histories match the notebook's Python through OpenBLAS, so they keep matching it). Batches of 200 (the
    /// notebooks', and the evaluation chunk) are planned, and 512 (dW summed in OpenBLAS's two blocks of 256); 57
    /// rows are not (OpenBLAS's thread split leaves it an odd row that its one-column kernel sums in another order),
    /// and stay on OpenBLAS.
    @Test(arguments: [(200, 50, true), (200, 37, true), (512, 50, true), (57, 50, false)])
    func float64StepsAreBitIdenticalToOpenBLAS(rows: Int, hidden: Int, planned: Bool) throws {
        var (wide, x, y) = try Self.cifarShaped(Double.self, rows: rows, hidden: hidden)
        var blas = wide
        blas.usesWideKernels = false
        if Self.openBLASSumsLikeItsAVX2Kernels {
            #expect((WideAffine<Double>.plan(hidden: hidden, inputs: 3072, rows: rows) != nil) == planned)
        }
        for _ in 0..<3 {
            let a = try wide.loss(x, y), b = try blas.loss(x, y)
            #expect(a.bitPattern == b.bitPattern)
            for (g, h) in zip(wide.gradients, blas.gradients) {
                #expect(g.scalars.map(\.bitPattern) == h.scalars.map(\.bitPattern))
            }
            for k in wide.parameters.tensors.indices {
                for i in wide.parameters.tensors[k].scalars.indices {
                    wide.parameters.tensors[k].scalars[i] -= 1e-4 * wide.gradients[k].scalars[i]
                    blas.parameters.tensors[k].scalars[i] -= 1e-4 * blas.gradients[k].scalars[i]
                }
            }
        }
    }

    /// The modular nets keep w (D, H): `FullyConnectedNet [100, 100]` (the second notebook's shape) with weight
    /// decay, batchnorm and dropout, two training-mode passes on the kernels and on OpenBLAS, bit for bit.
    @Test func fullyConnectedFloat64IsBitIdenticalToOpenBLAS() throws {
        var rng = NumPyRandomState(seed: 4)
        let x = Tensor<Double>(shape: [200, 3072], scalars: rng.randint(0, 256, count: 200 * 3072).map { Double($0) - 127.5 })
        let y = rng.randint(0, 10, count: 200)
        var options = FullyConnectedOptions()
        options.batchnorm = true
        options.dropout = 0.25
        options.dropoutSeed = 7
        rng.seed(0)
        var wide = try FullyConnectedNet<Double>(hiddenDims: [100, 100], reg: 0.1, weightScale: 1e-2, options: options, rng: &rng)
        var blas = wide
        blas.usesWideKernels = false
        if Self.openBLASSumsLikeItsAVX2Kernels {
            #expect(WideAffine<Double>.plan(hidden: 100, inputs: 3072, rows: 200, transposedWeights: false) != nil)
        }
        for _ in 0..<2 {
            let a = try wide.loss(x, y), b = try blas.loss(x, y)
            #expect(a.bitPattern == b.bitPattern)
            for (g, h) in zip(wide.gradients, blas.gradients) {
                #expect(g.scalars.map(\.bitPattern) == h.scalars.map(\.bitPattern))
            }
        }
    }

    /// float32 on the kernels sums in its own order: the loss and gradients agree with OpenBLAS's to float32
    /// precision (relative to each gradient's largest entry).
    @Test func float32AgreesWithOpenBLAS() throws {
        var (wide, x, y) = try Self.cifarShaped(Float.self)
        #expect(WideAffine<Float>.plan(hidden: 50, inputs: 3072, rows: 200) != nil)
        var blas = wide
        blas.usesWideKernels = false
        let a = try wide.loss(x, y), b = try blas.loss(x, y)
        #expect(abs(a - b) <= 1e-5 * abs(b))
        for (g, h) in zip(wide.gradients, blas.gradients) {
            let scale = h.scalars.map { abs($0) }.max()!
            let worst = zip(g.scalars, h.scalars).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-4 * scale)
        }
    }

    /// Shapes the kernels cut into partial tiles: 20 hidden units (a register with 4 of 8 or 16 lanes in use), 96
    /// inputs (two column groups of float64, one of float32); float64 with 200 rows, where OpenBLAS sums 4 of the
    /// units' dW as four chains, exactly; float32 with 7 rows (a tile of 4, then single rows) to float32 precision.
    @Test func partialTilesAgreeWithOpenBLAS() throws {
        try Self.partialTiles(Double.self, rows: 200, exact: true)
        try Self.partialTiles(Float.self, rows: 7, exact: false)
    }

    /// The (D, H) layout's tiles: 20 units (a part-filled register), 30 inputs (7 row tiles of dw and two single
    /// rows); float64 with 8 rows exactly, float32 with 7 rows (a tile and three single rows) to its precision.
    @Test func modularLayoutPartialTilesAgreeWithOpenBLAS() throws {
        for exact in [true, false] {
            var rng = NumPyRandomState(seed: 6)
            let (n, h, d) = (exact ? 8 : 7, 20, 30)
            func check<T: BLASScalar>(_: T.Type) {
                let x = rng.randn(shape: [n, d], as: T.self), w = rng.randn(shape: [d, h], as: T.self)
                let b = rng.randn(shape: [h], as: T.self), dout = rng.randn(shape: [n, h], as: T.self)
                let start = rng.randn(shape: [d, h], as: T.self)
                guard var plan = WideAffine<T>.plan(hidden: h, inputs: d, rows: n, transposedWeights: false) else {
                    #expect(T.self == Double.self && !Self.openBLASSumsLikeItsAVX2Kernels, "no plan")
                    return
                }
                var ours = Tensor<T>(shape: [0]), theirs = Tensor<T>(shape: [n, h])
                plan.forward(x: x, w: w, b: b, into: &ours)
                Affine.forward(x: x, w: w, b: b, into: &theirs)
                var ourDw = start, theirDw = start, db = Tensor<T>(shape: [h]), noDx: Tensor<T>? = nil
                plan.accumulateWeightGradient(dout: dout, x: x, into: &ourDw)
                Affine.backward(dout: dout, x: x, w: w, dx: &noDx, dw: &theirDw, db: &db, accumulateWeightGradient: true)
                for (a, b) in [(ours, theirs), (ourDw, theirDw)] {
                    let worst = zip(a.scalars, b.scalars).map { Double(abs($0 - $1)) }.max()!
                    #expect(T.self == Double.self ? worst == 0 : worst <= 1e-5 * Double(b.scalars.map { abs($0) }.max()!))
                }
            }
            if exact { check(Double.self) } else { check(Float.self) }
        }
    }

    static func partialTiles<T: BLASScalar>(_: T.Type, rows n: Int, exact: Bool) throws {
        let (h, d) = (20, 96)
        var rng = NumPyRandomState(seed: 5)
        let x = rng.randn(shape: [n, d], as: T.self), w = rng.randn(shape: [h, d], as: T.self)
        let b = rng.randn(shape: [h], as: T.self), dout = rng.randn(shape: [n, h], as: T.self)
        let start = rng.randn(shape: [h, d], as: T.self)
        guard var plan = WideAffine<T>.plan(hidden: h, inputs: d, rows: n) else {
            #expect(!exact || !openBLASSumsLikeItsAVX2Kernels, "no float64 plan although OpenBLAS runs its AVX2 kernels")
            return
        }
        if exact, openBLASSumsLikeItsAVX2Kernels {
            // OpenBLAS's thread split leaves units 4, 9, 14 and 19 to its one-column kernel.
            #expect(plan.fourWay.indices.filter { plan.fourWay[$0] == 1 } == [4, 9, 14, 19])
        }
        var ours = Tensor<T>(shape: [0]), theirs = Tensor<T>(shape: [n, h])
        plan.forward(x: x, w: w, b: b, into: &ours)
        Affine.forward(x: x, w: w, b: b, transposedWeights: true, into: &theirs)
        var ourDw = start, theirDw = start, db = Tensor<T>(shape: [h]), noDx: Tensor<T>? = nil
        plan.accumulateWeightGradient(dout: dout, x: x, into: &ourDw)
        Affine.backward(
            dout: dout, x: x, w: w, transposedWeights: true, dx: &noDx, dw: &theirDw, db: &db, accumulateWeightGradient: true)
        for (a, b) in [(ours, theirs), (ourDw, theirDw)] {
            #expect(a.shape == b.shape)
            let worst = zip(a.scalars, b.scalars).map { Double(abs($0 - $1)) }.max()!
            #expect(exact ? worst == 0 : worst <= 1e-5 * Double(b.scalars.map { abs($0) }.max()!))
        }
    }
}
