/// A `--grid` value that does not describe an axis.
public enum SweepGridError: Error, Equatable, CustomStringConvertible {
    /// The text has no `key=` part.
    case malformed(String)
    /// One of the values is empty (`a,,b`, a trailing comma).
    case emptyValue(String)

    public var description: String {
        switch self {
        case let .malformed(text): return "--grid \(text): expected key.path=v1,v2,…"
        case let .emptyValue(text): return "--grid \(text): empty value"
        }
    }
}

/// One `--grid key=v1,v2` axis.
public struct SweepAxis: Sendable {
    /// The config key the axis sets (`solver.learningRate`).
    public let key: String
    /// The values it takes, as `--set` would read them.
    public let values: [String]

    /// Parses `key=v1,v2,…`, splitting at commas outside brackets (so `[100,100]` stays one value).
    public static func parse(_ text: String) throws -> SweepAxis {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { throw SweepGridError.malformed(text) }
        var values: [String] = [], current = "", depth = 0
        for ch in text[text.index(after: eq)...] {
            if ch == "[" || ch == "{" { depth += 1 }
            if ch == "]" || ch == "}" { depth -= 1 }
            if ch == "," && depth == 0 {
                values.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        values.append(current)
        guard !values.contains(where: \.isEmpty) else { throw SweepGridError.emptyValue(text) }
        return SweepAxis(key: String(text[..<eq]), values: values)
    }

    /// Every combination, the last axis varying fastest.
    public static func product(_ axes: [SweepAxis]) -> [SweepPoint] {
        axes.reduce([SweepPoint(index: 0, settings: [])]) { points, axis in
            points.flatMap { p in axis.values.map { SweepPoint(index: 0, settings: p.settings + [(axis.key, $0)]) } }
        }.enumerated().map { SweepPoint(index: $0.offset, settings: $0.element.settings) }
    }
}

/// One grid point: its settings as key/value pairs.
public struct SweepPoint: Sendable {
    /// The point's index in the grid (the `run` column of results.csv).
    public let index: Int
    /// One (key, value) per axis.
    public let settings: [(String, String)]
    /// The settings as `--set` overrides.
    public var overrides: [String] { settings.map { "\($0.0)=\($0.1)" } }
}
