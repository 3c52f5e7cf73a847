import NNDL

/// Draws the sweep view: the table of runs with a status row and a key row, or one run's full dashboard.
public enum SweepView {
    /// The key hints under the table.
    public static let tableHints = "↑↓ select  Enter open run  a tuning key  q quit"
    /// The key hints under a run's dashboard.
    public static let runHints = "Esc back to the table  l/w/g loss chart  m confusion  s snapshot  e CSV  q quit  ? help"
    /// The question `q` asks while runs are unfinished.
    public static let quitQuestion = "Quit the sweep? Running runs stop, finished rows are kept. y quits, any other key cancels"

    /// The `width` × `height` screen for `state` at time `now` (the dashboard's "too small" notice below 80×24).
    public static func render(_ state: SweepState, width: Int, height: Int, now: Double) -> Grid {
        let screen = Rect(width: width, height: height)
        guard width >= DashboardLayout.minimumSize.width, height >= DashboardLayout.minimumSize.height else {
            var grid = Grid(width: width, height: height)
            TooSmallMessage(ascii: state.ascii).render(into: &grid, area: screen)
            return grid
        }
        if case let .run(i) = state.screen, state.runs.indices.contains(i) {
            var grid = Dashboard.render(state.runs[i].dashboard, width: width, height: height, now: now)
            renderRunFooter(state, run: state.runs[i].dashboard, into: &grid, row: screen.bottom(1), now: now)
            return grid
        }
        var grid = Grid(width: width, height: height)
        SweepStatusLine(state).render(into: &grid, area: screen.top(1))
        let body = screen.droppingTop(1).top(height - 2)
        let tableHeight = tableRows(state, body: body.height)
        let boxes: BoxCharacters = state.ascii ? .ascii : .unicode
        let title = "Runs (\(state.runs.count)) · \(state.ranking == .best ? "best" : "final") validation first"
        let inside = grid.drawBox(body.top(tableHeight),
                                  title: state.ascii ? title.replacingOccurrences(of: "·", with: "-") : title,
                                  characters: boxes, style: Palette(mode: state.colorMode).style(.frame))
        SweepTable(state).render(into: &grid, area: inside)
        if tableHeight < body.height { SweepLowerPanel(state).render(into: &grid, area: body.droppingTop(tableHeight)) }
        renderFooter(state, hints: hints(state), into: &grid, row: screen.bottom(1), now: now)
        return grid
    }

    /// The table box's height in a body `body` rows tall: every run's row when the lower panel still fits below,
    /// else what leaves the panel its minimum (at least two runs' rows), else the whole body.
    static func tableRows(_ state: SweepState, body: Int) -> Int {
        let wanted = max(state.runs.count, 1) + 3, panel = SweepLowerPanel.minimumHeight
        if body - wanted >= panel { return wanted }
        return body - panel >= 5 ? body - panel : body
    }

    /// The table's hints: the keys, and that everything finished once it has.
    static func hints(_ state: SweepState) -> String {
        let hints = state.ascii ? tableHints.replacingOccurrences(of: "↑↓", with: "Up/Down") : tableHints
        if state.watching != nil { return hints }
        return state.isInProgress ? hints : "all \(state.runs.count) runs finished  " + hints
    }

    /// The bottom row: the quit question, the sweep's message, or `hints`.
    static func renderFooter(_ state: SweepState, hints: String, into grid: inout Grid, row: Rect, now: Double) {
        let palette = Palette(mode: state.colorMode)
        grid.fill(row)
        if state.confirmingQuit {
            grid.write(quitQuestion, x: row.x, y: row.y, clip: row, style: palette.style(.error, .bold))
        } else if let message = state.visibleMessage(at: now) {
            grid.write(message.text, x: row.x, y: row.y, clip: row,
                       style: message.isError ? palette.style(.error, .bold) : palette.style(.info))
        } else {
            grid.write(hints, x: row.x, y: row.y, clip: row, style: Style(attributes: .dim))
        }
    }

    /// Over a run's dashboard: the sweep's question or message, else the sweep's hints where the dashboard would
    /// show its own (whose steering keys are off here); the run's messages and typing are left as drawn.
    static func renderRunFooter(_ state: SweepState, run: AppState, into grid: inout Grid, row: Rect, now: Double) {
        let idle = run.mode == .normal && run.visibleMessage(at: now) == nil
        guard state.confirmingQuit || state.visibleMessage(at: now) != nil || idle else { return }
        renderFooter(state, hints: runHints, into: &grid, row: row, now: now)
    }
}

/// The sweep's top row: its name, how many runs are in each state, and the jobs.
public struct SweepStatusLine: Sendable {
    /// The sweep.
    public var state: SweepState

    /// The status line of `state`.
    public init(_ state: SweepState) {
        self.state = state
    }

    /// `toy sweep  4 runs  1 running  2 done  1 queued  jobs 2` (states with no run left out); when watching,
    /// `watch runs  4 runs  1 running  1 stale  2 done`.
    public var text: String {
        let head = state.watching.map { "watch \($0)" } ?? "\(state.name) sweep"
        var pieces = [head, "\(state.runs.count) runs"]
        for status in SweepRunStatus.allCases {
            let n = state.count(status)
            if n > 0 { pieces.append("\(n) \(status.word)") }
        }
        if state.watching == nil { pieces.append("jobs \(state.jobs)") }
        return pieces.joined(separator: "  ")
    }

    /// Fills `area`'s first row with the bar and the text.
    public func render(into grid: inout Grid, area: Rect) {
        guard !area.isEmpty else { return }
        let palette = Palette(mode: state.colorMode)
        let base = state.colorMode == .monochrome ? Style(attributes: .reverse)
            : Style(foreground: .default, background: palette.color(.statusBar))
        let row = area.top(1)
        grid.fill(row, with: base.cell(" "))
        grid.write(text, x: row.x + 1, y: row.y, clip: row, style: base.adding(.bold))
    }
}
