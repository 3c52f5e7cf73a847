import Foundation

/// A parsed JSON value, used to read configs and `--set` overrides with precise error messages.
public indirect enum JSONValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    /// Parses JSON text; nil when it is not JSON.
    public static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Compact JSON text for messages (`0`, `"sgd"`, `[100,100]`).
    public var description: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(d):
            return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case let .string(s):
            let data = try? JSONEncoder().encode(s)
            return data.flatMap { String(data: $0, encoding: .utf8) } ?? "\"\(s)\""
        case let .array(a): return "[" + a.map(\.description).joined(separator: ",") + "]"
        case let .object(o):
            return "{" + o.keys.sorted().map { "\(JSONValue.string($0)):\(o[$0]!)" }.joined(separator: ",") + "}"
        }
    }
}
