import Dispatch
import Foundation
import NNDL
import NNDLUI

/// The sweep view: the points train in this process (`jobs` at a time, the BLAS threads split between them) while
/// this loop on the main thread reads keys, applies the runs' events and redraws the table or one run's dashboard.
enum SweepApp {
    /// What the view trains: the grid, one config per point, and where the results go.
    struct Plan {
        let name: String
        let axes: [SweepAxis]
        let points: [SweepPoint]
        let configs: [ExperimentConfig]
        let results: SweepResults
        let jobs: Int
    }

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
        let inbox = SweepInbox()
        let scheduler = SweepScheduler(
            points: plan.points, experiments: experiments, folder: plan.results.folder, results: plan.results, inbox: inbox)
        let trap = SignalTrap { _ in inbox.interrupt() }
        defer { trap.cancel() }
        let screen = CursesScreen(terminal: terminal)
        let workers = scheduler.start(jobs: plan.jobs)
        var loop = SweepLoop(screen: screen, scheduler: scheduler, inbox: inbox, state: SweepState(
            name: plan.name, axes: plan.axes.map(\.key), settings: plan.points.map { $0.settings.map(\.1) },
            jobs: plan.jobs, ascii: ascii, colorMode: screen.colorMode))
        let interrupted = loop.run()
        scheduler.stop()
        workers.wait()
        screen.end()
        let rows = scheduler.rows
        printOut(plan.results.table(rows))
        if interrupted { return .interrupted }
        return rows.contains { $0.status == "failed" || $0.status == "diverged" } ? .failure : .done
    }
}

/// The sweep view's UI thread: keys, updates and coalesced redraws (paced by `RedrawPacer`).
struct SweepLoop {
    let screen: CursesScreen
    let scheduler: SweepScheduler
    let inbox: SweepInbox
    var state: SweepState
    private var pacer = RedrawPacer()

    init(screen: CursesScreen, scheduler: SweepScheduler, inbox: SweepInbox, state: SweepState) {
        self.screen = screen
        self.scheduler = scheduler
        self.inbox = inbox
        self.state = state
    }

    private var now: Double { pacer.now }

    /// Runs until the user quits (false) or a signal arrives (true).
    mutating func run() -> Bool {
        while true {
            if inbox.isInterrupted { return true }
            var key = screen.readKey(timeout: 50)
            while let k = key {
                if k == .resize { screen.invalidate() }
                if let action = state.handle(k, at: now) {
                    if action == .quit { return false }
                    perform(action)
                }
                pacer.keyArrived()
                key = screen.readKey(timeout: 0)
            }
            if screen.checkResize() { pacer.keyArrived() }
            let updates = inbox.take()
            let t0 = now
            for u in updates { state.apply(u, at: t0) }
            if !updates.isEmpty { pacer.progressArrived() }
            let t = now
            if pacer.shouldDraw(at: t) {
                let size = screen.size
                screen.draw(SweepView.render(state, width: size.width, height: size.height, now: t))
            }
        }
    }

    /// A run dashboard's snapshot (sent to its session while it trains) or CSV export.
    private mutating func perform(_ action: SweepAction) {
        guard case let .run(i, runAction) = action else { return }
        let paths = RunPaths(config: scheduler.experiments[i].config, checkpoint: nil)
        switch runAction {
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
