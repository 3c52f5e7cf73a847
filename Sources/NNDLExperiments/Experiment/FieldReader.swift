import NNDL

/// Reads typed, range-checked fields out of one JSON object, remembering which keys were used.
struct FieldReader {
    let prefix: String
    let object: [String: JSONValue]
    private var used: Set<String> = []

    init(prefix: String, object: [String: JSONValue]) {
        self.prefix = prefix
        self.object = object
    }

    private func path(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    private mutating func value(_ key: String) -> JSONValue? {
        used.insert(key)
        if case .null? = object[key] { return nil }
        return object[key]
    }

    /// The nested object `key` (empty when absent).
    mutating func section(_ key: String) throws -> FieldReader {
        switch value(key) {
        case nil: return FieldReader(prefix: path(key), object: [:])
        case let .object(o)?: return FieldReader(prefix: path(key), object: o)
        case let other?: throw ConfigError.invalid(path: path(key), expected: "an object", got: other.description)
        }
    }

    /// Throws for the first key that was never read.
    func finish() throws {
        if let unknown = object.keys.sorted().first(where: { !used.contains($0) }) {
            throw ConfigError.unknownKey(path: path(unknown))
        }
    }

    mutating func int(_ key: String, default d: Int, range: ClosedRange<Int>) throws -> Int {
        try optionalInt(key, range: range) ?? d
    }

    mutating func optionalInt(_ key: String, range: ClosedRange<Int>) throws -> Int? {
        guard let v = value(key) else { return nil }
        let expected = range.upperBound >= 100_000_000 || range.upperBound == Int(UInt32.max)
            ? "an integer ≥ \(range.lowerBound)" : "an integer in \(range.lowerBound)...\(range.upperBound)"
        guard case let .number(d) = v, d.rounded() == d, d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
            throw ConfigError.invalid(path: path(key), expected: expected, got: v.description)
        }
        return Int(d)
    }

    mutating func double(_ key: String, default d: Double, check: (String, (Double) -> Bool)) throws -> Double {
        guard let v = value(key) else { return d }
        guard case let .number(x) = v, x.isFinite, check.1(x) else {
            throw ConfigError.invalid(path: path(key), expected: "a number \(check.0)", got: v.description)
        }
        return x
    }

    /// The real-valued hyperparameter `field` (its key is the last part of `field.configPath`), inside its bounds.
    mutating func hyperparameter(_ field: HyperparameterField, default d: Double) throws -> Double {
        let key = String(field.configPath.split(separator: ".").last!)
        return try double(key, default: d, check: (field.bounds!.text, field.bounds!.contains))
    }

    mutating func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let v = value(key) else { return d }
        guard case let .bool(b) = v else { throw ConfigError.invalid(path: path(key), expected: "true or false", got: v.description) }
        return b
    }

    mutating func optionalString(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case let .string(s) = v, !s.isEmpty else {
            throw ConfigError.invalid(path: path(key), expected: "a non-empty string", got: v.description)
        }
        return s
    }

    mutating func string(_ key: String, default d: String, allowed: [String]?) throws -> String {
        guard let s = try optionalString(key) else { return d }
        if let allowed, !allowed.contains(s) {
            throw ConfigError.invalid(path: path(key), expected: "one of \(allowed.joined(separator: ", "))", got: JSONValue.string(s).description)
        }
        return s
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, default d: E) throws -> E where E.RawValue == String {
        try optionalEnumeration(key) ?? d
    }

    mutating func optionalEnumeration<E: RawRepresentable & CaseIterable>(_ key: String) throws -> E? where E.RawValue == String {
        guard let v = value(key) else { return nil }
        let names = E.allCases.map(\.rawValue)
        guard case let .string(s) = v, let e = E(rawValue: s) else {
            throw ConfigError.invalid(path: path(key), expected: "one of \(names.joined(separator: ", "))", got: v.description)
        }
        return e
    }

    mutating func intArray(_ key: String, default d: [Int], range: ClosedRange<Int>) throws -> [Int] {
        guard let v = value(key) else { return d }
        let expected = "a non-empty array of integers in \(range.lowerBound)...\(range.upperBound)"
        guard case let .array(items) = v, !items.isEmpty else {
            throw ConfigError.invalid(path: path(key), expected: expected, got: v.description)
        }
        return try items.map { item in
            guard case let .number(x) = item, x.rounded() == x, x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
                throw ConfigError.invalid(path: path(key), expected: expected, got: v.description)
            }
            return Int(x)
        }
    }
}
