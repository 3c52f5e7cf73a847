import Dispatch
import Foundation
import NNDL

/// The training-step benchmarks `nndl-tui bench` runs: the notebooks' nets on seeded random data of CIFAR shape.
public enum Benchmark {
    /// One workload: a net, a batch size, and how its FLOPs are counted.
    public struct Workload: Sendable {
        /// The JSON name, e.g. `fc-100-100-b200`.
        public var name: String
        /// Hidden widths.
        public var hiddenDims: [Int]
        /// Minibatch size.
        public var batchSize: Int
        /// The first notebook's net (notebook train loop) rather than the modular net with the Solver.
        public var notebookNet: Bool

        /// Multiply-adds ×2 of one step: forward, dW of every layer, dx of every layer but the first.
        public var flops: Double {
            let dims = [3072] + hiddenDims + [10]
            let products = zip(dims, dims.dropFirst()).map { Double($0 * $1) }
            let n = Double(batchSize)
            return 2 * n * (2 * products.reduce(0, +) + products.dropFirst().reduce(0, +))
        }
    }

    /// The three workloads the report times.
    public static let workloads = [
        Workload(name: "twoLayer-3072-50-10-b200", hiddenDims: [50], batchSize: 200, notebookNet: true),
        Workload(name: "fc-100-100-b200", hiddenDims: [100, 100], batchSize: 200, notebookNet: false),
        Workload(name: "fc-1024x3-b256", hiddenDims: [1024, 1024, 1024], batchSize: 256, notebookNet: false),
    ]

    /// One measured row.
    public struct Result: Sendable, Codable, Equatable {
        public var workload: String
        public var dtype: String
        public var msPerIteration: Double
        public var imagesPerSecond: Double
        public var gflops: Double
        /// The step's matrix products alone (`productsOnly`); left out of the JSON unless asked for.
        public var productsAloneMs: Double?
    }

    /// The whole report, in the JSON shape `nndl-tui bench --json` prints.
    public struct Report: Sendable, Codable, Equatable {
        public var gemmGflops: [String: Double]
        public var results: [Result]
        /// The OpenBLAS kernel set the figures were measured with (`BLASCore.name`).
        public var blasCore: String?
        /// OpenBLAS's own 2048³ GEMM, when the engine's float32 products (and so `gemmGflops`) ran on our kernel.
        public var openBLASGemmGflops: [String: Double]? = nil
    }

    /// A pool of `rows` random CIFAR-shaped images kept as `UInt8`, centred by its mean like the real data.
    public static func pool(rows: Int = 49000, seed: UInt32 = 0) -> DataSplits {
        var rng = NumPyRandomState(seed: seed)
        var pixels = [UInt8](repeating: 0, count: rows * 3072)
        for i in pixels.indices { pixels[i] = UInt8(truncatingIfNeeded: rng.nextUInt32()) }
        let labels = (0..<rows).map { _ in Int(rng.nextUInt32() % 10) }
        let mean = [Double](repeating: 127.5, count: 3072)
        let train = ImageSamples(pixels: pixels, labels: labels, mean: mean, image: .cifar(.hwc))
        let val = ImageSamples(pixels: Array(pixels.prefix(1000 * 3072)), labels: Array(labels.prefix(1000)), mean: mean, image: .cifar(.hwc))
        return DataSplits(train: train, val: val, image: .cifar(.hwc), classNames: CIFAR10.defaultClassNames)
    }

