import NNDL

/// `nndl-tui compare`: two saved runs side by side — figures, config differences, both loss and accuracy curves
/// overlaid, and both W1 grids (the notebook's "what differences do you see in the weights").
public struct CompareView: Sendable {
    /// The first run (drawn in the first colour, ASCII marks `A`/`a`).
    public var a: ComparedRun
    /// The second run (the second colour, `B`/`b`).
    public var b: ComparedRun
    /// Per-filter or global filter scaling (`f`).
    public var scaling: FilterScaling
    /// The colour and picture modes (`c`, `i`).
    public var display: DisplayModes
    /// The colours in use.
    public var colorMode: ColorMode { display.color }
    /// Whether only ASCII may be drawn.
    public var ascii: Bool
    /// Whether the key-hint row is drawn (not when rendering once).
    public var hints: Bool

    /// The EMA smoothing the loss curves are drawn with.
    public static let smoothing = 0.9
    /// The key hints.
    public static let hintText = "q quit  f per-filter / global scaling  c colours  i pictures"

    /// A comparison of `a` and `b`.
    public init(a: ComparedRun, b: ComparedRun, scaling: FilterScaling = .perFilter, colorMode: ColorMode = .indexed256,
                graphics: GraphicsMode = .blocks, ascii: Bool = false, hints: Bool = true) {
        self.a = a
        self.b = b
        self.scaling = scaling
        display = DisplayModes(color: colorMode, graphics: ascii ? .ascii : graphics)
        self.ascii = ascii
        self.hints = hints
    }

    /// The view after `key`: `f` flips the filter scaling, `c` cycles colours; nil when the key quits
    /// (`q`, `Q`, Esc). Other keys change nothing.
    public func handle(_ key: Key) -> CompareView? {
        var next = self
        switch key {
        case .character("q"), .character("Q"), .escape: return nil
        case .character("f"): next.scaling = scaling == .perFilter ? .global : .perFilter
        case .character("c"): next.display.cycleColor()
        case .character("i"): next.display.cycleGraphics()
        default: break
        }
        return next
    }

    /// The `width` × `height` screen: every part, or the too-small notice below 80×24.
    public func render(width: Int, height: Int) -> Grid {
        var grid = Grid(width: width, height: height)
        guard let layout = CompareLayout(width: width, height: height, hints: hints) else {
            TooSmallMessage(ascii: ascii).render(into: &grid, area: Rect(width: width, height: height))
            return grid
        }
        let sides = [side(a, letter: "A"), side(b, letter: "B")]
        drawTitle(into: &grid, area: layout.title, sides: sides)
        CompareFigures(sides: sides, colorMode: colorMode, ascii: ascii).render(into: &grid, area: layout.figures)
        CompareDifferences(rows: ComparedRun.differences(a, b), sides: sides, colorMode: colorMode, ascii: ascii)
            .render(into: &grid, area: layout.differences)
        let charts = CompareCharts(sides: sides, glyphs: ascii ? .ascii : .braille, colorMode: colorMode, ascii: ascii)
        charts.renderLoss(into: &grid, area: layout.loss)
        charts.renderAccuracy(into: &grid, area: layout.accuracy)
        for (s, area) in zip(sides, [layout.filtersA, layout.filtersB]) { drawFilters(s, into: &grid, area: area) }
        if let area = layout.hints {
            grid.write(CompareView.hintText, x: area.x, y: area.y, clip: area, style: Style(attributes: .dim))
        }
        return grid
    }

    /// One run with its letter and looks.
    func side(_ run: ComparedRun, letter: Character) -> CompareSide {
        let palette = Palette(mode: colorMode)
        // The dashboard's EMA orange and train cyan: two hues that stay apart in 256 colours.
        let role: ColorRole = letter == "A" ? .smoothedLoss : .train
        return CompareSide(run: run, letter: letter, style: palette.style(role, .bold),
                           trainStyle: palette.style(role, monochrome: .dim))
    }

    /// `compare  A name  vs  B name` on a bar.
    func drawTitle(into grid: inout Grid, area: Rect, sides: [CompareSide]) {
        let palette = Palette(mode: colorMode)
        let bar = colorMode == .monochrome ? Style(attributes: .reverse) : Style(background: palette.color(.statusBar))
        grid.fill(area, with: bar.cell(" "))
        var pieces: [(String, Style)] = [("compare", bar.adding(.bold))]
        for (i, s) in sides.enumerated() {
            pieces.append((i == 0 ? "  " : "  vs  ", bar))
            var look = s.style
            look.background = bar.background
            look.attributes.formUnion(bar.attributes)
            pieces.append(("\(s.letter) \(s.run.name)", look))
        }
        grid.write(pieces, x: area.x + 1, y: area.y, clip: area)
    }

    /// A run's W1 grid in a frame titled with its letter and name, or why it has none.
    func drawFilters(_ s: CompareSide, into grid: inout Grid, area: Rect) {
        let dot = ascii ? "-" : "·"
        let count = s.run.filters.map { " (\($0.count))" } ?? ""
        let title = "W1 \(s.letter) \(s.run.name)\(count) \(dot) \(scaling.rawValue)"
        let inner = grid.drawBox(area, title: title, characters: ascii ? .ascii : .unicode,
                                 style: Palette(mode: colorMode).style(.frame), titleStyle: s.style)
        guard let filters = s.run.filters, filters.count > 0 else {
            let text = s.run.filtersUnavailable ?? "no W1 in this checkpoint"
            let lines = FilterGrid.wrap(text, width: max(inner.width - 2, 1))
            let at = inner.centered(width: lines.map(\.count).max() ?? 0, height: lines.count)
            for (i, line) in lines.enumerated() {
                grid.write(line, x: at.x, y: at.y + i, clip: inner, style: Style(attributes: .dim))
            }
            return
        }
        let graphics = display.graphics
        FilterGrid.draw(FilterImage.grid(of: filters, scaling: scaling, padding: FilterGrid.padding(for: graphics)),
                        into: &grid, area: inner, colorMode: colorMode, graphics: graphics)
    }
}

/// One run of a comparison with its letter and looks.
struct CompareSide: Sendable {
    let run: ComparedRun
    /// `A` or `B`: the validation and loss marker in ASCII (the training accuracy uses the lower case).
    let letter: Character
    /// Loss and validation accuracy.
    let style: Style
    /// Training accuracy.
    let trainStyle: Style

    /// The lower-case letter.
    var trainMarker: Character { Character(letter.lowercased()) }
}
