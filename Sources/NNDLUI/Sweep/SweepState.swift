import NNDL

/// What one sweep run is doing, as the sweep table names it.
public enum SweepRunStatus: Sendable, Equatable, CaseIterable {
    /// Waiting for a worker.
    case queued
    /// Training.
    case running
    /// Held in its dashboard.
    case paused
    /// A run on disk (`watch`) whose files have not changed for a while and that left no `result.json`: its process
    /// died or hangs.
    case stale
    /// Ended so (the summary's outcome, or the end its dashboard saw).
    case ended(RunOutcome)

    /// Every status, in the order the header counts them.
    public static var allCases: [SweepRunStatus] {
        [.queued, .running, .paused, .stale] + RunOutcome.allCases.map(Self.ended)
    }

    /// The word the table shows: `queued`, `running`, `paused`, or the outcome's.
    public var word: String {
        switch self {
        case .queued: return "queued"
        case .running: return "running"
        case .paused: return "paused"
        case .stale: return "stale"
        case let .ended(outcome): return outcome.rawValue
        }
    }
}

/// A scheduled task that exited with a non-zero status and left no summary.
public struct TaskFailure: Sendable, Equatable {
    /// The command's exit status.
    public var status: Int32
    /// The last lines of its log.
    public var log: [String]
}

/// One grid point of a sweep: its settings and the dashboard state its engine events build.
public struct SweepRun: Sendable, Equatable {
    /// The point's index in the grid (the `run` column of results.csv); in `watch`, its place in `runs`.
    public internal(set) var index: Int
    /// What the table's first column shows: the index, or (in `watch`) the run folder's path.
    public let label: String
    /// The point's values, one per sweep axis.
    public internal(set) var settings: [String]
    /// The run's full dashboard state, fed by its events (what Enter shows).
    public internal(set) var dashboard: AppState
    /// The summary the run ended with (nil while queued or training).
    public internal(set) var outcome: RunSummary?
    /// `watch`: the run's config flattened (`solver.learningRate: 0.001`), once known.
    public internal(set) var config: [String: String]?
    /// `watch`: when the run's files last changed (seconds since 1970).
    public internal(set) var lastUpdate: Double?
    /// `watch`: no change for longer than the view's `staleAfter`, and no summary.
    public internal(set) var stale = false
    /// `watch`: a scheduled task that exited with this status and left no summary, with its log's last lines.
    public internal(set) var taskExit: TaskFailure?

    /// A run of the grid (or, in `watch`, a folder) in its first state.
    init(index: Int, label: String? = nil, settings: [String], dashboard: AppState) {
        self.index = index
        self.label = label ?? String(index)
        self.settings = settings
        self.dashboard = dashboard
    }

    /// The run's status: its outcome once it ended (or failed when its task exited without one), stale when its
    /// files stopped changing, else its engine state, else queued.
    public var status: SweepRunStatus {
        if let outcome { return .ended(outcome.status) }
        if taskExit != nil { return .ended(.failed) }
        if stale { return .stale }
        switch dashboard.runState {
        case nil: return .queued
        case .running?: return .running
        case .paused?: return .paused
        case .done?: return .ended(.done)
        case .diverged?: return .ended(.diverged)
        case .stopped?: return .ended(.stopped)
        }
    }

    /// The best validation accuracy so far (nil before the first epoch ends).
    public var bestValAccuracy: Double? { outcome?.bestValAcc ?? dashboard.epochs.last?.bestValAccuracy }

    /// The validation accuracy at the end (the latest check's while training; nil before the first epoch ends).
    public var finalValAccuracy: Double? { outcome?.valAcc ?? dashboard.epochs.last?.valAccuracy }

    /// The accuracy `ranking` orders runs by.
    public func accuracy(_ ranking: ValidationRanking) -> Double? {
        ranking == .best ? bestValAccuracy : finalValAccuracy
    }
}

/// Which screen the sweep view shows.
public enum SweepScreen: Sendable, Equatable {
    /// The table of runs.
    case table
    /// The full dashboard of the run with this index.
    case run(Int)
}

/// A change from the sweep's engine side: one run's event, or the end of a run with its summary.
public enum SweepUpdate: Sendable, Equatable {
    /// An event of run `run`'s training session.
    case event(run: Int, TrainingEvent)
    /// Run `run` ended (done, stopped, diverged or failed to start).
    case ended(run: Int, RunSummary)
    /// A line from the main loop about what an action did (a CSV written, a snapshot refused).
    case message(String)
}

