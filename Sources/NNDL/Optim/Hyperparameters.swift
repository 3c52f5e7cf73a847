import Foundation

/// The hyperparameters a user may change while a run trains: the one definition of their fields, bounds and steps.
/// An `UpdateRule` reads them as its config (optim.py's `config` dict, typed), with the learning rate in force.
///
/// The config reader, the Solver, the dashboard's panel and `--set` all check values through `validate()` or
/// `HyperparameterField.check(_:)`, so a value one of them accepts is never refused by another.
public struct Hyperparameters: Sendable, Equatable {
    /// Step size.
    public var learningRate: Double
    /// L2 regularization strength (the loss adds 0.5 · reg · Σ‖W‖²).
    public var reg: Double
    /// Multiplier applied to the learning rate after each epoch.
    public var lrDecay: Double
    /// Minibatch size.
    public var batchSize: Int
    /// The update rule.
    public var updateRule: UpdateRuleKind
    /// Velocity decay for `sgd_momentum`.
    public var momentum: Double
    /// Decay rate of the squared-gradient average for `rmsprop`.
    public var decayRate: Double
    /// Decay rate of the first moment for `adam`.
    public var beta1: Double
    /// Decay rate of the second moment for `adam`.
    public var beta2: Double
    /// Small constant that keeps `rmsprop` and `adam` from dividing by zero.
    public var epsilon: Double

    /// A full set of hyperparameters; what is not given takes solver.py's and optim.py's defaults (reg 0, no decay,
    /// batches of 100, sgd).
    public init(
        learningRate: Double, reg: Double = 0, lrDecay: Double = 1.0, batchSize: Int = 100, updateRule: UpdateRuleKind = .sgd,
        momentum: Double = 0.9, decayRate: Double = 0.99, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8
    ) {
        self.learningRate = learningRate
        self.reg = reg
        self.lrDecay = lrDecay
        self.batchSize = batchSize
        self.updateRule = updateRule
        self.momentum = momentum
        self.decayRate = decayRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// The fields whose values differ between `old` and `new`, in panel order, with both values.
    public static func differences(
        from old: Hyperparameters, to new: Hyperparameters
    ) -> [(field: HyperparameterField, old: HyperparameterValue, new: HyperparameterValue)] {
        HyperparameterField.allCases.compactMap { field in
            let a = field.value(in: old), b = field.value(in: new)
            return a == b ? nil : (field, a, b)
        }
    }

    /// The largest minibatch a config or the panel accepts.
    public static let batchSizeRange = 1...100_000

    /// Throws `HyperparameterError.outOfRange` naming the first field outside its bounds, in panel order.
    public func validate() throws(HyperparameterError) {
        for field in HyperparameterField.allCases {
            switch field.value(in: self) {
            case let .number(v): try field.check(v)
            case let .count(n): if !Self.batchSizeRange.contains(n) { throw .outOfRange(field: field, got: "\(n)") }
            case .rule: break
            }
        }
    }
}

extension Hyperparameters: Codable {
    private enum CodingKeys: String, CodingKey {
        case learningRate, reg, lrDecay, batchSize, updateRule, momentum, decayRate, beta1, beta2, epsilon
    }

    /// Decodes every field; `beta1` and `epsilon` may be missing (checkpoints written before Adam had rows of its own
    /// used `momentum` as β1 and optim.py's ε).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        reg = try c.decode(Double.self, forKey: .reg)
        lrDecay = try c.decode(Double.self, forKey: .lrDecay)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        updateRule = try c.decode(UpdateRuleKind.self, forKey: .updateRule)
        momentum = try c.decode(Double.self, forKey: .momentum)
        decayRate = try c.decode(Double.self, forKey: .decayRate)
        beta1 = try c.decodeIfPresent(Double.self, forKey: .beta1) ?? momentum
        beta2 = try c.decode(Double.self, forKey: .beta2)
        epsilon = try c.decodeIfPresent(Double.self, forKey: .epsilon) ?? 1e-8
    }
}

/// The interval a real-valued hyperparameter must lie in.
public struct HyperparameterBounds: Sendable, Equatable {
    /// The lower end.
    public var lower: Double
    /// Whether `lower` itself is allowed.
    public var includesLower: Bool
    /// The upper end (`.infinity` for none).
    public var upper: Double
    /// Whether `upper` itself is allowed.
    public var includesUpper: Bool

    /// Whether `v` is finite and inside.
    public func contains(_ v: Double) -> Bool {
        v.isFinite && (includesLower ? v >= lower : v > lower) && (includesUpper ? v <= upper : v < upper)
    }

