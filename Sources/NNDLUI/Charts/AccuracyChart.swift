import Foundation
import NNDL

/// The accuracy panel: train and validation accuracy per epoch, their gap, and the best validation accuracy.
public struct AccuracyChart: Sendable {
    /// The epoch reports so far, in order.
    public var epochs: [EpochReport]
    /// Epochs planned (the x axis reaches at least this far).
    public var totalEpochs: Int
    /// Braille, block or ASCII dots.
    public var glyphs: GlyphMode
    /// The colours.
    public var colorMode: ColorMode
    /// Whether frames and marks use ASCII.
    public var ascii: Bool
    /// Fractional epochs where hyperparameters changed.
    public var markers: [Double]
    /// Earlier runs, oldest first: their train and validation accuracies are drawn dimmed behind this run's.
    public var ghosts: [GhostRun]

    /// An accuracy panel over `epochs`.
    public init(
        epochs: [EpochReport], totalEpochs: Int, glyphs: GlyphMode = .braille, colorMode: ColorMode = .indexed256,
        ascii: Bool = false, markers: [Double] = [], ghosts: [GhostRun] = []
    ) {
        self.ghosts = ghosts
        self.epochs = epochs
        self.totalEpochs = totalEpochs
        self.markers = markers
        self.glyphs = glyphs
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The epoch with the best validation accuracy (the earliest on ties).
    public var best: EpochReport? {
        epochs.reduce(nil) { best, e in (best.map { e.valAccuracy > $0.valAccuracy } ?? true) ? e : best }
    }

    /// The latest train − validation accuracy.
    public var gap: Double? { epochs.last.map { $0.trainAccuracy - $0.valAccuracy } }

    /// Draws the frame (title with the best validation accuracy), a legend row, and the chart inside `area`.
    public func render(into grid: inout Grid, area: Rect) {
        let palette = Palette(mode: colorMode)
        var title = "Accuracy"
        if let best { title += " · best val \(Format.fixed(best.valAccuracy)) (ep \(best.epoch))" }
        if ascii { title = title.replacingOccurrences(of: "·", with: "-") }
        let inner = grid.drawBox(area, title: title, characters: ascii ? .ascii : .unicode, style: palette.style(.frame))
        guard let last = epochs.last else {
            let text = "waiting for the first epoch"
            let at = inner.centered(width: text.count, height: 1)
            grid.write(text, x: at.x, y: at.y, clip: inner, style: Style(attributes: .dim))
            return
        }
        let legend: [(String, Style)] = [
            ("\(ascii ? "+" : "━") train \(Format.fixed(last.trainAccuracy))", palette.style(.train, .bold)),
            ("  ", .plain),
            ("\(ascii ? "o" : "━") val \(Format.fixed(last.valAccuracy))", palette.style(.validation, .bold)),
            ("  gap \(Format.signed(gap ?? 0))", .plain),
        ]
        grid.write(legend, x: inner.x + 1, y: inner.y, clip: inner)
        chart(palette: palette).render(into: &grid, area: inner.droppingTop(1))
    }

    /// Ghosts at the bottom, then train, validation on top, the best validation point marked.
    func chart(palette: Palette) -> LineChart {
        let xs = epochs.map { Double($0.epoch) }
        let train = ChartSeries(
            xs: xs, ys: epochs.map(\.trainAccuracy),
            look: SeriesStyle(style: palette.style(.train, monochrome: .dim), marker: "+"))
        let val = ChartSeries(
            xs: xs, ys: epochs.map(\.valAccuracy),
            look: SeriesStyle(style: palette.style(.validation, monochrome: .bold), marker: "o"))
        let first = xs.first ?? 0
        let longest = ghosts.compactMap(\.epochs.last).max() ?? first
        let xRange = first...max(Double(totalEpochs), xs.last ?? first, first + 1, longest)
        var chart = LineChart(series: ghostSeries() + [train, val], xRange: xRange, yRange: yRange())
        chart.glyphs = glyphs
        chart.ascii = ascii
        chart.axisStyle = palette.style(.frame)
        chart.markers = markers
        chart.markerStyle = palette.style(.marker)
        if let best {
            chart.marks = [ChartMark(x: Double(best.epoch), y: best.valAccuracy, character: ascii ? "@" : "◆",
                                     style: palette.style(.best, .bold))]
        }
        return chart
    }

    /// Each ghost's train and validation accuracy (oldest ghost first), in its dim style.
    func ghostSeries() -> [ChartSeries] {
        ghosts.enumerated().flatMap { i, ghost in
            let look = SeriesStyle(style: GhostRun.style(age: ghosts.count - 1 - i, colorMode: colorMode), marker: ghost.marker)
            return [ChartSeries(xs: ghost.epochs, ys: ghost.trainAccuracy, look: look),
                    ChartSeries(xs: ghost.epochs, ys: ghost.valAccuracy, look: look)]
        }
    }

    /// The accuracies' range (this run's and the ghosts') padded by 5 % (at least ±0.01), inside 0…1.
    func yRange() -> ClosedRange<Double> {
        let live = epochs.flatMap { [$0.trainAccuracy, $0.valAccuracy] }
        let values = (live + ghosts.flatMap { $0.trainAccuracy + $0.valAccuracy }).filter(\.isFinite)
        guard let low = values.min(), let high = values.max() else { return 0...1 }
        let pad = max((high - low) * 0.05, 0.01)
        return max(0, low - pad)...min(1, high + pad)
    }
}
