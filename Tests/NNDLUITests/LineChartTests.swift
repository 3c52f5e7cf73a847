import Testing
@testable import NNDLUI

@Suite struct LineChartTests {
    static let plain = SeriesStyle(style: .plain, marker: "*")

    /// A chart of ys at x = 0, 1, 2, … over the given y range, without axes.
    static func chart(_ ys: [Double], y: ClosedRange<Double>, glyphs: GlyphMode, axes: Bool = false) -> LineChart {
        let xs = ys.indices.map(Double.init)
        var chart = LineChart(series: [ChartSeries(xs: xs, ys: ys, look: plain)], xRange: 0...Double(ys.count - 1), yRange: y)
        chart.glyphs = glyphs
        chart.showAxes = axes
        chart.ascii = true
        return chart
    }

    static func draw(_ chart: LineChart, width: Int, height: Int) -> [String] {
        var g = Grid(width: width, height: height)
        chart.render(into: &g, area: Rect(width: width, height: height))
        return g.lines
    }

    struct Case: Sendable, CustomStringConvertible {
        let glyphs: GlyphMode, width: Int, height: Int, expected: [String]
        var description: String { "\(glyphs) \(width)x\(height)" }
    }

    // The rising line 0, 1, 2, 3 on 0…3. Braille 2×1 cells = 4×4 dots: dots (i, i); cell 0 holds (0,0)
    // bit 0x40 and (1,1) bit 0x20 → U+2860, cell 1 holds (2,2) bit 0x02 and (3,3) bit 0x08 → U+280A.
    // Blocks 4×1 = 8 levels: round(v/3·7) = 0, 2, 5, 7. Blocks 4×2 = 16 levels: round(v/3·15) = 0, 5, 10, 15,
    // i.e. levels 0 and 5 in the bottom row, 2 and 7 in the top row. ASCII 4×4: one marker per row.
    static let rising: [Case] = [
        Case(glyphs: .braille, width: 2, height: 1, expected: ["⡠⠊"]),
        Case(glyphs: .block, width: 4, height: 1, expected: ["▁▃▆█"]),
        Case(glyphs: .block, width: 4, height: 2, expected: ["  ▃█", "▁▆  "]),
        Case(glyphs: .ascii, width: 4, height: 4, expected: ["   *", "  * ", " *  ", "*   "]),
    ]

    @Test(arguments: rising)
    func risingLine(_ c: Case) {
        #expect(Self.draw(Self.chart([0, 1, 2, 3], y: 0...3, glyphs: c.glyphs), width: c.width, height: c.height) == c.expected)
    }

    @Test func brailleJoinsPointsWithLines() {
        // 0 → 3 → 0 over 3 cells = 6×4 dots at x = 0, round(2.5) = 3, 5. Bresenham gives (0,0) (1,1) (2,2) (3,3)
        // then (4,2) (4,1) (5,0): cell masks 0x40|0x20, 0x02|0x08, 0x02|0x04|0x80 → U+2860 U+280A U+2886.
        #expect(Self.draw(Self.chart([0, 3, 0], y: 0...3, glyphs: .braille), width: 3, height: 1) == ["⡠⠊⢆"])
    }

    @Test func axesLabelsAndMarkersExactly() {
        // 8×3 with axes: plot 6×2 after a 2-wide gutter and the x-label row; x dots round(x/3·5) = 0, 2, 3, 5,
        // y dots round(v/3) = 0, 0, 1, 1; the marker at x = 1 sits in column round(5/3) = 2, behind the data.
        var chart = Self.chart([0, 1, 2, 3], y: 0...3, glyphs: .ascii, axes: true)
        chart.markers = [1]
        #expect(Self.draw(chart, width: 8, height: 3) == [
            "3+  :***",
            "0+***   ",
            "  0    3",
        ])
    }

    @Test func nonFiniteValuesLeaveAGap() {
        let lines = Self.draw(Self.chart([0, .nan, 0, 0], y: 0...1, glyphs: .ascii), width: 7, height: 1)
        // x = round(i/3·6) = 0, 2, 4, 6: the NaN breaks the line, so nothing joins 0 to 4.
        #expect(lines == ["*   ***"])
    }

    @Test func spansFillFromLowToHigh() {
        let series = ChartSeries(xs: [0], ys: [1], lows: [0], highs: [3], look: Self.plain)
        var chart = LineChart(series: [series], xRange: 0...1, yRange: 0...3)
        chart.showAxes = false
        chart.glyphs = .ascii
        #expect(Self.draw(chart, width: 2, height: 4) == ["* ", "* ", "* ", "* "])
    }

    @Test func logScaleSpacesDecadesEvenly() {
        var chart = Self.chart([1, 10, 100], y: 1...100, glyphs: .ascii)
        chart.logY = true
        #expect(Self.draw(chart, width: 3, height: 3) == ["  *", " * ", "*  "])
        #expect(chart.yLabels(rows: 3).map(\.text) == ["100", "1"])
        #expect(chart.yLabels(rows: 5).map(\.text) == ["100", "10", "1"])
    }

    @Test func laterSeriesWinSharedCells() {
        let a = ChartSeries(xs: [0, 1], ys: [0, 0], look: SeriesStyle(style: .plain, marker: "a"))
        let b = ChartSeries(xs: [1], ys: [0], look: SeriesStyle(style: Style(attributes: .bold), marker: "b"))
        var chart = LineChart(series: [a, b], xRange: 0...1, yRange: 0...1)
        chart.showAxes = false
        chart.glyphs = .ascii
        var g = Grid(width: 2, height: 1)
        chart.render(into: &g, area: Rect(width: 2, height: 1))
        #expect(g.lines == ["ab"])
        #expect(g[1, 0].attributes == .bold)
    }
}
