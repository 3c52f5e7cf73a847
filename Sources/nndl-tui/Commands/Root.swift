import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

struct Root: ParsableCommand {
    /// The release `--version` prints.
    static let version = "0.6.0"

    static let configuration = CommandConfiguration(
        commandName: "nndl-tui",
        abstract: "Train and watch the CS231n / ECE C147 two-layer and fully-connected nets in a terminal.",
        discussion: """
            With no subcommand, opens the dashboard on a preset (default: two-layer-sgd).
            Exit statuses: 0 done, 1 failure, 2 bad usage/config/data, 3 diverged, 130 interrupted (Ctrl-C),
            143 terminated (SIGTERM).
            Shell completion: nndl-tui --generate-completion-script bash|zsh|fish (see the README).
            """,
        version: version,
        subcommands: [DashboardCommand.self, Train.self, Eval.self, Filters.self, Compare.self, GradCheck.self, NotebookCommand.self, Sweep.self, Watch.self, Download.self, Bench.self, PresetsCommand.self],
        defaultSubcommand: DashboardCommand.self)
}

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dashboard", abstract: "Open the live training dashboard.")

    @OptionGroup var experiment: ExperimentOptions

    @OptionGroup var display: DisplayOptions

    @OptionGroup var output: RunOutputOptions

    func run() throws {
        let config = try experiment.load(fallback: experiment.config == nil ? "two-layer-sgd" : nil)
        let status = try DashboardApp.run(config: config, place: output.place(for: config), display: display)
        if status != .done { throw ExitCode(status.rawValue) }
    }
}

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the presets --config takes by name, each with its one-line description and where it comes from.")

    @Flag(help: "Print the path (or built-in) of each preset too.")
    var paths = false

    func run() throws {
        let presets = Presets.all()
        let width = presets.map(\.name.count).max() ?? 0
        for preset in presets {
            let line: String
            do {
                line = try ExperimentConfig.parse(preset.text, source: preset.source).summaryLine
            } catch {
                line = "(does not parse: \(error))"
            }
            let name = preset.name.padding(toLength: width, withPad: " ", startingAt: 0)
            printOut("\(name)  \(line)" + (paths ? "  [\(preset.source)]" : ""))
        }
    }
}
