import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

/// Where a run is to go before it starts: its own new folder under `runs/NAME/` unless `--run-dir` names one, and the
/// checkpoint inside it unless `--checkpoint` names another file. `create()` makes the folder once the data loaded.
struct RunPlace: Sendable {
    /// The preset's name (`runs/NAME`).
    let name: String
    /// `--run-dir`: the folder to use instead of a new numbered one.
    let runDir: String?
    /// `--checkpoint`: the checkpoint file to write instead of the folder's `checkpoint.npz`.
    let checkpoint: String?

    /// The place of a run of `config`.
    init(config: ExperimentConfig, runDir: String? = nil, checkpoint: String? = nil) {
        name = config.name
        self.runDir = runDir
        self.checkpoint = checkpoint
    }

    /// Creates the run's folder (the next `runs/NAME/NNN`, or `--run-dir`) and returns its paths.
    func create() throws -> RunPaths {
        let folder: String
        if let runDir {
            try FileManager.default.createDirectory(atPath: runDir, withIntermediateDirectories: true)
            folder = runDir
        } else {
            folder = try RunFolder.create(in: "runs/\(name)")
        }
        return RunPaths(folder: folder, checkpoint: checkpoint)
    }
}

/// The files a run writes, and the one place that writes them: the `result.json` summary and the CSV history.
struct RunPaths: Sendable {
    /// The run's folder.
    let folder: String
    /// The `.npz` checkpoint.
    let checkpoint: String
    /// The JSON summary.
    let result: String
    /// The metrics log the engine appends to.
    let metrics: String

    /// The paths of the run in `folder`; the checkpoint is `folder/checkpoint.npz` unless `checkpoint` is given.
    init(folder: String, checkpoint: String? = nil) {
        self.folder = folder
        self.checkpoint = checkpoint ?? (folder as NSString).appendingPathComponent(RunFolder.checkpointFile)
        result = (folder as NSString).appendingPathComponent(RunFolder.resultFile)
        metrics = (folder as NSString).appendingPathComponent(RunFolder.metricsFile)
    }

    /// What the engine writes for this run: the checkpoint (with `config`), and the metrics log.
    func checkpointing(_ config: ExperimentConfig) -> TrainingSession.Checkpointing {
        .init(path: checkpoint, configJSON: config.json, metricsPath: metrics)
    }

    /// Where a snapshot taken now goes: `FOLDER/snapshot-SECONDS.npz`.
    func snapshot(at date: Date = Date()) -> String {
        "\(folder)/snapshot-\(Int(date.timeIntervalSince1970)).npz"
    }

    /// Writes `summary` to `result` as pretty JSON (atomically, creating the folder).
    func writeResult(_ summary: RunSummary) throws {
        try summary.write(to: result)
    }

    /// The line that says a run ended without its final checkpoint, and what is on disk instead; nil when the
    /// summary names the checkpoint (it was written at the end).
    func missingCheckpoint(_ summary: RunSummary) -> String? {
        guard summary.checkpoint == nil else { return nil }
        let kept = FileManager.default.fileExists(atPath: checkpoint)
            ? "\(checkpoint) holds the last checkpoint that was written" : "no checkpoint was written"
        return "the final checkpoint could not be written (see above); \(kept); \(result) has the summary"
    }

    /// Writes `run`'s loss, accuracy and change history to `loss.csv`, `accuracy.csv` and `changes.csv` in the
    /// folder (the dashboard's `e`); returns the line for the message row, starting with `label` when written.
    func exportCSV(_ run: AppState, label: String = "") -> String {
        let files = [
            ("loss.csv", CSVExport.loss(run.loss)), ("accuracy.csv", CSVExport.accuracy(run.epochs)),
            ("changes.csv", CSVExport.changes(run.changeLog)),
        ]
        do {
            for (name, text) in files { try AtomicFile.write(Array(text.utf8), to: "\(folder)/\(name)") }
            return "\(label)history written to \(folder)/{loss,accuracy,changes}.csv"
        } catch {
            return "history not written: \(error)"
        }
    }
}
