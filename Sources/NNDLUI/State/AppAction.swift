import NNDL

/// What the main loop must do after a key.
public enum AppAction: Equatable, Sendable {
    /// Send this command to the engine.
    case engine(TrainingCommand)
    /// Leave the program.
    case quit
    /// Write the loss, accuracy and change-log CSV files.
    case exportCSV
    /// Ask the engine for a checkpoint at a path the main loop picks.
    case snapshot
}
