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
        }
    }
}
