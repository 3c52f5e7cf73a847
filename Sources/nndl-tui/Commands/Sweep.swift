import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments
import Synchronization

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train every point of a hyperparameter grid (the notebook's search), in parallel with --jobs.")

    @OptionGroup var experiment: ExperimentOptions

    @Option(name: .customLong("grid"), help: ArgumentHelp(
        "A key and its values: key.path=v1,v2,…; repeatable (the Cartesian product is trained).",
        valueName: "key.path=values"))
    var grids: [String] = []

    @Option(help: "Runs trained side by side (each with its share of the BLAS threads).")
    var jobs = 1

    @Flag(help: "No sweep view: train child `train --headless` processes and print a line per finished run.")
    var headless = false

    @Flag(help: "Sweep view: plain ASCII for terminals without Unicode.")
    var ascii = false

    func run() throws {
        let base = try experiment.load(fallback: nil)
        let axes = try grids.map(SweepAxis.parse)
        guard !axes.isEmpty else { throw CLIError("sweep needs at least one --grid key.path=v1,v2") }
        guard (1...64).contains(jobs) else { throw CLIError("--jobs: expected an integer in 1...64, got \(jobs)") }
        let points = SweepAxis.product(axes)
        // Validate every point before training any.
        let configs = try points.map { point in
            var config = try ExperimentConfig.load(
                path: experiment.config.map(Presets.resolve),
                overrides: experiment.overrides + point.overrides + ["name=\(base.name)-sweep-\(point.index)"])
            if let data = experiment.data { config.data.dir = data }
            return config
        }
        let folder = "runs/\(base.name)-sweep"
        let terminal = headless ? nil : try SweepApp.openTerminal()
        defer { if let terminal { fclose(terminal) } }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let status: ExitStatus
        if headless {
            status = try SweepRunner(
                experiment: experiment, axes: axes, points: points, folder: folder, jobs: jobs, baseConfig: base).run()
        } else {
            let results = SweepResults(experiment: experiment, axes: axes, folder: folder)
            let plan = SweepApp.Plan(name: base.name, axes: axes, points: points, configs: configs, results: results, jobs: jobs)
            status = try SweepApp.run(plan, ascii: ascii, terminal: terminal)
        }
        if status != .done { throw ExitCode(status.rawValue) }
    }
}

/// One `--grid key=v1,v2` axis.
struct SweepAxis: Sendable {
    let key: String
    let values: [String]

    /// Parses `key=v1,v2,…`, splitting at commas outside brackets (so `[100,100]` stays one value).
    static func parse(_ text: String) throws -> SweepAxis {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw CLIError("--grid \(text): expected key.path=v1,v2,…")
        }
        var values: [String] = [], current = "", depth = 0
        for ch in text[text.index(after: eq)...] {
            if ch == "[" || ch == "{" { depth += 1 }
            if ch == "]" || ch == "}" { depth -= 1 }
            if ch == "," && depth == 0 {
                values.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        values.append(current)
        guard !values.contains(where: \.isEmpty) else { throw CLIError("--grid \(text): empty value") }
        return SweepAxis(key: String(text[..<eq]), values: values)
    }

    /// Every combination, the last axis varying fastest.
    static func product(_ axes: [SweepAxis]) -> [SweepPoint] {
        axes.reduce([SweepPoint(index: 0, settings: [])]) { points, axis in
            points.flatMap { p in axis.values.map { SweepPoint(index: 0, settings: p.settings + [(axis.key, $0)]) } }
        }.enumerated().map { SweepPoint(index: $0.offset, settings: $0.element.settings) }
    }
}

/// One grid point: its settings as key/value pairs.
struct SweepPoint: Sendable {
    let index: Int
    let settings: [(String, String)]
    var overrides: [String] { settings.map { "\($0.0)=\($0.1)" } }
}
