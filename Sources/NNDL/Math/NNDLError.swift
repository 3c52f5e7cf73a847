/// An error a caller of the engine can cause: bad shapes, labels or hyperparameters.
public enum NNDLError: Error, Equatable, CustomStringConvertible {
    /// `what` had shape `got` where `expected` was needed.
    case shapeMismatch(what: String, expected: String, got: String)
    /// A label outside 0..<numClasses.
    case labelOutOfRange(label: Int, index: Int, numClasses: Int)
    /// A hyperparameter or size outside its allowed range.
    case invalidValue(name: String, value: String, requirement: String)
    /// A batch, split or data set with no rows.
    case empty(what: String)
    /// `what` would need about `bytes` of memory where the machine has `available`.
    case tooLarge(what: String, bytes: Double, available: Double)

    /// A one-line message naming the values.
    public var description: String {
        switch self {
        case let .shapeMismatch(what, expected, got):
            return "\(what): expected shape \(expected), got \(got)"
        case let .labelOutOfRange(label, index, numClasses):
            return "label \(label) at index \(index) is outside 0..<\(numClasses)"
        case let .invalidValue(name, value, requirement):
            return "\(name): expected \(requirement), got \(value)"
        case let .empty(what):
            return "\(what) is empty"
        case let .tooLarge(what, bytes, available):
            return "\(what) would need about \(Self.gigabytes(bytes)) of memory but this machine has "
                + "\(Self.gigabytes(available)); use smaller layers or batches"
        }
    }

    /// `bytes` as `12.3 GB` (or `456.7 MB` below a gigabyte).
    static func gigabytes(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9) : String(format: "%.1f MB", bytes / 1e6)
    }
}
