import NNDL

/// What keys currently do.
public enum InputMode: Sendable, Equatable {
    /// Keys are commands.
    case normal
    /// The help overlay is shown; any key closes it.
    case help
    /// `q` was pressed while a run is in progress: `y` quits, anything else cancels.
    case confirmQuit
    /// An exact value is being typed for `field`.
    case editing(HyperparameterField, text: String)
}
