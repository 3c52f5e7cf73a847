import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a net from a preset; headless with --headless, else in the dashboard.")

    @OptionGroup var experiment: ExperimentOptions

    @Flag(help: "Train without the dashboard; log lines go to stderr.")
    var headless = false

    @Flag(help: "Print a JSON summary on stdout at the end.")
    var json = false

    @OptionGroup var display: DisplayOptions

    @Option(help: "Where to write the .npz checkpoint (default runs/NAME/checkpoint.npz).")
    var checkpoint: String?

    @Option(help: ArgumentHelp(
        "Continue the run stored in this .npz checkpoint (its config unless --config is given; --set still applies).",
        valueName: "path"))
    var resume: String?

    func run() throws {
        let resumed = try resume.map(Checkpoint.load)
        let config = try experiment.load(resuming: resumed)
        let paths = RunPaths(config: config, checkpoint: checkpoint)
        if headless {
            let status = try HeadlessRun(config: config, paths: paths, printJSON: json, resume: resumed).run()
            if status != .done { throw ExitCode(status.rawValue) }
        } else {
            let status = try DashboardApp.run(config: config, paths: paths, display: display, resume: resumed)
            if status != .done { throw ExitCode(status.rawValue) }
        }
    }
}

/// A session's trainer builder: the first trainer continues `checkpoint` when one is given (built now, so a
/// checkpoint that does not fit fails before anything is written); restarts start afresh from the seed.
func trainerFactory(
    _ experiment: Experiment, resuming checkpoint: Checkpoint?
) throws -> @Sendable (Hyperparameters?) throws -> any Trainer {
    guard let checkpoint else { return { try experiment.makeTrainer($0) } }
    let first = try experiment.makeTrainer(resumingFrom: checkpoint)
    return { h in
        guard let h else { return first }
        return try experiment.makeTrainer(h)
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
    var resume: Checkpoint? = nil
    var log = true

    @discardableResult
    func run() throws -> ExitStatus {
        let experiment = try Experiment(config: config)
        let summary = run(makeTrainer: try trainerFactory(experiment, resuming: resume))
        do {
            try paths.writeResult(summary)
        } catch {
            printError("results not written: \(error)")
        }
        if printJSON { printOut(jsonText(summary)) }
        return ExitStatus(summaryStatus: summary.status)
    }

    func run(makeTrainer: @escaping @Sendable (Hyperparameters?) throws -> any Trainer) -> RunSummary {
        let logger = RunLogger(config: config)
        let verbose = log
        let session = TrainingSession(
            name: config.name, checkpointing: .init(path: paths.checkpoint, configJSON: config.json),
            filterInterval: .infinity, healthInterval: .infinity,
            makeTrainer: makeTrainer, emit: { event in if verbose { logger.log(event) } })
        let trap = SignalTrap { _ in session.send(.stop) }
        defer { trap.cancel() }
        return session.run()
    }
}
