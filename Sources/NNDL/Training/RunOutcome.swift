/// How a run ended. The raw value is the word `result.json`, `train --json` and a sweep's `results.csv` write.
public enum RunOutcome: String, Sendable, Codable, Equatable, CaseIterable {
    /// Every planned iteration ran.
    case done
    /// The loss (or a gradient) stopped being finite.
    case diverged
    /// Stopped early: Ctrl-C, SIGTERM, `q`, or a sweep being stopped.
    case stopped
    /// The run could not start, or an engine error ended it.
    case failed
}
