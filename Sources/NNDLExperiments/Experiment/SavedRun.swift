import Foundation
import NNDL

/// A run as `train` leaves it on disk: the checkpoint (best-validation parameters, config, and the `state` entry with
/// its histories) and, when there is one, the `result.json` summary.
public struct SavedRun: Sendable {
    /// A short name for the run: the folder's name (`runs/NAME`), or the `.npz` file's name without `.npz`.
    public var name: String
    /// The checkpoint.
    public var checkpoint: Checkpoint
    /// The resume state with the loss and accuracy histories (nil for a checkpoint that holds parameters only).
    public var state: ResumeState?
    /// The summary `train` wrote beside the checkpoint (nil when there is none).
    public var summary: RunSummary?

    static let checkpointFile = RunFolder.checkpointFile
    static let resultFile = RunFolder.resultFile

    /// Reads `path`: a run folder holding `checkpoint.npz` (and `result.json`), a preset's folder `runs/NAME` (its
    /// newest run), or a `.npz` checkpoint (with the `result.json` beside it when the file is a folder's
    /// `checkpoint.npz`). Throws a `CheckpointError` naming the path for a missing folder or file, a folder without a
    /// checkpoint, or a `state` or `result.json` that does not parse. `model` describes weights saved from the notebook.
    public static func load(_ given: String, model: ExperimentConfig? = nil) throws -> SavedRun {
        let path = RunFolder.resolve(given)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CheckpointError.invalid(path: path, reason: "no such run folder or .npz file")
        }
        let url = URL(fileURLWithPath: path)
        let file = isFolder.boolValue ? url.appendingPathComponent(checkpointFile) : url
        if isFolder.boolValue && !FileManager.default.fileExists(atPath: file.path) {
            throw CheckpointError.invalid(path: path, reason: "no \(checkpointFile) in this folder (train writes runs/NAME/NNN/\(checkpointFile))")
        }
        let checkpoint = try Checkpoint.load(
            isFolder.boolValue ? (path as NSString).appendingPathComponent(checkpointFile) : path, model: model)
        let state = checkpoint.arrays[ResumeState.entryName] == nil ? nil : try checkpoint.resumeState()
        let inFolder = isFolder.boolValue || file.lastPathComponent == checkpointFile
        let folder = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        let summary = inFolder ? try readSummary((folder as NSString).appendingPathComponent(resultFile)) : nil
        return SavedRun(name: name(of: file), checkpoint: checkpoint, state: state, summary: summary)
    }

    /// The summary at `path`, nil when there is no such file.
    static func readSummary(_ path: String) throws -> RunSummary? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let summary = try? JSONDecoder().decode(RunSummary.self, from: data) else {
            throw CheckpointError.invalid(path: path, reason: "not a run summary (the result.json train writes)")
        }
        return summary
    }

    /// `NAME` for `…/NAME/checkpoint.npz` (`NAME/003` for a numbered run folder), else the file's name without `.npz`.
    static func name(of file: URL) -> String {
        if file.lastPathComponent == checkpointFile {
            let folderURL = file.deletingLastPathComponent().resolvingSymlinksInPath()
            let folder = folderURL.lastPathComponent
            if Int(folder) != nil {
                return folderURL.deletingLastPathComponent().lastPathComponent + "/" + folder
            }
            if !folder.isEmpty && folder != "." && folder != "/" { return folder }
        }
        let base = file.lastPathComponent
        return base.hasSuffix(".npz") ? String(base.dropLast(4)) : base
    }

    // MARK: - Figures

    /// The best validation accuracy: the summary's, else the resume state's, else the largest in the history.
    public var bestValAccuracy: Double? {
        if let best = summary?.bestValAcc { return best }
        if let best = state?.bestValAccuracy, best >= 0 { return best }
        return state?.history.valAccuracy.max()
    }

    /// The test accuracy `train` measured (only in the summary).
    public var testAccuracy: Double? { summary?.testAcc }

    /// The last minibatch loss: the summary's, else the history's.
    public var finalLoss: Double? { summary?.finalLoss ?? state?.history.loss.last }

    /// Iterations trained: the summary's, else the resume state's.
    public var iterations: Int? { summary?.iterations ?? state?.iteration }
}
