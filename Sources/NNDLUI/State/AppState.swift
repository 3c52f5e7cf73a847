import NNDL

/// Everything the dashboard shows: a value that changes only through `apply(_:)` (engine events)
/// and `handle(_:)` (keys).
public struct AppState: Sendable, Equatable {
    // MARK: - Configuration

    /// The run name given on the command line (the engine's name is used when empty).
    public let runName: String
    /// Whether only ASCII may be drawn (charts use ASCII dots, filters the luminance ramp).
    public let ascii: Bool
    /// The colour mode (`c` cycles it).
    public internal(set) var colorMode: ColorMode

    // MARK: - The run

    /// The run description from the last `.started`.
    public internal(set) var info: RunInfo?
    /// The engine's state; nil before the first `.started`.
    public internal(set) var runState: RunState?
    /// The newest iteration report of this run.
    public internal(set) var lastIteration: IterationReport?
    /// The bounded loss history of this run.
    public internal(set) var loss = SeriesHistory()
    /// This run's epoch reports, without their confusion matrices (the newest is kept in `confusionReport`); past
    /// `epochCapacity` reports every other older one is dropped, so a run of any length holds a bounded list.
    public internal(set) var epochs: [EpochReport] = []
    /// The most epoch reports `epochs` keeps (the toy net reports an epoch every iteration).
    public static let epochCapacity = 2048
    /// Seconds spent in this run's evaluations, over every epoch (also those thinned out of `epochs`).
    var evaluationSeconds = 0.0
    /// This run's evaluations, over every epoch.
    var evaluationCount = 0
    /// The newest epoch report that carried a validation confusion matrix.
    public internal(set) var confusionReport: EpochReport?
    /// The newest training-health report of this run.
    public internal(set) var health: HealthReport?
    /// The health warnings (`HealthWarning.name`) already posted on the message line this run.
    var postedHealthWarnings: Set<String> = []
    /// The newest W1 snapshot of this run.
    public internal(set) var filters: FilterSnapshot?
    /// The filter grid picture for `filters` at the current scaling (built once per snapshot).
    public internal(set) var filterPicture: FilterImage?
    /// The hyperparameters as the panel shows them (the engine's, or a change it has not confirmed yet).
    public internal(set) var hyperparameters: Hyperparameters?
    /// The hyperparameters the engine last confirmed.
    public internal(set) var confirmedHyperparameters: Hyperparameters?
    /// Changes requested but not yet confirmed.
    var pendingRequests = 0
    /// Every confirmed change, across restarts (write it with `HyperparameterChange.csv`).
    public internal(set) var changeLog: [HyperparameterChange] = []
    /// This run's change iterations, drawn as chart markers.
    public internal(set) var markers: [Int] = []
    /// The last `.finished` summary.
    public internal(set) var summary: RunSummary?
    /// The latest message (engine or refusal).
    public internal(set) var message: StatusMessage?
    /// 1 for the first run, +1 at each `.started`.
    public internal(set) var run = 0
    /// Earlier runs of this session (after `r`), oldest first, at most `AppState.maxGhosts`.
    public internal(set) var ghosts: [GhostRun] = []

    // MARK: - View

    /// Chart and filter toggles.
    public internal(set) var view = ViewSettings()
    /// What keys do now.
    public internal(set) var mode = InputMode.normal
    /// The hyperparameter row `←`/`→` and Enter act on.
    public internal(set) var selectedField = HyperparameterField.learningRate
    /// Whether keys steer the run (pause, step, restart, hyperparameters); a sweep's runs are watched, not steered:
    /// their steering keys are refused with a message and their help lists only what works there.
    public internal(set) var steerable = true

    /// A state before any event; `ascii` forces ASCII chart dots and the filter luminance ramp.
    public init(runName: String = "", ascii: Bool = false, colorMode: ColorMode = .indexed256) {
        self.runName = runName
        self.ascii = ascii
        self.colorMode = colorMode
        if ascii { view.glyphs = .ascii }
    }

    // MARK: - Derived figures

    /// The name on the status line.
    public var displayName: String { runName.isEmpty ? (info?.name ?? "") : runName }

    /// Epochs planned: the engine's count once an epoch is reported, else iterations ÷ iterations per epoch.
    public var totalEpochs: Int {
        if let last = epochs.last { return last.totalEpochs }
        guard let info, info.iterationsPerEpoch > 0 else { return 0 }
        return (info.totalIterations + info.iterationsPerEpoch - 1) / info.iterationsPerEpoch
    }

    /// Seconds left: remaining iterations × measured seconds per training iteration, plus the mean measured
    /// evaluation time × evaluations still to come (one per remaining epoch); nil before the first iteration.
    public var eta: Double? {
        guard let r = lastIteration, r.iteration > 0 else { return nil }
        let perIteration = max(0, r.elapsed - evaluationSeconds) / Double(r.iteration)
        let perEvaluation = evaluationCount == 0 ? 0 : evaluationSeconds / Double(evaluationCount)
        let remainingEpochs = max(0, totalEpochs - (epochs.last?.epoch ?? 0))
        return Double(max(0, r.totalIterations - r.iteration)) * perIteration + perEvaluation * Double(remainingEpochs)
    }

    /// Whether a run is under way (quitting asks first).
    public var isInProgress: Bool {
        switch runState {
        case .running?, .paused?, .diverged?: return true
        default: return false
        }
    }

    /// The message to show at `now`, if it has not timed out.
    public func visibleMessage(at now: Double) -> StatusMessage? {
        message.flatMap { $0.isVisible(at: now) ? $0 : nil }
    }

    /// Replaces the message.
    mutating func post(_ text: String, error: Bool = false, at now: Double?) {
        message = StatusMessage(text: text, isError: error, time: now)
    }
}
