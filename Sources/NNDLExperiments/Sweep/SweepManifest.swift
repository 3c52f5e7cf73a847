import Foundation
import NNDL

/// A sweep whose points run elsewhere (Slurm array tasks): `sweep.json` in the sweep's folder names the preset, the
/// shared overrides and the grid, so `watch` and `sweep --collect` can rebuild `results.csv` and `best.json` from the
/// points' `result.json` files through `SweepResults`, as a local sweep writes them.
public struct SweepManifest: Sendable, Codable, Equatable {
    /// The manifest's file name in a sweep folder.
    public static let file = "sweep.json"
    /// The preset copied into the sweep folder (tasks and `best.json` use it).
    public static let presetFile = "preset.json"

    /// One axis of the grid.
    public struct Axis: Sendable, Codable, Equatable {
        /// The config key.
        public var key: String
        /// Its values, as given on the command line.
        public var values: [String]
    }

    /// The sweep folder.
    public var folder: String
    /// The preset every point starts from (a path).
    public var preset: String
    /// The `--set` overrides every point shares.
    public var overrides: [String]
    /// The grid.
    public var axes: [Axis]

    /// A manifest for a sweep over `axes` in `folder`.
    public init(folder: String, preset: String, overrides: [String], axes: [SweepAxis]) {
        self.folder = folder
        self.preset = preset
        self.overrides = overrides
        self.axes = axes.map { Axis(key: $0.key, values: $0.values) }
    }

    /// The grid's points, in index order.
    public var points: [SweepPoint] {
        SweepAxis.product(axes.map { SweepAxis(key: $0.key, values: $0.values) })
    }

    /// Point `index`'s run folder.
    public func pointFolder(_ index: Int) -> String { (folder as NSString).appendingPathComponent("point-\(index)") }

    /// The results writer of this sweep.
    public var results: SweepResults {
        SweepResults(axes: axes.map { SweepAxis(key: $0.key, values: $0.values) }, folder: folder, preset: preset,
                     overrides: overrides)
    }

    /// Writes `sweep.json` into the folder, atomically.
    public func write() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: (folder as NSString).appendingPathComponent(Self.file))
    }

    /// The manifest of the sweep in `folder` (its folder as found, wherever it was written from).
    public static func read(in folder: String) throws -> SweepManifest {
        let path = (folder as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, operation: "read", reason: "no such file (sweep --slurm writes it)")
        }
        guard var manifest = try? JSONDecoder().decode(SweepManifest.self, from: data) else {
            throw FileError(path: path, operation: "read", reason: "not a sweep manifest")
        }
        if manifest.folder != folder {
            manifest.folder = folder
            manifest.preset = (folder as NSString).appendingPathComponent(presetFile)
        }
        return manifest
    }

    /// The rows of the points that ended: each `result.json`, or a failed row for a task that exited non-zero
    /// without one. Writes `results.csv` and `best.json` when there is any; returns the rows.
    @discardableResult
    public func collect() throws -> [SweepRow] {
        let rows = points.compactMap { point -> SweepRow? in
            let folder = pointFolder(point.index)
            let result = (folder as NSString).appendingPathComponent(RunFolder.resultFile)
            if let data = FileManager.default.contents(atPath: result),
               let summary = try? JSONDecoder().decode(RunSummary.self, from: data) {
                return SweepRow(point: point, summary: summary)
            }
            guard let status = TaskExit.status(in: folder), status != 0 else { return nil }
            return SweepRow(point: point, summary: RunSummary(
                name: "point-\(point.index)", status: .failed, iterations: 0, epochs: 0, finalLoss: nil, trainAcc: nil,
                valAcc: nil, bestValAcc: nil, testAcc: nil, seconds: 0, imagesPerSecond: 0, checkpoint: nil))
        }
        if !rows.isEmpty { try results.write(rows) }
        return rows
    }
}
