import Foundation
import NNDL

/// Follows one run folder for `WatchScanner`: the new rows of its `metrics.csv`, its config, its checkpoint's W1
/// (reread when the file is replaced), its `result.json`, and a scheduled task's exit status. Lives on the
/// reader's queue.
struct RunFollower {
    /// The run's name: its path under the watched folder.
    let id: String
    /// The run's folder.
    let folder: String
    private var tail: MetricsTail
    private var feed: RunFeed?
    private var waiting: [MetricsRow] = []
    private var touched: Double?
    private var checkpointSeen: FileStamp?
    private var checkpointReadAt = -Double.infinity
    private var resultSeen: FileStamp?
    private var exitSeen = false

    /// How often a checkpoint that keeps changing is reread, in seconds.
    static let checkpointInterval = 5.0
    /// The lines of a task's log shown when it failed.
    static let logLines = 5

    init(id: String, folder: String) {
        self.id = id
        self.folder = folder
        tail = MetricsTail(path: Self.file(RunFolder.metricsFile, in: folder))
    }

    static func file(_ name: String, in folder: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// What changed since the last call at `now` (seconds on a steady clock); `.vanished` when the folder is gone.
    mutating func poll(now: Double) -> [WatchUpdate] {
        guard FileStamp(Self.file(RunFolder.metricsFile, in: folder)) != nil else { return [.vanished(id: id)] }
        var out: [WatchUpdate] = []
        if feed == nil, let config = config() {
            feed = RunFeed(config: config, name: id)
            out.append(.settings(id: id, config))
        }
        // The result first: `train` writes result.json after metrics.csv's last row, so rows read after seeing it
        // are all there (read the other way round, a run could show as done a few iterations short).
        let ended = result()
        out += rows()
        out += checkpoint(now: now)
        out += ended
        if let stamp = FileStamp(Self.file(RunFolder.metricsFile, in: folder)), stamp.modified != touched {
            touched = stamp.modified
            out.append(.touched(id: id, time: stamp.modified))
        }
        return out
    }

    /// The config from `config.json`, else from the checkpoint (nil while neither is readable).
    func config() -> ExperimentConfig? {
        let path = Self.file(RunFolder.configFile, in: folder)
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let config = try? ExperimentConfig.parse(text, source: path) {
            return config
        }
        return try? Checkpoint.load(Self.file(RunFolder.checkpointFile, in: folder)).config
    }

    /// The events of the rows appended since the last call (held back until the config is known).
    mutating func rows() -> [WatchUpdate] {
        guard let chunk = try? tail.read() else { return [] }
        if chunk.restarted {
            waiting = []
            if let config = feed?.config { feed = RunFeed(config: config, name: id) }
        }
        waiting += chunk.rows
        guard var current = feed, !waiting.isEmpty || chunk.restarted else { return [] }
        let events = current.events(waiting)
        feed = current
        waiting = []
        return [.events(id: id, events, restarted: chunk.restarted)]
    }

    /// The checkpoint's W1 when the file changed (a new inode or time) and the last read is old enough; a file
    /// that does not read (replaced while being read) is tried again next time.
    mutating func checkpoint(now: Double) -> [WatchUpdate] {
        let path = Self.file(RunFolder.checkpointFile, in: folder)
        guard let stamp = FileStamp(path), stamp != checkpointSeen,
              now - checkpointReadAt >= Self.checkpointInterval else { return [] }
        guard let checkpoint = try? Checkpoint.load(path) else { return [] }
        checkpointSeen = stamp
        checkpointReadAt = now
        guard let filters = try? checkpoint.firstLayerFilters() else { return [] }
        return [.events(id: id, [.filters(filters)], restarted: false)]
    }

    /// The summary once `result.json` is there (again when it is rewritten), or a failed task's exit.
    mutating func result() -> [WatchUpdate] {
        let path = Self.file(RunFolder.resultFile, in: folder)
        if let stamp = FileStamp(path), stamp != resultSeen {
            guard let data = FileManager.default.contents(atPath: path),
                  let summary = try? JSONDecoder().decode(RunSummary.self, from: data) else { return [] }
            resultSeen = stamp
            return [.result(id: id, summary)]
        }
        guard resultSeen == nil, !exitSeen, let status = TaskExit.status(in: folder), status != 0 else { return [] }
        exitSeen = true
        return [.exited(id: id, status: status, log: TaskExit.logTail(in: folder, lines: Self.logLines))]
    }
}

/// A file's identity and modification time: a different value means it was rewritten or replaced.
struct FileStamp: Equatable {
    let inode: UInt64
    let size: Int64
    /// Seconds since 1970.
    let modified: Double

    /// The stamp of `path`, nil when there is no such file.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
