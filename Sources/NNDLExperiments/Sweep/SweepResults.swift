import Foundation
import NNDL

/// One finished (or stopped) sweep point: its settings and the run's summary.
public struct SweepRow: Sendable {
    /// The grid point.
    public let point: SweepPoint
    /// The run's summary.
    public let summary: RunSummary
    /// How the run ended.
    public var status: RunOutcome { summary.status }
    /// The best validation accuracy, or -1 when unknown (sorts last).
    public var valAcc: Double { accuracy(.best) }

    /// The validation accuracy `ranking` orders by, or -1 when unknown (sorts last).
    public func accuracy(_ ranking: ValidationRanking) -> Double {
        (ranking == .best ? summary.bestValAcc : summary.valAcc) ?? -1
    }

    /// The row of `point`, whose run ended with `summary`.
    public init(point: SweepPoint, summary: RunSummary) {
        self.point = point
        self.summary = summary
    }
}

/// The files and the table a sweep leaves, the same whether it ran headless or in the sweep view.
public struct SweepResults: Sendable {
    /// The grid's axes (the settings columns).
    public let axes: [SweepAxis]
    /// Where `results.csv`, `best.json` and the runs' checkpoints go.
    public let folder: String
    /// The base preset's name or path; `best.json` is it with `overrides` and the best point's settings.
    public let preset: String
    /// The `--set` overrides every point shares.
    public let overrides: [String]
    /// Which validation accuracy ranks the rows (and picks `best.json`).
    public let ranking: ValidationRanking

    /// Results of a sweep over `axes` in `folder`, on the preset `preset` with `overrides`, ranked by `ranking`.
    public init(
        axes: [SweepAxis], folder: String, preset: String, overrides: [String], ranking: ValidationRanking = .best
    ) {
        self.axes = axes
        self.folder = folder
        self.preset = preset
        self.overrides = overrides
        self.ranking = ranking
    }

    /// The ranking's validation accuracy first, ties by run index.
    public func sorted(_ rows: [SweepRow]) -> [SweepRow] {
        rows.sorted {
            let (a, b) = ($0.accuracy(ranking), $1.accuracy(ranking))
            return a != b ? a > b : $0.point.index < $1.point.index
        }
    }

    /// Writes `results.csv` (every row) and `best.json` (the best finished point's config), atomically.
    public func write(_ rows: [SweepRow]) throws {
        let header = ["run"] + axes.map(\.key) + ["status", "bestValAcc", "valAcc", "trainAcc", "testAcc", "finalLoss", "seconds"]
        var lines = [header.joined(separator: ",")]
        func f(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        for r in sorted(rows) {
            let s = r.summary
            let values = r.point.settings.map { "\"\($0.1.replacingOccurrences(of: "\"", with: "\"\""))\"" }
            lines.append(([String(r.point.index)] + values + [r.status.rawValue, f(s.bestValAcc), f(s.valAcc), f(s.trainAcc), f(s.testAcc), f(s.finalLoss), f(s.seconds)]).joined(separator: ","))
        }
        try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: "\(folder)/results.csv")
        if let best = sorted(rows).first(where: { $0.status == .done }) {
            let config = try ExperimentConfig.load(preset: preset, overrides: overrides + best.point.overrides)
            try AtomicFile.write(Array((config.json + "\n").utf8), to: "\(folder)/best.json")
        }
    }

    /// The plain-text table printed at the end: settings, status, the final validation accuracy (when ranking by
    /// it), the best validation accuracy and the test accuracy.
    public func table(_ rows: [SweepRow]) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        func figure(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "-" }
        let final = ranking == .final
        var out = (axes.map { pad($0.key, 14) } + ["status   "] + (final ? ["final val"] : []) + ["best val", "test"])
            .joined(separator: "  ")
        for r in sorted(rows) {
            let cells = zip(axes, r.point.settings).map { a, s in pad(s.1, max(14, a.key.count)) }
            let accuracies = (final ? [pad(figure(r.summary.valAcc), 9)] : []) + [pad(figure(r.summary.bestValAcc), 8)]
            out += "\n" + (cells + [pad(r.status.rawValue, 9)] + accuracies + [figure(r.summary.testAcc)]).joined(separator: "  ")
        }
        return out
    }
}
