import Foundation

/// One weight matrix's figures at a measured step.
public struct WeightHealth: Sendable, Equatable {
    /// The parameter's name: `W1`, `W2`, …
    public var name: String
    /// ‖W‖ (Frobenius) of the weights the step's gradient was taken at, before the update.
    public var weightNorm: Double
    /// ‖∇W‖ (Frobenius) of the gradient the update used (data loss plus regularization).
    public var gradientNorm: Double
    /// ‖ΔW‖ (Frobenius) of the update: the weights after the step minus the weights before it.
    public var updateNorm: Double

    /// The figures of one matrix.
    public init(name: String, weightNorm: Double, gradientNorm: Double, updateNorm: Double) {
        self.name = name
        self.weightNorm = weightNorm
        self.gradientNorm = gradientNorm
        self.updateNorm = updateNorm
    }

    /// ‖ΔW‖ / ‖W‖ (the CS231n notes' rule of thumb: about 1e-3); nil when ‖W‖ is 0.
    public var updateRatio: Double? { weightNorm > 0 ? updateNorm / weightNorm : nil }
}

/// The dead ReLUs of one hidden layer: units whose ReLU output was zero for every row of the step's minibatch
/// (before dropout; after batchnorm when the net has it).
public struct DeadReLUs: Sendable, Equatable {
    /// The 1-based hidden layer: the units `W<layer>` feeds.
    public var layer: Int
    /// Units that were zero for every row.
    public var dead: Int
    /// Units in the layer.
    public var units: Int

    /// A count of `dead` out of `units`.
    public init(layer: Int, dead: Int, units: Int) {
        self.layer = layer
        self.dead = dead
        self.units = units
    }

    /// dead / units (0 for an empty layer).
    public var fraction: Double { units > 0 ? Double(dead) / Double(units) : 0 }

    /// Counts the columns of a ReLU's output `activations`: (N, H) that are not positive in any row.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public static func count<T: BLASScalar>(layer: Int, activations: Tensor<T>) -> DeadReLUs {
        let n = activations.rows, h = activations.columns
        var alive = [Bool](repeating: false, count: h)
        activations.scalars.withUnsafeBufferPointer { a in
            for i in 0..<n {
                for j in 0..<h where a[i * h + j] > 0 { alive[j] = true }
            }
        }
        return DeadReLUs(layer: layer, dead: alive.reduce(0) { $0 + ($1 ? 0 : 1) }, units: h)
    }
}

/// A run going nowhere or memorizing its training set, as `HealthRules` judges it.
public enum HealthWarning: Sendable, Equatable {
    /// The mean loss of the last `window` iterations (`recent`) is not 1% below the mean of the `window` before
    /// them (`previous`).
    case plateau(window: Int, recent: Double, previous: Double)
    /// Train minus validation accuracy was above `threshold` at each of the last `checks` accuracy checks; `gap` is
    /// the latest.
    case overfitting(gap: Double, threshold: Double, checks: Int)

    /// `plateau` or `overfitting`.
    public var name: String {
        switch self {
        case .plateau: return "plateau"
        case .overfitting: return "overfitting"
        }
    }

    /// A one-line ASCII explanation.
    public var text: String {
        switch self {
        case let .plateau(window, recent, previous):
            let change = String(format: "%+.1f%%", 100 * (recent - previous) / previous)
            return String(format: "loss plateau: mean %.4g over the last %d it vs %.4g over the %d before ",
                          recent, window, previous, window) + "(\(change))"
        case let .overfitting(gap, threshold, checks):
            return String(format: "overfitting: train - val accuracy %.3f > %.2f at the last %d checks",
                          gap, threshold, checks)
        }
    }
}

