import Testing
@testable import NNDLUI

@Suite struct LossChartTests {
    static func history(_ values: [Double], capacity: Int = 4096) -> SeriesHistory {
        var h = SeriesHistory(capacity: capacity)
        for (i, v) in values.enumerated() { h.append(iteration: i + 1, value: v) }
        return h
    }

    @Test(arguments: [false, true])
    func autoscaleContainsTheNewestSpike(_ logY: Bool) {
        let values = (1...300).map { 2.3 / Double($0) } + [50]
        let chart = LossChart(history: Self.history(values), logY: logY, window: 100)
        let view = chart.view()!
        #expect(view.yRange.contains(50))
        #expect(view.yRange.contains(2.3 / 300))
        #expect(view.xRange.upperBound == 301)
        #expect(view.buckets.first!.lastIteration == 202, "the window holds the last 100 iterations")
    }

    @Test func theNewestPointIsDrawnInTheTopRightCell() {
        let values = (1...300).map { 2.3 / Double($0) } + [50]
        var g = Grid(width: 40, height: 12)
        let chart = LossChart(history: Self.history(values), smoothing: 0, glyphs: .ascii, ascii: true)
        chart.render(into: &g, area: Rect(width: 40, height: 12))
        // Inside the frame: row 1 is the plot's top row, column 38 its last column.
        #expect(g[38, 1].character == "*")
    }

    @Test func fullHistoryAfterMergesStartsAtTheFirstIteration() {
        let values = (1...10_000).map { 1 + 1 / Double($0) }
        let view = LossChart(history: Self.history(values, capacity: 256)).view()!
        #expect(view.buckets.count <= 256)
        #expect(view.xRange.lowerBound < 50)
        #expect(view.xRange.upperBound > 9_950)
    }

    @Test func recentWindowKeepsFullResolutionAfterMerges() {
        let values = (1...1000).map { Double($0 % 7) }
        var history = SeriesHistory(capacity: 16, recentCapacity: 64)
        for (i, v) in values.enumerated() { history.append(iteration: i + 1, value: v) }
        let view = LossChart(history: history, smoothing: 0, window: 20).view()!
        #expect(view.buckets.map(\.lastIteration) == Array(981...1000))
        #expect(Array(view.smoothed) == Array(values[980...]), "smoothing 0 shows the raw samples")
        let coarse = LossChart(history: history, smoothing: 0, window: 500).view()!
        #expect(coarse.buckets.count < 20 && coarse.buckets.last!.lastIteration == 1000,
                "windows longer than the unmerged samples fall back to buckets")
    }

    @Test func logScaleIgnoresValuesItCannotShow() {
        let view = LossChart(history: Self.history([0, -1, 0.5, 2]), logY: true).view()!
        #expect(view.yRange.lowerBound > 0)
        #expect(view.yRange.contains(0.5) && view.yRange.contains(2))
    }

    @Test func smoothingIsDebiasedOverTheWholeHistory() {
        let view = LossChart(history: Self.history([1, 2, 3, 4]), smoothing: 0.5, window: 2).view()!
        #expect(Array(view.smoothed) == Array(EMA.debiased([1, 2, 3, 4], smoothing: 0.5)[2...]))
    }

    @Test func legendAndLabels() {
        var g = Grid(width: 60, height: 10)
        let chart = LossChart(history: Self.history([2.5, 2.0, 1.5]), smoothing: 0.6, logY: true, window: 500,
                              colorMode: .monochrome)
        chart.render(into: &g, area: Rect(width: 60, height: 10))
        #expect(g.lines[0].hasPrefix("┌─ Loss  raw 1.5 EMA(0.6) "))
        #expect(g.lines[0].contains(" log last 500 "))
        #expect(g.lines[8].contains("1"), "x labels under the plot")
        #expect(g.lines[8].hasSuffix("3│"))
    }

    @Test func waitsForTheFirstIteration() {
        var g = Grid(width: 40, height: 6)
        LossChart(history: SeriesHistory()).render(into: &g, area: Rect(width: 40, height: 6))
        #expect(g.lines.contains { $0.contains("waiting for the first iteration") })
    }

    @Test func markersAppearAtChangeIterations() {
        var g = Grid(width: 30, height: 8)
        let chart = LossChart(history: Self.history(Array(repeating: 1, count: 100)), glyphs: .braille, markers: [50])
        chart.render(into: &g, area: Rect(width: 30, height: 8))
        // Plot rows 1…5; the constant loss runs through row 3 and hides the marker there.
        #expect([1, 2, 4, 5].allSatisfy { g.lines[$0].contains("┊") })
        #expect(!g.lines[3].contains("┊"))
    }
}
