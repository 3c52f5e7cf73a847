import NNDL

/// The figures of both runs in columns: best validation and test accuracy, final loss, iterations; the better
/// of each pair in bold.
struct CompareFigures: Sendable {
    let sides: [CompareSide]
    let colorMode: ColorMode
    let ascii: Bool

    /// The width of the label column.
    static let labelWidth = 12

    /// The rows: label, each run's text, and which is better (higher: +1, lower: −1, neither: 0).
    func rows() -> [(label: String, values: [String], better: Int?)] {
        func pick(_ values: [Double?], higher: Bool) -> Int? {
            guard let x = values[0], let y = values[1], x.isFinite, y.isFinite, x != y else { return nil }
            return (x > y) == higher ? 0 : 1
        }
        let runs = sides.map(\.run)
        let best = runs.map(\.bestValAccuracy), test = runs.map(\.testAccuracy), loss = runs.map(\.finalLoss)
        return [
            ("best val", best.map { $0.map { Format.fixed($0) } ?? "-" }, pick(best, higher: true)),
            ("test", test.map { $0.map { Format.fixed($0) } ?? "-" }, pick(test, higher: true)),
            ("final loss", loss.map { $0.map { Format.number($0) } ?? "-" }, pick(loss, higher: false)),
            ("iterations", runs.map { $0.iterations.map(String.init) ?? "-" }, nil),
        ]
    }

    /// Draws the frame, the header row (each run's letter and name) and the figure rows inside `area`.
    func render(into grid: inout Grid, area: Rect) {
        let inner = grid.drawBox(area, title: "Figures", characters: ascii ? .ascii : .unicode,
                                 style: Palette(mode: colorMode).style(.frame))
        let column = max(1, (inner.width - CompareFigures.labelWidth - 1) / 2)
        let x0 = inner.x + 1 + CompareFigures.labelWidth
        for (i, s) in sides.enumerated() {
            let name = String("\(s.letter) \(s.run.name)".prefix(column - 1))
            grid.write(name, x: x0 + i * column, y: inner.y, clip: inner, style: s.style)
        }
        for (row, figure) in rows().enumerated() {
            let y = inner.y + 1 + row
            grid.write(figure.label, x: inner.x + 1, y: y, clip: inner, style: Style(attributes: .dim))
            for (i, text) in figure.values.enumerated() {
                let style = figure.better == i ? Style(attributes: .bold) : .plain
                grid.write(String(text.prefix(column - 1)), x: x0 + i * column, y: y, clip: inner, style: style)
            }
        }
    }
}

/// The config keys whose values differ, each with both values in the runs' colours.
struct CompareDifferences: Sendable {
    let rows: [(key: String, a: String, b: String)]
    let sides: [CompareSide]
    let colorMode: ColorMode
    let ascii: Bool

    /// Draws the frame and as many rows as fit; the last row counts the rest when some do not.
    func render(into grid: inout Grid, area: Rect) {
        let inner = grid.drawBox(area, title: "Config differences (\(rows.count))", characters: ascii ? .ascii : .unicode,
                                 style: Palette(mode: colorMode).style(.frame))
        guard !rows.isEmpty else {
            grid.write("same config", x: inner.x + 1, y: inner.y, clip: inner, style: Style(attributes: .dim))
            return
        }
        let shown = rows.count <= inner.height ? rows.count : max(0, inner.height - 1)
        let keyWidth = min(rows.map(\.key.count).max() ?? 0, inner.width / 2)
        let column = max(1, (inner.width - keyWidth - 3) / 2)
        for (row, diff) in rows.prefix(shown).enumerated() {
            let y = inner.y + row
            var x = grid.write(String(diff.key.prefix(keyWidth)), x: inner.x + 1, y: y, clip: inner, style: Style(attributes: .dim))
            x = max(x, inner.x + 1 + keyWidth) + 2
            for (i, value) in [diff.a, diff.b].enumerated() {
                grid.write(String(value.prefix(column - 1)), x: x + i * column, y: y, clip: inner, style: sides[i].style)
            }
        }
        if shown < rows.count {
            grid.write("+\(rows.count - shown) more", x: inner.x + 1, y: inner.y + shown, clip: inner,
                       style: Style(attributes: .dim))
        }
    }
}

/// Both runs' loss (EMA) and accuracy curves on shared axes.
struct CompareCharts: Sendable {
    let sides: [CompareSide]
    let glyphs: GlyphMode
    let colorMode: ColorMode
    let ascii: Bool

