import Dispatch
import Foundation

/// Runs a `Trainer` on its own Dispatch queue, publishing immutable `TrainingEvent`s and applying
/// `TrainingCommand`s between iterations. Nothing mutable is shared with the caller: commands go in
/// through a `Mailbox`, events come out by value.
public final class TrainingSession: Sendable {
    /// Where checkpoints go and what they carry besides the parameters.
    public struct Checkpointing: Sendable {
        /// The `.npz` path written at each validation improvement and at the end (nil: none).
        public var path: String?
        /// The experiment config as JSON, stored in the checkpoint as `config`.
        public var configJSON: String
        /// The run's `metrics.csv`, appended as training goes (nil: none).
        public var metricsPath: String?
        /// A checkpoint spec.
        public init(path: String?, configJSON: String, metricsPath: String? = nil) {
            self.path = path
            self.configJSON = configJSON
            self.metricsPath = metricsPath
        }
    }

    private let name: String
    private let makeTrainer: @Sendable (Hyperparameters?) throws -> any Trainer
    private let emit: @Sendable (TrainingEvent) -> Void
    private let checkpointing: Checkpointing
    private let commands = Mailbox<TrainingCommand>()
    private let queue = DispatchQueue(label: "nndl.engine", qos: .userInitiated)
    private let filterInterval: Double
    private let healthInterval: Double

    /// A session for the run `name`; `makeTrainer(nil)` builds the first trainer, `makeTrainer(h)` a restart
    /// with hyperparameters `h`. `emit` is called on the engine's queue. W1 copies go out at most every
    /// `filterInterval` seconds; training health is measured on the first step, on single steps and then at most
    /// every `healthInterval` seconds (`.infinity`: never, so headless runs pay nothing for it).
    public init(
        name: String, checkpointing: Checkpointing, filterInterval: Double = 0.25, healthInterval: Double = 0.25,
        makeTrainer: @escaping @Sendable (Hyperparameters?) throws -> any Trainer,
        emit: @escaping @Sendable (TrainingEvent) -> Void
    ) {
        self.name = name
        self.checkpointing = checkpointing
        self.filterInterval = filterInterval
        self.healthInterval = healthInterval
        self.makeTrainer = makeTrainer
        self.emit = emit
    }

    /// Queues a command; it is applied before the next iteration.
    public func send(_ command: TrainingCommand) { commands.post(command) }

    /// Starts training on the engine queue; with `keepAlive`, the session waits for commands after the run
    /// ends (the dashboard) until `.stop`. `completion` receives the final summary on the engine queue.
    public func start(keepAlive: Bool, completion: @escaping @Sendable (RunSummary) -> Void = { _ in }) {
        queue.async { [self] in completion(run(keepAlive: keepAlive)) }
    }

    /// Trains on the calling thread until the run ends or is stopped (headless use).
    public func run(keepAlive: Bool = false) -> RunSummary {
        var loop = SessionLoop(session: self)
        return loop.run(keepAlive: keepAlive)
    }

    fileprivate func takeCommands() -> [TrainingCommand] { commands.take() }
    fileprivate func waitForCommand() { commands.wait() }
    fileprivate var runName: String { name }
    fileprivate var checkpoint: Checkpointing { checkpointing }
    fileprivate var filterEvery: Double { filterInterval }
    fileprivate var healthEvery: Double { healthInterval }
    fileprivate func build(_ h: Hyperparameters?) throws -> any Trainer { try makeTrainer(h) }
    fileprivate func publish(_ event: TrainingEvent) { emit(event) }
}

/// The engine-side state of one session's loop; lives only on the thread that runs it.
private struct SessionLoop {
    let session: TrainingSession
    var trainer: (any Trainer)?
    var state = RunState.running
    var stepsAllowed = 0
    var clock = RunClock()
    var lastLoss: Double?
    var lastEpoch: EpochReport?
    /// The best validation accuracy the trainer started with (a resumed run's; -1 for a fresh one).
    var startingBest = -1.0
    var lastFilterTime = -Double.infinity
    var lastHealthTime = -Double.infinity
    var summary: RunSummary?

    /// The run's `metrics.csv` while it can be written.
    var metrics: MetricsLog?

    init(session: TrainingSession) { self.session = session }

    /// Sends `event` to the session's watcher and adds it to the metrics log.
    mutating func publish(_ event: TrainingEvent) {
        session.publish(event)
        guard metrics != nil else { return }
        do {
            try metrics?.record(event, now: RunClock.steadyNow())
        } catch {
            metrics = nil
            session.publish(.message("metrics.csv not written any more: \(error)"))
        }
    }

