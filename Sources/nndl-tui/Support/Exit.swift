import Foundation
import NNDL
import NNDLExperiments

/// The process exit statuses, as the README documents them.
enum ExitStatus: Int32 {
    /// The run finished (or the command succeeded).
    case done = 0
    /// A failure: a failed gradient check, an engine error, a write that did not happen.
    case failure = 1
    /// Bad usage, a bad config or override, missing or corrupt data.
    case usage = 2
    /// The loss became NaN or infinite.
    case diverged = 3
    /// Stopped by Ctrl-C or SIGTERM (after writing the checkpoint and results).
    case interrupted = 130

    /// The status for how a run ended.
    init(summaryStatus: RunOutcome) {
        switch summaryStatus {
        case .done: self = .done
        case .diverged: self = .diverged
        case .stopped: self = .interrupted
        case .failed: self = .failure
        }
    }

    /// A sweep's status: interrupted by a signal, else a failure when a run diverged or failed.
    init(sweepRows rows: [SweepRow], interrupted: Bool) {
        if interrupted {
            self = .interrupted
        } else {
            self = rows.contains { $0.status == .failed || $0.status == .diverged } ? .failure : .done
        }
    }
}

/// An error that ends the program with a one-line message and a status.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    let status: ExitStatus

    init(_ message: String, status: ExitStatus = .usage) {
        self.message = message
        self.status = status
    }

    var description: String { message }

    /// Wraps any error a user's input can cause, choosing the status by its type.
    static func from(_ error: any Error) -> CLIError {
        if let e = error as? CLIError { return e }
        switch error {
        case is ConfigError, is NNDLError, is CIFARError, is NPZError, is NPYError, is CheckpointError, is DownloadError, is FileError: return CLIError("\(error)", status: .usage)
        default: return CLIError("\(error)", status: .failure)
        }
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes a line to standard output and flushes it.
func printOut(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
