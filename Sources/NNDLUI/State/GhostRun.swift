import NNDL

/// An earlier run of this dashboard session, kept after `r` so the charts can draw it dimmed behind the live run:
/// a downsampled copy of its loss history, its accuracies per epoch, and the settings it started with.
public struct GhostRun: Sendable, Equatable {
    /// The most loss points a ghost keeps (adjacent buckets are merged down to this).
    public static let maxLossPoints = 256

    /// Which run it was (1 for the first).
    public var run: Int
    /// The hyperparameters the run started with.
    public var hyperparameters: Hyperparameters
    /// How many confirmed changes were made while it trained.
    public var midRunChanges: Int
    /// Where each loss point is drawn (the middle iteration of the samples it stands for).
    public var lossIterations: [Double]
    /// The mean loss of each point's samples (NaN when none was finite).
    public var lossMeans: [Double]
    /// The finite samples behind each point (the EMA's weights).
    public var lossWeights: [Int]
    /// The epochs that were measured.
    public var epochs: [Double]
    /// Training accuracy at each measured epoch.
    public var trainAccuracy: [Double]
    /// Validation accuracy at each measured epoch.
    public var valAccuracy: [Double]
    /// The last iteration it reached.
    public var lastIteration: Int
    /// Its newest W1 snapshot, if one arrived.
    public var filters: FilterSnapshot?

    /// A ghost of `state`, a run that is being replaced; nil when it never trained an iteration.
    public init?(of state: RunModel) {
        guard let hp = state.info?.hyperparameters, let latest = state.loss.latest else { return nil }
        run = state.number
        hyperparameters = hp
        midRunChanges = state.markers.count
        let points = GhostRun.downsample(state.loss.buckets, to: GhostRun.maxLossPoints)
        lossIterations = points.map(\.iteration)
        lossMeans = points.map(\.mean)
        lossWeights = points.map(\.finiteSamples)
        epochs = state.epochs.map { Double($0.epoch) }
        trainAccuracy = state.epochs.map(\.trainAccuracy)
        valAccuracy = state.epochs.map(\.valAccuracy)
        lastIteration = latest.iteration
        filters = state.filters
    }

    /// `buckets` with adjacent pairs merged until at most `limit` remain.
    static func downsample(_ buckets: [SeriesHistory.Bucket], to limit: Int) -> [SeriesHistory.Bucket] {
        var out = buckets
        while out.count > limit {
            out = stride(from: 0, to: out.count, by: 2).map { i in
                i + 1 < out.count ? out[i].merged(with: out[i + 1]) : out[i]
            }
        }
        return out
    }

    /// The best validation accuracy it reached, if an epoch was measured.
    public var bestValAccuracy: Double? { valAccuracy.filter(\.isFinite).max() }

    /// The debiased EMA of its loss points at `smoothing` (what the loss chart draws).
    public func smoothedLoss(smoothing: Double) -> [Double] {
        EMA.debiased(lossMeans, weights: lossWeights, smoothing: smoothing)
    }

    /// What differs from `current` (the live run's starting settings): `lr 0.001→0.0005, reg 0.25→0.1`,
    /// `same settings` when nothing does, and how many changes were made mid-run.
    public func differences(from current: Hyperparameters?, ascii: Bool = false) -> String {
        let arrow = ascii ? "->" : "→"
        var parts: [String] = []
        if let current {
            for field in HyperparameterField.allCases where field.isUsed(by: hyperparameters.updateRule)
                || field.isUsed(by: current.updateRule) {
                let old = field.value(in: hyperparameters), new = field.value(in: current)
                if old != new { parts.append("\(field.shortLabel) \(old.short)\(arrow)\(new.short)") }
            }
        }
        var text = parts.isEmpty ? "same settings" : parts.joined(separator: ", ")
        if midRunChanges > 0 { text += " (\(midRunChanges) change\(midRunChanges == 1 ? "" : "s") mid-run)" }
        return text
    }

    /// The legend line: `run 2 best 0.412: lr 0.001→0.0005` (the best validation accuracy when one was measured).
    public func legend(against current: Hyperparameters?, ascii: Bool = false) -> String {
        let best = bestValAccuracy.map { " best \(Format.fixed($0))" } ?? ""
        return "run \(run)\(best): " + differences(from: current, ascii: ascii)
    }

    /// The style of the ghost `age` runs back (0 the newest): dim grey, darker when older; dim in monochrome.
    public static func style(age: Int, colorMode: ColorMode) -> Style {
        let level = UInt8(max(88, 168 - 32 * age))
        return Style(foreground: colorMode.color(RGB(level, level, level)), attributes: .dim)
    }

    /// The ASCII marker of this ghost's points: the last digit of its run number.
    public var marker: Character { Character(String(run % 10)) }
}
