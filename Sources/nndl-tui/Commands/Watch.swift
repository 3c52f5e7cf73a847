import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch every run under a folder, whoever writes it: a live table, and each run's dashboard read-only.",
        discussion: """
            Every folder holding a metrics.csv (at any depth: runs, sweep points, Slurm tasks) is a row: the settings
            that differ between runs, its state, iteration, best validation accuracy, a loss sparkline (one scale for
            all rows) and how long ago it last wrote. Enter opens a run's dashboard (charts from metrics.csv, W1 from its
            checkpoint), Esc goes back, q quits. A run with no write for --stale-after seconds and no result.json is
            stale. On a Slurm sweep's folder, results.csv and best.json are rewritten as tasks finish.
            """)

    @Argument(help: "The folder to watch.", completion: .directory)
    var folder = "runs"

    @OptionGroup var output: PrintOptions

    @Option(help: "Seconds without a write after which an unfinished run shows as stale.")
    var staleAfter = 60.0

    @OptionGroup var display: DisplayOptions

    func run() throws {
        try output.check()
        guard staleAfter > 0, staleAfter.isFinite else { throw CLIError("--stale-after: expected seconds > 0, got \(staleAfter)") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIError("\(folder): no such folder (watch takes a folder of runs, e.g. runs/)")
        }
        if output.printOnce {
            printOut(Self.printed(folder, staleAfter: staleAfter, width: output.width, height: output.height))
            return
        }
        if let signal = try WatchApp.run(folder: folder, staleAfter: staleAfter, display: display) {
            throw ExitCode(ExitStatus(signal: signal).rawValue)
        }
    }

    /// The table of `folder` as it is now, in ASCII, without the key hints (nothing takes keys), trailing spaces cut.
    static func printed(_ folder: String, staleAfter: Double, width: Int, height: Int) -> String {
        var state = SweepState(watching: folder, staleAfter: staleAfter, ascii: true, colorMode: .monochrome)
        state.tick(wallTime: Date().timeIntervalSince1970)
        for update in WatchReader.readOnce(folder) { state.apply(update, at: nil) }
        state.tick(wallTime: Date().timeIntervalSince1970)
        var grid = SweepView.render(state, width: width, height: height, now: 0)
        grid.fill(Rect(x: 0, y: height - 1, width: width, height: 1))
        return PrintOptions.text(grid)
    }
}
