import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

/// The sweep view: the points train in this process (`jobs` at a time, the BLAS threads split between them) while
/// `TerminalLoop` on the main thread reads keys, applies the runs' updates and redraws the table or one run's
/// dashboard.
struct SweepApp: TerminalApp {
    /// Trains the points.
    let scheduler: SweepScheduler
    /// The runs' updates, posted from the scheduler's workers.
    let inbox: Mailbox<SweepUpdate>
    /// Everything the view shows.
    var state: SweepState

    /// Opens the controlling terminal when stdin or stdout is redirected (nil: use stdin/stdout); throws when there
    /// is none.
    static func openTerminal() throws -> ControllingTerminal? {
        try ControllingTerminal.open(for: "the sweep view", otherwise: "use `nndl-tui sweep --headless` in scripts")
    }

    /// Runs the sweep in the view; after the screen closes, prints the final table. Returns the exit status.
    static func run(_ plan: SweepPlan, display: DisplayOptions, terminal: ControllingTerminal?) throws -> ExitStatus {
        // Load the data before touching the terminal, so a missing folder is a plain one-line error.
        let inbox = Mailbox<SweepUpdate>(), signals = Mailbox<Int32>()
        let scheduler = try plan.scheduler { event in
            switch event {
            case let .training(run, e): inbox.post(.event(run: run, e))
            case let .ended(row, _): inbox.post(.ended(run: row.point.index, row.summary))
            case let .resultsNotWritten(message): inbox.post(.message(message))
            }
        }
        let screen = try display.openScreen(terminal)
        let trap = SignalTrap { signals.post($0) }
        defer { trap.cancel() }
        let workers = scheduler.start(jobs: plan.jobs)
        var app = SweepApp(scheduler: scheduler, inbox: inbox, state: SweepState(
            name: plan.name, axes: plan.axes.map(\.key), settings: plan.points.map { $0.settings.map(\.1) },
            jobs: plan.jobs, ascii: screen.profile.ascii, colorMode: screen.profile.color,
            graphics: screen.profile.graphics, ranking: plan.results.ranking))
        let signal = TerminalLoop.run(&app, on: screen, interrupt: signals)
        scheduler.stop()
        workers.wait()
        screen.end()
        let rows = scheduler.rows
        printOut(plan.results.table(rows))
        return ExitStatus(sweepRows: rows, signal: signal)
    }

    /// Takes in a key; a run dashboard's snapshot or CSV export is carried out here.
    mutating func handle(_ key: Key, at now: Double) -> LoopVerdict {
        switch state.handle(key, at: now) {
        case .quit:
            return .quit
        case let .run(i, action):
            perform(action, run: i, at: now)
        case nil:
            break
        }
        return .carryOn
    }

    /// Applies the updates the runs posted since the last call.
    mutating func applyPending(at now: Double) -> Bool {
        inbox.drain { state.apply($0, at: now) }
    }

    /// The table or the open run's dashboard.
    func render(width: Int, height: Int, now: Double) -> Grid {
        SweepView.render(state, width: width, height: height, now: now)
    }

    /// A run dashboard's snapshot (sent to its session while it trains) or CSV export.
    private mutating func perform(_ action: AppAction, run i: Int, at now: Double) {
        let paths = RunPaths(folder: scheduler.pointFolder(i))
        switch action {
        case .snapshot:
            guard let session = scheduler.session(i) else {
                state.apply(SweepUpdate.message("run \(i) is not training: its checkpoint is \(paths.checkpoint)"), at: now)
                return
            }
            session.send(.snapshot(path: paths.snapshot()))
        case .exportCSV:
            state.apply(SweepUpdate.message(paths.exportCSV(state.runs[i].dashboard, label: "run \(i): ")), at: now)
        default:
            break
        }
    }
}
