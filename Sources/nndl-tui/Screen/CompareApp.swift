import NNDL
import NNDLUI

/// The `compare` view in the terminal: redraws on keys and resizes until `q` (or a signal); nothing arrives from
/// other threads.
struct CompareApp: TerminalApp {
    var view: CompareView

    /// Shows `view` until the user quits (nil) or a signal arrives (that signal); the terminal is restored either way.
    static func run(_ view: CompareView, display: DisplayOptions) throws -> Int32? {
        let terminal = try ControllingTerminal.open(for: "compare", otherwise: "use --print to render to stdout")
        let screen = try display.openScreen(terminal)
        defer { screen.end() }
        let signals = Mailbox<Int32>()
        let trap = SignalTrap { signals.post($0) }
        defer { trap.cancel() }
        var app = CompareApp(view: view)
        app.view.ascii = view.ascii || screen.profile.ascii
        app.view.display = DisplayModes(color: screen.profile.color, graphics: app.view.ascii ? .ascii : screen.profile.graphics)
        return TerminalLoop.run(&app, on: screen, interrupt: signals)
    }

    /// `f` and `c` change the view; `q`, `Q` and Esc close it.
    mutating func handle(_ key: Key, at now: Double) -> LoopVerdict {
        guard let next = view.handle(key) else { return .quit }
        view = next
        return .carryOn
    }

    /// Nothing is ever pending.
    mutating func applyPending(at now: Double) -> Bool { false }

    /// The view's frame (it has no clock).
    func render(width: Int, height: Int, now: Double) -> Grid { view.render(width: width, height: height) }
}
