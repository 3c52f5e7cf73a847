import Dispatch
import Foundation
import NNDL
import NNDLExperiments
import NNDLUI
import Synchronization

/// Events from the engine and signals, handed to the UI thread through a lock; nothing else is shared.
final class Inbox: Sendable {
    private let events = Mutex<[TrainingEvent]>([])
    private let interrupted = Mutex<Bool>(false)
    private let final = Mutex<RunSummary?>(nil)

    func post(_ event: TrainingEvent) { events.withLock { $0.append(event) } }
    func take() -> [TrainingEvent] { events.withLock { e in defer { e.removeAll(keepingCapacity: true) }; return e } }
    func interrupt() { interrupted.withLock { $0 = true } }
    var isInterrupted: Bool { interrupted.withLock { $0 } }
    func finish(_ summary: RunSummary) { final.withLock { $0 = summary } }
    var summary: RunSummary? { final.withLock { $0 } }
}

/// The dashboard: the engine trains on its queue; this loop on the main thread reads keys, applies events,
/// and redraws as `RedrawPacer` says.
enum DashboardApp {
    static let minimumSize = (width: 80, height: 24)

    static func run(config: ExperimentConfig, paths: RunPaths, ascii: Bool, resume: Checkpoint? = nil) throws -> ExitStatus {
        // With stdin or stdout redirected (`nndl-tui > summary.json`), draw on the controlling terminal instead.
        var terminal: UnsafeMutablePointer<FILE>? = nil
        if isatty(0) != 1 || isatty(1) != 1 {
            terminal = fopen("/dev/tty", "r+")
            guard terminal != nil else {
                throw CLIError("the dashboard needs a terminal; use `nndl-tui train --headless` in scripts")
            }
        }
        defer { if let terminal { fclose(terminal) } }
        // Load the data before touching the terminal, so a missing folder is a plain one-line error.
        let experiment = try Experiment(config: config)
        let makeTrainer = try trainerFactory(experiment, resuming: resume)
        let inbox = Inbox()
        let session = TrainingSession(
            name: config.name, checkpointing: .init(path: paths.checkpoint, configJSON: config.json),
            makeTrainer: makeTrainer, emit: { inbox.post($0) })
        let trap = SignalTrap { _ in inbox.interrupt() }
        defer { trap.cancel() }
        let done = DispatchSemaphore(value: 0)
        session.start(keepAlive: true) { summary in
            inbox.finish(summary)
            done.signal()
        }
        let screen = CursesScreen(terminal: terminal)
        var loop = DashboardLoop(
            screen: screen, session: session, inbox: inbox, paths: paths,
            state: AppState(runName: config.name, ascii: ascii, colorMode: screen.colorMode))
        let interrupted = loop.run()
        session.send(.stop)
        done.wait()
        screen.end()
        let summary = inbox.summary ?? loop.state.summary
        if let summary {
            try? FileManager.default.createDirectory(atPath: paths.folder, withIntermediateDirectories: true)
            try? AtomicFile.write(Array((jsonText(summary, pretty: true) + "\n").utf8), to: paths.result)
            printOut(jsonText(summary))
        }
        if interrupted { return .interrupted }
        return .done
    }
}

/// The UI thread's state and loop.
struct DashboardLoop {
    let screen: CursesScreen
    let session: TrainingSession
    let inbox: Inbox
    let paths: RunPaths
    var state: AppState
    private var pacer = RedrawPacer()

    init(screen: CursesScreen, session: TrainingSession, inbox: Inbox, paths: RunPaths, state: AppState) {
        self.screen = screen
        self.session = session
        self.inbox = inbox
        self.paths = paths
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
                if let action = state.handle(k, at: now), perform(action) { return false }
                pacer.keyArrived()
                key = screen.readKey(timeout: 0)
            }
            if screen.checkResize() { pacer.keyArrived() }
            let events = inbox.take()
            let t0 = now
            for e in events { state.apply(e, at: t0) }
            if !events.isEmpty { pacer.progressArrived() }
            let t = now
            if pacer.shouldDraw(at: t) {
                let size = screen.size
                screen.draw(Dashboard.render(state, width: size.width, height: size.height, now: t))
            }
        }
    }

    /// Carries out an action; returns true when the dashboard should close.
    private mutating func perform(_ action: AppAction) -> Bool {
        switch action {
        case .quit:
            return true
        case let .engine(command):
            session.send(command)
        case .snapshot:
            let path = "\(paths.folder)/snapshot-\(Int(Date().timeIntervalSince1970)).npz"
            session.send(.snapshot(path: path))
        case .exportCSV:
            exportCSV()
        }
        return false
    }

    private mutating func exportCSV() {
        let files = [
            ("loss.csv", CSVExport.loss(state.loss)), ("accuracy.csv", CSVExport.accuracy(state.epochs)),
            ("changes.csv", CSVExport.changes(state.changeLog)),
        ]
        do {
            for (name, text) in files { try AtomicFile.write(Array(text.utf8), to: "\(paths.folder)/\(name)") }
            state.apply(.message("history written to \(paths.folder)/{loss,accuracy,changes}.csv"), at: now)
        } catch {
            state.apply(.message("history not written: \(error)"), at: now)
        }
    }
}
