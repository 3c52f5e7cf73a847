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

    /// The title: the newest raw loss 1.5 and the debiased EMA(0.6) of 2.5, 2.0, 1.5 (1.44 / (1 − 0.6³) = 1.84),
    /// `log`, the window. The log axis spans log10 1.5 … log10 2.5 padded by 0.025 decades (5% of the span is
    /// less): 10^0.151 = 1.42 … 10^0.423 = 2.65; the middle label reads the dot 14 of 28 from the bottom, 1.96. The
    /// x labels are the first and last iterations. The steeper braille line is the raw loss, the other its EMA.
    @Test func legendAndLabels() {
        var g = Grid(width: 60, height: 10)
        let chart = LossChart(history: Self.history([2.5, 2.0, 1.5]), smoothing: 0.6, logY: true, window: 500,
                              colorMode: .monochrome)
        chart.render(into: &g, area: Rect(width: 60, height: 10))
        #expect(g.lines == [
            "┌─ Loss  raw 1.5 EMA(0.6) 1.84 log last 500 ───────────────┐",
            "│2.65┤⠤⠤⢄⣀⣀⣀⣀                                              │",
            "│    │    ⠉⠉⠉⠉⠉⠉⠉⠑⠒⠒⠒⠢⠤⠤⠤⠤⣀⣀⣀⣀⡀                            │",
            "│    │               ⠉⠉⠑⠒⠒⠤⠤⠤⣀⠈⠉⠉⠉⠑⠒⠒⠢⠤⠤⠤⣀⣀⣀               │",
            "│1.96┤                         ⠈⠉⠑⠒⠢⠤⢄⣀⡀    ⠉⠉⠉⠑⠒⠒⠢⠤⠤⠤⣀⣀⣀  │",
            "│    │                                 ⠈⠉⠑⠒⠢⠤⢄⣀⡀         ⠉⠉│",
            "│    │                                         ⠈⠉⠑⠒⠢⠤⢄⣀⡀   │",
            "│1.42┤                                                 ⠈⠉⠑⠒│",
            "│     1                                                   3│",
            "└──────────────────────────────────────────────────────────┘",
        ])
    }

    @Test func waitsForTheFirstIteration() {
        var g = Grid(width: 40, height: 6)
        LossChart(history: SeriesHistory()).render(into: &g, area: Rect(width: 40, height: 6))
        // The notice (31 characters) centred in the 38 × 4 inside: 3 columns in, row (4 − 1) / 2 = 1.
        #expect(g.lines == [
            "┌─ Loss ───────────────────────────────┐",
            "│                                      │",
            "│   waiting for the first iteration    │",
            "│                                      │",
            "│                                      │",
            "└──────────────────────────────────────┘",
        ])
    }

    /// A constant loss of 2 (smoothing 0, so the EMA is the raw line exactly): the axis is 2 ± 1% / 2, labelled
    /// 2.01, 2 and 1.99; 2 is dot round(0.5 · 19) = 10 of 5 × 4 up, the second dot row of the middle cell row (⠒).
    /// The marker at iteration 50 of 1…100 is dot round(49/99 · 45) = 22 of the 23 × 2 across, the plot's column
    /// 11; it is drawn behind the data, so the line hides it in the middle row.
    @Test func markersAppearAtChangeIterations() {
        var g = Grid(width: 30, height: 8)
        let chart = LossChart(history: Self.history(Array(repeating: 2, count: 100)), smoothing: 0, glyphs: .braille,
                              markers: [50])
        chart.render(into: &g, area: Rect(width: 30, height: 8))
        #expect(g.lines == [
            "┌─ Loss  raw 2 EMA(0) 2 ─────┐",
            "│2.01┤           ┊           │",
            "│    │           ┊           │",
            "│   2┤⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒│",
            "│    │           ┊           │",
            "│1.99┤           ┊           │",
            "│     1                   100│",
            "└────────────────────────────┘",
        ])
    }
}