    /// Median milliseconds of `repetitions` calls of `body` after `warmup` calls.
    public static func medianMilliseconds(warmup: Int, repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warmup { try body() }
        var times: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// GFLOP/s of an n³ product in `T` as the engine computes it (`MatMul.gemm`: float32 on our kernel where it runs),
    /// or always through OpenBLAS (`openBLAS`).
    public static func gemmGflops<T: BLASScalar>(
        _: T.Type, n: Int = 2048, repetitions: Int = 5, openBLAS: Bool = false
    ) -> Double {
        var rng = NumPyRandomState(seed: 1)
        let a = Tensor<T>(shape: [n, n], scalars: rng.rand(n * n).map { T($0) })
        let b = Tensor<T>(shape: [n, n], scalars: rng.rand(n * n).map { T($0) })
        var c = Tensor<T>(shape: [n, n])
        let ms = medianMilliseconds(warmup: 1, repetitions: repetitions) {
            guard openBLAS else { return MatMul.gemm(a, b, into: &c) }
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    c.scalars.withUnsafeMutableBufferPointer { pc in
                        T.openBLASGemm(
                            transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: pa.baseAddress!, lda: n,
                            b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
        }
        return 2 * Double(n * n * n) / (ms / 1000) / 1e9
    }

    /// Median time of one training step of `workload` in `T` (minibatch sampling and gather included).
    public static func step<T: BLASScalar>(_ workload: Workload, _: T.Type, data: DataSplits, repetitions: Int) throws -> Result {
        var rng = NumPyRandomState(seed: 0)
        let h = Hyperparameters(learningRate: 1e-5, reg: 1e-3, lrDecay: 1, batchSize: workload.batchSize)
        let options = SolverOptions(
            hyperparameters: h, numIterations: 1_000_000, numValSamples: 100,
            style: workload.notebookNet ? .notebook : .solver)
        let ms: Double
        if workload.notebookNet {
            let net = try TwoLayerNet<T>(inputSize: 3072, hiddenSize: workload.hiddenDims[0], outputSize: 10, std: 1e-4, rng: &rng)
            var solver = try Solver(model: net, data: data, options: options, rng: rng)
            ms = try medianMilliseconds(warmup: 3, repetitions: repetitions) { _ = try solver.step() }
        } else {
            let net = try FullyConnectedNet<T>(hiddenDims: workload.hiddenDims, weightScale: 1e-2, rng: &rng)
            var solver = try Solver(model: net, data: data, options: options, rng: rng)
            ms = try medianMilliseconds(warmup: 3, repetitions: repetitions) { _ = try solver.step() }
        }
        return Result(
            workload: workload.name, dtype: T.dtypeName, msPerIteration: ms,
            imagesPerSecond: Double(workload.batchSize) / (ms / 1000), gflops: workload.flops / (ms / 1000) / 1e9)
    }

    /// Median milliseconds of the step's matrix products alone: forward, every dW (accumulating, as with weight decay)
    /// and every dx but the first layer's, in the step's shapes and layouts, on operands that stay in cache, computed
    /// as the step computes them (on `WideAffine` where the net plans a product, else through OpenBLAS). It is the
    /// floor the products set: the rest of a step's time is the element-wise work and memory traffic around it.
    public static func productsOnly<T: BLASScalar>(_ workload: Workload, _: T.Type, repetitions: Int) -> Double {
        let dims = [3072] + workload.hiddenDims + [10]
        let n = workload.batchSize
        // The first notebook's net keeps its weights transposed, (H, D); the modular nets keep (D, H).
        let transposed = workload.notebookNet
        var rng = NumPyRandomState(seed: 2)
        func random(_ shape: [Int]) -> Tensor<T> {
            Tensor(shape: shape, scalars: rng.rand(shape.reduce(1, *)).map { T($0 - 0.5) })
        }
        let shapes = Array(zip(dims, dims.dropFirst()))
        let inputs = shapes.map { d, _ in random([n, d]) }
        let weights = shapes.map { d, h in random(transposed ? [h, d] : [d, h]) }
        let upstream = shapes.map { _, h in random([n, h]) }
        var outputs = shapes.map { _, h in Tensor<T>(shape: [n, h]) }
        var weightGradients = weights.map { Tensor<T>(shape: $0.shape) }
        var inputGradients = inputs.map { Tensor<T>(shape: $0.shape) }
        // As the nets compute them: the first layer on WideAffine where the net plans it (the two-layer net
        // always; a FullyConnectedNet when its first layer dominates), the rest through OpenBLAS.
        var wide = transposed || FullyConnectedNet<T>.firstLayerDominates(dims: dims)
            ? WideAffine<T>.plan(hidden: dims[1], inputs: dims[0], rows: n, transposedWeights: transposed) : nil
        return medianMilliseconds(warmup: 3, repetitions: repetitions) {
            for l in shapes.indices {
                if l == 0, wide != nil {
                    wide!.forward(x: inputs[0], w: weights[0], b: nil, into: &outputs[0])
                } else {
                    MatMul.gemm(inputs[l], weights[l], transposeB: transposed, into: &outputs[l], beta: 1)
                }
            }
            for l in shapes.indices.reversed() {
                if l == 0, let wide {
                    wide.accumulateWeightGradient(dout: upstream[0], x: inputs[0], into: &weightGradients[0])
                } else if transposed {
                    MatMul.gemm(upstream[l], transposeA: true, inputs[l], into: &weightGradients[l], beta: 1)
                } else {
                    MatMul.gemm(inputs[l], transposeA: true, upstream[l], into: &weightGradients[l], beta: 1)
                }
                if l > 0 { MatMul.gemm(upstream[l], weights[l], transposeB: !transposed, into: &inputGradients[l]) }
            }
        }
    }

    /// One row of the report: the step of `workload` in `T`, with its products timed alone.
    static func row<T: BLASScalar>(_ workload: Workload, _: T.Type, data: DataSplits, repetitions: Int) throws -> Result {
        var r = try step(workload, T.self, data: data, repetitions: repetitions)
        r.productsAloneMs = productsOnly(workload, T.self, repetitions: repetitions)
        return r
    }

    /// What loading CIFAR-10 costs: median milliseconds to read all six batches and prepare the notebooks' splits
    /// (49000/1000/1000, mean subtracted), and the process's peak resident memory after the first load.
    public struct LoadReport: Sendable, Codable, Equatable {
        public var format: String
        public var msToLoad: Double
        public var msToPrepare: Double
        public var peakResidentMB: Double
    }

    /// Loads and prepares the CIFAR-10 folder `folder` `repetitions` times (the first also gives the memory peak).
    public static func loadCIFAR(from folder: URL, repetitions: Int = 5) throws -> LoadReport {
        var loadTimes: [Double] = [], prepareTimes: [Double] = []
        var peak = 0.0
        var format = ""
        for _ in 0..<repetitions {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let raw = try CIFAR10.load(from: folder)
            let t1 = DispatchTime.now().uptimeNanoseconds
            format = raw.format.rawValue
            let splits = try raw.prepare(CIFARPreprocessing())
            let t2 = DispatchTime.now().uptimeNanoseconds
            precondition(splits.train.count == 49000, "CIFAR-10 benchmark: unexpected split size \(splits.train.count)")
            loadTimes.append(Double(t1 - t0) / 1e6)
            prepareTimes.append(Double(t2 - t1) / 1e6)
            if peak == 0 { peak = peakResidentMegabytes() }
        }
        loadTimes.sort()
        prepareTimes.sort()
        return LoadReport(
            format: format, msToLoad: loadTimes[loadTimes.count / 2], msToPrepare: prepareTimes[prepareTimes.count / 2],
            peakResidentMB: peak)
    }

    /// The process's peak resident set so far, in MB (getrusage's ru_maxrss is in kB on Linux).
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Runs `selected` workloads (all by default) in `dtypes` plus the GEMM peaks; `quick` uses fewer repetitions.
    public static func run(
        quick: Bool, selected: [Workload] = workloads, dtypes: [DType] = DType.allCases, log: (String) -> Void = { _ in }
    ) throws -> Report {
        log("OpenBLAS kernels: \(BLASCore.description), \(BLASThreads.current) threads")
        let data = pool()
        var results: [Result] = []
        for w in selected {
            let reps = quick ? (w.hiddenDims.count > 2 ? 5 : 30) : (w.hiddenDims.count > 2 ? 20 : 200)
            for dtype in dtypes {
                let r = dtype == .float64
                    ? try row(w, Double.self, data: data, repetitions: reps)
                    : try row(w, Float.self, data: data, repetitions: reps)
                let products = r.productsAloneMs.map {
                    String(format: "   products alone %8.3f ms (%3.0f%% of the step)", $0, 100 * $0 / r.msPerIteration)
                }
                log(w.name.padding(toLength: 26, withPad: " ", startingAt: 0) + r.dtype.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: "%9.3f ms  %9.0f img/s  %6.1f GFLOP/s", r.msPerIteration, r.imagesPerSecond, r.gflops)
                    + (products ?? ""))
                results.append(r)
            }
        }
        let gemm = [
            "float64": gemmGflops(Double.self, repetitions: quick ? 3 : 7),
            "float32": gemmGflops(Float.self, repetitions: quick ? 3 : 7),
        ]
        // float32 products run on our own kernel where the kernels run: OpenBLAS's figure beside it, for reference.
        let openBLAS32 = WideAffine<Float>.available ? gemmGflops(Float.self, repetitions: quick ? 3 : 7, openBLAS: true) : nil
        log(String(format: "GEMM 2048³: float64 %.1f GFLOP/s, float32 %.1f GFLOP/s", gemm["float64"]!, gemm["float32"]!)
            + (openBLAS32.map { String(format: " (our kernel; OpenBLAS's sgemm %.1f GFLOP/s)", $0) } ?? ""))
        return Report(
            gemmGflops: gemm, results: results, blasCore: BLASCore.name,
            openBLASGemmGflops: openBLAS32.map { ["float64": gemm["float64"]!, "float32": $0] })
    }
}
