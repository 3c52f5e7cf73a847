/// A problem with an experiment config or a `--set` override; the message names the key path and the value.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The text is not JSON (or not an object).
    case notJSON(source: String)
    /// A key the schema does not know.
    case unknownKey(path: String)
    /// A value of the wrong type or out of range.
    case invalid(path: String, expected: String, got: String)
    /// A `--set` argument not of the form `key.path=value`.
    case malformedOverride(String)
    /// A required key is missing.
    case missing(path: String)
    /// Two keys that exclude each other are both set.
    case conflict(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read config \(path): \(reason)"
        case let .notJSON(source): return "\(source): not a JSON object"
        case let .unknownKey(path): return "\(path): unknown key"
        case let .invalid(path, expected, got): return "\(path): expected \(expected), got \(got)"
        case let .malformedOverride(text): return "--set \(text): expected key.path=value (e.g. solver.learningRate=5e-4)"
        case let .missing(path): return "\(path): required key is missing"
        case let .conflict(text): return text
        }
    }
}
