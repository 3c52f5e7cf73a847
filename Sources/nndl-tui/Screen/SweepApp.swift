import Dispatch
import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

/// The sweep view: the points train in this process (`jobs` at a time, the BLAS threads split between them) while
/// this loop on the main thread reads keys, applies the runs' events and redraws the table or one run's dashboard.
enum SweepApp {
    /// Opens the controlling terminal when stdin or stdout is redirected (nil: use stdin/stdout); throws when there
    /// is none.
    static func openTerminal() throws -> UnsafeMutablePointer<FILE>? {
        guard isatty(0) != 1 || isatty(1) != 1 else { return nil }
        guard let terminal = fopen("/dev/tty", "r+") else {
            throw CLIError("the sweep view needs a terminal; use `nndl-tui sweep --headless` in scripts")
        }
        return terminal
    }

    /// Runs the sweep in the view; after the screen closes, prints the final table. Returns the exit status.
    static func run(_ plan: SweepPlan, ascii: Bool, terminal: UnsafeMutablePointer<FILE>?) throws -> ExitStatus {
        // Load the data before touching the terminal, so a missing folder is a plain one-line error.
        let inbox = SweepInbox()
        let scheduler = try plan.scheduler { event in
            switch event {
            case let .training(run, e): inbox.post(.event(run: run, e))
            case let .ended(row, _): inbox.post(.ended(run: row.point.index, row.summary))
            case let .resultsNotWritten(message): printError(message)
            }
        }
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
        return ExitStatus(sweepRows: rows, interrupted: interrupted)
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
        let folder = RunPaths(config: scheduler.experiments[i].config, checkpoint: nil).folder
        switch runAction {
        case .snapshot:
            guard let session = scheduler.session(i) else {
                state.apply(.message("run \(i) is not training: its checkpoint is \(scheduler.folder)/run-\(i).npz"), at: now)
                return
            }
            session.send(.snapshot(path: "\(folder)/snapshot-\(Int(Date().timeIntervalSince1970)).npz"))
        case .exportCSV:
            exportCSV(run: i, to: folder)
        default:
            break
        }
    }

    /// Writes run `i`'s loss, accuracy and change history as the dashboard's `e` does.
    private mutating func exportCSV(run i: Int, to folder: String) {
        let run = state.runs[i].dashboard
        let files = [
            ("loss.csv", CSVExport.loss(run.loss)), ("accuracy.csv", CSVExport.accuracy(run.epochs)),
            ("changes.csv", CSVExport.changes(run.changeLog)),
        ]
        do {
            for (name, text) in files { try AtomicFile.write(Array(text.utf8), to: "\(folder)/\(name)") }
            state.apply(.message("run \(i): history written to \(folder)/{loss,accuracy,changes}.csv"), at: now)
        } catch {
            state.apply(.message("history not written: \(error)"), at: now)
        }
    }
}
