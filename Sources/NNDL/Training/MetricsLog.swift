import Foundation

/// A run's `metrics.csv`, appended as training goes: a `step` row per iteration (loss, learning rate), a `check` row
/// per accuracy check, a `change` row per hyperparameter change. Rows are buffered and written whole, at least once a
/// second and at every check, change, state change and end, so `pandas.read_csv` reads the file while the run goes
/// on. Lives on the session's thread; a write that fails (full disk, file-size limit) ends the log, not the run.
struct MetricsLog {
    /// The first line of a new file.
    static let header = "run,kind,iteration,epoch,loss,learning_rate,train_acc,val_acc,best_val_acc,change"
    /// The longest rows wait in the buffer, in seconds.
    static let flushInterval = 1.0

    let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var lastFlush = 0.0
    /// 1 for the first run, +1 at each restart.
    private var run = 0
    /// The hyperparameters as last set, to name what a change changed.
    private var hyperparameters: Hyperparameters?

    /// Opens `path` for appending (creating it and its folder, with the header, when it is new).
    init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw FileError.errno(path, "open") }
        var info = stat()
        let isNew = fstat(fd, &info) == 0 && info.st_size == 0
        (self.path, self.fd) = (path, fd)
        if isNew { buffer.append(contentsOf: Array((Self.header + "\n").utf8)) }
    }

    /// Adds what `event` says to the log at `now` (seconds on any steady clock); writes when it is time.
    mutating func record(_ event: TrainingEvent, now: Double) throws {
        switch event {
        case let .started(info):
            run += 1
            hyperparameters = info.hyperparameters
        case let .iteration(r):
            row("step", r.iteration, epoch: "\(r.epoch)", loss: "\(r.loss)", learningRate: r.learningRate)
            if now - lastFlush < Self.flushInterval { return }
        case let .epoch(e):
            row("check", e.iteration, epoch: "\(e.epoch)", learningRate: e.learningRate,
                accuracies: [e.trainAccuracy, e.valAccuracy, e.bestValAccuracy])
        case let .hyperparametersChanged(iteration, h):
            let changes = hyperparameters.map { Self.changes(from: $0, to: h) } ?? ""
            hyperparameters = h
            row("change", iteration, learningRate: h.learningRate, change: changes)
        case .state, .finished:
            break
        default:
            return
        }
        try flush(at: now)
    }

    /// `learning_rate 0.001->0.0005; reg 0.25->0.1`: the fields that differ, every digit.
    static func changes(from old: Hyperparameters, to new: Hyperparameters) -> String {
        Hyperparameters.differences(from: old, to: new)
            .map { "\($0.field.rawValue) \($0.old.exact)->\($0.new.exact)" }.joined(separator: "; ")
    }

    private mutating func row(
        _ kind: String, _ iteration: Int, epoch: String = "", loss: String = "", learningRate: Double,
        accuracies: [Double] = [], change: String = ""
    ) {
        let acc = accuracies.isEmpty ? ",," : accuracies.map { "\($0)" }.joined(separator: ",")
        let line = "\(run),\(kind),\(iteration),\(epoch),\(loss),\(learningRate),\(acc),\(change)\n"
        buffer.append(contentsOf: line.utf8)
    }

    /// Writes the buffered rows (whole lines only).
    mutating func flush(at now: Double) throws {
        lastFlush = now
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw FileError.errno(path, "write") }
                offset += n
            }
        }
    }

    /// Writes what is buffered and closes the file.
    mutating func close(at now: Double) throws {
        defer {
            if fd >= 0 { _ = Foundation.close(fd) }
            fd = -1
        }
        try flush(at: now)
    }
}
