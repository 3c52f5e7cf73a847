import Foundation
import NNDL
import NNDLUI

/// The sweep view: the points train in this process (`jobs` at a time, the BLAS threads split between them) while
/// `TerminalLoop` on the main thread reads keys, applies the runs' updates and redraws the table or one run's
/// dashboard.
struct SweepApp: TerminalApp {
    /// What the view trains: the grid, one config per point, and where the results go.
    struct Plan {
        let name: String
        let axes: [SweepAxis]
        let points: [SweepPoint]
        let configs: [ExperimentConfig]
        let results: SweepResults
        let jobs: Int
    }

    /// Trains the points and posts their updates to its inbox.
    let scheduler: SweepScheduler
    /// Everything the view shows.
    var state: SweepState

    /// Opens the controlling terminal when stdin or stdout is redirected (nil: use stdin/stdout); throws when there
    /// is none.
    static func openTerminal() throws -> ControllingTerminal? {
        try ControllingTerminal.open(for: "the sweep view", otherwise: "use `nndl-tui sweep --headless` in scripts")
    }

    /// Runs the sweep in the view; after the screen closes, prints the final table. Returns the exit status.
    static func run(_ plan: Plan, ascii: Bool, terminal: ControllingTerminal?) throws -> ExitStatus {
        // Load the data before touching the terminal, so a missing folder is a plain one-line error.
        let experiments = try SweepScheduler.experiments(for: plan.configs)
        BLASThreads.set(ProcessInfo.processInfo.activeProcessorCount / plan.jobs)
        let inbox = Mailbox<SweepUpdate>(), signals = Mailbox<Int32>()
        let scheduler = SweepScheduler(
            points: plan.points, experiments: experiments, folder: plan.results.folder, results: plan.results, inbox: inbox)
        let trap = SignalTrap { signals.post($0) }
        defer { trap.cancel() }
        let screen = CursesScreen(terminal: terminal)
        let workers = scheduler.start(jobs: plan.jobs)
        var app = SweepApp(scheduler: scheduler, state: SweepState(
            name: plan.name, axes: plan.axes.map(\.key), settings: plan.points.map { $0.settings.map(\.1) },
            jobs: plan.jobs, ascii: ascii, colorMode: screen.colorMode))
        let interrupted = TerminalLoop.run(&app, on: screen, interrupt: signals)
        scheduler.stop()
        workers.wait()
        screen.end()
        let rows = scheduler.rows
        printOut(plan.results.table(rows))
        if interrupted { return .interrupted }
        return rows.contains { $0.status == "failed" || $0.status == "diverged" } ? .failure : .done
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
        let pending = scheduler.inbox.take()
        for update in pending { state.apply(update, at: now) }
        return !pending.isEmpty
    }

    /// The table or the open run's dashboard.
    func render(width: Int, height: Int, now: Double) -> Grid {
        SweepView.render(state, width: width, height: height, now: now)
    }

    /// A run dashboard's snapshot (sent to its session while it trains) or CSV export.
    private mutating func perform(_ action: AppAction, run i: Int, at now: Double) {
        let paths = RunPaths(config: scheduler.experiments[i].config, checkpoint: nil)
        switch action {
        case .snapshot:
            guard let session = scheduler.session(i) else {
                state.apply(.message("run \(i) is not training: its checkpoint is \(scheduler.folder)/run-\(i).npz"), at: now)
                return
            }
            session.send(.snapshot(path: paths.snapshot()))
        case .exportCSV:
            state.apply(.message(paths.exportCSV(state.runs[i].dashboard, label: "run \(i): ")), at: now)
        default:
            break
        }
    }
}
