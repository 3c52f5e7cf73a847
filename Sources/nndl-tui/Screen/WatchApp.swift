import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

/// `watch` in the terminal: a `WatchReader` reads the folder on its own thread and posts what changed into a
/// `Mailbox`; `TerminalLoop` on the main thread applies it to the `SweepState` and redraws the table or one run's
/// read-only dashboard.
struct WatchApp: TerminalApp {
    /// What the reader found, posted from its thread.
    let inbox: Mailbox<[WatchUpdate]>
    /// Everything the view shows.
    var state: SweepState
    /// The folder watched.
    let folder: String
    /// The wall-clock second the ages were last drawn at.
    var second = 0

    /// Watches `folder` until the user quits (nil) or a signal arrives (that signal); the terminal is restored.
    static func run(folder: String, staleAfter: Double, display: DisplayOptions) throws -> Int32? {
        let terminal = try ControllingTerminal.open(for: "watch", otherwise: "use --print to render to stdout")
        let inbox = Mailbox<[WatchUpdate]>(), signals = Mailbox<Int32>()
        let reader = WatchReader(root: folder) { inbox.post($0) }
        let trap = SignalTrap { signals.post($0) }
        defer { trap.cancel() }
        let screen = try display.openScreen(terminal)
        defer { screen.end() }
        reader.start()
        defer { reader.stop() }
        var app = WatchApp(inbox: inbox, state: SweepState(
            watching: folder, staleAfter: staleAfter, ascii: screen.profile.ascii, colorMode: screen.profile.color,
            graphics: screen.profile.graphics), folder: folder)
        return TerminalLoop.run(&app, on: screen, interrupt: signals)
    }

    /// Takes in a key; a run dashboard's CSV export writes into the run's folder, a snapshot is refused.
    mutating func handle(_ key: Key, at now: Double) -> LoopVerdict {
        switch state.handle(key, at: now) {
        case .quit:
            return .quit
        case let .run(i, .exportCSV):
            let paths = RunPaths(folder: runFolder(state.runs[i].label))
            state.apply(SweepUpdate.message(paths.exportCSV(state.runs[i].dashboard, label: "\(state.runs[i].label): ")), at: now)
        case .run(_, .snapshot):
            state.apply(SweepUpdate.message("watch reads runs and cannot snapshot them: the run's own process writes its checkpoints"), at: now)
        default:
            break
        }
        return .carryOn
    }

    /// Applies what the reader posted; ages and staleness move on once a second.
    mutating func applyPending(at now: Double) -> Bool {
        let changed = inbox.drain { updates in
            for update in updates { state.apply(update, at: now) }
        }
        let wall = Date().timeIntervalSince1970
        guard changed || Int(wall) != second else { return false }
        second = Int(wall)
        state.tick(wallTime: wall)
        return true
    }

    /// The folder of the run named `label`: its path under the watched folder, or the watched folder itself when
    /// that is the run (its label is then the folder's name).
    func runFolder(_ label: String) -> String {
        let below = (folder as NSString).appendingPathComponent(label)
        return FileManager.default.fileExists(atPath: below) ? below : folder
    }

    /// The table or the open run's dashboard.
    func render(width: Int, height: Int, now: Double) -> Grid {
        SweepView.render(state, width: width, height: height, now: now)
    }
}
