import NNDL

/// One confirmed hyperparameter change, for the change log and its CSV.
public struct HyperparameterChange: Sendable, Equatable {
    /// Which run (1 for the first, +1 at each restart).
    public var run: Int
    /// The iteration the new value applies from.
    public var iteration: Int
    /// The field that changed.
    public var field: HyperparameterField
    /// The value before.
    public var oldValue: HyperparameterValue
    /// The value after.
    public var newValue: HyperparameterValue

    /// A change record.
    public init(run: Int, iteration: Int, field: HyperparameterField, oldValue: HyperparameterValue,
                newValue: HyperparameterValue) {
        self.run = run
        self.iteration = iteration
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }

    /// The changes between `old` and `new`, one per differing field, in panel order.
    public static func between(
        _ old: Hyperparameters, _ new: Hyperparameters, run: Int, iteration: Int
    ) -> [HyperparameterChange] {
        Hyperparameters.differences(from: old, to: new).map {
            HyperparameterChange(run: run, iteration: iteration, field: $0.field, oldValue: $0.old, newValue: $0.new)
        }
    }

    /// The CSV header: `run,iteration,field,old,new`.
    public static let csvHeader = "run,iteration,field,old,new"

    /// One CSV row with every digit: `1,120,learning_rate,0.001,0.0017782794100389228`.
    public var csvRow: String { "\(run),\(iteration),\(field.rawValue),\(oldValue.exact),\(newValue.exact)" }

    /// A whole CSV file (header and rows, newline-terminated) for `changes`.
    public static func csv(_ changes: [HyperparameterChange]) -> String {
        ([csvHeader] + changes.map(\.csvRow)).joined(separator: "\n") + "\n"
    }
}
