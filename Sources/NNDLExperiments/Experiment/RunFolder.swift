import Foundation
import NNDL

/// Where runs live: each run of a preset gets a numbered folder of its own, `runs/NAME/001`, `002`, …, never reused,
/// and `runs/NAME/latest` is a link to the newest. A run folder holds `checkpoint.npz`, `result.json`, `metrics.csv`.
public enum RunFolder {
    /// The link to the newest run folder inside a preset's folder.
    public static let latest = "latest"
    /// The checkpoint in a run folder.
    public static let checkpointFile = "checkpoint.npz"
    /// The summary in a run folder.
    public static let resultFile = "result.json"
    /// The metrics log in a run folder.
    public static let metricsFile = "metrics.csv"
    /// The run's config, written by the engine when the run starts (`watch` shows it before the first checkpoint).
    public static let configFile = "config.json"

    /// Creates the next numbered folder inside `base` (and `base` itself) and points `base/latest` at it. Two runs
    /// starting at once get different folders: each number is claimed by `mkdir`, which only one of them wins.
    public static func create(in base: String) throws -> String {
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        var number = (try? FileManager.default.contentsOfDirectory(atPath: base))?
            .compactMap { Int($0) }.max() ?? 0
        while true {
            number += 1
            let folder = (base as NSString).appendingPathComponent(String(format: "%03d", number))
            if mkdir(folder, 0o777) == 0 {
                pointLatest(in: base, to: (folder as NSString).lastPathComponent)
                return folder
            }
            guard errno == EEXIST else { throw FileError.errno(folder, "create") }
        }
    }

    /// Replaces `base/latest` with a link to `name` (a new link renamed over the old one, so it is never missing).
    static func pointLatest(in base: String, to name: String) {
        let link = (base as NSString).appendingPathComponent(latest)
        let temporary = link + ".tmp-\(getpid())"
        unlink(temporary)
        guard symlink(name, temporary) == 0 else { return }
        if rename(temporary, link) != 0 { unlink(temporary) }
    }

    /// The run folder `path` names: itself when it holds a checkpoint or a metrics log, else its `latest` run (a
    /// preset's folder, `runs/NAME`), else itself.
    public static func resolve(_ path: String) -> String {
        let fm = FileManager.default
        func has(_ file: String, in folder: String) -> Bool {
            fm.fileExists(atPath: (folder as NSString).appendingPathComponent(file))
        }
        if has(checkpointFile, in: path) || has(metricsFile, in: path) { return path }
        let newest = (path as NSString).appendingPathComponent(latest)
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: newest, isDirectory: &isFolder), isFolder.boolValue { return newest }
        return path
    }

    /// The checkpoint `path` names: a `.npz` file as it is, or the checkpoint of the run folder a folder resolves to.
    public static func checkpoint(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return path }
        return (resolve(path) as NSString).appendingPathComponent(checkpointFile)
    }
}
