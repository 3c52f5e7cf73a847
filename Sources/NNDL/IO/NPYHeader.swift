/// The header dictionary of a `.npy` file: `{'descr': '<f8', 'fortran_order': False, 'shape': (4, 5), }`.
struct NPYHeader: Equatable {
    /// The dtype descriptor.
    var descr: String
    /// Whether the data is column-major.
    var fortranOrder: Bool
    /// The extent of each axis.
    var shape: [Int]

    /// The header text NumPy writes for this dictionary (keys sorted, a trailing ", ").
    var text: String {
        let dims = shape.map(String.init)
        let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
    }

    /// Parses the header text as a Python dict literal with exactly the keys descr, fortran_order and shape.
    static func parse(_ text: ArraySlice<UInt8>) throws -> NPYHeader {
        var parser = LiteralParser(text: Array(text))
        let entries = try parser.dictionary()
        var values: [String: LiteralParser.Value] = [:]
        for (key, value) in entries {
            guard values.updateValue(value, forKey: key) == nil else {
                throw NPYError.badHeader("key '\(key)' repeats")
            }
        }
        guard Set(values.keys) == ["descr", "fortran_order", "shape"] else {
            throw NPYError.badHeader("keys are \(values.keys.sorted()), expected descr, fortran_order, shape")
        }
        guard case let .string(descr)? = values["descr"] else {
            throw NPYError.badHeader("descr is not a string")
        }
        guard case let .bool(fortranOrder)? = values["fortran_order"] else {
            throw NPYError.badHeader("fortran_order is not True or False")
        }
        guard case let .tuple(shape)? = values["shape"] else {
            throw NPYError.badHeader("shape is not a tuple of integers")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw NPYError.badHeader("shape \(shape) has a negative extent") }
        return NPYHeader(descr: descr, fortranOrder: fortranOrder, shape: shape)
    }
}

/// A strict parser for the Python literals a `.npy` header uses: a dict of strings, True/False and int tuples.
private struct LiteralParser {
    /// A parsed value.
    enum Value: Equatable {
        case string(String), bool(Bool), int(Int), tuple([Int])
    }

    /// The most axes accepted (NumPy allows 64).
    static let maxRank = 64

    let text: [UInt8]
    var index = 0

    init(text: [UInt8]) { self.text = text }

    /// `{ 'key': value, … }` followed only by whitespace.
    mutating func dictionary() throws -> [(String, Value)] {
        try expect("{")
        var entries: [(String, Value)] = []
        while try peek() != "}" {
            let key = try string()
            try expect(":")
            entries.append((key, try value()))
            guard try peek() == "," else { break }
            index += 1
        }
        try expect("}")
        skipSpace()
        guard index == text.count else { throw fault("unexpected text after '}'") }
        return entries
    }

    /// A string, True, False, an integer or a tuple of integers.
    mutating func value() throws -> Value {
        switch try peek() {
        case "'", "\"": return .string(try string())
        case "(": return .tuple(try tuple())
        case "[": throw NPYError.unsupportedDtype("a structured dtype (a list of fields)")
        case "T", "F":
            for (word, flag) in [("True", true), ("False", false)] where text[index...].starts(with: word.utf8) {
                index += word.utf8.count
                return .bool(flag)
            }
            throw fault("expected True or False")
        default: return .int(try integer())
        }
    }

    /// A quoted string without escapes (NumPy never writes any).
    mutating func string() throws -> String {
        let quote = try peek()
        guard quote == "'" || quote == "\"" else { throw fault("expected a quoted string") }
        index += 1
        guard let end = text[index...].firstIndex(of: UInt8(quote.value)) else { throw fault("unterminated string") }
        let body = text[index..<end]
        guard !body.contains(UInt8(ascii: "\\")), let result = String(validating: body, as: UTF8.self) else {
            throw fault("string with escapes or invalid UTF-8")
        }
        index = end + 1
        return result
    }

    /// `()`, `(n,)`, `(n, m)`, … with at most `maxRank` integers.
    mutating func tuple() throws -> [Int] {
        try expect("(")
        var items: [Int] = []
        while try peek() != ")" {
            guard items.count < Self.maxRank else { throw fault("more than \(Self.maxRank) dimensions") }
            items.append(try integer())
            guard try peek() == "," else { break }
            index += 1
        }
        try expect(")")
        return items
    }

    /// A decimal integer, optionally negative, optionally with Python 2's `L` suffix.
    mutating func integer() throws -> Int {
        let negative = try peek() == "-"
        if negative { index += 1 }
        var value = 0
        let start = index
        while index < text.count, let digit = Self.digit(text[index]) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            guard !o1 && !o2 else { throw fault("integer too large") }
            value = sum
            index += 1
        }
        guard index > start else { throw fault("expected an integer") }
        if index < text.count && text[index] == UInt8(ascii: "L") { index += 1 }
        return negative ? -value : value
    }

    // MARK: - Characters

    /// The value of an ASCII digit, else nil.
    static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Skips spaces, tabs and newlines.
    mutating func skipSpace() {
        while index < text.count && [0x20, 0x09, 0x0A, 0x0D].contains(text[index]) { index += 1 }
    }

    /// The next non-space character (a byte read as Latin-1), without consuming it.
    mutating func peek() throws -> Unicode.Scalar {
        skipSpace()
        guard index < text.count else { throw fault("unexpected end") }
        return Unicode.Scalar(text[index])
    }

    /// Consumes `character` after optional spaces.
    mutating func expect(_ character: Unicode.Scalar) throws {
        guard try peek() == character else { throw fault("expected '\(character)'") }
        index += 1
    }

    /// A `badHeader` error at the current position.
    func fault(_ what: String) -> NPYError {
        .badHeader("\(what) at character \(index) of the header")
    }
}

