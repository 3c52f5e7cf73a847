import Foundation

/// One series of a line chart: points (x, y), each optionally with a vertical span low…high.
public struct ChartSeries: Sendable {
    /// Point positions along x, increasing.
    public var xs: [Double]
    /// Point values; non-finite values leave a gap.
    public var ys: [Double]
    /// The bottom of each point's span (e.g. a merged bucket's min), or nil for plain points.
    public var lows: [Double]?
    /// The top of each point's span (e.g. a merged bucket's max).
    public var highs: [Double]?
    /// Colour, attributes and ASCII marker.
    public var look: SeriesStyle
    /// Whether consecutive points are joined (block glyphs join by one interpolated level per column).
    public var connected: Bool

    /// A series of points.
    public init(
        xs: [Double], ys: [Double], lows: [Double]? = nil, highs: [Double]? = nil, look: SeriesStyle,
        connected: Bool = true
    ) {
        precondition(xs.count == ys.count, "ChartSeries: one x per y.")
        precondition(lows?.count ?? xs.count == xs.count && highs?.count ?? xs.count == xs.count,
                     "ChartSeries: one span per point.")
        self.xs = xs
        self.ys = ys
        self.lows = lows
        self.highs = highs
        self.look = look
        self.connected = connected
    }
}

/// One character drawn over a chart at a data point (e.g. the best validation accuracy).
public struct ChartMark: Sendable, Equatable {
    /// Position along x.
    public var x: Double
    /// Value.
    public var y: Double
    /// The character.
    public var character: Character
    /// Its style.
    public var style: Style

    /// A mark at (x, y).
    public init(x: Double, y: Double, character: Character, style: Style) {
        self.x = x
        self.y = y
        self.character = character
        self.style = style
    }
}

/// A line chart: series on a dot canvas, y labels in a left gutter, x labels on the bottom row,
/// vertical markers at chosen x positions.
public struct LineChart: Sendable {
    /// Series, bottom layer first; later series win shared cells.
    public var series: [ChartSeries]
    /// The x values at the left and right plot columns.
    public var xRange: ClosedRange<Double>
    /// The values at the bottom and top plot rows (positive when `logY`).
    public var yRange: ClosedRange<Double>
    /// Whether y is drawn on a log10 scale (values ≤ 0 are skipped).
    public var logY = false
    /// Braille, block or ASCII dots.
    public var glyphs: GlyphMode = .braille
    /// x positions that get a vertical marker line behind the data.
    public var markers: [Double] = []
    /// The markers' style.
    public var markerStyle = Style.plain
    /// Characters drawn over the data.
    public var marks: [ChartMark] = []
    /// Whether to draw the y-label gutter and the x-label row.
    public var showAxes = true
    /// Whether axis and marker characters are plain ASCII.
    public var ascii = false
    /// The labels' and axis line's style.
    public var axisStyle = Style.plain

    /// A chart of `series` over the given ranges.
    public init(series: [ChartSeries], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
    }

    /// Draws the chart inside `area` only.
    public func render(into grid: inout Grid, area: Rect) {
        let plot = plotArea(in: area)
        guard plot.width > 0, plot.height > 0 else { return }
        if showAxes { drawAxes(into: &grid, area: area, plot: plot) }
        drawMarkers(into: &grid, plot: plot)
        let scale = Scale(chart: self, plot: plot)
        var canvas = Canvas(mode: glyphs, columns: plot.width, rows: plot.height, layers: series.count)
        for (layer, s) in series.enumerated() { draw(s, layer: layer, on: &canvas, scale: scale) }
        canvas.render(into: &grid, x: plot.x, y: plot.y, styles: series.map(\.look))
        for mark in marks {
            guard let y = scale.dotY(mark.y) else { continue }
            let (dx, dy) = glyphs.dotsPerCell
            let column = scale.dotX(mark.x) / dx, row = plot.height - 1 - y / dy
            if column >= 0, column < plot.width, row >= 0, row < plot.height {
                grid[plot.x + column, plot.y + row] = mark.style.cell(mark.character)
            }
        }
    }

    /// The cells the dots go in: `area` minus the label gutter and the x-label row.
    public func plotArea(in area: Rect) -> Rect {
        guard showAxes else { return area }
        let gutter = (yLabels(rows: area.height - 1).map(\.text.count).max() ?? 0) + 1
        return Rect(x: area.x + gutter, y: area.y, width: area.width - gutter, height: area.height - 1)
    }

