import NNDL

extension AppState {
    /// Takes in an engine event; messages it posts stay until replaced.
    public mutating func apply(_ event: TrainingEvent) {
        apply(event, at: nil)
    }

    /// Takes in an engine event that arrived at `now` (seconds on the caller's clock; messages time out from it).
    public mutating func apply(_ event: TrainingEvent, at now: Double?) {
        switch event {
        case .started(let info): start(info)
        case .iteration(let report):
            current.lastIteration = report
            current.loss.append(iteration: report.iteration, value: report.loss)
        case .epoch(var report):
            // Only the newest matrix is drawn: keep one, not one per report (the toy net checks every iteration).
            if report.confusion != nil { current.confusionReport = report }
            report.confusion = nil
            current.appendEpoch(report)
        case .filters(let snapshot):
            current.filters = snapshot
            view.filterIndex = min(view.filterIndex, max(0, snapshot.count - 1))
            current.filters = snapshot
            rebuildFilterPicture()
        case .health(let report): takeHealth(report, now: now)
        case .hyperparametersChanged(let iteration, let hp): confirm(hp, at: iteration, now: now)
        case .hyperparametersRefused(let error, let inForce):
            current.refuse(inForce: inForce)
            keepSelectionVisible()
            post("refused: \(error)", error: true, at: now)
        case .state(let state):
            current.runState = state
            if state == .diverged {
                post("loss diverged: lower the learning rate, then space resumes or r restarts", error: true, at: now)
            }
        case .checkpointSaved(let path): post("checkpoint saved: \(path)", at: now)
        case .message(let text): post(text, at: now)
        case .finished(let summary): finish(summary)
        }
    }

    /// A new run (or a restart): the run so far becomes a ghost and a new `RunModel` takes its place; the change log
    /// and the view stay.
    mutating func start(_ info: RunInfo) {
        keepGhost()
        current = RunModel(number: current.number + 1, info: info, lossCapacity: current.loss.capacity)
        keepSelectionVisible()
        if case .editing = mode { mode = .normal }
    }

    /// Keeps the newest health report; each kind of warning is posted on the message line once a run.
    mutating func takeHealth(_ report: HealthReport, now: Double?) {
        current.health = report
        let fresh = report.warnings.filter { !current.postedHealthWarnings.contains($0.name) }
        guard !fresh.isEmpty else { return }
        current.postedHealthWarnings.formUnion(fresh.map(\.name))
        post(fresh.map(\.text).joined(separator: "; ") + " (d: health)", error: true, at: now)
    }

    /// Logs the engine's confirmed change and marks it on the charts.
    mutating func confirm(_ hp: Hyperparameters, at iteration: Int, now: Double?) {
        if let old = current.confirmedHyperparameters {
            let changes = HyperparameterChange.between(old, hp, run: run, iteration: iteration)
            if !changes.isEmpty {
                changeLog += changes
                current.markers.append(iteration)
                let arrow = ascii ? "->" : "→"
                let text = changes.map { "\($0.field.rawValue) \($0.oldValue.short) \(arrow) \($0.newValue.short)" }
                post("it \(iteration): " + text.joined(separator: ", "), at: now)
            }
        }
        current.confirm(hp)
        keepSelectionVisible()
    }

    /// Keeps the summary; the run's state follows its status when the engine names one.
    mutating func finish(_ summary: RunSummary) {
        current.summary = summary
        if let state = RunState(rawValue: summary.status.rawValue) {
            current.runState = state
        } else if current.runState == .running || current.runState == .paused {
            current.runState = .done
        }
    }
}
