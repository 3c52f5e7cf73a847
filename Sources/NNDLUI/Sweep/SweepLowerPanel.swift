/// Below the sweep or watch table: the selected run's loss curve (or, for a task that failed, its log's last lines)
/// beside the tuning chart.
public struct SweepLowerPanel: Sendable {
    /// The sweep (or watched folder).
    public var state: SweepState

    /// The panel of `state`.
    public init(_ state: SweepState) {
        self.state = state
    }

    /// The fewest rows worth drawing the panel in.
    public static let minimumHeight = 8

    /// Draws the selected run's half on the left and the tuning chart on the right of `area`.
    public func render(into grid: inout Grid, area: Rect) {
        let left = area.left(area.width / 2), right = area.droppingLeft(area.width / 2)
        if state.runs.indices.contains(state.selected) {
            let run = state.runs[state.selected]
            if let failure = run.taskExit, run.outcome == nil {
                renderFailure(failure, label: run.label, into: &grid, area: left)
            } else {
                Dashboard.lossChart(run.dashboard).render(into: &grid, area: left)
            }
        } else {
            _ = grid.drawBox(left, title: "Loss", characters: state.ascii ? .ascii : .unicode,
                             style: Palette(mode: state.colorMode).style(.frame))
        }
        TuningChart(state).render(into: &grid, area: right)
    }

    /// A failed task: its exit status in the title, its log's last lines inside.
    func renderFailure(_ failure: TaskFailure, label: String, into grid: inout Grid, area: Rect) {
        let palette = Palette(mode: state.colorMode)
        let inner = grid.drawBox(area, title: "\(label) failed (exit \(failure.status)) \(state.ascii ? "-" : "·") log",
                                 characters: state.ascii ? .ascii : .unicode, style: palette.style(.frame))
        let lines = failure.log.isEmpty ? ["(the task's log is empty or missing)"] : failure.log
        for (k, line) in lines.suffix(inner.height).enumerated() {
            grid.write(line, x: inner.x, y: inner.y + k, clip: inner, style: palette.style(.error))
        }
    }
}
