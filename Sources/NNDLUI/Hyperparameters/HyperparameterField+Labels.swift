import NNDL

extension HyperparameterField {
    /// The panel's row label: `learning rate`, `momentum`, `β1` (`beta1` in ASCII), `ε` (`eps`), …
    public func label(ascii: Bool = false) -> String {
        switch self {
        case .learningRate: return "learning rate"
        case .reg: return "reg"
        case .lrDecay: return "lr decay"
        case .batchSize: return "batch size"
        case .updateRule: return "update rule"
        case .momentum: return "momentum"
        case .decayRate: return "decay rate"
        case .beta1: return ascii ? "beta1" : "β1"
        case .beta2: return ascii ? "beta2" : "β2"
        case .epsilon: return ascii ? "eps" : "ε"
        }
    }

    /// The field's name in a ghost's legend: `lr`, `reg`, `decay`, `batch`, `rule`, `mom`, `rho`, `b1`, `b2`, `eps`.
    public var shortLabel: String {
        switch self {
        case .learningRate: return "lr"
        case .reg: return "reg"
        case .lrDecay: return "decay"
        case .batchSize: return "batch"
        case .updateRule: return "rule"
        case .momentum: return "mom"
        case .decayRate: return "rho"
        case .beta1: return "b1"
        case .beta2: return "b2"
        case .epsilon: return "eps"
        }
    }
}

extension HyperparameterValue {
    /// Three significant digits for the panel: `0.001`, `0.00178`, `64`, `sgd_momentum`.
    public var short: String {
        switch self {
        case .number(let v): return Format.number(v)
        case .count(let n): return "\(n)"
        case .rule(let r): return r.rawValue
        }
    }
}
