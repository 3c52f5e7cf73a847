import ArgumentParser
import NNDLUI

/// `--ascii`, `--graphics` and `--no-color`, shared by the commands that open a full-screen view.
struct DisplayOptions: ParsableArguments {
    /// `--graphics`: a picture mode, or `auto` to detect one.
    enum Graphics: String, ExpressibleByArgument, CaseIterable {
        case auto, kitty, sixel, iterm, symbols, blocks, ascii

        /// The mode asked for, nil for `auto`.
        var mode: GraphicsMode? { self == .auto ? nil : GraphicsMode(rawValue: rawValue) }
    }

    @Flag(help: "Plain ASCII for terminals without Unicode (on by itself in a non-UTF-8 locale).")
    var ascii = false

    @Option(help: ArgumentHelp(
        "How W1 is drawn: auto (ask the terminal), kitty, sixel, iterm (pixels), symbols (chafa), blocks, ascii.",
        valueName: "mode"))
    var graphics: Graphics = .auto

    @Flag(help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    /// Opens the terminal (before any engine starts) and decides how to draw on it.
    func openScreen(_ terminal: ControllingTerminal?) throws -> CursesScreen {
        try CursesScreen(terminal: terminal, graphics: graphics.mode, noColor: noColor, ascii: ascii)
    }
}