    /// Dots for one series: spans, then points joined by lines.
    func draw(_ s: ChartSeries, layer: Int, on canvas: inout Canvas, scale: Scale) {
        var previous: (x: Int, y: Int)?
        for i in s.xs.indices {
            let x = scale.dotX(s.xs[i])
            if let lows = s.lows, let highs = s.highs, let a = scale.dotY(lows[i]), let b = scale.dotY(highs[i]) {
                canvas.span(layer, x: x, from: a, to: b)
            }
            guard let y = scale.dotY(s.ys[i]) else { previous = nil; continue }
            if s.connected, let p = previous {
                if glyphs == .block { canvas.interpolate(layer, from: p, to: (x, y)) } else { canvas.line(layer, from: p, to: (x, y)) }
            } else {
                canvas.set(layer, x: x, y: y)
            }
            previous = (x, y)
        }
    }
}

// MARK: - Scale and axes

extension LineChart {
    /// Maps data to dots on one plot.
    struct Scale {
        let x0: Double, x1: Double, y0: Double, y1: Double, logY: Bool, width: Int, height: Int

        init(chart: LineChart, plot: Rect) {
            let (dx, dy) = chart.glyphs.dotsPerCell
            logY = chart.logY
            x0 = chart.xRange.lowerBound
            x1 = chart.xRange.upperBound
            y0 = Scale.transform(chart.yRange.lowerBound, logY: logY) ?? 0
            y1 = Scale.transform(chart.yRange.upperBound, logY: logY) ?? y0
            width = plot.width * dx
            height = plot.height * dy
        }

        /// `v` on the plotted axis (log10 when `logY`), nil when it cannot be drawn.
        static func transform(_ v: Double, logY: Bool) -> Double? {
            guard v.isFinite else { return nil }
            if logY { return v > 0 ? log10(v) : nil }
            return v
        }

        /// The dot column of x (clamped near the plot so far-off points cannot overflow).
        func dotX(_ x: Double) -> Int {
            let f = x1 > x0 ? (x - x0) / (x1 - x0) : 0
            return Int((min(max(f, -1), 2) * Double(width - 1)).rounded())
        }

        /// The dot row of value v (0 at the bottom), nil for values the axis cannot show.
        func dotY(_ v: Double) -> Int? {
            guard let t = Scale.transform(v, logY: logY) else { return nil }
            let f = y1 > y0 ? (t - y0) / (y1 - y0) : 0.5
            return Int((min(max(f, -1), 2) * Double(height - 1)).rounded())
        }

        /// The value at dot row `dot`.
        func value(atDot dot: Int) -> Double {
            let t = height > 1 ? y0 + (y1 - y0) * Double(dot) / Double(height - 1) : y0
            return logY ? pow(10, t) : t
        }
    }

    /// The rows (from the plot's top) that carry a y label, and the labels, for a plot `rows` tall.
    func yLabels(rows: Int) -> [(row: Int, text: String)] {
        guard rows > 0 else { return [] }
        var picked = [0, rows - 1]
        if rows >= 5 { picked.append((rows - 1) / 2) }
        if rows >= 11 { picked += [(rows - 1) / 4, 3 * (rows - 1) / 4] }
        let dy = glyphs.dotsPerCell.y
        let scale = Scale(chart: self, plot: Rect(x: 0, y: 0, width: 1, height: rows))
        return Set(picked).sorted().map { row in
            let dot = row == 0 ? rows * dy - 1 : row == rows - 1 ? 0 : (rows - 1 - row) * dy + dy / 2
            return (row, Format.number(scale.value(atDot: dot)))
        }
    }

    /// The gutter (labels and axis line) and the x labels under the plot.
    func drawAxes(into grid: inout Grid, area: Rect, plot: Rect) {
        let labels = yLabels(rows: plot.height)
        let gutter = plot.x - area.x
        for row in 0..<plot.height {
            let label = labels.first { $0.row == row }
            if let label {
                grid.write(Format.padLeft(label.text, gutter - 1), x: area.x, y: plot.y + row, clip: area, style: axisStyle)
            }
            let axis: Character = label == nil ? (ascii ? "|" : "│") : (ascii ? "+" : "┤")
            grid[plot.x - 1, plot.y + row] = axisStyle.cell(axis)
        }
        let left = "\(Int(xRange.lowerBound.rounded()))", right = "\(Int(xRange.upperBound.rounded()))"
        let row = plot.maxY
        grid.write(left, x: plot.x, y: row, clip: area, style: axisStyle)
        if plot.width >= left.count + right.count + 1 {
            grid.write(right, x: plot.maxX - right.count, y: row, clip: area, style: axisStyle)
        }
    }

    /// Vertical marker lines at `markers` inside the x range, drawn before (behind) the data.
    func drawMarkers(into grid: inout Grid, plot: Rect) {
        let scale = Scale(chart: self, plot: plot)
        let dx = glyphs.dotsPerCell.x
        for marker in markers where xRange.contains(marker) {
            let column = plot.x + scale.dotX(marker) / dx
            for row in plot.y..<plot.maxY { grid[column, row] = markerStyle.cell(ascii ? ":" : "┊") }
        }
    }
}