    /// Opens the metrics log, and writes the run's config as `config.json` beside it (what `watch` shows before the
    /// first checkpoint), saying so when either cannot be written.
    mutating func openMetrics() {
        guard let path = session.checkpoint.metricsPath else { return }
        do { metrics = try MetricsLog(path: path) } catch { session.publish(.message("metrics.csv not written: \(error)")) }
        let config = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("config.json")
        do {
            try AtomicFile.write(Array((session.checkpoint.configJSON + "\n").utf8), to: config)
        } catch {
            session.publish(.message("config.json not written: \(error)"))
        }
    }

    /// Writes what the metrics log still holds and closes it.
    mutating func closeMetrics() {
        do { try metrics?.close(at: RunClock.steadyNow()) } catch { session.publish(.message("metrics.csv: \(error)")) }
        metrics = nil
    }

    mutating func run(keepAlive: Bool) -> RunSummary {
        openMetrics()
        defer { closeMetrics() }
        do {
            try begin(nil)
        } catch {
            publish(.message("\(error)"))
            return finalSummary(status: .failed)
        }
        while true {
            for command in session.takeCommands() {
                if apply(command) { return finalSummary(status: summary?.status ?? .stopped) }
            }
            if state == .running || stepsAllowed > 0 {
                advance()
                if !keepAlive, let s = summary { return s }
            } else if !keepAlive, let s = summary {
                return s
            } else {
                session.waitForCommand()
            }
        }
    }

    mutating func begin(_ h: Hyperparameters?) throws {
        let t = try session.build(h)
        trainer = t
        clock = RunClock()
        lastLoss = nil
        lastEpoch = nil
        startingBest = t.bestValAccuracy
        summary = nil
        lastFilterTime = -Double.infinity
        lastHealthTime = -Double.infinity
        publish(.started(RunInfo(
            name: session.runName, modelDescription: t.modelDescription, totalIterations: t.totalIterations,
            iterationsPerEpoch: t.iterationsPerEpoch, hyperparameters: t.hyperparameters, pastLoss: t.history.loss,
            filtersUnavailable: t.filterSnapshot() == nil ? "inputs are not 32×32×3 images: no filters to draw" : nil,
            dropout: t.dropoutProbability)))
        setState(.running)
        publishFilters(force: true)
    }

    mutating func setState(_ s: RunState) {
        state = s
        publish(.state(s))
    }

    /// Applies one command; returns true when the loop must end.
    mutating func apply(_ command: TrainingCommand) -> Bool {
        switch command {
        case .pause:
            if state == .running { setState(.paused) }
        case .resume:
            if state == .paused { setState(.running) }
        case .step:
            if state == .paused { stepsAllowed += 1 }
        case let .setHyperparameters(h):
            guard var t = trainer else { return false }
            do {
                try t.setHyperparameters(h)
                trainer = t
                // The rates as set (what the dashboard's panel shows), not the one the decays have reached.
                publish(.hyperparametersChanged(iteration: t.iteration + 1, t.plannedHyperparameters))
            } catch let error as HyperparameterError {
                publish(.hyperparametersRefused(error, inForce: t.plannedHyperparameters))
            } catch {
                publish(.message("refused: \(error)"))
            }
        case .restart:
            // From the rate the run started with (or was last given), not the one it had decayed to.
            do { try begin(trainer?.plannedHyperparameters) } catch { publish(.message("restart failed: \(error)")) }
        case let .snapshot(path):
            writeCheckpoint(to: path, best: false)
        case .stop:
            if summary == nil { conclude(status: .stopped, newState: .stopped) }
            return true
        }
        return false
    }

    mutating func advance() {
        guard var t = trainer else { return }
        if t.isFinished {
            // A run resumed at or past its planned iterations has nothing left to train.
            conclude(status: .done, newState: .done)
            return
        }
        // Hold the only reference while stepping, so updating the parameters in place never copies them.
        trainer = nil
        requestHealth(&t, singleStep: stepsAllowed > 0)
        if stepsAllowed > 0 { stepsAllowed -= 1 }
        let started = clock.now()
        do {
            let result = try t.step()
            trainer = t
            clock.record(seconds: clock.now() - started, images: result.batchImages, evaluation: result.epoch?.evaluationSeconds ?? 0)
            lastLoss = result.loss
            publish(.iteration(IterationReport(
                iteration: result.iteration, totalIterations: t.totalIterations,
                epoch: Double(result.iteration) / Double(t.iterationsPerEpoch), loss: result.loss,
                learningRate: result.learningRate, elapsed: clock.elapsed, imagesPerSecond: clock.imagesPerSecond)))
            if let h = result.health { publish(.health(h)) }
            if let e = result.epoch { finishEpoch(e) }
            publishFilters(force: false)
            if t.isFinished { conclude(status: .done, newState: .done) }
        } catch let error as DivergedError {
            trainer = t
            publish(.message("diverged: \(error)"))
            conclude(status: .diverged, newState: .diverged)
        } catch {
            trainer = t
            publish(.message("\(error)"))
            conclude(status: .failed, newState: .stopped)
        }
    }

