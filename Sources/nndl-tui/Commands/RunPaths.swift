import Foundation
import NNDL
import NNDLExperiments
import NNDLUI

/// The files a run writes, and the one place that writes them: the `result.json` summary and the CSV history.
struct RunPaths: Sendable {
    /// The `.npz` checkpoint.
    let checkpoint: String
    /// The JSON summary.
    let result: String
    /// The run's folder.
    let folder: String

    /// The paths of the run `config.name`: `runs/NAME/`, the checkpoint there unless `checkpoint` is given.
    init(config: ExperimentConfig, checkpoint: String?) {
        folder = "runs/\(config.name)"
        self.checkpoint = checkpoint ?? "\(folder)/checkpoint.npz"
        result = "\(folder)/result.json"
    }

    /// Where a snapshot taken now goes: `FOLDER/snapshot-SECONDS.npz`.
    func snapshot(at date: Date = Date()) -> String {
        "\(folder)/snapshot-\(Int(date.timeIntervalSince1970)).npz"
    }

    /// Writes `summary` to `result` as pretty JSON (atomically, creating the folder).
    func writeResult(_ summary: RunSummary) throws {
        try summary.write(to: result)
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
