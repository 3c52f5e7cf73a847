import NNDL

/// Everything the dashboard shows: a value that changes only through `apply(_:)` (engine events)
/// and `handle(_:)` (keys). The run's own figures live in `current` and read as if they were the state's own.
@dynamicMemberLookup
public struct AppState: Sendable, Equatable {
    // MARK: - Configuration

    /// The run name given on the command line (the engine's name is used when empty).
    public let runName: String
    /// Whether only ASCII may be drawn (charts use ASCII dots, filters the luminance ramp).
    public let ascii: Bool
    /// The colour and picture modes (`c` and `i` cycle them) and the terminal's best.
    public internal(set) var display: DisplayModes
    /// The colour mode in use.
    public var colorMode: ColorMode { display.color }

    // MARK: - The run

    /// The run being shown (a restart replaces it; the old one becomes a ghost).
    public internal(set) var current = RunModel()
    /// Every confirmed change, across restarts (write it with `HyperparameterChange.csv`).
    public internal(set) var changeLog: [HyperparameterChange] = []
    /// The latest message (engine or refusal).
    public internal(set) var message: StatusMessage?
    /// Earlier runs of this session (after `r`), oldest first, at most `AppState.maxGhosts`.
    public internal(set) var ghosts: [GhostRun] = []

    // MARK: - View

    /// Chart and filter toggles.
    public internal(set) var view = ViewSettings()
    /// What keys do now.
    public internal(set) var mode = InputMode.normal
    /// The overlay drawn over the dashboard, if any (at most one: they exclude each other).
    public var overlay: Overlay? { view.overlay }
    /// The hyperparameter row `←`/`→` and Enter act on.
    public internal(set) var selectedField = HyperparameterField.learningRate
    /// Whether keys steer the run (pause, step, restart, hyperparameters); a sweep's runs are watched, not steered:
    /// their steering keys are refused with a message and their help lists only what works there.
    public internal(set) var steerable = true

    /// A state before any event; `ascii` forces ASCII chart dots and the filter luminance ramp.
    public init(runName: String = "", ascii: Bool = false, colorMode: ColorMode = .indexed256,
                graphics: GraphicsMode = .blocks) {
        self.runName = runName
        self.ascii = ascii
        display = DisplayModes(color: colorMode, graphics: ascii ? .ascii : graphics)
        if ascii { view.glyphs = .ascii }
    }

    // MARK: - Derived figures

    /// The name on the status line.
    public var displayName: String { runName.isEmpty ? (current.info?.name ?? "") : runName }

    /// A figure of the current run: `state.loss` is `state.current.loss`.
    public subscript<T>(dynamicMember path: KeyPath<RunModel, T>) -> T { current[keyPath: path] }

    /// 1 for the first run, +1 at each `.started`.
    public var run: Int { current.number }

    /// Whether a run is under way (quitting asks first).
    public var isInProgress: Bool { current.isInProgress }

    /// The message to show at `now`, if it has not timed out.
    public func visibleMessage(at now: Double) -> StatusMessage? {
        message.flatMap { $0.isVisible(at: now) ? $0 : nil }
    }

    /// Replaces the message.
    mutating func post(_ text: String, error: Bool = false, at now: Double?) {
        message = StatusMessage(text: text, isError: error, time: now)
    }
}
