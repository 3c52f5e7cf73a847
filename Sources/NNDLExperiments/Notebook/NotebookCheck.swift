import Foundation

/// A value a notebook cell prints: a number, or text such as a shape `(49000, 3072)`.
public enum NotebookValue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A number, printed as Python prints a float (shortest round-trip digits).
    case number(Double)
    /// Text, compared exactly.
    case text(String)

    /// The number, when this is one.
    public var number: Double? {
        if case let .number(x) = self { return x }
        return nil
    }

    public var description: String {
        switch self {
        case let .number(x): return "\(x)"
        case let .text(s): return s
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .number(x): try c.encode(x)
        case let .text(s): try c.encode(s)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(Double.self) { self = .number(x) } else { self = .text(try c.decode(String.self)) }
    }
}

/// When a check passes: the tolerance its cell states (in its comments or its `assert`).
public enum NotebookTolerance: Sendable, Equatable {
    /// Ours is below the bound (errors and differences; "around X" in a comment is read as below 10·X).
    case below(Double)
    /// |ours − notebook| is at most the bound (values the cell reproduces).
    case near(Double)
    /// Ours lies in the closed range (a cell's "around 28-29%").
    case between(Double, Double)
    /// Ours equals the notebook's value exactly (shapes, an `assert np.all(b == 0)`).
    case equal
    /// Printed for comparison only: the cell states no tolerance for it.
    case none

    /// Whether `ours` passes against the notebook's printed `notebook` value.
    public func accepts(_ ours: NotebookValue, notebook: NotebookValue?) -> Bool {
        switch self {
        case let .below(bound): return ours.number.map { $0 < bound } ?? false
        case let .near(bound):
            guard let a = ours.number, let b = notebook?.number else { return false }
            return abs(a - b) <= bound
        case let .between(low, high): return ours.number.map { $0 >= low && $0 <= high } ?? false
        case .equal: return ours == notebook
        case .none: return true
        }
    }

    /// A short text for the printed line: `< 1e-07`, `±1e-10`, `in [0.27, 0.3]`, `=`, or empty.
    public var text: String {
        switch self {
        case let .below(bound): return "< \(bound)"
        case let .near(bound): return "±\(bound)"
        case let .between(low, high): return "in [\(low), \(high)]"
        case .equal: return "exact"
        case .none: return ""
        }
    }
}

/// One printed check of a notebook cell: ours beside the notebook's printed value and the cell's tolerance.
public struct NotebookCheck: Sendable, Equatable {
    /// The cell's name (`toy-scores`, `affine-backward`, …), as `--only` takes it.
    public var cell: String
    /// What the cell prints before the value, e.g. `Difference between your scores and correct scores`.
    public var label: String
    /// Our value.
    public var ours: NotebookValue
    /// The value the notebook printed (nil where its export shows none).
    public var notebook: NotebookValue?
    /// When it passes.
    public var tolerance: NotebookTolerance

    /// A check of `ours` against the notebook's `notebook` under `tolerance`.
    public init(cell: String, label: String, ours: NotebookValue, notebook: NotebookValue?, tolerance: NotebookTolerance) {
        self.cell = cell
        self.label = label
        self.ours = ours
        self.notebook = notebook
        self.tolerance = tolerance
    }

    /// A numeric check.
    public init(cell: String, label: String, ours: Double, notebook: Double?, tolerance: NotebookTolerance) {
        self.init(cell: cell, label: label, ours: .number(ours), notebook: notebook.map(NotebookValue.number), tolerance: tolerance)
    }

    /// Whether ours is within the cell's tolerance (always true for printed-only rows).
    public var passed: Bool { tolerance.accepts(ours, notebook: notebook) }

    /// ours − notebook, when both are numbers.
    public var difference: Double? {
        guard let a = ours.number, let b = notebook?.number else { return nil }
        return a - b
    }

    /// The line printed for this check: `label: ours   notebook N   (< bound) ok`.
    public var line: String {
        var s = "\(label): \(ours)"
        if let notebook { s += "   notebook \(notebook)" }
        if tolerance != .none { s += "   (\(tolerance.text)) " + (passed ? "ok" : "FAIL") }
        return s
    }
}

/// A check as `--json` prints it.
public struct NotebookCheckRecord: Sendable, Codable, Equatable {
    /// The cell's name.
    public var cell: String
    /// What the cell prints before the value.
    public var label: String
    /// Our value.
    public var ours: NotebookValue
    /// The notebook's printed value (null where the export shows none).
    public var notebook: NotebookValue?
    /// ours − notebook, when both are numbers.
    public var difference: Double?
    /// The tolerance as text (`< 1e-08`), null for printed-only rows.
    public var tolerance: String?
    /// Whether ours is within the tolerance, null for printed-only rows.
    public var passed: Bool?

    /// The record of `check` (tolerance and passed are nil for printed-only rows).
    public init(_ check: NotebookCheck) {
        cell = check.cell
        label = check.label
        ours = check.ours
        notebook = check.notebook
        difference = check.difference
        tolerance = check.tolerance == .none ? nil : check.tolerance.text
        passed = check.tolerance == .none ? nil : check.passed
    }

    private enum CodingKeys: String, CodingKey { case cell, label, ours, notebook, difference, tolerance, passed }

    /// Every key is written, `null` where there is no value, so each record has the same fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cell, forKey: .cell)
        try c.encode(label, forKey: .label)
        try c.encode(ours, forKey: .ours)
        try c.encode(notebook, forKey: .notebook)
        try c.encode(difference, forKey: .difference)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(passed, forKey: .passed)
    }
}
