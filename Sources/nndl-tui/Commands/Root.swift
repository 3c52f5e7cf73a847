import ArgumentParser
import Foundation
import NNDL

struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nndl-tui",
        abstract: "Train and watch the CS231n / ECE C147 two-layer and fully-connected nets in a terminal.",
        discussion: """
            With no subcommand, opens the dashboard on a preset (default: two-layer-sgd).
            Exit statuses: 0 done, 1 failure, 2 bad usage/config/data, 3 diverged, 130 interrupted.
            """,
        subcommands: [DashboardCommand.self, Train.self, Eval.self, Filters.self, Compare.self, GradCheck.self, Sweep.self, Download.self, Bench.self],
        defaultSubcommand: DashboardCommand.self)
}

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dashboard", abstract: "Open the live training dashboard.")

    @OptionGroup var experiment: ExperimentOptions

    @OptionGroup var display: DisplayOptions

    @Option(help: "Where `s` and the end of the run write the .npz checkpoint (default runs/NAME/checkpoint.npz).")
    var checkpoint: String?

    func run() throws {
        let config = try experiment.load(fallback: experiment.config == nil ? "two-layer-sgd" : nil)
        let status = try DashboardApp.run(config: config, paths: RunPaths(config: config, checkpoint: checkpoint), display: display)
        if status != .done { throw ExitCode(status.rawValue) }
    }
}
