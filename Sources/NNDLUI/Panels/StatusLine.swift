import NNDL

/// The top row: run name, model, state word, iteration, epoch, images/s, elapsed time and ETA.
public struct StatusLine: Sendable {
    /// The run's name.
    public var name: String
    /// The model as `3072-50-10 twoLayerNet f64`.
    public var model: String?
    /// The engine's state (nil before the run starts).
    public var state: RunState?
    /// The latest iteration report.
    public var report: IterationReport?
    /// Epochs planned.
    public var totalEpochs: Int
    /// Seconds left, if known.
    public var eta: Double?
    /// The colours.
    public var colorMode: ColorMode

    /// A status line from its figures.
    public init(name: String, model: String?, state: RunState?, report: IterationReport?, totalEpochs: Int,
                eta: Double?, colorMode: ColorMode = .indexed256) {
        self.name = name
        self.model = model
        self.state = state
        self.report = report
        self.totalEpochs = totalEpochs
        self.eta = eta
        self.colorMode = colorMode
    }

    /// The status line of `state`.
    public init(_ state: AppState) {
        self.init(name: state.displayName, model: state.info?.modelDescription, state: state.runState,
                  report: state.lastIteration, totalEpochs: state.totalEpochs, eta: state.eta,
                  colorMode: state.colorMode)
    }

    /// The pieces, each with a priority (0 is kept longest) and a style.
    func segments(base: Style, palette: Palette) -> [(text: String, priority: Int, style: Style)] {
        let word = state?.word ?? "WAITING"
        let wordStyle = state.map { Style(foreground: palette.color(Palette.role(for: $0)), background: base.background,
                                          attributes: base.attributes.union(.bold)) } ?? base
        var out: [(String, Int, Style)] = [(word, 0, wordStyle)]
        if !name.isEmpty { out.insert((name, 5, base.adding(.bold)), at: 0) }
        if let model { out.insert((model, 7, base), at: name.isEmpty ? 0 : 1) }
        guard let r = report else { return out }
        out.append(("it \(r.iteration)/\(r.totalIterations)", 1, base))
        out.append(("ep \(Format.fixed(r.epoch, places: 1))/\(totalEpochs)", 4, base))
        out.append(("\(Format.rate(r.imagesPerSecond)) img/s", 3, base))
        out.append(("elapsed \(Format.duration(r.elapsed))", 6, base))
        if let eta, state != .done, state != .stopped { out.append(("ETA \(Format.duration(eta))", 2, base)) }
        return out
    }

    /// Fills `area`'s first row with the bar and as many pieces as fit, dropping the least important first.
    public func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        let palette = Palette(mode: colorMode)
        let base = colorMode == .monochrome ? Style(attributes: .reverse)
            : Style(foreground: .default, background: palette.color(.statusBar))
        let row = area.top(1)
        grid.fill(row, with: base.cell(" "))
        let all = segments(base: base, palette: palette)
        var kept = Set<Int>(), used = 0
        for i in all.indices.sorted(by: { all[$0].priority < all[$1].priority }) {
            let cost = all[i].text.count + 2
            if used + cost <= row.width + 1 { kept.insert(i); used += cost }
        }
        var x = row.x + 1
        for i in all.indices where kept.contains(i) {
            x = grid.write(all[i].text, x: x, y: row.y, clip: row, style: all[i].style) + 2
        }
    }
}
