import Foundation
import NNDL

/// Finds every run folder under a folder (any folder holding `metrics.csv`, at any depth, links such as `latest`
/// not followed) and follows each with a `RunFollower`; rewrites the results of the Slurm sweeps it finds (folders
/// holding `sweep.json`) when one of their points ends. Lives on the reader's queue; `poll` returns what changed.
public struct WatchScanner {
    /// The folder watched.
    public let root: String
    private var followers: [String: RunFollower] = [:]
    private var sweeps: Set<String> = []
    private var rootMissing = false
    /// The folders the last poll searched (the reader asks inotify to watch them).
    public private(set) var directories: [String] = []

    /// The deepest folder searched for runs, counted from `root`.
    static let maxDepth = 8

    /// A scanner of `root`, nothing found yet.
    public init(root: String) {
        self.root = root
    }

    /// The run folders followed now.
    public var folders: [String] { followers.values.map(\.folder).sorted() }

    /// Everything that changed since the last call at `now` (seconds on a steady clock), runs in path order.
    public mutating func poll(now: Double) -> [WatchUpdate] {
        var found: [String] = [], sweepFolders: [String] = []
        directories = []
        Self.search(root, depth: 0, runs: &found, sweeps: &sweepFolders, visited: &directories)
        var out: [WatchUpdate] = []
        let missing = !FileManager.default.fileExists(atPath: root)
        if missing && !rootMissing { out.append(.message("\(root): no such folder (yet); watching for it")) }
        rootMissing = missing
        for folder in found where followers[folder] == nil {
            followers[folder] = RunFollower(id: Self.relative(folder, to: root), folder: folder)
            out.append(.appeared(id: Self.relative(folder, to: root)))
        }
        var ended: Set<String> = []
        for folder in followers.keys.sorted() {
            let updates = followers[folder]!.poll(now: now)
            out += updates
            if updates.contains(where: { if case .vanished = $0 { return true } else { return false } }) {
                followers[folder] = nil
            }
            if updates.contains(where: Self.isEnd) { ended.insert((folder as NSString).deletingLastPathComponent) }
        }
        sweeps.formUnion(sweepFolders)
        for sweep in sweeps.sorted() where ended.contains(sweep) {
            do { _ = try SweepManifest.read(in: sweep).collect() } catch {
                out.append(.message("\(sweep): results not written: \(error)"))
            }
        }
        return out
    }

    static func isEnd(_ update: WatchUpdate) -> Bool {
        switch update {
        case .result, .exited: return true
        default: return false
        }
    }

    /// Adds the run folders and sweep folders under `folder` (not through links).
    static func search(
        _ folder: String, depth: Int, runs: inout [String], sweeps: inout [String], visited: inout [String]
    ) {
        let fm = FileManager.default
        visited.append(folder)
        if fm.fileExists(atPath: (folder as NSString).appendingPathComponent(RunFolder.metricsFile)) {
            runs.append(folder)
            return
        }
        if fm.fileExists(atPath: (folder as NSString).appendingPathComponent(SweepManifest.file)) { sweeps.append(folder) }
        guard depth < maxDepth, let names = try? fm.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            search(path, depth: depth + 1, runs: &runs, sweeps: &sweeps, visited: &visited)
        }
    }

    /// `folder`'s path under `root` (`toy/001`), or `folder` itself when it is `root`.
    static func relative(_ folder: String, to root: String) -> String {
        let base = root.hasSuffix("/") ? root : root + "/"
        if folder.hasPrefix(base) { return String(folder.dropFirst(base.count)) }
        return folder == root ? (root as NSString).lastPathComponent : folder
    }
}
