import NNDL
import NNDLUI

/// What a full-screen view wants after a key.
enum LoopVerdict {
    /// Keep showing the view.
    case carryOn
    /// Close the view.
    case quit
}

/// A full-screen view `TerminalLoop` runs: state that takes keys and queued updates and renders whole frames.
/// Side effects of keys (commands to the engine, snapshots, CSV files) happen inside `handle`.
protocol TerminalApp {
    /// Takes in a key pressed at `now` (seconds since the loop started) and carries out what it asks for.
    mutating func handle(_ key: Key, at now: Double) -> LoopVerdict
    /// Applies what other threads posted since the last call; true when anything changed.
    mutating func applyPending(at now: Double) -> Bool
    /// The `width` × `height` frame at `now`.
    func render(width: Int, height: Int, now: Double) -> Grid
}

/// The one UI loop on the main thread: reads keys with a 50 ms timeout and drains the ones waiting, follows
/// resizes and Ctrl-L (a whole repaint, never passed to the view), applies queued updates, and redraws as
/// `RedrawPacer` says.
enum TerminalLoop {
    /// Runs `app` on `screen` until it quits (nil) or a signal is posted to `interrupt` (that signal).
    static func run<App: TerminalApp>(_ app: inout App, on screen: CursesScreen, interrupt: Mailbox<Int32>) -> Int32? {
        var pacer = RedrawPacer()
        while true {
            if let signal = interrupt.take().first { return signal }
            var key = screen.readKey(timeout: 50)
            while let k = key {
                if k == .resize || k == Key.redraw { screen.invalidate() }
                if k != Key.redraw, app.handle(k, at: pacer.now) == .quit { return nil }
                pacer.keyArrived()
                key = screen.readKey(timeout: 0)
            }
            if screen.checkResize() { pacer.keyArrived() }
            if app.applyPending(at: pacer.now) { pacer.progressArrived() }
            let t = pacer.now
            if pacer.shouldDraw(at: t) || screen.picturesDue {
                let size = screen.size
                screen.draw(app.render(width: size.width, height: size.height, now: t))
            }
        }
    }
}
