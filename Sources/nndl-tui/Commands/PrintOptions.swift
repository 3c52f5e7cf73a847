import ArgumentParser
import NNDLUI

/// `--print`, `--width` and `--height`: render a view once to stdout, in plain ASCII, for scripts and tests
/// (`compare`, `watch`).
struct PrintOptions: ParsableArguments {
    @Flag(name: .customLong("print"), help: "Render once to stdout (plain ASCII, no colours) instead of opening the view.")
    var printOnce = false

    @Option(help: "--print: columns (80–1000).")
    var width = 120

    @Option(help: "--print: rows (24–1000).")
    var height = 40

    /// Refuses sizes outside 80…1000 × 24…1000 when printing.
    func check() throws {
        guard printOnce else { return }
        guard (80...1000).contains(width) else { throw CLIError("--width: expected an integer in 80...1000, got \(width)") }
        guard (24...1000).contains(height) else { throw CLIError("--height: expected an integer in 24...1000, got \(height)") }
    }

    /// `grid`'s lines with their trailing spaces cut, one string.
    static func text(_ grid: Grid) -> String {
        grid.lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }
}
