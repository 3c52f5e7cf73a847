import Foundation
import NNDL

/// The loss panel: raw minibatch loss (bucket means with min–max spans) and its debiased EMA.
public struct LossChart: Sendable {
    /// The bounded loss history.
    public var history: SeriesHistory
    /// EMA smoothing in [0, 1).
    public var smoothing: Double
    /// Whether y is log-scaled.
    public var logY: Bool
    /// The number of recent iterations shown, or nil for the full history.
    public var window: Int?
    /// Braille, block or ASCII dots.
    public var glyphs: GlyphMode
    /// Iterations where hyperparameters changed.
    public var markers: [Int]
    /// The colours.
    public var colorMode: ColorMode
    /// Whether frames and markers use ASCII.
    public var ascii: Bool
    /// Earlier runs, oldest first, drawn dimmed behind this one with a legend line each.
    public var ghosts: [GhostRun]
    /// The live run's starting hyperparameters, which each ghost's legend is compared with.
    public var baseline: Hyperparameters?

    /// A loss panel over `history`.
    public init(
        history: SeriesHistory, smoothing: Double = 0.9, logY: Bool = false, window: Int? = nil,
        glyphs: GlyphMode = .braille, markers: [Int] = [], colorMode: ColorMode = .indexed256, ascii: Bool = false,
        ghosts: [GhostRun] = [], baseline: Hyperparameters? = nil
    ) {
        self.ghosts = ghosts
        self.baseline = baseline
        self.history = history
        self.smoothing = smoothing
        self.logY = logY
        self.window = window
        self.glyphs = glyphs
        self.markers = markers
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// What is on screen: the visible buckets, their EMA, and the axis ranges.
    public struct View: Sendable {
        /// The visible buckets, oldest first.
        public var buckets: ArraySlice<SeriesHistory.Bucket>
        /// The debiased EMA at each visible bucket (computed over the whole history).
        public var smoothed: ArraySlice<Double>
        /// Iterations across the plot.
        public var xRange: ClosedRange<Double>
        /// Loss values up the plot, containing every visible point (the newest included).
        public var yRange: ClosedRange<Double>
    }

    /// The visible part of the history and its autoscaled ranges; nil before the first iteration.
    /// A recent window is drawn from the unmerged samples when they reach back far enough, else from buckets.
    public func view() -> View? {
        if let window, let fine = fineView(window: window) { return fine }
        let all = history.buckets
        guard let last = all.last else { return nil }
        let ema = EMA.debiased(all.map(\.mean), weights: all.map(\.finiteSamples), smoothing: smoothing)
        let start = window.map { history.firstIndex(reaching: last.lastIteration - $0 + 1) } ?? 0
        return makeView(all[start...], ema[start...])
    }

    /// The last `window` iterations one sample a point: the EMA runs over the buckets that end before the
    /// unmerged samples begin, then over those samples; nil when the unmerged samples do not reach back.
    func fineView(window: Int) -> View? {
        guard let latest = history.latest?.iteration else { return nil }
        let start = latest - window + 1
        let split = history.firstIndex(reaching: start)
        guard let oldest = history.oldestRecentIteration, split < history.buckets.count,
              oldest <= history.buckets[split].firstIteration else { return nil }
        let prefix = history.buckets[..<split]
        let raw = history.recentSamples(after: prefix.last?.lastIteration ?? Int.min)
        let ema = EMA.debiased(prefix.map(\.mean) + raw.map(\.mean),
                               weights: prefix.map(\.finiteSamples) + raw.map(\.finiteSamples), smoothing: smoothing)
        let first = raw.firstIndex { $0.lastIteration >= start } ?? raw.count
        guard first < raw.count else { return nil }
        return makeView(raw[first...], ema[(prefix.count + first)...])
    }

    /// A view of `buckets` with their smoothed values and autoscaled ranges.
    func makeView(_ buckets: ArraySlice<SeriesHistory.Bucket>, _ smoothed: ArraySlice<Double>) -> View {
        let x0 = buckets.first!.iteration, x1 = max(buckets.last!.iteration, x0)
        let yRange = LossChart.autoscale(buckets: buckets, smoothed: smoothed, logY: logY)
        return View(buckets: buckets, smoothed: smoothed, xRange: x0...x1, yRange: yRange)
    }

    /// The smallest padded range holding every finite (positive, when `logY`) low, high and smoothed value.
    static func autoscale(
        buckets: ArraySlice<SeriesHistory.Bucket>, smoothed: ArraySlice<Double>, logY: Bool
    ) -> ClosedRange<Double> {
        var low = Double.infinity, high = -Double.infinity
        func include(_ v: Double) {
            guard let t = LineChart.Scale.transform(v, logY: logY) else { return }
            low = min(low, t)
            high = max(high, t)
        }
        for b in buckets { include(b.min); include(b.max) }
        for v in smoothed { include(v) }
        guard low <= high else { return logY ? 0.1...10 : 0...1 }
        // At least 1 % of the magnitude (0.05 decades on a log axis), so rounding noise is never magnified.
        let smallest = logY ? 0.05 : max(abs(high), abs(low), 1e-9) * 0.01
        let pad = max((high - low) * 0.05, smallest / 2)
        let (a, b) = (low - pad, high + pad)
        return logY ? pow(10, a)...pow(10, b) : a...b
    }

    /// Draws the frame, the legend on its top edge, and the chart inside `area`.
    public func render(into grid: inout Grid, area: Rect) {
        let palette = Palette(mode: colorMode)
        let frame = palette.style(.frame)
        let inner = grid.drawBox(area, title: "Loss", characters: ascii ? .ascii : .unicode, style: frame)
        guard let view = view() else {
            let text = "waiting for the first iteration"
            let at = inner.centered(width: text.count, height: 1)
            grid.write(text, x: at.x, y: at.y, clip: inner, style: Style(attributes: .dim))
            return
        }
        drawLegend(into: &grid, area: area, view: view, palette: palette)
        let legendRows = min(ghosts.count, inner.height / 3)
        chart(including(ghosts: view), palette: palette).render(into: &grid, area: inner.top(inner.height - legendRows))
        drawGhostLegend(into: &grid, area: inner.bottom(legendRows))
    }

    /// The line chart for `view`: ghosts' EMAs at the bottom, raw loss above them, EMA on top, markers behind.
    func chart(_ view: View, palette: Palette) -> LineChart {
        let xs = view.buckets.map(\.iteration)
        let raw = ChartSeries(
            xs: xs, ys: view.buckets.map(\.mean), lows: view.buckets.map(\.min), highs: view.buckets.map(\.max),
            look: SeriesStyle(style: palette.style(.rawLoss, monochrome: .dim), marker: "."))
        let ema = ChartSeries(
            xs: xs, ys: Array(view.smoothed),
            look: SeriesStyle(style: palette.style(.smoothedLoss, monochrome: .bold), marker: "*"))
        var chart = LineChart(series: ghostSeries(in: view.xRange) + [raw, ema], xRange: view.xRange, yRange: view.yRange)
        chart.logY = logY
        chart.glyphs = glyphs
        chart.markers = markers.map(Double.init)
        chart.markerStyle = palette.style(.marker)
        chart.ascii = ascii
        chart.axisStyle = palette.style(.frame)
        return chart
    }

    /// `raw 2.30 · EMA .9 2.31 · log · last 500` on the frame's top edge, after the title.
    func drawLegend(into grid: inout Grid, area: Rect, view: View, palette: Palette) {
        let edge = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1)
        let latest = history.latest?.value ?? .nan
        let smoothedLatest = view.smoothed.last ?? .nan
        var pieces: [(String, Style)] = [
            (" raw \(Format.number(latest))", palette.style(.rawLoss)), (" ", .plain),
            ("EMA(\(Format.number(smoothing))) \(Format.number(smoothedLatest))", palette.style(.smoothedLoss, .bold)),
        ]
        if logY { pieces.append((" log", palette.style(.frame))) }
        if let window { pieces.append((" last \(window)", palette.style(.frame))) }
        pieces.append((" ", .plain))
        grid.write(pieces, x: area.x + 8, y: area.y, clip: edge)
    }
}

