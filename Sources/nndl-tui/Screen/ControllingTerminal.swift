import Foundation

/// `/dev/tty`, opened for a full-screen view whose stdin or stdout is redirected (`nndl-tui > summary.json`): the
/// view draws there while stdout goes to the file. Closed when the last holder (the `CursesScreen`) lets go.
final class ControllingTerminal {
    /// The opened terminal.
    let file: UnsafeMutablePointer<FILE>

    private init(file: UnsafeMutablePointer<FILE>) { self.file = file }

    /// nil when stdin and stdout are both the terminal (the view uses them); the opened `/dev/tty` when either is
    /// redirected. Throws "`view` needs a terminal; `alternative`" when there is no controlling terminal.
    static func open(for view: String, otherwise alternative: String) throws -> ControllingTerminal? {
        guard isatty(0) != 1 || isatty(1) != 1 else { return nil }
        guard let file = fopen("/dev/tty", "r+") else { throw CLIError("\(view) needs a terminal; \(alternative)") }
        return ControllingTerminal(file: file)
    }

    deinit { fclose(file) }
}
