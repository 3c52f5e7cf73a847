import Testing
@testable import NNDL

/// The element-wise passes that run in `Parallel` chunks: same answers at any thread count, and the finiteness
/// check catches a bad value wherever it sits. Serialized: the tests change OpenBLAS's (process-wide) thread count.
@Suite(.serialized) struct ParallelTests {
    /// Runs `body` with OpenBLAS (and so `Parallel`) at `threads` threads, then puts the count back.
    func withThreads<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        let saved = BLASThreads.current
        BLASThreads.set(threads)
        defer { BLASThreads.set(saved) }
        return try body()
    }

    @Test func everyChunkIsVisitedOnceAtAnyThreadCount() {
        let count = 5 * Parallel.chunk + 123
        for threads in [1, 2, 4] {
            let visits = withThreads(threads) { () -> [Int] in
                var seen = [Int](repeating: 0, count: count)
                seen.withUnsafeMutableBufferPointer { p in
                    nonisolated(unsafe) let s = p
                    Parallel.chunks(count) { _, range in for i in range { s[i] += 1 } }
                }
                return seen
            }
            #expect(visits.allSatisfy { $0 == 1 }, "threads \(threads)")
        }
    }

    @Test func finitenessCheckFindsNaNAndInfinityAnywhere() {
        let count = 3 * Parallel.chunk + 7
        for dtype in [Double.self, Float.self] as [any BLASScalar.Type] {
            func check<T: BLASScalar>(_: T.Type) {
                var t = Tensor<T>(shape: [count], scalars: (0..<count).map { T($0 % 97) - 48 })
                t.scalars[5] = T.greatestFiniteMagnitude
                t.scalars[6] = -T.leastNonzeroMagnitude
                #expect(t.isFinite, "\(T.self): largest and subnormal values are finite")
                for position in [0, Parallel.chunk - 1, Parallel.chunk, 2 * Parallel.chunk + 1, count - 1] {
                    for bad in [T.nan, T.infinity, -T.infinity, T.signalingNaN] {
                        var u = t
                        u.scalars[position] = bad
                        #expect(!u.isFinite, "\(T.self): \(bad) at \(position)")
                    }
                }
            }
            if dtype == Double.self { check(Double.self) } else { check(Float.self) }
        }
    }

    @Test func squaredNormIsTheSameAtAnyThreadCountAndMatchesALongSum() {
        let count = 4 * Parallel.chunk + 5
        var rng = NumPyRandomState(seed: 3)
        let t = Tensor<Double>(shape: [count], scalars: rng.randn(count))
        let one = withThreads(1) { t.squaredNorm }
        let two = withThreads(2) { t.squaredNorm }
        #expect(one == two)
        let reference = t.scalars.reduce(0) { $0 + $1 * $1 }
        #expect(abs(one - reference) < 1e-9 * reference)
        let small = Tensor<Double>([[1, 2], [3, 4]])
        #expect(small.squaredNorm == 30)
    }

    @Test func updateRulesMatchTheirFormulaOnLargeTensors() {
        let count = 2 * Parallel.chunk + 11
        var rng = NumPyRandomState(seed: 4)
        let w0 = Tensor<Double>(shape: [count], scalars: rng.randn(count))
        let dw = Tensor<Double>(shape: [count], scalars: rng.randn(count))
        var rule = UpdateRule<Double>(kind: .sgdMomentum, config: Hyperparameters(learningRate: 0.1, momentum: 0.9))
        var w = w0
        withThreads(2) {
            rule.update(&w, dw)
            rule.update(&w, dw)
        }
        // v1 = -0.1 dw, w1 = w0 + v1; v2 = 0.9 v1 - 0.1 dw, w2 = w1 + v2
        for i in [0, Parallel.chunk - 1, Parallel.chunk, count - 1] {
            let v1 = 0.9 * 0 - 0.1 * dw.scalars[i], v2 = 0.9 * v1 - 0.1 * dw.scalars[i]
            #expect(w.scalars[i] == (w0.scalars[i] + v1) + v2)
        }
    }

    @Test func minibatchGatherIsTheSameAtAnyThreadCount() {
        let rows = 300
        var rng = NumPyRandomState(seed: 5)
        let pixels = (0..<(rows * 3072)).map { _ in UInt8(truncatingIfNeeded: rng.nextUInt32()) }
        let mean = (0..<3072).map { Double($0 % 256) + 0.25 }
        let samples = ImageSamples(pixels: pixels, labels: [Int](repeating: 0, count: rows), mean: mean, image: .cifar(.hwc))
        let indices = (0..<200).map { ($0 * 37) % rows }
        var one = Tensor<Float>(shape: [0]), two = Tensor<Float>(shape: [0])
        withThreads(1) { samples.gather(indices, into: &one) }
        withThreads(2) { samples.gather(indices, into: &two) }
        #expect(one.scalars == two.scalars)
        var none = Tensor<Float>(shape: [0])
        samples.gather([], into: &none)
        #expect(none.shape == [0, 3072])
        // Row 1 is image 37: pixel j minus the mean, rounded once to float32.
        for j in [0, 1, 3071] {
            #expect(one.scalars[3072 + j] == Float(Double(pixels[37 * 3072 + j]) - mean[j]))
        }
    }

    /// Parts of a pass, counted where each one ran (a counter per part, each written by its one part).
    final class Visits: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Int>
        init(_ parts: Int) { slots = .allocate(capacity: parts); slots.initialize(repeating: 0) }
        deinit { slots.deallocate() }
        var counts: [Int] { Array(slots) }
        func visit(_ part: Int) { slots[part] += 1 }
    }

    @Test func aPassRunsEveryPartOnceAndReturnsOnlyWhenAllHave() {
        // More parts than workers too (they are shared out), and passes back to back as a training step runs them.
        for parts in [1, 2, 3, 7, 64] {
            for _ in 0..<200 {
                let visits = Visits(parts)
                Parallel.run(parts: parts) { p in
                    if p % 2 == 1 { for _ in 0..<(p * 50) { _ = Double(p).squareRoot() } }  // parts end out of order
                    visits.visit(p)
                }
                #expect(visits.counts == [Int](repeating: 1, count: parts), "\(parts) parts")
            }
        }
    }

    @Test func aPassInsideAPartRunsInlineInsteadOfWaitingOnItself() {
        let outer = Visits(2), inner = [Visits(3), Visits(3)]
        Parallel.run(parts: 2) { p in
            Parallel.run(parts: 3) { q in inner[p].visit(q) }
            outer.visit(p)
        }
        #expect(outer.counts == [1, 1])
        #expect(inner.map(\.counts) == [[1, 1, 1], [1, 1, 1]])
    }

    @Test func passesFromSeveralThreadsAtOnceAllComplete() async {
        // Sweep jobs in one process share the pool: one holds it, the others run their parts themselves.
        let results = await withTaskGroup(of: Bool.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    for round in 0..<300 {
                        let parts = 2 + (caller + round) % 3
                        let visits = Visits(parts)
                        Parallel.run(parts: parts) { p in visits.visit(p) }
                        if visits.counts != [Int](repeating: 1, count: parts) { return false }
                    }
                    return true
                }
            }
            var all: [Bool] = []
            for await ok in group { all.append(ok) }
            return all
        }
        #expect(results == [true, true, true, true])
    }
}
