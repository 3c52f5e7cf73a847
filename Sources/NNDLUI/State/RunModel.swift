import NNDL

/// Everything the dashboard knows about one run: made anew at each `.started` (a restart), when the old one becomes a
/// ghost. `AppState` reads its fields through dynamic member lookup (`state.loss` is `state.current.loss`).
public struct RunModel: Sendable, Equatable {
    /// 1 for the first run of the session, +1 at each restart; 0 before the first `.started`.
    public internal(set) var number = 0
    /// The run description from its `.started`.
    public internal(set) var info: RunInfo?
    /// The engine's state; nil before the first `.started`.
    public internal(set) var runState: RunState?
    /// The newest iteration report.
    public internal(set) var lastIteration: IterationReport?
    /// The bounded loss history.
    public internal(set) var loss = SeriesHistory()
    /// The epoch reports, without their confusion matrices (the newest is kept in `confusionReport`); past
    /// `epochCapacity` reports every other older one is dropped, so a run of any length holds a bounded list.
    public internal(set) var epochs: [EpochReport] = []
    /// The most epoch reports `epochs` keeps (the toy net reports an epoch every iteration).
    public static let epochCapacity = 2048
    /// Seconds spent in evaluations, over every epoch (also those thinned out of `epochs`).
    public internal(set) var evaluationSeconds = 0.0
    /// Evaluations, over every epoch.
    public internal(set) var evaluationCount = 0
    /// The newest epoch report that carried a validation confusion matrix.
    public internal(set) var confusionReport: EpochReport?
    /// The newest training-health report.
    public internal(set) var health: HealthReport?
    /// The health warnings (`HealthWarning.name`) already posted on the message line.
    var postedHealthWarnings: Set<String> = []
    /// The newest W1 snapshot.
    public internal(set) var filters: FilterSnapshot?
    /// The filter grid picture for `filters` at the view's scaling (built once per snapshot).
    public internal(set) var filterPicture: FilterImage?
    /// The hyperparameters as the panel shows them (the engine's, or a change it has not confirmed yet).
    public internal(set) var hyperparameters: Hyperparameters?
    /// The hyperparameters the engine last confirmed.
    public internal(set) var confirmedHyperparameters: Hyperparameters?
    /// Changes requested but not yet confirmed or refused.
    var pendingRequests = 0
    /// The iterations at which confirmed changes took effect, drawn as chart markers.
    public internal(set) var markers: [Int] = []
    /// The `.finished` summary.
    public internal(set) var summary: RunSummary?

    /// No run yet.
    public init() {}

    /// Run `number`, just started as `info` describes (a resumed run's past losses fill the loss chart).
    init(number: Int, info: RunInfo, lossCapacity: Int) {
        self.number = number
        self.info = info
        runState = .running
        loss = SeriesHistory(capacity: lossCapacity)
        for (i, value) in info.pastLoss.enumerated() { loss.append(iteration: i + 1, value: value) }
        hyperparameters = info.hyperparameters
        confirmedHyperparameters = info.hyperparameters
    }

    // MARK: - Derived figures

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

    /// Whether the run is under way (quitting asks first).
    public var isInProgress: Bool {
        switch runState {
        case .running?, .paused?, .diverged?: return true
        default: return false
        }
    }

    // MARK: - Changes

    /// Keeps `report`, first dropping every other older report (never the first or newest) at `epochCapacity`.
    mutating func appendEpoch(_ report: EpochReport) {
        evaluationSeconds += report.evaluationSeconds
        evaluationCount += 1
        if epochs.count >= RunModel.epochCapacity {
            // Every other report from the first; the newest too, so the chart still starts and ends where the run did.
            let last = epochs.count - 1
            epochs = stride(from: 0, to: last, by: 2).map { epochs[$0] } + [epochs[last]]
        }
        epochs.append(report)
    }

    /// Shows `hp` as requested and not yet confirmed.
    mutating func request(_ hp: Hyperparameters) {
        hyperparameters = hp
        pendingRequests += 1
    }

    /// The engine confirmed `hp`: the panel shows it once no other request is waiting (or it is the one shown).
    mutating func confirm(_ hp: Hyperparameters) {
        confirmedHyperparameters = hp
        pendingRequests = max(0, pendingRequests - 1)
        if pendingRequests == 0 || hp == hyperparameters {
            pendingRequests = 0
            hyperparameters = hp
        }
    }

    /// The engine refused a request and goes on with `inForce`: the panel shows what is in force, nothing pending.
    mutating func refuse(inForce: Hyperparameters) {
        confirmedHyperparameters = inForce
        hyperparameters = inForce
        pendingRequests = 0
    }
}
