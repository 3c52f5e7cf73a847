import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments
import Synchronization

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train every point of a hyperparameter grid (the notebook's search), in parallel with --jobs.")

    @OptionGroup var experiment: ExperimentOptions

    @Option(name: .customLong("grid"), help: ArgumentHelp(
        "A key and its values: key.path=v1,v2,…; repeatable (the Cartesian product is trained).",
        valueName: "key.path=values"))
    var grids: [String] = []

    @Option(help: "Runs trained side by side (each with its share of the BLAS threads).")
    var jobs = 1

    @Flag(help: "No sweep view: train the points and print a line per finished run.")
    var headless = false

    @OptionGroup var display: DisplayOptions

    @Option(help: "Rank runs by their best validation accuracy (best) or the one at the end (final, as the first notebook's tuning cell ranks by val_acc_history[-1]).")
    var rank: Rank = .best

    enum Rank: String, ExpressibleByArgument, CaseIterable {
        case best, final

        var value: ValidationRanking { self == .best ? .best : .final }
    }

    @OptionGroup var slurm: SlurmOptions

    @Option(help: ArgumentHelp(
        "Rewrite results.csv and best.json of a Slurm sweep's folder from its points' result.json files, print the table.",
        valueName: "dir"), completion: .directory)
    var collect: String?

    func run() throws {
        if let collect {
            try SlurmSweep.collect(collect)
            return
        }
        let base = try experiment.load(fallback: nil)
        let axes: [SweepAxis]
        do { axes = try grids.map(SweepAxis.parse) } catch { throw CLIError("\(error)") }
        guard !axes.isEmpty else { throw CLIError("sweep needs at least one --grid key.path=v1,v2") }
        guard (1...64).contains(jobs) else { throw CLIError("--jobs: expected an integer in 1...64, got \(jobs)") }
        let points = SweepAxis.product(axes)
        let preset = experiment.config ?? "two-layer-sgd"
        if slurm.slurm {
            try SlurmSweep(options: slurm, experiment: experiment, name: base.name, preset: preset, axes: axes)
                .run(headless: headless, display: display)
            return
        }
        try slurm.checkUnused()
        // Validate every point before training any.
        let configs = try points.map { point in
            var config = try ExperimentConfig.load(
                preset: preset, overrides: experiment.overrides + point.overrides + ["name=\(base.name)-sweep-\(point.index)"])
            if let data = experiment.data { config.data.dir = data }
            return config
        }
        let terminal = headless ? nil : try SweepApp.openTerminal()
        let folder = try RunFolder.create(in: "runs/\(base.name)-sweep")
        let results = SweepResults(
            axes: axes, folder: folder, preset: preset, overrides: experiment.overrides, ranking: rank.value)
        let plan = SweepPlan(name: base.name, axes: axes, points: points, configs: configs, results: results, jobs: jobs)
        let status = headless ? try HeadlessSweep.run(plan) : try SweepApp.run(plan, display: display, terminal: terminal)
        if status != .done { throw ExitCode(status.rawValue) }
    }
}

/// What a sweep trains and where its files go, the same for the headless log and the sweep view.
struct SweepPlan {
    let name: String
    let axes: [SweepAxis]
    let points: [SweepPoint]
    let configs: [ExperimentConfig]
    let results: SweepResults
    let jobs: Int

    /// Loads the data (once for configs that share it), splits the BLAS threads between the jobs, and returns the
    /// scheduler that trains the points, reporting to `sink`.
    func scheduler(
        filterInterval: Double = 0.25, healthInterval: Double = 0.25, sink: @escaping @Sendable (SweepEvent) -> Void
    ) throws -> SweepScheduler {
        let experiments = try SweepScheduler.experiments(for: configs)
        BLASThreads.set(ProcessInfo.processInfo.activeProcessorCount / jobs)
        return SweepScheduler(
            points: points, experiments: experiments, results: results, filterInterval: filterInterval, healthInterval: healthInterval, sink: sink)
    }
}

/// A sweep without the view: a line on stderr per ended run, the table on stdout at the end; Ctrl-C or SIGTERM
/// stops the running points (their rows are kept) and exits 130.
enum HeadlessSweep {
    static func run(_ plan: SweepPlan) throws -> ExitStatus {
        let total = plan.points.count
        printError("sweep: \(total) runs, \(plan.jobs) at a time; results in \(plan.results.folder)/results.csv")
        // Nobody watches W1 or health here, so the sessions compute neither (as `train --headless`).
        let scheduler = try plan.scheduler(filterInterval: .infinity, healthInterval: .infinity) { event in
            switch event {
            case .training:
                break
            case let .ended(row, finished):
                let final = plan.results.ranking == .final ? String(format: "  final val %.4f", row.accuracy(.final)) : ""
                printError(String(format: "[%d/%d] %@  %@%@  best val %.4f", finished, total,
                                  row.point.overrides.joined(separator: " "), row.status.rawValue, final, row.valAcc))
            case let .resultsNotWritten(message):
                printError(message)
            }
        }
        let trap = SignalTrap { _ in scheduler.stop() }
        defer { trap.cancel() }
        scheduler.start(jobs: plan.jobs).wait()
        let rows = scheduler.rows
        printOut(plan.results.table(rows))
        return ExitStatus(sweepRows: rows, signal: trap.received)
    }
}
