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
    public var valAcc: Double { summary.bestValAcc ?? -1 }

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

    /// Results of a sweep over `axes` in `folder`, on the preset `preset` with `overrides`.
    public init(axes: [SweepAxis], folder: String, preset: String, overrides: [String]) {
        self.axes = axes
        self.folder = folder
        self.preset = preset
        self.overrides = overrides
    }

    /// Best validation accuracy first, ties by run index.
    public func sorted(_ rows: [SweepRow]) -> [SweepRow] {
        rows.sorted { $0.valAcc != $1.valAcc ? $0.valAcc > $1.valAcc : $0.point.index < $1.point.index }
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

    /// The plain-text table printed at the end: settings, status, best validation and test accuracy.
    public func table(_ rows: [SweepRow]) -> String {
        var out = (axes.map { $0.key.padding(toLength: max(14, $0.key.count), withPad: " ", startingAt: 0) } + ["status   ", "best val", "test"]).joined(separator: "  ")
        for r in sorted(rows) {
            let cells = zip(axes, r.point.settings).map { a, s in s.1.padding(toLength: max(14, a.key.count), withPad: " ", startingAt: 0) }
            let best = r.summary.bestValAcc.map { String(format: "%.4f", $0) } ?? "-"
            let test = r.summary.testAcc.map { String(format: "%.4f", $0) } ?? "-"
            out += "\n" + (cells + [r.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0), best.padding(toLength: 8, withPad: " ", startingAt: 0), test]).joined(separator: "  ")
        }
        return out
    }
}
