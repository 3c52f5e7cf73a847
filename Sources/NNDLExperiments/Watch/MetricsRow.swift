import Foundation
import NNDL

/// One row of a run's `metrics.csv` (`run,kind,iteration,epoch,loss,learning_rate,train_acc,val_acc,best_val_acc,change`).
public struct MetricsRow: Sendable, Equatable {
    /// What a row records.
    public enum Kind: String, Sendable, Equatable {
        /// One training iteration: its loss and learning rate.
        case step
        /// One accuracy check: train, validation and best validation accuracy.
        case check
        /// A hyperparameter change: `learning_rate 0.001->0.0005; reg 0.25->0.1`.
        case change
    }

    /// 1 for the first run, +1 at each restart.
    public var run: Int
    /// The row's kind.
    public var kind: Kind
    /// The iteration it was written at.
    public var iteration: Int
    /// The (fractional, for steps) epoch, when given.
    public var epoch: Double?
    /// The minibatch loss (steps).
    public var loss: Double?
    /// The learning rate in force.
    public var learningRate: Double?
    /// Training accuracy (checks).
    public var trainAccuracy: Double?
    /// Validation accuracy (checks).
    public var valAccuracy: Double?
    /// Best validation accuracy so far (checks).
    public var bestValAccuracy: Double?
    /// What changed (change rows).
    public var change: String

    /// The row a whole line holds, or nil for the header and lines that are not rows (cut short, damaged).
    public static func parse(_ line: Substring) -> MetricsRow? {
        let fields = line.split(separator: ",", maxSplits: 9, omittingEmptySubsequences: false)
        guard fields.count == 10, let run = Int(fields[0]), let kind = Kind(rawValue: String(fields[1])),
              let iteration = Int(fields[2]) else { return nil }
        func number(_ k: Int) -> Double? { Double(fields[k]) }
        let row = MetricsRow(
            run: run, kind: kind, iteration: iteration, epoch: number(3), loss: number(4), learningRate: number(5),
            trainAccuracy: number(6), valAccuracy: number(7), bestValAccuracy: number(8), change: String(fields[9]))
        switch kind {
        case .step: return row.loss == nil ? nil : row
        case .check: return row.valAccuracy == nil || row.trainAccuracy == nil ? nil : row
        case .change: return row
        }
    }
}

/// Follows a growing `metrics.csv`: each `read` returns the rows of the whole lines written since the last one,
/// reading only the new bytes; a half-written last line waits for its end. A file replaced (another inode) or cut
/// shorter is read again from the start, and `read` says so.
public struct MetricsTail: Sendable {
    /// The file followed.
    public let path: String
    private var offset: UInt64 = 0
    private var pending: [UInt8] = []
    private var identity: (device: UInt64, inode: UInt64)?

    /// A tail of `path`, nothing read yet.
    public init(path: String) {
        self.path = path
    }

    /// What one read found: the new rows, and whether the file started over (earlier rows no longer hold).
    public struct Chunk: Sendable {
        /// Rows of the lines completed since the last read.
        public var rows: [MetricsRow]
        /// The file was replaced or truncated: `rows` are the whole file's.
        public var restarted: Bool
    }

    /// Reads what was appended since the last call. Throws a `FileError` when the file cannot be opened or read
    /// (vanished, unreadable).
    public mutating func read() throws -> Chunk {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.errno(path, "open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError.errno(path, "stat") }
        let id = (UInt64(info.st_dev), UInt64(info.st_ino)), size = UInt64(info.st_size)
        var restarted = false
        if let known = identity, known != id || size < offset {
            (offset, pending, restarted) = (0, [], true)
        }
        identity = id
        var bytes = [UInt8](repeating: 0, count: 65536), lines: [MetricsRow] = []
        while true {
            let n = pread(fd, &bytes, bytes.count, off_t(offset))
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw FileError.errno(path, "read") }
            if n == 0 { break }
            offset += UInt64(n)
            lines += take(bytes[0..<n])
        }
        return Chunk(rows: lines, restarted: restarted)
    }

    /// The rows of the whole lines `bytes` completes; the rest waits in `pending`.
    private mutating func take(_ bytes: ArraySlice<UInt8>) -> [MetricsRow] {
        pending += bytes
        guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let text = String(decoding: pending[...lastNewline], as: UTF8.self)
        pending.removeSubrange(...lastNewline)
        return text.split(separator: "\n").compactMap(MetricsRow.parse)
    }
}
