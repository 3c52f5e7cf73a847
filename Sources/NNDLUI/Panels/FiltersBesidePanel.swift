import NNDL

/// This run's W1 grid beside the best earlier run's, over the dashboard (`b`): the notebook's "what differences do
/// you see in the weights" between a suboptimal and a better run.
public struct FiltersBesidePanel: Sendable {
    /// This run's newest W1, or nil before the first snapshot.
    public var current: FilterSnapshot?
    /// This run's number.
    public var run: Int
    /// The earlier run drawn beside it.
    public var ghost: GhostRun?
    /// Per-filter or global scaling (`f`), for both grids.
    public var scaling: FilterScaling
    /// The colours.
    public var colorMode: ColorMode
    /// How the pictures are drawn.
    public var graphics: GraphicsMode
    /// Whether only ASCII may be drawn (forces the luminance ramp).
    public var ascii: Bool

    /// A panel from its parts.
    public init(current: FilterSnapshot?, run: Int, ghost: GhostRun?, scaling: FilterScaling = .perFilter,
                colorMode: ColorMode = .indexed256, graphics: GraphicsMode = .blocks, ascii: Bool = false) {
        self.graphics = ascii ? .ascii : graphics
        self.current = current
        self.run = run
        self.ghost = ghost
        self.scaling = scaling
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The panel for `state`: its filters beside its best earlier run's.
    public init(_ state: AppState) {
        self.init(current: state.filters, run: state.run, ghost: state.bestGhostWithFilters,
                  scaling: state.view.filterScaling, colorMode: state.colorMode, graphics: state.display.graphics,
                  ascii: state.ascii)
    }

    /// The two frame titles: `W1 now · run 3 · it 1200 · per-filter` and `W1 run 2 · best 0.412 · it 1000`.
    public var titles: [String] {
        let dot = ascii ? "-" : "·"
        let now = "W1 now \(dot) run \(run)" + (current.map { " \(dot) it \($0.iteration)" } ?? "") + " \(dot) \(scaling.rawValue)"
        guard let ghost else { return [now, "W1 earlier run"] }
        let best = ghost.bestValAccuracy.map { " \(dot) best \(Format.fixed($0))" } ?? ""
        return [now, "W1 run \(ghost.run)\(best)" + (ghost.filters.map { " \(dot) it \($0.iteration)" } ?? "")]
    }

    /// Clears `area` and draws the two grids side by side, each fitted into half of it.
    public func render(into grid: inout Grid, area: Rect) {
        grid.fill(area)
        let frame = Palette(mode: colorMode).style(.frame)
        let halves = [area.left(area.width / 2), area.droppingLeft(area.width / 2)]
        for (i, snapshot) in [current, ghost?.filters].enumerated() {
            let inner = grid.drawBox(halves[i], title: titles[i], characters: ascii ? .ascii : .unicode, style: frame)
            guard let snapshot, snapshot.count > 0 else {
                let text = "waiting for weights"
                let at = inner.centered(width: text.count, height: 1)
                grid.write(text, x: at.x, y: at.y, clip: inner, style: Style(attributes: .dim))
                continue
            }
            FilterGrid.draw(FilterImage.grid(of: snapshot, scaling: scaling, padding: FilterGrid.padding(for: graphics)),
                            into: &grid, area: inner, colorMode: colorMode, graphics: graphics)
        }
    }
}
