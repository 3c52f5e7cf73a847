import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show two saved runs side by side: figures, config differences, loss and accuracy curves, W1 filters.",
        discussion: """
            Each run is a run folder written by train (runs/NAME/NNN, holding checkpoint.npz and result.json; runs/NAME
            means its newest run) or a .npz checkpoint. Opens a view (q quits, f flips the filter scaling, c cycles colours); --print renders it
            once to stdout in ASCII instead.
            """)

    @Argument(help: "The first run: a run folder (runs/NAME) or a .npz checkpoint.")
    var first: String

    @Argument(help: "The second run: a run folder (runs/NAME) or a .npz checkpoint.")
    var second: String

    @OptionGroup var output: PrintOptions

    @OptionGroup var display: DisplayOptions

    @OptionGroup var weights: WeightsModelOption

    @Option(help: "Filter scaling: per-filter (the notebook) or global.")
    var scaling: Filters.Scaling = .perFilter

    func run() throws {
        try output.check()
        let model = try weights.model()
        let runs = try [first, second].map { ComparedRun(try SavedRun.load($0, model: model)) }
        let view = CompareView(a: runs[0], b: runs[1], scaling: scaling.value, colorMode: .monochrome,
                               ascii: display.ascii || output.printOnce, hints: !output.printOnce)
        if output.printOnce {
            printOut(PrintOptions.text(view.render(width: output.width, height: output.height)))
            return
        }
        if let signal = try CompareApp.run(view, display: display) { throw ExitCode(ExitStatus(signal: signal).rawValue) }
    }
}
