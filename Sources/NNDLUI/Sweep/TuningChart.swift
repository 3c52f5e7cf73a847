import Foundation

/// The notebook's tuning picture: each run's best validation accuracy against its value of one swept key, a point
/// per run (the selected one drawn bold), on a log10 x axis when the values are positive and span a factor of 10.
public struct TuningChart: Sendable {
    /// The sweep (or watched folder).
    public var state: SweepState

    /// The tuning chart of `state`'s `tuningAxis`.
    public init(_ state: SweepState) {
        self.state = state
    }

    /// A run's point: its value of the axis, as given and as a number, and its best validation accuracy.
    struct Point: Equatable {
        let text: String
        let value: Double
        let best: Double
        let selected: Bool
    }

    /// The runs with a numeric value of the axis and a best validation accuracy.
    func points() -> [Point] {
        guard state.axes.indices.contains(state.tuningAxis) else { return [] }
        return state.runs.compactMap { run in
            guard run.settings.indices.contains(state.tuningAxis), let best = run.bestValAccuracy else { return nil }
            let text = run.settings[state.tuningAxis]
            guard let value = Double(text), value.isFinite else { return nil }
            return Point(text: text, value: value, best: best, selected: run.index == state.selected)
        }
    }

    /// Whether `points` go on a log axis.
    static func isLog(_ points: [Point]) -> Bool {
        guard let low = points.map(\.value).min(), let high = points.map(\.value).max(), low > 0 else { return false }
        return high / low >= 10
    }

    /// Draws the frame and the chart in `area` (a line saying why when there is nothing to plot).
    public func render(into grid: inout Grid, area: Rect) {
        let palette = Palette(mode: state.colorMode)
        let key = state.axes.indices.contains(state.tuningAxis) ? SweepTable.title(of: state.axes[state.tuningAxis]) : nil
        let points = points(), log = Self.isLog(points)
        let title = "Best val vs " + (key ?? "a swept value") + (log ? " (log)" : "")
        let inner = grid.drawBox(area, title: title, characters: state.ascii ? .ascii : .unicode,
                                 style: palette.style(.frame))
        guard points.count >= 1 else {
            let text = key == nil ? "no setting differs between the runs" : "no numeric values with a validation accuracy yet"
            let at = inner.centered(width: min(text.count, inner.width), height: 1)
            grid.write(text, x: at.x, y: at.y, clip: inner, style: Style(attributes: .dim))
            return
        }
        chart(points, log: log, palette: palette).render(into: &grid, area: inner)
        labelX(points, log: log, chartArea: inner, into: &grid)
    }

    /// The points as marks on accuracy 0…the best + 10%, x padded so the ends are not on the frame.
    func chart(_ points: [Point], log: Bool, palette: Palette) -> LineChart {
        let xs = points.map { log ? log10($0.value) : $0.value }
        let (low, high) = (xs.min()!, xs.max()!)
        let pad = high > low ? (high - low) * 0.05 : max(abs(low) * 0.1, 1e-9)
        let top = min(1, (points.map(\.best).max() ?? 1) * 1.1)
        var chart = LineChart(series: [], xRange: (low - pad)...(high + pad), yRange: 0...max(top, 0.01))
        chart.ascii = state.ascii
        chart.glyphs = state.ascii ? .ascii : .braille
        chart.axisStyle = palette.style(.frame)
        chart.marks = zip(points, xs).map { p, x in
            ChartMark(x: x, y: p.best, character: state.ascii ? (p.selected ? "@" : "o") : (p.selected ? "◆" : "●"),
                      style: p.selected ? palette.style(.best, .bold) : palette.style(.validation))
        }
        return chart
    }

    /// The smallest and largest values as given (`1e-4`, `1e-2`) in place of the chart's numeric x labels.
    func labelX(_ points: [Point], log: Bool, chartArea: Rect, into grid: inout Grid) {
        let chart = LineChart(series: [], xRange: 0...1, yRange: 0...1)
        let plot = chart.plotArea(in: chartArea)
        guard let lowest = points.min(by: { $0.value < $1.value }),
              let highest = points.max(by: { $0.value < $1.value }) else { return }
        let row = Rect(x: plot.x, y: plot.maxY, width: plot.width, height: 1)
        let style = Palette(mode: state.colorMode).style(.frame)
        grid.fill(row)
        grid.write(lowest.text, x: row.x, y: row.y, clip: row, style: style)
        if highest.value != lowest.value && row.width >= lowest.text.count + highest.text.count + 1 {
            grid.write(highest.text, x: row.maxX - highest.text.count, y: row.y, clip: row, style: style)
        }
    }
}
