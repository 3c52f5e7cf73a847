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
    /// Stopped by Ctrl-C (after writing the checkpoint and results): 128 + SIGINT.
    case interrupted = 130
    /// Stopped by SIGTERM (after writing the checkpoint and results): 128 + SIGTERM.
    case terminated = 143

    /// The status of a process a signal stopped: 143 for SIGTERM, 130 for SIGINT.
    init(signal: Int32) {
        self = signal == SIGTERM ? .terminated : .interrupted
    }

    /// The status for how a run ended; a stopped run was stopped by `signal` (Ctrl-C when unknown).
    init(summaryStatus: RunOutcome, signal: Int32? = nil) {
        switch summaryStatus {
        case .done: self = .done
        case .diverged: self = .diverged
        case .stopped: self = ExitStatus(signal: signal ?? SIGINT)
        case .failed: self = .failure
        }
    }

    /// A sweep's status: stopped by `signal`, else a failure when a run diverged or failed.
    init(sweepRows rows: [SweepRow], signal: Int32?) {
        if let signal {
            self = ExitStatus(signal: signal)
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
