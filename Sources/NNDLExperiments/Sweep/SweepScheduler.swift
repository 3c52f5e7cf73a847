import Foundation
import NNDL
import Synchronization

/// What a sweep's scheduler reports, from its worker threads.
public enum SweepEvent: Sendable {
    /// An event of run `run`'s training session.
    case training(run: Int, TrainingEvent)
    /// A run ended (done, stopped, diverged or failed to start): its row, and how many rows there are now.
    case ended(SweepRow, finished: Int)
    /// `results.csv` or `best.json` could not be written: a line saying why.
    case resultsNotWritten(message: String)
}

/// Trains a sweep's points in this process: `jobs` worker threads each take the next point and run it as a
/// `TrainingSession`, whose events go to `sink` tagged with the point's index. Each point's `Experiment` shares its
/// data with the points that load the same data (loaded once, immutable). Every ended run rewrites the sweep's files.
public final class SweepScheduler: Sendable {
    /// The grid points, by index.
    public let points: [SweepPoint]
    /// Point `i` trains `experiments[i]`.
    public let experiments: [Experiment]
    /// The sweep's files.
    public let results: SweepResults
    private let sink: @Sendable (SweepEvent) -> Void
    private let filterInterval: Double
    private let healthInterval: Double
    private let state = Mutex<(next: Int, rows: [SweepRow], stopping: Bool, sessions: [Int: TrainingSession])>(
        (0, [], false, [:]))

    /// A scheduler for `points`, point `i` trained as `experiments[i]` in the run folder `pointFolder(i)`.
    /// Sessions send W1 copies and health reports as often as `filterInterval` and `healthInterval` allow
    /// (`.infinity`: never, when nobody watches).
    public init(
        points: [SweepPoint], experiments: [Experiment], results: SweepResults,
        filterInterval: Double = 0.25, healthInterval: Double = 0.25, sink: @escaping @Sendable (SweepEvent) -> Void
    ) {
        precondition(points.count == experiments.count, "SweepScheduler: one experiment per point.")
        self.points = points
        self.experiments = experiments
        self.results = results
        self.filterInterval = filterInterval
        self.healthInterval = healthInterval
        self.sink = sink
    }

    /// Where the sweep's files and its points' run folders go.
    public var folder: String { results.folder }

    /// Point `index`'s run folder, `FOLDER/point-INDEX`: its `checkpoint.npz`, `result.json` and `metrics.csv`, as a
    /// run of `train` leaves them.
    public func pointFolder(_ index: Int) -> String { (folder as NSString).appendingPathComponent("point-\(index)") }

    /// A file in point `index`'s run folder.
    func file(_ name: String, ofPoint index: Int) -> String {
        (pointFolder(index) as NSString).appendingPathComponent(name)
    }

    /// Starts `jobs` workers; the group is left when every worker has stopped taking points.
    public func start(jobs: Int) -> DispatchGroup {
        let group = DispatchGroup()
        for _ in 0..<min(jobs, points.count) {
            group.enter()
            Thread.detachNewThread { [self] in
                while let (index, session) = next() { finish(index, summary: session.run()) }
                group.leave()
            }
        }
        return group
    }

    /// Takes no more points and asks the running sessions to stop at their next iteration boundary.
    public func stop() {
        let running = state.withLock { s in
            s.stopping = true
            return Array(s.sessions.values)
        }
        for session in running { session.send(.stop) }
    }

    /// The session training point `index`, while it trains.
    public func session(_ index: Int) -> TrainingSession? { state.withLock { $0.sessions[index] } }

    /// The rows of the runs that ended so far.
    public var rows: [SweepRow] { state.withLock { $0.rows } }

    /// The next point and its session (registered under the same lock, so `stop` reaches it), or nil when none.
    private func next() -> (Int, TrainingSession)? {
        state.withLock { s -> (Int, TrainingSession)? in
            guard !s.stopping, s.next < points.count else { return nil }
            let index = s.next
            s.next += 1
            let session = makeSession(index)
            s.sessions[index] = session
            return (index, session)
        }
    }

    /// Point `index`'s session: its checkpoint and metrics log in its run folder.
    private func makeSession(_ index: Int) -> TrainingSession {
        let experiment = experiments[index], sink = self.sink
        return TrainingSession(
            name: experiment.config.name,
            checkpointing: .init(
                path: file(RunFolder.checkpointFile, ofPoint: index), configJSON: experiment.config.json,
                metricsPath: file(RunFolder.metricsFile, ofPoint: index)),
            filterInterval: filterInterval, healthInterval: healthInterval,
            makeTrainer: { try experiment.makeTrainer($0) }, emit: { sink(.training(run: index, $0)) })
    }

    /// Records a run's end: its `result.json`, its row, and the sweep's files.
    private func finish(_ index: Int, summary: RunSummary) {
        try? summary.write(to: file(RunFolder.resultFile, ofPoint: index))
        let row = SweepRow(point: points[index], summary: summary)
        let (finished, failure) = state.withLock { s -> (Int, (any Error)?) in
            s.sessions[index] = nil
            s.rows.append(row)
            do {
                try results.write(s.rows)
                return (s.rows.count, nil)
            } catch {
                return (s.rows.count, error)
            }
        }
        sink(.ended(row, finished: finished))
        if let failure { sink(.resultsNotWritten(message: "sweep results not written: \(failure)")) }
    }

    /// One experiment per config, configs that load the same data sharing one loaded copy (a sweep over solver and
    /// model keys loads CIFAR-10 once); each is checked to fit in memory before anything trains.
    public static func experiments(for configs: [ExperimentConfig]) throws -> [Experiment] {
        var loaded: [(key: DataKey, data: DataSplits)] = []
        return try configs.map { config in
            let key = DataKey(config)
            let data: DataSplits
            if let hit = loaded.first(where: { $0.key == key }) {
                data = hit.data
            } else {
                data = try Experiment.loadData(config)
                loaded.append((key, data))
            }
            let experiment = Experiment(config: config, data: data)
            try experiment.checkMemory(config.hyperparameters)
            return experiment
        }
    }

    /// What decides the data a config loads.
    struct DataKey: Equatable {
        let data: ExperimentConfig.DataSection
        let layout: ImageLayout
        /// Random data is drawn from the seed.
        let seed: UInt32?

        init(_ config: ExperimentConfig) {
            data = config.data
            layout = config.imageLayout
            seed = config.data.source == .random ? config.seed : nil
        }
    }
}
