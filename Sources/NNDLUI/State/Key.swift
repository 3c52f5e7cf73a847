import NNDL

/// A key press as the dashboard sees it (the curses backend translates its key codes to these).
public enum Key: Equatable, Sendable {
    /// A printable character, including space.
    case character(Character)
    /// Arrow keys.
    case up, down, left, right
    /// Return, Esc and Backspace.
    case enter, escape, backspace
    /// The terminal changed size (nothing to do but redraw).
    case resize
}

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

/// A line for the message row, stamped with the time it arrived (nil: shown until replaced).
public struct StatusMessage: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Whether it reports a problem (drawn in the error colour).
    public var isError: Bool
    /// Seconds on the caller's clock when it arrived, or nil when no clock was given.
    public var time: Double?

    /// How long a stamped message stays, in seconds.
    public static let duration = 5.0

    /// Whether the message is still shown at `now`.
    public func isVisible(at now: Double) -> Bool {
        guard let time else { return true }
        return now - time < StatusMessage.duration
    }
}

/// The chart and filter toggles.
public struct ViewSettings: Sendable, Equatable {
    /// EMA smoothing, one of `EMA.smoothingSteps`.
    public var smoothing = 0.9
    /// Log-scale loss axis.
    public var logY = false
    /// Show only the last `windowIterations` iterations of loss.
    public var recentWindow = false
    /// The recent window's length in iterations.
    public var windowIterations = 500
    /// Braille, block or ASCII chart dots.
    public var glyphs = GlyphMode.braille
    /// Per-filter or global filter scaling.
    public var filterScaling = FilterScaling.perFilter
    /// Whether one filter is shown enlarged.
    public var zoom = false
    /// The filter shown when zoomed.
    public var filterIndex = 0
    /// Whether the validation confusion matrix is drawn over the dashboard.
    public var confusion = false
    /// Whether the training-health panel is drawn over the dashboard.
    public var health = false
    /// Whether earlier runs are drawn as ghosts on the loss and accuracy charts.
    public var ghosts = true
    /// Whether this run's W1 is drawn beside the best earlier run's, over the dashboard.
    public var filtersBeside = false
}
