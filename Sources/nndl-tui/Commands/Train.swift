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

    @OptionGroup var output: RunOutputOptions

    @Option(help: ArgumentHelp(
        "Continue the run stored in this .npz checkpoint or run folder (its config unless --config is given; --set "
            + "still applies). The continued run gets a folder of its own.",
        valueName: "path"), completion: .npzFiles)
    var resume: String?

    @Option(name: .customLong("init"), help: ArgumentHelp(
        "Start from these weights instead of the seed's: a checkpoint, a run folder, or the notebook's "
            + "np.savez(path, **net.params) (--config says what net they are).",
        valueName: "weights.npz"), completion: .npzFiles)
    var initialWeights: String?

    func run() throws {
        guard resume == nil || initialWeights == nil else {
            throw CLIError("--resume continues a run with its own weights; --init starts a new one: give one of them")
        }
        let resumed = try resume.map { try Checkpoint.load(RunFolder.checkpoint($0)) }
        let config = try experiment.load(resuming: resumed)
        let start = try initialWeights.map { try Checkpoint.load(RunFolder.checkpoint($0), model: config) }
        let from = resumed.map(TrainerStart.resume) ?? start.map(TrainerStart.weights) ?? .seed
        let place = output.place(for: config)
        if headless {
            let status = try HeadlessRun(config: config, place: place, printJSON: json, start: from).run()
            if status != .done { throw ExitCode(status.rawValue) }
        } else {
            let status = try DashboardApp.run(config: config, place: place, display: display, start: from)
            if status != .done { throw ExitCode(status.rawValue) }
        }
    }
}

/// `--run-dir` and `--checkpoint`: where a run's files go.
struct RunOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The run's folder (default: a new runs/NAME/NNN, with runs/NAME/latest pointing at it).", valueName: "dir"))
    var runDir: String?

    @Option(help: "Where to write the .npz checkpoint (default: checkpoint.npz in the run's folder).", completion: .npzFiles)
    var checkpoint: String?

    /// Where a run of `config` goes.
    func place(for config: ExperimentConfig) -> RunPlace {
        RunPlace(config: config, runDir: runDir, checkpoint: checkpoint)
    }
}

/// Where a run's first trainer starts.
enum TrainerStart: Sendable {
    /// From the config's seed.
    case seed
    /// Continuing the run a checkpoint stored (`--resume`).
    case resume(Checkpoint)
    /// From given weights, the rest fresh (`--init`).
    case weights(Checkpoint)
}

/// A session's trainer builder. The first trainer is built now, so data or a checkpoint that does not fit fails
/// before anything is written. Restarts start from the seed, or from the `--init` weights again.
func trainerFactory(
    _ experiment: Experiment, start: TrainerStart
) throws -> @Sendable (Hyperparameters?) throws -> any Trainer {
    let first: any Trainer
    var restart: @Sendable (Hyperparameters?) throws -> any Trainer = { try experiment.makeTrainer($0) }
    switch start {
    case .seed:
        return restart
    case let .resume(checkpoint):
        first = try experiment.makeTrainer(resumingFrom: checkpoint)
    case let .weights(checkpoint):
        restart = { h in
            var trainer = try experiment.makeTrainer(h)
            try trainer.initialize(from: checkpoint)
            return trainer
        }
        first = try restart(nil)
    }
    return { [restart] h in
        guard let h else { return first }
        return try restart(h)
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
        case let .finished(summary) where notebookStyle:
            if let accuracy = summary.valAcc { printError("Validation accuracy: \(accuracy)") }
        default:
            break
        }
    }
}

/// A training run without the dashboard: logs to stderr, stops cleanly on Ctrl-C, writes results.
struct HeadlessRun {
    let config: ExperimentConfig
    let place: RunPlace
    let printJSON: Bool
    var start = TrainerStart.seed
    var log = true

    @discardableResult
    func run() throws -> ExitStatus {
        let experiment = try Experiment(config: config)
        let makeTrainer = try trainerFactory(experiment, start: start)
        let paths = try place.create()
        let (summary, signal) = run(makeTrainer: makeTrainer, paths: paths)
        do {
            try paths.writeResult(summary)
        } catch {
            printError("results not written: \(error)")
        }
        if printJSON { printOut(jsonText(summary)) }
        let status = ExitStatus(summaryStatus: summary.status, signal: signal)
        if status == .done, let line = paths.missingCheckpoint(summary) {
            printError("nndl-tui: \(line)")
            return .failure
        }
        return status
    }

    /// Trains to the end, or until SIGINT or SIGTERM stops the run (the signal is returned with the summary).
    func run(
        makeTrainer: @escaping @Sendable (Hyperparameters?) throws -> any Trainer, paths: RunPaths
    ) -> (RunSummary, Int32?) {
        let logger = RunLogger(config: config)
        let verbose = log
        let session = TrainingSession(
            name: config.name, checkpointing: paths.checkpointing(config),
            filterInterval: .infinity, healthInterval: .infinity,
            makeTrainer: makeTrainer, emit: { event in if verbose { logger.log(event) } })
        let trap = SignalTrap { _ in session.send(.stop) }
        defer { trap.cancel() }
        let summary = session.run()
        return (summary, trap.received)
    }
}
