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
            lastIteration = report
            loss.append(iteration: report.iteration, value: report.loss)
        case .epoch(var report):
            // Only the newest matrix is drawn: keep one, not one per report (the toy net checks every iteration).
            if report.confusion != nil { confusionReport = report }
            report.confusion = nil
            appendEpoch(report)
        case .filters(let snapshot):
            filters = snapshot
            view.filterIndex = min(view.filterIndex, max(0, snapshot.count - 1))
            filterPicture = FilterImage.grid(of: snapshot, scaling: view.filterScaling)
        case .health(let report): takeHealth(report, now: now)
        case .hyperparametersChanged(let iteration, let hp): confirm(hp, at: iteration, now: now)
        case .state(let state):
            runState = state
            if state == .diverged {
                post("loss diverged: lower the learning rate, then space resumes or r restarts", error: true, at: now)
            }
        case .checkpointSaved(let path): post("checkpoint saved: \(path)", at: now)
        case .message(let text): post(text, at: now)
        case .finished(let summary): finish(summary)
        }
    }

    /// A new run (or a restart): keeps the run so far as a ghost, clears the run's figures (a resumed run's past
    /// losses fill the loss chart), keeps the change log and the view.
    mutating func start(_ info: RunInfo) {
        keepGhost()
        self.info = info
        run += 1
        runState = .running
        lastIteration = nil
        loss = SeriesHistory(capacity: loss.capacity)
        for (i, value) in info.pastLoss.enumerated() { loss.append(iteration: i + 1, value: value) }
        epochs = []
        evaluationSeconds = 0
        evaluationCount = 0
        confusionReport = nil
        health = nil
        postedHealthWarnings = []
        filters = nil
        filterPicture = nil
        hyperparameters = info.hyperparameters
        confirmedHyperparameters = info.hyperparameters
        pendingRequests = 0
        markers = []
        summary = nil
        if case .editing = mode { mode = .normal }
    }

    /// Keeps `report`, first dropping every other older report (never the first or newest) at `epochCapacity`.
    mutating func appendEpoch(_ report: EpochReport) {
        evaluationSeconds += report.evaluationSeconds
        evaluationCount += 1
        if epochs.count >= AppState.epochCapacity {
            // Every other report from the first; the newest too, so the chart still starts and ends where the run did.
            let last = epochs.count - 1
            epochs = stride(from: 0, to: last, by: 2).map { epochs[$0] } + [epochs[last]]
        }
        epochs.append(report)
    }

    /// Keeps the newest health report; each kind of warning is posted on the message line once a run.
    mutating func takeHealth(_ report: HealthReport, now: Double?) {
        health = report
        let fresh = report.warnings.filter { !postedHealthWarnings.contains($0.name) }
        guard !fresh.isEmpty else { return }
        postedHealthWarnings.formUnion(fresh.map(\.name))
        post(fresh.map(\.text).joined(separator: "; ") + " (d: health)", error: true, at: now)
    }

    /// Logs the engine's confirmed change and marks it on the charts.
    mutating func confirm(_ hp: Hyperparameters, at iteration: Int, now: Double?) {
        if let old = confirmedHyperparameters {
            let changes = HyperparameterChange.between(old, hp, run: run, iteration: iteration)
            if !changes.isEmpty {
                changeLog += changes
                markers.append(iteration)
                let arrow = ascii ? "->" : "→"
                let text = changes.map { "\($0.field.rawValue) \($0.oldValue.short) \(arrow) \($0.newValue.short)" }
                post("it \(iteration): " + text.joined(separator: ", "), at: now)
            }
        }
        confirmedHyperparameters = hp
        pendingRequests = max(0, pendingRequests - 1)
        if pendingRequests == 0 || hp == hyperparameters {
            pendingRequests = 0
            hyperparameters = hp
        }
    }

    /// Keeps the summary; the run's state follows its status when the engine names one.
    mutating func finish(_ summary: RunSummary) {
        self.summary = summary
        if let state = RunState(rawValue: summary.status.rawValue) {
            runState = state
        } else if runState == .running || runState == .paused {
            runState = .done
        }
    }
}