// MARK: - Ghosts

extension LossChart {
    /// Each ghost's smoothed loss inside `xRange` (oldest first), in its dim style.
    func ghostSeries(in xRange: ClosedRange<Double>) -> [ChartSeries] {
        ghosts.enumerated().map { i, ghost in
            let smoothed = ghost.smoothedLoss(smoothing: smoothing)
            let kept = ghost.lossIterations.indices.filter { xRange.contains(ghost.lossIterations[$0]) }
            let look = SeriesStyle(style: GhostRun.style(age: ghosts.count - 1 - i, colorMode: colorMode), marker: ghost.marker)
            return ChartSeries(xs: kept.map { ghost.lossIterations[$0] }, ys: kept.map { smoothed[$0] }, look: look)
        }
    }

    /// `view` with its ranges widened for the ghosts: x to the longest ghost (the full history only), y to every
    /// ghost value inside the x range.
    func including(ghosts view: View) -> View {
        guard !ghosts.isEmpty else { return view }
        var out = view
        if window == nil, let longest = ghosts.compactMap(\.lossIterations.last).max() {
            out.xRange = view.xRange.lowerBound...max(view.xRange.upperBound, longest)
        }
        let values = ghostSeries(in: out.xRange).flatMap(\.ys)
        let outside = values.filter { LineChart.Scale.transform($0, logY: logY) != nil && !view.yRange.contains($0) }
        guard !outside.isEmpty else { return out }
        let live = [view.yRange.lowerBound, view.yRange.upperBound]
        out.yRange = LossChart.autoscale(buckets: [], smoothed: (values + live)[...], logY: logY)
        return out
    }

    /// One line per ghost, newest first, as many as `area` holds: its marker or a dim rule, then its legend.
    func drawGhostLegend(into grid: inout Grid, area: Rect) {
        for (row, i) in ghosts.indices.reversed().prefix(area.height).enumerated() {
            let ghost = ghosts[i]
            let style = GhostRun.style(age: ghosts.count - 1 - i, colorMode: colorMode)
            let sample = ascii || glyphs == .ascii ? "\(ghost.marker)\(ghost.marker)" : "──"
            let pieces: [(String, Style)] = [
                (sample, style), (" " + ghost.legend(against: baseline, ascii: ascii), Style(attributes: .dim)),
            ]
            grid.write(pieces, x: area.x + 1, y: area.y + row, clip: area)
        }
    }
}