    /// Each run's loss as EMA(`CompareView.smoothing`) over at most 512 buckets: (iterations, values).
    func smoothedLoss(_ run: ComparedRun) -> (xs: [Double], ys: [Double]) {
        var history = SeriesHistory(capacity: 512, recentCapacity: 1)
        for (i, v) in run.loss.enumerated() { history.append(iteration: i + 1, value: v) }
        let buckets = history.buckets
        let ema = EMA.debiased(buckets.map(\.mean), weights: buckets.map(\.finiteSamples), smoothing: CompareView.smoothing)
        return (buckets.map(\.iteration), ema)
    }

    /// The loss panel: a legend on the top edge, both curves, run B on top.
    func renderLoss(into grid: inout Grid, area: Rect) {
        let series = sides.map { s in
            let (xs, ys) = smoothedLoss(s.run)
            return ChartSeries(xs: xs, ys: ys, look: SeriesStyle(style: s.style, marker: s.letter))
        }
        let title = "Loss EMA(\(Format.number(CompareView.smoothing)))"
        let inner = frame(title, into: &grid, area: area)
        let legend = sides.map { ((ascii ? "" : "━ ") + String($0.letter), $0.style) }
        drawLegend(into: &grid, area: area, at: title.count + 3, pieces: legend)
        let values = series.flatMap(\.ys)
        guard let last = series.compactMap(\.xs.last).max() else {
            return placeholder("no loss history in these checkpoints", into: &grid, inner: inner)
        }
        let y = LossChart.autoscale(buckets: [], smoothed: values[...], logY: false)
        chart(series, x: 1...max(last, 2), y: y).render(into: &grid, area: inner)
    }

    /// The accuracy panel: each run's latest validation and training accuracy on a legend row, then the curves
    /// (validation bold, training dim; ASCII `A`/`a`, `B`/`b`).
    func renderAccuracy(into grid: inout Grid, area: Rect) {
        let inner = frame(ascii ? "Accuracy - val A B, train a b" : "Accuracy · val bold, train dim", into: &grid, area: area)
        let series = sides.flatMap { s -> [ChartSeries] in
            let xs = s.run.checkIterations.map(Double.init)
            return [ChartSeries(xs: xs, ys: s.run.trainAccuracy, look: SeriesStyle(style: s.trainStyle, marker: s.trainMarker)),
                    ChartSeries(xs: xs, ys: s.run.valAccuracy, look: SeriesStyle(style: s.style, marker: s.letter))]
        }
        guard let last = series.compactMap(\.xs.last).max() else {
            return placeholder("no accuracy history in these checkpoints", into: &grid, inner: inner)
        }
        let legend: [(String, Style)] = sides.flatMap { s -> [(String, Style)] in
            let val = s.run.valAccuracy.last.map { Format.fixed($0) } ?? "-"
            let train = s.run.trainAccuracy.last.map { Format.fixed($0) } ?? "-"
            return [("\(s.letter) val \(val)", s.style), (" train \(train)  ", s.trainStyle)]
        }
        grid.write(legend, x: inner.x + 1, y: inner.y, clip: inner)
        let values = series.flatMap(\.ys).filter(\.isFinite)
        let pad = max(((values.max() ?? 1) - (values.min() ?? 0)) * 0.05, 0.01)
        let y = max(0, (values.min() ?? 0) - pad)...min(1, (values.max() ?? 1) + pad)
        let first = series.compactMap(\.xs.first).min() ?? 0
        chart(series, x: first...max(last, first + 1), y: y).render(into: &grid, area: inner.droppingTop(1))
    }

    /// A line chart of `series` in this view's glyphs and frame colour.
    func chart(_ series: [ChartSeries], x: ClosedRange<Double>, y: ClosedRange<Double>) -> LineChart {
        var chart = LineChart(series: series, xRange: x, yRange: y)
        chart.glyphs = glyphs
        chart.ascii = ascii
        chart.axisStyle = Palette(mode: colorMode).style(.frame)
        return chart
    }

    /// Draws a frame titled `title`; returns the inside.
    func frame(_ title: String, into grid: inout Grid, area: Rect) -> Rect {
        grid.drawBox(area, title: title, characters: ascii ? .ascii : .unicode, style: Palette(mode: colorMode).style(.frame))
    }

    /// Styled pieces on the frame's top edge, `offset` columns in.
    func drawLegend(into grid: inout Grid, area: Rect, at offset: Int, pieces: [(String, Style)]) {
        let edge = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1)
        let spaced = pieces.flatMap { [(" ", Style.plain), $0] } + [(" ", .plain)]
        grid.write(spaced, x: area.x + offset, y: area.y, clip: edge)
    }

    /// A dim line centred in `inner`.
    func placeholder(_ text: String, into grid: inout Grid, inner: Rect) {
        let at = inner.centered(width: text.count, height: 1)
        grid.write(text, x: at.x, y: at.y, clip: inner, style: Style(attributes: .dim))
    }
}