/// Everything the sweep view shows: a value that changes only through `apply(_:at:)` and `handle(_:at:)`.
public struct SweepState: Sendable, Equatable {
    /// The sweep's name (the base experiment's).
    public let name: String
    /// The grid's keys (`solver.learningRate`, …); in `watch`, the config keys whose values differ between runs.
    public internal(set) var axes: [String]
    /// Runs trained side by side.
    public let jobs: Int
    /// Whether only ASCII may be drawn.
    public let ascii: Bool
    /// The colour mode.
    public internal(set) var colorMode: ColorMode
    /// Every grid point, by index.
    public internal(set) var runs: [SweepRun]
    /// The index of the selected run (Enter opens it).
    public internal(set) var selected = 0
    /// The table, or one run's dashboard.
    public internal(set) var screen = SweepScreen.table
    /// `q` was pressed while runs are unfinished: `y` quits, any other key cancels.
    public internal(set) var confirmingQuit = false
    /// The latest sweep-level message.
    public internal(set) var message: StatusMessage?
    /// Which validation accuracy orders the table.
    public let ranking: ValidationRanking

    /// `watch`: the folder watched (nil for a sweep training in this process).
    public internal(set) var watching: String?
    /// `watch`: seconds without a change after which an unfinished run is stale.
    public internal(set) var staleAfter = 60.0
    /// `watch`: the wall clock (seconds since 1970) the last-update column counts from.
    public internal(set) var wallClock: Double?
    /// How the runs' dashboards draw W1.
    public let graphics: GraphicsMode
    /// The axis whose values the tuning chart puts on x (an index into `axes`).
    public internal(set) var tuningAxis = 0

    /// A sweep whose point `i` has values `settings[i]` (one per axis), all queued.
    public init(name: String, axes: [String], settings: [[String]], jobs: Int, ascii: Bool = false,
                colorMode: ColorMode = .indexed256, graphics: GraphicsMode = .blocks,
                ranking: ValidationRanking = .best) {
        self.name = name
        self.ranking = ranking
        self.axes = axes
        self.jobs = jobs
        self.ascii = ascii
        self.colorMode = colorMode
        self.graphics = graphics
        runs = settings.enumerated().map { i, values in
            var dashboard = AppState(runName: "\(name)-sweep-\(i)", ascii: ascii, colorMode: colorMode,
                                     graphics: graphics)
            dashboard.steerable = false
            return SweepRun(index: i, settings: values, dashboard: dashboard)
        }
    }

    /// Takes in a run's event or its end; `now` stamps messages.
    public mutating func apply(_ update: SweepUpdate, at now: Double?) {
        switch update {
        case let .event(i, event):
            guard runs.indices.contains(i) else { return }
            runs[i].dashboard.apply(event, at: now)
        case let .ended(i, summary):
            guard runs.indices.contains(i) else { return }
            runs[i].outcome = summary
        case let .message(text):
            post(text, at: now)
        }
    }

    // MARK: - Derived

    /// Run indices as the table lists them: started runs by `ranking`'s validation accuracy (none yet sorts below any),
    /// ties by index; queued runs at the bottom by index.
    public var order: [Int] {
        runs.indices.sorted { a, b in
            let (x, y) = (runs[a], runs[b])
            let (qx, qy) = (x.status == .queued, y.status == .queued)
            if qx != qy { return qy }
            let (vx, vy) = (x.accuracy(ranking) ?? -1, y.accuracy(ranking) ?? -1)
            return vx != vy ? vx > vy : x.index < y.index
        }
    }

    /// The run ranked first, if any has an accuracy yet.
    public var best: Int? {
        order.first.flatMap { runs[$0].accuracy(ranking) == nil ? nil : $0 }
    }

    /// How many runs are in each status.
    public func count(_ status: SweepRunStatus) -> Int { runs.filter { $0.status == status }.count }

    /// Whether any run is queued or training (quitting asks first, unless watching: quitting stops nothing).
    public var isInProgress: Bool {
        runs.contains { [.queued, .running, .paused].contains($0.status) }
    }

    /// The one scale every loss sparkline of the table shares (so a diverging run and a good one look different):
    /// the lowest and highest finite mean loss of any run's buckets, nil when no run has one.
    public var lossRange: ClosedRange<Double>? {
        let means = runs.flatMap { $0.dashboard.loss.buckets.map(\.mean) }.filter(\.isFinite)
        guard let low = means.min(), let high = means.max() else { return nil }
        return low...high
    }

    /// The sweep message to show at `now`, if it has not timed out.
    public func visibleMessage(at now: Double) -> StatusMessage? {
        message.flatMap { $0.isVisible(at: now) ? $0 : nil }
    }

    /// Replaces the sweep message.
    mutating func post(_ text: String, error: Bool = false, at now: Double?) {
        message = StatusMessage(text: text, isError: error, time: now)
    }
}