    /// Asks `t` to measure health on this step when the session measures it at all and this is the run's first
    /// step, a single step, or `healthEvery` seconds have passed since the last measurement.
    mutating func requestHealth(_ t: inout any Trainer, singleStep: Bool) {
        guard session.healthEvery.isFinite else { return }
        let now = clock.now()
        guard singleStep || now - lastHealthTime >= session.healthEvery else { return }
        lastHealthTime = now
        t.measureHealthOnNextStep()
    }

    mutating func finishEpoch(_ e: EpochReport) {
        let improved = e.bestValAccuracy > (lastEpoch?.bestValAccuracy ?? startingBest)
        lastEpoch = e
        publish(.epoch(e))
        if let warning = e.precisionWarning { publish(.message(warning)) }
        if improved, let path = session.checkpoint.path { writeCheckpoint(to: path, best: true) }
    }

    mutating func publishFilters(force: Bool) {
        let now = clock.now()
        guard force || now - lastFilterTime >= session.filterEvery, let f = trainer?.filterSnapshot() else { return }
        lastFilterTime = now
        publish(.filters(f))
    }

    mutating func conclude(status: RunOutcome, newState: RunState) {
        var testAcc: Double?
        if var t = trainer, status != .diverged {
            do { testAcc = try t.finish() } catch { publish(.message("\(error)")) }
            trainer = t
        }
        var path: String?
        if let p = session.checkpoint.path, writeCheckpoint(to: p, best: true, quiet: true) { path = p }
        let s = makeSummary(status: status, testAcc: testAcc, checkpoint: path)
        summary = s
        setState(newState)
        publishFilters(force: true)
        publish(.finished(s))
    }

    func makeSummary(status: RunOutcome, testAcc: Double?, checkpoint: String?) -> RunSummary {
        let h = trainer?.history
        return RunSummary(
            name: session.runName, status: status, iterations: trainer?.iteration ?? 0,
            epochs: lastEpoch?.epoch ?? 0, finalLoss: lastLoss, trainAcc: h?.trainAccuracy.last,
            valAcc: trainer?.finalValAccuracy ?? h?.valAccuracy.last, bestValAcc: trainer.map { $0.bestValAccuracy >= 0 ? $0.bestValAccuracy : nil } ?? nil,
            testAcc: testAcc, seconds: clock.elapsed, imagesPerSecond: clock.averageImagesPerSecond,
            checkpoint: checkpoint)
    }

    func finalSummary(status: RunOutcome) -> RunSummary {
        summary ?? makeSummary(status: status, testAcc: nil, checkpoint: nil)
    }

    @discardableResult
    func writeCheckpoint(to path: String, best: Bool, quiet: Bool = false) -> Bool {
        guard let t = trainer else { return false }
        var entries = t.checkpointArrays(best: best)
        entries.append((name: "config", npy: NPY.encode(string: session.checkpoint.configJSON)))
        do {
            try NPZ.write(entries, to: path)
            if !quiet { session.publish(.checkpointSaved(path: path)) }
            return true
        } catch {
            session.publish(.message("checkpoint not written: \(error)"))
            return false
        }
    }
}

/// Training time (excluding pauses and waiting) and throughput.
struct RunClock {
    private let origin = DispatchTime.now().uptimeNanoseconds
    private(set) var elapsed = 0.0
    private var images = 0
    private var recentSeconds = 0.0
    private var recentImages = 0.0

    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9 }

    /// Seconds on the system's steady clock (for intervals that span runs).
    static func steadyNow() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    mutating func record(seconds: Double, images batch: Int, evaluation: Double) {
        elapsed += seconds
        images += batch
        let training = max(seconds - evaluation, 1e-9)
        // An exponential window over about 50 iterations of pure training time.
        recentSeconds = 0.98 * recentSeconds + training
        recentImages = 0.98 * recentImages + Double(batch)
    }

    var imagesPerSecond: Double { recentSeconds > 0 ? recentImages / recentSeconds : 0 }
    var averageImagesPerSecond: Double { elapsed > 0 ? Double(images) / elapsed : 0 }
}
