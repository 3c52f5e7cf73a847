import Foundation

/// What a scheduled task (a `sweep --slurm` array task) leaves beside its run: the command's exit status in
/// `exit-status` and the scheduler's log of its output in `slurm.log`.
public enum TaskExit {
    /// The file the job script writes the command's exit status to.
    public static let statusFile = "exit-status"
    /// The task's output and errors, as the job script tells the scheduler to write them.
    public static let logFile = "slurm.log"

    /// The exit status recorded in `folder`, nil while there is none (queued or still running).
    public static func status(in folder: String) -> Int32? {
        let path = (folder as NSString).appendingPathComponent(statusFile)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The last `lines` non-empty lines of the task's log (empty when there is none).
    public static func logTail(in folder: String, lines: Int) -> [String] {
        let path = (folder as NSString).appendingPathComponent(logFile)
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let all = String(decoding: data.suffix(16384), as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(all.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(lines))
    }
}
