import NNDL
import NNDLExperiments

extension SweepState {
    /// `watch`: the runs found in `folder`, none yet; a run is stale after `staleAfter` seconds without a change.
    public init(watching folder: String, staleAfter: Double, ascii: Bool = false, colorMode: ColorMode = .indexed256,
                graphics: GraphicsMode = .blocks) {
        self.init(name: folder, axes: [], settings: [], jobs: 0, ascii: ascii, colorMode: colorMode, graphics: graphics)
        watching = folder
        self.staleAfter = staleAfter
    }

    /// Takes in what the reader found (`now` stamps messages on the loop's clock).
    public mutating func apply(_ update: WatchUpdate, at now: Double?) {
        switch update {
        case let .appeared(id):
            guard run(id) == nil else { return }
            var dashboard = AppState(runName: id, ascii: ascii, colorMode: colorMode, graphics: graphics)
            dashboard.steerable = false
            runs.append(SweepRun(index: runs.count, label: id, settings: [], dashboard: dashboard))
        case let .settings(id, config):
            guard let i = run(id) else { return }
            runs[i].config = ComparedRun.flatten(config.json)
            recomputeAxes()
        case let .events(id, events, restarted):
            guard let i = run(id) else { return }
            if restarted { runs[i].dashboard = fresh(runs[i].dashboard) }
            for event in events { runs[i].dashboard.apply(event, at: now) }
        case let .result(id, summary):
            guard let i = run(id) else { return }
            runs[i].outcome = summary
            runs[i].dashboard.apply(.finished(summary), at: now)
        case let .exited(id, status, log):
            guard let i = run(id) else { return }
            runs[i].taskExit = TaskFailure(status: status, log: log)
        case let .touched(id, time):
            guard let i = run(id) else { return }
            runs[i].lastUpdate = time
            refreshStale(i)
        case let .vanished(id):
            guard let i = run(id) else { return }
            remove(i)
            post("\(id) vanished", at: now)
        case let .message(text):
            post(text, error: true, at: now)
        }
    }

    /// Sets the wall clock (seconds since 1970) the ages and staleness count from.
    public mutating func tick(wallTime: Double) {
        wallClock = wallTime
        for i in runs.indices { refreshStale(i) }
    }

    /// The index of the run named `id`.
    func run(_ id: String) -> Int? { runs.firstIndex { $0.label == id } }

    /// A started, unfinished run whose files last changed longer than `staleAfter` ago is stale (a queued one,
    /// which has written no row yet, waits as long as its scheduler keeps it).
    mutating func refreshStale(_ i: Int) {
        guard let clock = wallClock, let last = runs[i].lastUpdate else { return }
        runs[i].stale = runs[i].outcome == nil && runs[i].dashboard.runState != nil && clock - last > staleAfter
    }

    /// The dashboard `old` was before any event (its name, look and view kept).
    func fresh(_ old: AppState) -> AppState {
        var state = AppState(runName: old.runName, ascii: ascii, colorMode: colorMode)
        state.steerable = false
        return state
    }

    /// Removes run `i`, renumbering the rest; the selection and an open dashboard follow their run (a removed
    /// run's dashboard closes).
    mutating func remove(_ i: Int) {
        runs.remove(at: i)
        for k in runs.indices { runs[k].index = k }
        if case let .run(k) = screen { screen = k == i ? .table : .run(k > i ? k - 1 : k) }
        if selected > i || selected == runs.count { selected = max(0, selected - 1) }
    }

    /// The settings columns: every config key whose value differs between the runs whose config is known (a run
    /// without the key shows `-`); each run's values in that order.
    mutating func recomputeAxes() {
        let known = runs.compactMap(\.config)
        let keys = Set(known.flatMap(\.keys)).sorted().filter { key in
            Set(known.map { $0[key] ?? "-" }).count > 1
        }
        let changed = keys != axes
        axes = keys
        for i in runs.indices {
            runs[i].settings = keys.map { runs[i].config?[$0] ?? "" }
        }
        if changed { tuningAxis = widestAxis() }
    }

    /// The axis with the most distinct values (the first of those), which the tuning chart starts on.
    func widestAxis() -> Int {
        let counts = axes.indices.map { a in Set(runs.map { $0.settings.indices.contains(a) ? $0.settings[a] : "" }).count }
        return counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
    }
}
