import Foundation
import NNDL

/// A hyperparameter the panel shows and edits, by its CS231n config name.
public enum HyperparameterField: String, Sendable, Equatable, CaseIterable {
    /// `learning_rate`.
    case learningRate = "learning_rate"
    /// `reg`.
    case reg
    /// `lr_decay`, applied after each epoch.
    case lrDecay = "lr_decay"
    /// `batch_size`.
    case batchSize = "batch_size"
    /// `momentum` (β1 for Adam).
    case momentum
    /// `decay_rate` (β2 for Adam).
    case decayRate = "decay_rate"
    /// `update_rule`.
    case updateRule = "update_rule"

    /// The multiplicative step for rates and regularization: 10^0.25.
    public static let rateStep = pow(10.0, 0.25)
    /// The first non-zero regularization a step up from 0 gives.
    public static let smallestReg = 1e-4

    /// The row label; momentum and decay rate are named as `rule` uses them (β1 and β2 for Adam).
    public func label(for rule: UpdateRuleKind, ascii: Bool = false) -> String {
        switch self {
        case .learningRate: return "learning rate"
        case .reg: return "reg"
        case .lrDecay: return "lr decay"
        case .batchSize: return "batch size"
        case .momentum: return rule == .adam ? (ascii ? "beta1" : "β1") : "momentum"
        case .decayRate: return rule == .adam ? (ascii ? "beta2" : "β2") : "decay rate"
        case .updateRule: return "update rule"
        }
    }

    /// Whether `rule` reads this field (momentum: sgd_momentum and Adam; decay rate: RMSProp and Adam).
    public func isUsed(by rule: UpdateRuleKind) -> Bool {
        switch self {
        case .momentum: return rule == .sgdMomentum || rule == .adam
        case .decayRate: return rule == .rmsprop || rule == .adam
        default: return true
        }
    }

    /// This field's value in `hp`.
    public func value(in hp: Hyperparameters) -> HyperparameterValue {
        switch self {
        case .learningRate: return .number(hp.learningRate)
        case .reg: return .number(hp.reg)
        case .lrDecay: return .number(hp.lrDecay)
        case .batchSize: return .count(hp.batchSize)
        case .momentum: return .number(hp.momentum)
        case .decayRate: return .number(hp.decayRate)
        case .updateRule: return .rule(hp.updateRule)
        }
    }

    /// `hp` moved one step up (`direction` > 0) or down: ×10^0.25 for the rate and reg, ×2 or ÷2 for the
    /// batch size, ±0.01 within [0.01, 1] for decay and momentum, the next or previous update rule.
    public func stepped(_ hp: Hyperparameters, direction: Int) -> Hyperparameters {
        var out = hp
        let up = direction > 0
        func rate(_ v: Double) -> Double { up ? v * HyperparameterField.rateStep : v / HyperparameterField.rateStep }
        func unitStep(_ v: Double) -> Double { min(1, max(0.01, ((v + (up ? 0.01 : -0.01)) * 1e6).rounded() / 1e6)) }
        switch self {
        case .learningRate: out.learningRate = rate(hp.learningRate)
        case .reg: out.reg = hp.reg > 0 ? rate(hp.reg) : (up ? HyperparameterField.smallestReg : 0)
        case .lrDecay: out.lrDecay = unitStep(hp.lrDecay)
        case .batchSize: out.batchSize = up ? hp.batchSize * 2 : max(1, hp.batchSize / 2)
        case .momentum: out.momentum = unitStep(hp.momentum)
        case .decayRate: out.decayRate = unitStep(hp.decayRate)
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
            guard n >= 1 else { throw .batchSizeTooSmall(n) }
            out.batchSize = n
        default:
            guard let v = Double(typed), v.isFinite else { throw .notANumber(field: self, text: typed) }
            try check(v)
            out = apply(v, to: hp)
        }
        return out
    }

    /// Refuses a learning rate ≤ 0, a negative reg, and decay or momentum outside (0, 1].
    func check(_ v: Double) throws(HyperparameterError) {
        switch self {
        case .learningRate where v <= 0: throw .notPositive(field: self, value: v)
        case .reg where v < 0: throw .negative(field: self, value: v)
        case .lrDecay, .momentum, .decayRate:
            if v <= 0 || v > 1 { throw .outsideUnitInterval(field: self, value: v) }
        default: return
        }
    }

    /// `hp` with this number field set to `v`.
    func apply(_ v: Double, to hp: Hyperparameters) -> Hyperparameters {
        var out = hp
        switch self {
        case .learningRate: out.learningRate = v
        case .reg: out.reg = v
        case .lrDecay: out.lrDecay = v
        case .momentum: out.momentum = v
        case .decayRate: out.decayRate = v
        case .batchSize, .updateRule: preconditionFailure("HyperparameterField.apply: not a number field.")
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

    /// Three significant digits for the panel: `0.001`, `0.00178`, `64`, `sgd_momentum`.
    public var short: String {
        switch self {
        case .number(let v): return Format.number(v)
        case .count(let n): return "\(n)"
        case .rule(let r): return r.rawValue
        }
    }

    /// Every digit, for the CSV log: `0.0017782794100389228`.
    public var exact: String {
        switch self {
        case .number(let v): return "\(v)"
        case .count(let n): return "\(n)"
        case .rule(let r): return r.rawValue
        }
    }
}

/// Why a typed hyperparameter value was refused.
public enum HyperparameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a finite number.
    case notANumber(field: HyperparameterField, text: String)
    /// The text is not a whole number.
    case notAWholeNumber(field: HyperparameterField, text: String)
    /// A learning rate ≤ 0.
    case notPositive(field: HyperparameterField, value: Double)
    /// A negative regularization.
    case negative(field: HyperparameterField, value: Double)
    /// A batch size below 1.
    case batchSizeTooSmall(Int)
    /// A decay or momentum outside (0, 1].
    case outsideUnitInterval(field: HyperparameterField, value: Double)
    /// Not one of sgd, sgd_momentum, rmsprop, adam.
    case unknownUpdateRule(text: String)

    /// A one-line message naming the value.
    public var description: String {
        switch self {
        case let .notANumber(field, text): return "\(field.rawValue): '\(text)' is not a number"
        case let .notAWholeNumber(field, text): return "\(field.rawValue): '\(text)' is not a whole number"
        case let .notPositive(field, value): return "\(field.rawValue) must be > 0, got \(value)"
        case let .negative(field, value): return "\(field.rawValue) must be >= 0, got \(value)"
        case let .batchSizeTooSmall(n): return "batch_size must be >= 1, got \(n)"
        case let .outsideUnitInterval(field, value): return "\(field.rawValue) must be in (0, 1], got \(value)"
        case let .unknownUpdateRule(text):
            let names = UpdateRuleKind.allCases.map(\.rawValue).joined(separator: ", ")
            return "update_rule: '\(text)' is not one of \(names)"
        }
    }
}
