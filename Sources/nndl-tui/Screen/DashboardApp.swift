import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

/// The dashboard: the engine trains on its queue and posts its events to a mailbox; `TerminalLoop` on the main
/// thread reads keys, applies the events and redraws. Nothing else is shared.
struct DashboardApp: TerminalApp {
    /// The run's engine, which takes the keys' commands.
    let session: TrainingSession
    /// The session's events, posted on the engine's queue.
    let events: Mailbox<TrainingEvent>
    /// Where snapshots, CSV files and the result go.
    let paths: RunPaths
    /// Everything the dashboard shows.
    var state: AppState
    /// Said on the message line once the first events are in (an unknown `TERM`), so they do not hide it.
    var notice: String?

    /// Trains `config` in the dashboard until the user quits or a signal arrives; after the screen closes, writes
    /// `result.json` and prints the summary as JSON.
    /// The terminal is opened and checked before the engine starts, so a terminal that cannot be used is a one-line
    /// error with nothing running.
    static func run(config: ExperimentConfig, place: RunPlace, display: DisplayOptions, start: TrainerStart = .seed) throws -> ExitStatus {
        let terminal = try ControllingTerminal.open(
            for: "the dashboard", otherwise: "use `nndl-tui train --headless` in scripts")
        // Load the data before touching the terminal, so a missing folder is a plain one-line error.
        let experiment = try Experiment(config: config)
        let makeTrainer = try trainerFactory(experiment, start: start)
        // The screen before the run's folder, so a terminal that cannot be used leaves no empty run behind.
        let screen = try display.openScreen(terminal)
        let paths = try place.create()
        let events = Mailbox<TrainingEvent>(), ended = Mailbox<RunSummary>(), signals = Mailbox<Int32>()
        let session = TrainingSession(
            name: config.name, checkpointing: paths.checkpointing(config),
            makeTrainer: makeTrainer, emit: { events.post($0) })
        let trap = SignalTrap { signals.post($0) }
        defer { trap.cancel() }
        session.start(keepAlive: true) { ended.post($0) }
        let p = screen.profile
        var app = DashboardApp(
            session: session, events: events, paths: paths,
            state: AppState(runName: config.name, ascii: p.ascii, colorMode: p.color, graphics: p.graphics))
        app.notice = screen.notice
        let signal = TerminalLoop.run(&app, on: screen, interrupt: signals)
        session.send(.stop)
        ended.wait()
        screen.end()
        guard let summary = ended.take().last ?? app.state.summary else { return signal.map(ExitStatus.init) ?? .done }
        try? paths.writeResult(summary)
        printOut(jsonText(summary))
        if let signal { return ExitStatus(signal: signal) }
        if let line = paths.missingCheckpoint(summary) {
            printError("nndl-tui: \(line)")
            return .failure
        }
        return .done
    }

    /// Takes in a key; engine commands go to the session, snapshots and CSV files to the run's folder.
    mutating func handle(_ key: Key, at now: Double) -> LoopVerdict {
        switch state.handle(key, at: now) {
        case .quit:
            return .quit
        case let .engine(command):
            session.send(command)
        case .snapshot:
            session.send(.snapshot(path: paths.snapshot()))
        case .exportCSV:
            state.apply(.message(paths.exportCSV(state)), at: now)
        case nil:
            break
        }
        return .carryOn
    }

    /// Applies the events the session posted since the last call.
    mutating func applyPending(at now: Double) -> Bool {
        let changed = events.drain { state.apply($0, at: now) }
        if let text = notice, changed {
            state.apply(.message(text), at: now)
            notice = nil
        }
        return changed
    }

    /// The dashboard's frame.
    func render(width: Int, height: Int, now: Double) -> Grid {
        Dashboard.render(state, width: width, height: height, now: now)
    }
}