    /// `> 0`, `≥ 0`, `in (0, 1]`, …
    public var text: String {
        func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : "\(v)" }
        guard upper.isFinite else { return (includesLower ? "≥ " : "> ") + number(lower) }
        return "in \(includesLower ? "[" : "(")\(number(lower)), \(number(upper))\(includesUpper ? "]" : ")")"
    }

    /// `v` moved into the bounds, an open end counting as `margin` inside it.
    func clamp(_ v: Double, margin: Double) -> Double {
        let lo = includesLower ? lower : lower + margin, hi = includesUpper ? upper : upper - margin
        return min(hi, max(lo, v))
    }

    static func positive() -> Self { Self(lower: 0, includesLower: false, upper: .infinity, includesUpper: false) }
    static func nonNegative() -> Self { Self(lower: 0, includesLower: true, upper: .infinity, includesUpper: false) }
    static func unit(includesZero: Bool, includesOne: Bool) -> Self {
        Self(lower: 0, includesLower: includesZero, upper: 1, includesUpper: includesOne)
    }
}

/// A hyperparameter, by its CS231n config name, in the order the dashboard's panel lists them.
public enum HyperparameterField: String, Sendable, Equatable, CaseIterable {
    /// `learning_rate`.
    case learningRate = "learning_rate"
    /// `reg`.
    case reg
    /// `lr_decay`, applied after each epoch.
    case lrDecay = "lr_decay"
    /// `batch_size`.
    case batchSize = "batch_size"
    /// `update_rule`.
    case updateRule = "update_rule"
    /// `momentum` (`sgd_momentum`).
    case momentum
    /// `decay_rate` (`rmsprop`).
    case decayRate = "decay_rate"
    /// `beta1` (`adam`).
    case beta1
    /// `beta2` (`adam`).
    case beta2
    /// `epsilon` (`rmsprop` and `adam`).
    case epsilon

    /// The multiplicative step for rates and regularization: 10^0.25.
    public static let rateStep = pow(10.0, 0.25)
    /// The first non-zero regularization a step up from 0 gives.
    public static let smallestReg = 1e-4

    /// The key in an experiment config: `solver.learningRate`, `model.reg`, …
    public var configPath: String {
        switch self {
        case .learningRate: return "solver.learningRate"
        case .reg: return "model.reg"
        case .lrDecay: return "solver.lrDecay"
        case .batchSize: return "solver.batchSize"
        case .updateRule: return "solver.updateRule"
        case .momentum: return "solver.momentum"
        case .decayRate: return "solver.decayRate"
        case .beta1: return "solver.beta1"
        case .beta2: return "solver.beta2"
        case .epsilon: return "solver.epsilon"
        }
    }

    /// The bounds of a real-valued field (nil for the batch size and the update rule).
    public var bounds: HyperparameterBounds? {
        switch self {
        case .learningRate, .epsilon: return .positive()
        case .reg: return .nonNegative()
        case .lrDecay: return .unit(includesZero: false, includesOne: true)
        case .momentum, .beta1: return .unit(includesZero: true, includesOne: false)
        case .decayRate, .beta2: return .unit(includesZero: false, includesOne: false)
        case .batchSize, .updateRule: return nil
        }
    }

    /// What a value must be: `a number > 0`, `an integer in 1...100000`, `one of sgd, …`.
    public var requirement: String {
        switch self {
        case .batchSize:
            let r = Hyperparameters.batchSizeRange
            return "an integer in \(r.lowerBound)...\(r.upperBound)"
        case .updateRule: return "one of " + UpdateRuleKind.allCases.map(\.rawValue).joined(separator: ", ")
        default: return "a number " + (bounds?.text ?? "")
        }
    }

    /// The fields `rule` reads: the shared five, then the rule's own settings.
    public static func fields(for rule: UpdateRuleKind) -> [HyperparameterField] {
        let shared: [HyperparameterField] = [.learningRate, .reg, .lrDecay, .batchSize, .updateRule]
        switch rule {
        case .sgd: return shared
        case .sgdMomentum: return shared + [.momentum]
        case .rmsprop: return shared + [.decayRate, .epsilon]
        case .adam: return shared + [.beta1, .beta2, .epsilon]
        }
    }

    /// The most fields any one rule reads (the panel's rows).
    public static let mostFieldsOfARule = UpdateRuleKind.allCases.map { fields(for: $0).count }.max() ?? 0

    /// Whether `rule` reads this field.
    public func isUsed(by rule: UpdateRuleKind) -> Bool { Self.fields(for: rule).contains(self) }

    /// This field's value in `hp`.
    public func value(in hp: Hyperparameters) -> HyperparameterValue {
        switch self {
        case .batchSize: return .count(hp.batchSize)
        case .updateRule: return .rule(hp.updateRule)
        default: return .number(hp[keyPath: numberPath])
        }
    }

    /// Throws when the real value `v` is outside this field's bounds.
    public func check(_ v: Double) throws(HyperparameterError) {
        if let bounds, !bounds.contains(v) { throw .outOfRange(field: self, got: "\(v)") }
    }

