import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

// The one place that exits: every error becomes a one-line message on stderr and a documented status.
// A checkpoint or log write past a file-size limit (`ulimit -f`) fails with EFBIG, reported like a full disk,
// instead of SIGXFSZ killing the process mid-write.
signal(SIGXFSZ, SIG_IGN)
do {
    var command = try Root.parseAsRoot()
    try command.run()
    exit(ExitStatus.done.rawValue)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch let error as CLIError {
    printError("nndl-tui: \(error.message)")
    exit(error.status.rawValue)
} catch {
    let code = Root.exitCode(for: error)
    if code == .success {
        printOut(Root.fullMessage(for: error))
        exit(0)
    }
    let cli = CLIError.from(error)
    if error is ConfigError || error is CIFARError || error is NPZError || error is NPYError || error is NNDLError
        || error is CheckpointError || error is FileError || error is DownloadError {
        printError("nndl-tui: \(cli.message)")
        exit(cli.status.rawValue)
    }
    // Argument-parsing errors: ArgumentParser's message and usage, status 2.
    printError(Root.fullMessage(for: error))
    exit(code == .validationFailure ? ExitStatus.usage.rawValue : ExitStatus.failure.rawValue)
}
