import NNDL

/// Every W1 filter as large as the screen allows (`v`), live while training, with the notebook's question beside
/// it: "what differences do you see in the weights between the suboptimal net and the best net?"
public struct FilterGallery: Sendable {
    /// The W1 panel drawn full size (its snapshot, scaling, colours and picture mode).
    public var filters: FilterGrid
    /// The run's best validation accuracy so far, if any.
    public var bestValAccuracy: Double?
    /// The best earlier run's best validation accuracy, when there is one with filters (`b` shows its W1).
    public var earlierBest: (run: Int, accuracy: Double?)?

    /// The notebook's question (section 0.7).
    public static let question = "What differences do you see in the weights between the suboptimal net and "
        + "the best net you arrived at?"
    /// The width of the question column.
    public static let sideWidth = 30

    /// A gallery from its parts.
    public init(filters: FilterGrid, bestValAccuracy: Double? = nil, earlierBest: (run: Int, accuracy: Double?)? = nil) {
        self.filters = filters
        self.bestValAccuracy = bestValAccuracy
        self.earlierBest = earlierBest
    }

    /// The gallery for `state`: its W1 panel, never zoomed.
    public init(_ state: AppState) {
        var grid = Dashboard.filterGrid(state)
        grid.zoomed = nil
        let ghost = state.bestGhostWithFilters
        self.init(filters: grid, bestValAccuracy: state.epochs.last?.bestValAccuracy,
                  earlierBest: ghost.map { ($0.run, $0.bestValAccuracy) })
    }

    /// The lines of the question column, wrapped to `width`.
    public func sideLines(width: Int) -> [String] {
        var lines = FilterGrid.wrap(FilterGallery.question, width: width) + [""]
        lines.append("this run: best val " + (bestValAccuracy.map { Format.fixed($0) } ?? "-"))
        if let earlierBest {
            lines.append("run \(earlierBest.run): best val " + (earlierBest.accuracy.map { Format.fixed($0) } ?? "-"))
            lines += [""] + FilterGrid.wrap("b: this run's W1 beside run \(earlierBest.run)'s", width: width)
        } else {
            lines += [""] + FilterGrid.wrap("r restarts and keeps this run to compare with", width: width)
        }
        return lines + [""] + FilterGrid.wrap("v or Esc closes", width: width)
    }

    /// Clears `area`; the W1 panel takes all but the right column, the question the right column.
    public func render(into grid: inout Grid, area: Rect) {
        grid.fill(area)
        let side = area.droppingLeft(area.width - FilterGallery.sideWidth)
        filters.render(into: &grid, area: area.left(area.width - side.width))
        let frame = Palette(mode: filters.colorMode).style(.frame)
        let inner = grid.drawBox(side, title: "Question", characters: filters.ascii ? .ascii : .unicode, style: frame)
        let text = inner.inset(by: 0).droppingLeft(1)
        for (row, line) in sideLines(width: max(1, text.width - 1)).enumerated() where row < text.height {
            grid.write(line, x: text.x, y: text.y + row, clip: text)
        }
    }
}