    /// The stored property of a real-valued field.
    var numberPath: WritableKeyPath<Hyperparameters, Double> {
        switch self {
        case .learningRate: return \.learningRate
        case .reg: return \.reg
        case .lrDecay: return \.lrDecay
        case .momentum: return \.momentum
        case .decayRate: return \.decayRate
        case .beta1: return \.beta1
        case .beta2: return \.beta2
        case .epsilon: return \.epsilon
        case .batchSize, .updateRule: preconditionFailure("HyperparameterField.numberPath: \(self) is not a number.")
        }
    }

    /// `hp` moved one step up (`direction` > 0) or down, staying inside the bounds: ×10^0.25 for the rate and reg,
    /// ×10 for ε, ×2 for the batch size, ±0.01 for decays and momenta (±0.001 for β2), the next or previous rule.
    public func stepped(_ hp: Hyperparameters, direction: Int) -> Hyperparameters {
        var out = hp
        let up = direction > 0
        func times(_ v: Double, _ factor: Double) -> Double { up ? v * factor : v / factor }
        func plus(_ v: Double, _ step: Double) -> Double {
            bounds!.clamp(((v + (up ? step : -step)) * 1e6).rounded() / 1e6, margin: step)
        }
        switch self {
        case .learningRate: out.learningRate = times(hp.learningRate, Self.rateStep)
        case .reg: out.reg = hp.reg > 0 ? times(hp.reg, Self.rateStep) : (up ? Self.smallestReg : 0)
        case .epsilon: out.epsilon = times(hp.epsilon, 10)
        case .lrDecay, .momentum, .decayRate, .beta1: out[keyPath: numberPath] = plus(hp[keyPath: numberPath], 0.01)
        case .beta2: out.beta2 = plus(hp.beta2, 0.001)
        case .batchSize:
            let r = Hyperparameters.batchSizeRange
            out.batchSize = min(r.upperBound, max(r.lowerBound, up ? hp.batchSize * 2 : hp.batchSize / 2))
        case .updateRule:
            let all = UpdateRuleKind.allCases, i = all.firstIndex(of: hp.updateRule)!
            out.updateRule = all[(i + (up ? 1 : all.count - 1)) % all.count]
        }
        return out
    }

    /// `hp` with this field set to the typed `text`, or the reason it is refused.
    public func setting(_ text: String, in hp: Hyperparameters) throws(HyperparameterError) -> Hyperparameters {
        let typed = text.trimmingCharacters(in: .whitespaces)
        var out = hp
        switch self {
        case .updateRule:
            guard let rule = UpdateRuleKind(rawValue: typed.lowercased()) else { throw .unknownUpdateRule(text: typed) }
            out.updateRule = rule
        case .batchSize:
            guard let n = Int(typed) else { throw .notAWholeNumber(field: self, text: typed) }
            guard Hyperparameters.batchSizeRange.contains(n) else { throw .outOfRange(field: self, got: "\(n)") }
            out.batchSize = n
        default:
            guard let v = Double(typed), v.isFinite else { throw .notANumber(field: self, text: typed) }
            try check(v)
            out[keyPath: numberPath] = v
        }
        return out
    }
}

/// A hyperparameter's value: a real number, a count, or an update rule.
public enum HyperparameterValue: Sendable, Equatable {
    /// A rate, strength, decay or momentum.
    case number(Double)
    /// The batch size.
    case count(Int)
    /// The update rule.
    case rule(UpdateRuleKind)

    /// Every digit, for logs and CSV files: `0.0017782794100389228`.
    public var exact: String {
        switch self {
        case .number(let v): return "\(v)"
        case .count(let n): return "\(n)"
        case .rule(let r): return r.rawValue
        }
    }
}

/// Why a hyperparameter value was refused.
public enum HyperparameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a finite number.
    case notANumber(field: HyperparameterField, text: String)
    /// The text is not a whole number.
    case notAWholeNumber(field: HyperparameterField, text: String)
    /// The value is outside the field's bounds (`HyperparameterField.requirement`).
    case outOfRange(field: HyperparameterField, got: String)
    /// Not one of sgd, sgd_momentum, rmsprop, adam.
    case unknownUpdateRule(text: String)

    /// A one-line message naming the field and the value: `decay_rate: expected a number in (0, 1), got 1.0`.
    public var description: String {
        switch self {
        case let .notANumber(field, text): return "\(field.rawValue): '\(text)' is not a number"
        case let .notAWholeNumber(field, text): return "\(field.rawValue): '\(text)' is not a whole number"
        case let .outOfRange(field, got): return "\(field.rawValue): expected \(field.requirement), got \(got)"
        case let .unknownUpdateRule(text):
            return "\(HyperparameterField.updateRule.rawValue): '\(text)' is not "
                + HyperparameterField.updateRule.requirement
        }
    }
}
