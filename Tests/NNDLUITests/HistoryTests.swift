import Testing
@testable import NNDLUI

@Suite struct EMATests {
    static func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func debiasedLikeTensorBoard() {
        // Printed by numpy 2.4 / python3: e = s*e + (1-s)*x; e / (1 - s**t) for t = 1, 2, …
        #expect(Self.close(EMA.debiased([1, 2, 3, 4], smoothing: 0.5),
                           [1.0, 1.6666666666666667, 2.4285714285714284, 3.2666666666666666]))
        #expect(Self.close(EMA.debiased([2.3, 2.1, 2.2, 1.9, 1.7], smoothing: 0.9),
                           [2.3, 2.1947368421052635, 2.1966789667896682, 2.110410002907822, 2.0101902273448755]))
    }

    @Test func zeroSmoothingIsTheRawSeries() {
        #expect(EMA.debiased([3, 1, 4, 1, 5], smoothing: 0) == [3, 1, 4, 1, 5])
    }

    @Test func theFirstValueIsNotPulledTowardZero() {
        // Without debiasing the first point would be (1 - 0.999)·2.3 = 0.0023.
        #expect(EMA.debiased([2.3], smoothing: 0.999) == [2.3])
    }

    @Test func aWeightedPointCountsAsThatManyEqualSamples() {
        let pairs: [Double] = [2, 2, 1, 1, 3, 3]
        let merged = EMA.debiased([2, 1, 3], weights: [2, 2, 2], smoothing: 0.8)
        let raw = EMA.debiased(pairs, smoothing: 0.8)
        #expect(Self.close(merged, [raw[1], raw[3], raw[5]]))
    }

    @Test func nonFiniteValuesRepeatThePreviousSmoothedValue() {
        let out = EMA.debiased([.nan, 1, .infinity, 3], smoothing: 0.5)
        #expect(out[0].isNaN)
        #expect(Array(out[1...]) == [1, 1, EMA.debiased([1, 3], smoothing: 0.5)[1]])
    }
}

@Suite struct SeriesHistoryTests {
    @Test func keepsEverySampleUntilTheCap() {
        var h = SeriesHistory(capacity: 8)
        for i in 1...8 { h.append(iteration: i, value: Double(i)) }
        #expect(h.buckets.count == 8)
        #expect(h.buckets.map(\.mean) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(h.samplesPerBucket == 1)
    }

    @Test func halvingMergesPairsKeepingMeanMinMax() {
        var h = SeriesHistory(capacity: 4)
        for (i, v) in [4.0, 2, 1, 5, 7].enumerated() { h.append(iteration: i + 1, value: v) }
        #expect(h.samplesPerBucket == 2)
        #expect(h.buckets.count == 3)
        let first = h.buckets[0]
        #expect((first.firstIteration, first.lastIteration, first.mean, first.min, first.max) == (1, 2, 3, 2, 4))
        #expect((h.buckets[1].mean, h.buckets[1].min, h.buckets[1].max) == (3, 1, 5))
        #expect(h.buckets[2].samples == 1)
        h.append(iteration: 6, value: 9)
        #expect(h.buckets.count == 3, "the partly filled last bucket gathers the next sample")
        #expect(h.buckets[2].mean == 8)
    }

    @Test func memoryStaysBoundedAndTheNewestPointStays() {
        var h = SeriesHistory(capacity: 64)
        let n = 100_000
        for i in 1...n { h.append(iteration: i, value: i == n ? 1000 : 1 / Double(i)) }
        #expect(h.buckets.count <= 64)
        #expect(h.buckets.count >= 32, "halving leaves at least half the capacity in use")
        #expect(h.totalSamples == n)
        #expect(h.buckets.reduce(0) { $0 + $1.samples } == n, "every sample is counted once")
        #expect(h.buckets.last!.lastIteration == n)
        #expect(h.buckets.last!.max == 1000, "the newest value survives inside the last bucket")
        #expect(h.latest?.iteration == n && h.latest?.value == 1000)
        #expect(h.buckets.first!.firstIteration == 1)
    }

    @Test func nonFiniteSamplesAreCountedButNotAveraged() {
        var h = SeriesHistory(capacity: 2)
        h.append(iteration: 1, value: 2)
        h.append(iteration: 2, value: .nan)
        h.append(iteration: 3, value: .infinity)
        #expect(h.buckets[0].samples == 2 && h.buckets[0].finiteSamples == 1 && h.buckets[0].mean == 2)
        #expect(h.buckets[1].mean.isNaN)
    }

    @Test func theNewestSamplesStayUnmerged() {
        var h = SeriesHistory(capacity: 4, recentCapacity: 3)
        for i in 1...10 { h.append(iteration: i, value: Double(i)) }
        #expect(h.samplesPerBucket == 4)
        #expect(h.oldestRecentIteration == 8)
        #expect(h.recentSamples(after: 8).map(\.mean) == [9, 10])
        #expect(h.recentSamples(after: 0).map(\.lastIteration) == [8, 9, 10])
    }

    @Test func binarySearchFindsTheWindowStart() {
        var h = SeriesHistory(capacity: 100)
        for i in stride(from: 10, through: 100, by: 10) { h.append(iteration: i, value: 0) }
        #expect(h.firstIndex(reaching: 35) == 3)
        #expect(h.firstIndex(reaching: 10) == 0)
        #expect(h.firstIndex(reaching: 101) == 10)
    }
}
