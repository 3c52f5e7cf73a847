import NNDL

/// What the `watch` reader found changed in a runs folder, one run (named by its path under the folder) at a time.
public enum WatchUpdate: Sendable, Equatable {
    /// A run folder (one holding `metrics.csv`) appeared.
    case appeared(id: String)
    /// The run's config, from its `config.json` or checkpoint.
    case settings(id: String, ExperimentConfig)
    /// Events made from new `metrics.csv` rows or a new checkpoint's W1; `restarted`: the file was replaced, so
    /// the run's earlier events no longer hold.
    case events(id: String, [TrainingEvent], restarted: Bool)
    /// The run's `result.json`: it ended so.
    case result(id: String, RunSummary)
    /// A scheduled task's command ended with a non-zero `status` and no `result.json`; `log` is its log's tail.
    case exited(id: String, status: Int32, log: [String])
    /// The run's files were last written at `time` (seconds since 1970).
    case touched(id: String, time: Double)
    /// The run's folder is gone.
    case vanished(id: String)
    /// A line about the folder (a sweep's results not written, the folder missing).
    case message(String)
}
