import Foundation
import NNDLUI
import Synchronization

/// Set from the signal queue when SIGINT or SIGTERM arrives; read by the UI loop.
final class InterruptFlag: Sendable {
    private let raised = Mutex<Bool>(false)

    func raise() { raised.withLock { $0 = true } }
    var isRaised: Bool { raised.withLock { $0 } }
}

/// The `compare` view in the terminal: redraws on keys and resizes until `q` (or a signal).
enum CompareApp {
    /// Shows `view` until the user quits (false) or a signal arrives (true); the terminal is restored either way.
    static func run(_ view: CompareView) throws -> Bool {
        let terminal = try ControllingTerminal.open(for: "compare", otherwise: "use --print to render to stdout")
        let flag = InterruptFlag()
        let trap = SignalTrap { _ in flag.raise() }
        defer { trap.cancel() }
        let screen = CursesScreen(terminal: terminal)
        defer { screen.end() }
        var current = view
        current.colorMode = screen.colorMode
        var dirty = true
        while !flag.isRaised {
            if dirty {
                let size = screen.size
                screen.draw(current.render(width: size.width, height: size.height))
                dirty = false
            }
            if let key = screen.readKey(timeout: 100) {
                if key == .resize { screen.invalidate() }
                guard let next = current.handle(key) else { return false }
                current = next
                dirty = true
            }
            if screen.checkResize() { dirty = true }
        }
        return true
    }
}