/// Training health at one step: per weight matrix ‖W‖, ‖∇W‖ and ‖ΔW‖/‖W‖, dead ReLUs per hidden layer, and the
/// plateau and overfitting warnings in force.
public struct HealthReport: Sendable, Equatable {
    /// The iteration measured (1-based).
    public var iteration: Int
    /// Rows in that iteration's minibatch (what "dead for every row" counts over).
    public var batchSize: Int
    /// One entry per weight matrix, `W1` first.
    public var weights: [WeightHealth]
    /// One entry per hidden layer, layer 1 first.
    public var deadReLUs: [DeadReLUs]
    /// The warnings `HealthRules` raised at this step (empty when all is well).
    public var warnings: [HealthWarning]

    /// A report.
    public init(iteration: Int, batchSize: Int, weights: [WeightHealth], deadReLUs: [DeadReLUs], warnings: [HealthWarning]) {
        self.iteration = iteration
        self.batchSize = batchSize
        self.weights = weights
        self.deadReLUs = deadReLUs
        self.warnings = warnings
    }
}

/// When a run counts as on a plateau or overfitting (config keys `solver.plateauWindow`, `solver.overfitGap`,
/// `solver.overfitChecks`).
public struct HealthRules: Sendable, Equatable, Codable {
    /// Iterations in each of the two windows the plateau rule compares.
    public var plateauWindow: Int
    /// Train minus validation accuracy above which a check counts toward overfitting.
    public var overfitGap: Double
    /// Consecutive checks (the latest ones) that must all be above `overfitGap`.
    public var overfitChecks: Int

    /// The relative drop of the mean loss that counts as an improvement: 1%.
    public static let minimumImprovement = 0.01

    /// Rules; by default a 200-iteration window, and a gap above 0.15 at the last 2 checks.
    public init(plateauWindow: Int = 200, overfitGap: Double = 0.15, overfitChecks: Int = 2) {
        self.plateauWindow = plateauWindow
        self.overfitGap = overfitGap
        self.overfitChecks = overfitChecks
    }

    /// Throws when a value is out of range (window < 1, gap outside (0, 1], checks < 1).
    public func validate() throws {
        if plateauWindow < 1 {
            throw NNDLError.invalidValue(name: "plateauWindow", value: "\(plateauWindow)", requirement: "an integer ≥ 1")
        }
        if !(overfitGap > 0 && overfitGap <= 1) {
            throw NNDLError.invalidValue(name: "overfitGap", value: "\(overfitGap)", requirement: "a number in (0, 1]")
        }
        if overfitChecks < 1 {
            throw NNDLError.invalidValue(name: "overfitChecks", value: "\(overfitChecks)", requirement: "an integer ≥ 1")
        }
    }

    /// A plateau when there are at least 2 × `plateauWindow` losses and the mean of the last window is not
    /// `minimumImprovement` (1%) below the mean of the window before it.
    public func plateau(loss: [Double]) -> HealthWarning? {
        let w = plateauWindow
        guard loss.count >= 2 * w else { return nil }
        let recent = loss[(loss.count - w)...].reduce(0, +) / Double(w)
        let previous = loss[(loss.count - 2 * w)..<(loss.count - w)].reduce(0, +) / Double(w)
        guard recent > previous * (1 - HealthRules.minimumImprovement) else { return nil }
        return .plateau(window: w, recent: recent, previous: previous)
    }

    /// Overfitting when each of the last `overfitChecks` checks has train − val accuracy above `overfitGap`.
    public func overfitting(train: [Double], val: [Double]) -> HealthWarning? {
        let gaps = zip(train, val).map { $0 - $1 }
        guard gaps.count >= overfitChecks, gaps.suffix(overfitChecks).allSatisfy({ $0 > overfitGap }) else { return nil }
        return .overfitting(gap: gaps.last!, threshold: overfitGap, checks: overfitChecks)
    }

    /// Every warning `history` raises: plateau first, then overfitting.
    public func warnings(_ history: TrainingHistory) -> [HealthWarning] {
        [plateau(loss: history.loss), overfitting(train: history.trainAccuracy, val: history.valAccuracy)]
            .compactMap { $0 }
    }
}
