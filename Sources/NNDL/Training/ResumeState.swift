import Foundation

/// What a checkpoint's `state` entry holds besides the arrays, so a run continues exactly where it stopped.
///
/// The arrays go beside it under `resume.`: the current parameters and buffers as `resume.W1`, `resume.running_mean1`, …,
/// and each parameter's optimizer state as `resume.W1.velocity` (sgd_momentum), `.cache` (rmsprop), `.m` and `.v` (adam).
public struct ResumeState: Sendable, Codable, Equatable {
    /// The version this build writes and reads.
    public static let currentFormat = 1
    /// The name of the JSON entry in the `.npz`.
    public static let entryName = "state"
    /// The prefix of the resume arrays' names.
    public static let prefix = "resume."

    /// The layout version (`currentFormat`).
    public var format = ResumeState.currentFormat
    /// Completed iterations.
    public var iteration: Int
    /// Completed epochs (the Solver's counter).
    public var epoch: Int
    /// The hyperparameters in force; `learningRate` is the decayed rate the next step uses.
    public var hyperparameters: Hyperparameters
    /// The best validation accuracy so far (-1 before the first check).
    public var bestValAccuracy: Double
    /// Loss and accuracy histories up to `iteration`.
    public var history: TrainingHistory
    /// Each parameter's optimizer step count (adam's t), by parameter name.
    public var optimizerSteps: [String: Int]
    /// The random state minibatches (and accuracy samples) are drawn from.
    public var rng: NumPyRandomState.State
    /// The random state of the dropout masks, when the model draws them.
    public var maskRNG: NumPyRandomState.State?

    /// This state as compact JSON with sorted keys.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// The state in `text`, or nil when it is not this layout.
    public static func parse(_ text: String) -> ResumeState? {
        try? JSONDecoder().decode(ResumeState.self, from: Data(text.utf8))
    }
}

extension Hyperparameters {
    /// These hyperparameters with each value that differs between `old` and `new` taken from `new`
    /// (a resumed run keeps what was in force, except what the user changed in the config).
    public func overriding(_ old: Hyperparameters, with new: Hyperparameters) -> Hyperparameters {
        func pick<V: Equatable>(_ path: KeyPath<Hyperparameters, V>) -> V {
            old[keyPath: path] != new[keyPath: path] ? new[keyPath: path] : self[keyPath: path]
        }
        var out = self
        for field in HyperparameterField.allCases {
            switch field {
            case .batchSize: out.batchSize = pick(\.batchSize)
            case .updateRule: out.updateRule = pick(\.updateRule)
            default: out[keyPath: field.numberPath] = pick(field.numberPath)
            }
        }
        return out
    }
}
