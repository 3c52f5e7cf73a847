import ArgumentParser
import Foundation
import NNDL

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a net from a preset; headless with --headless, else in the dashboard.")

    @OptionGroup var experiment: ExperimentOptions

    @Flag(help: "Train without the dashboard; log lines go to stderr.")
    var headless = false

    @Flag(help: "Print a JSON summary on stdout at the end.")
    var json = false

    @Flag(help: "Dashboard: plain ASCII charts for terminals without Unicode.")
    var ascii = false

    @Option(help: "Where to write the .npz checkpoint (default runs/NAME/checkpoint.npz).")
    var checkpoint: String?

    func run() throws {
        let config = try experiment.load(fallback: nil)
        let paths = RunPaths(config: config, checkpoint: checkpoint)
        if headless {
            let status = try HeadlessRun(config: config, paths: paths, printJSON: json).run()
            if status != .done { throw ExitCode(status.rawValue) }
        } else {
            let status = try DashboardApp.run(config: config, paths: paths, ascii: ascii)
            if status != .done { throw ExitCode(status.rawValue) }
        }
    }
}

/// The files a run writes.
struct RunPaths: Sendable {
    /// The `.npz` checkpoint.
    let checkpoint: String
    /// The JSON summary.
    let result: String
    /// The run's folder.
    let folder: String

    init(config: ExperimentConfig, checkpoint: String?) {
        folder = "runs/\(config.name)"
        self.checkpoint = checkpoint ?? "\(folder)/checkpoint.npz"
        result = "\(folder)/result.json"
    }
}

/// Prints the notebooks' log lines for a run's events.
struct RunLogger: Sendable {
    let printEvery: Int
    let notebookStyle: Bool

    init(config: ExperimentConfig) {
        printEvery = config.solver.printEvery
        notebookStyle = config.model.kind == .twoLayerNet
    }

    func log(_ event: TrainingEvent) {
        switch event {
        case let .iteration(r) where (r.iteration - 1) % printEvery == 0:
            if notebookStyle {
                printError("iteration \(r.iteration - 1) / \(r.totalIterations): loss \(r.loss)")
            } else {
                printError("(Iteration \(r.iteration) / \(r.totalIterations)) loss: \(String(format: "%f", r.loss))")
            }
        case let .epoch(e):
            printError("(Epoch \(e.epoch) / \(e.totalEpochs)) train acc: \(String(format: "%f", e.trainAccuracy)); val_acc: \(String(format: "%f", e.valAccuracy))")
        case let .message(text):
            printError(text)
        default:
            break
        }
    }
}

/// A training run without the dashboard: logs to stderr, stops cleanly on Ctrl-C, writes results.
struct HeadlessRun {
    let config: ExperimentConfig
    let paths: RunPaths
    let printJSON: Bool
    var log = true

    @discardableResult
    func run() throws -> ExitStatus {
        let experiment = try Experiment(config: config)
        let summary = run(experiment)
        try? FileManager.default.createDirectory(atPath: paths.folder, withIntermediateDirectories: true)
        do {
            try AtomicFile.write(Array((jsonText(summary, pretty: true) + "\n").utf8), to: paths.result)
        } catch {
            printError("results not written: \(error)")
        }
        if printJSON { printOut(jsonText(summary)) }
        return ExitStatus(summaryStatus: summary.status)
    }

    func run(_ experiment: Experiment) -> RunSummary {
        let logger = RunLogger(config: config)
        let verbose = log
        let session = TrainingSession(
            name: config.name, checkpointing: .init(path: paths.checkpoint, configJSON: config.json),
            filterInterval: .infinity,
            makeTrainer: { try experiment.makeTrainer($0) },
            emit: { event in if verbose { logger.log(event) } })
        let trap = SignalTrap { _ in session.send(.stop) }
        defer { trap.cancel() }
        return session.run()
    }
}
