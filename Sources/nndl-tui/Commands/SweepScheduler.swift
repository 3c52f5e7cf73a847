import Foundation
import NNDL
import NNDLExperiments
import NNDLUI
import Synchronization

/// Trains a sweep's points in this process for the sweep view: `jobs` worker threads each take the next point and
/// run it as a `TrainingSession`, whose events go to the inbox tagged with the point's index. Each point's
/// `Experiment` shares its data with the points that load the same data (loaded once, immutable).
final class SweepScheduler: Sendable {
    let points: [SweepPoint]
    let experiments: [Experiment]
    let folder: String
    let results: SweepResults
    let inbox: SweepInbox
    private let state = Mutex<(next: Int, rows: [SweepRow], stopping: Bool, sessions: [Int: TrainingSession])>(
        (0, [], false, [:]))

    /// A scheduler for `points`, point `i` trained as `experiments[i]`.
    init(points: [SweepPoint], experiments: [Experiment], folder: String, results: SweepResults, inbox: SweepInbox) {
        precondition(points.count == experiments.count, "SweepScheduler: one experiment per point.")
        self.points = points
        self.experiments = experiments
        self.folder = folder
        self.results = results
        self.inbox = inbox
    }

    /// Starts `jobs` workers; the group is left when every worker has stopped taking points.
    func start(jobs: Int) -> DispatchGroup {
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
    func stop() {
        let running = state.withLock { s in
            s.stopping = true
            return Array(s.sessions.values)
        }
        for session in running { session.send(.stop) }
    }

    /// The session training point `index`, while it trains.
    func session(_ index: Int) -> TrainingSession? { state.withLock { $0.sessions[index] } }

    /// The rows of the runs that ended so far.
    var rows: [SweepRow] { state.withLock { $0.rows } }

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

    /// Point `index`'s session: checkpoints in `folder/run-INDEX.npz` like the headless sweep's.
    private func makeSession(_ index: Int) -> TrainingSession {
        let experiment = experiments[index], inbox = self.inbox
        return TrainingSession(
            name: experiment.config.name,
            checkpointing: .init(path: "\(folder)/run-\(index).npz", configJSON: experiment.config.json),
            makeTrainer: { try experiment.makeTrainer($0) }, emit: { inbox.post(.event(run: index, $0)) })
    }

    /// Records a run's end: its `result.json` (as `train --headless` writes it), its row, and the sweep's files.
    private func finish(_ index: Int, summary: RunSummary) {
        let paths = RunPaths(config: experiments[index].config, checkpoint: nil)
        try? AtomicFile.write(Array((jsonText(summary, pretty: true) + "\n").utf8), to: paths.result)
        inbox.post(.ended(run: index, summary))
        state.withLock { s in
            s.sessions[index] = nil
            s.rows.append(SweepRow(point: points[index], summary: summary, status: summary.status))
            results.write(s.rows)
        }
    }

    /// One experiment per config, configs that load the same data sharing one loaded copy (a sweep over solver and
    /// model keys loads CIFAR-10 once); each is checked to fit in memory before anything trains.
    static func experiments(for configs: [ExperimentConfig]) throws -> [Experiment] {
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

/// Updates from the sweep's runs and signals, handed to the UI thread through a lock; nothing else is shared.
final class SweepInbox: Sendable {
    private let updates = Mutex<[SweepUpdate]>([])
    private let interrupted = Mutex<Bool>(false)

    /// Queues an update for the UI thread.
    func post(_ update: SweepUpdate) { updates.withLock { $0.append(update) } }
    /// Everything queued since the last call.
    func take() -> [SweepUpdate] { updates.withLock { u in defer { u.removeAll(keepingCapacity: true) }; return u } }
    /// Records a SIGINT or SIGTERM.
    func interrupt() { interrupted.withLock { $0 = true } }
    /// Whether a signal arrived.
    var isInterrupted: Bool { interrupted.withLock { $0 } }
}
