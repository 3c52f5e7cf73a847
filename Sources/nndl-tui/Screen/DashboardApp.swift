import Dispatch
import Foundation
import NNDL
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
        let terminal = try ControllingTerminal.open(
            for: "the dashboard", otherwise: "use `nndl-tui train --headless` in scripts")
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
            try? paths.writeResult(summary)
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
            session.send(.snapshot(path: paths.snapshot()))
        case .exportCSV:
            exportCSV()
        }
        return false
    }

    private mutating func exportCSV() {
        state.apply(.message(paths.exportCSV(state)), at: now)
    }
}
