import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show two saved runs side by side: figures, config differences, loss and accuracy curves, W1 filters.",
        discussion: """
            Each run is a folder written by train (runs/NAME, holding checkpoint.npz and result.json) or a .npz
            checkpoint. Opens a view (q quits, f flips the filter scaling, c cycles colours); --print renders it
            once to stdout in ASCII instead.
            """)

    @Argument(help: "The first run: a run folder (runs/NAME) or a .npz checkpoint.")
    var first: String

    @Argument(help: "The second run: a run folder (runs/NAME) or a .npz checkpoint.")
    var second: String

    @Flag(name: .customLong("print"), help: "Render once to stdout (plain ASCII, no colours) instead of opening the view.")
    var printOnce = false

    @Option(help: "--print: columns (80–1000).")
    var width = 120

    @Option(help: "--print: rows (24–1000).")
    var height = 40

    @OptionGroup var display: DisplayOptions

    @Option(help: "Filter scaling: per-filter (the notebook) or global.")
    var scaling: Filters.Scaling = .perFilter

    func run() throws {
        if printOnce {
            guard (80...1000).contains(width) else { throw CLIError("--width: expected an integer in 80...1000, got \(width)") }
            guard (24...1000).contains(height) else { throw CLIError("--height: expected an integer in 24...1000, got \(height)") }
        }
        let runs = try [first, second].map { ComparedRun(try SavedRun.load($0)) }
        let view = CompareView(a: runs[0], b: runs[1], scaling: scaling.value, colorMode: .monochrome,
                               ascii: display.ascii || printOnce, hints: !printOnce)
        if printOnce {
            let lines = view.render(width: width, height: height).lines
            printOut(lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n"))
            return
        }
        if try CompareApp.run(view, display: display) { throw ExitCode(ExitStatus.interrupted.rawValue) }
    }
}
