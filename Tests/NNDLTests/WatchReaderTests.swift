import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// What `watch` reads from a runs folder: metrics.csv rows (whole lines only), the events they stand for, the run
/// folders found under a folder, and what changes between two polls.
struct WatchReaderTests {
    static func folder(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func append(_ text: String, to path: String) {
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try? handle.close()
    }

    struct ParseCase: Sendable, CustomStringConvertible {
        let line: String
        let expected: MetricsRow?
        var description: String { line }
    }

    static let parseCases: [ParseCase] = [
        ParseCase(line: "run,kind,iteration,epoch,loss,learning_rate,train_acc,val_acc,best_val_acc,change", expected: nil),
        ParseCase(line: "1,step,3,0.015,2.302,0.001,,,,", expected: MetricsRow(
            run: 1, kind: .step, iteration: 3, epoch: 0.015, loss: 2.302, learningRate: 0.001, trainAccuracy: nil,
            valAccuracy: nil, bestValAccuracy: nil, change: "")),
        ParseCase(line: "2,check,245,1,,0.00095,0.25,0.5,0.5,", expected: MetricsRow(
            run: 2, kind: .check, iteration: 245, epoch: 1, loss: nil, learningRate: 0.00095, trainAccuracy: 0.25,
            valAccuracy: 0.5, bestValAccuracy: 0.5, change: "")),
        ParseCase(line: "1,change,3,,,0.0005,,,,learning_rate 0.001->0.0005; update_rule sgd->adam", expected: MetricsRow(
            run: 1, kind: .change, iteration: 3, epoch: nil, loss: nil, learningRate: 0.0005, trainAccuracy: nil,
            valAccuracy: nil, bestValAccuracy: nil, change: "learning_rate 0.001->0.0005; update_rule sgd->adam")),
        // Cut short by a reader that came too early, or damaged: not rows.
        ParseCase(line: "1,step,3,0.0", expected: nil),
        ParseCase(line: "1,check,245,1,,0.00095,0.25,", expected: nil),
        ParseCase(line: "1,step,3,0.015,,0.001,,,,", expected: nil),
        ParseCase(line: "x,step,3,0.015,2.3,0.001,,,,", expected: nil),
    ]

    @Test(arguments: parseCases)
    func parsesRowsAndRefusesPartialLines(_ c: ParseCase) {
        #expect(MetricsRow.parse(Substring(c.line)) == c.expected)
    }

    /// A half-written last line waits until its end arrives; only new bytes are read; a file replaced by a rename
    /// (another inode) or cut shorter is read again from the start and says so.
    @Test func tailReadsWholeLinesAndStartsOverOnAReplacedFile() throws {
        let dir = Self.folder("tail"), path = dir + "/metrics.csv"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try (MetricsLog.header + "\n1,step,1,0.005,2.5,0.001,,,,\n1,step,2,0.01,2.4,0.0").write(toFile: path, atomically: false, encoding: .utf8)
        var tail = MetricsTail(path: path)
        var chunk = try tail.read()
        #expect(chunk.rows.map(\.iteration) == [1] && !chunk.restarted)
        #expect(try tail.read().rows.isEmpty, "nothing new: the half line still waits")
        Self.append("01,,,,\n1,check,2,1,,0.00095,0.25,0.5,0.5,\n", to: path)
        chunk = try tail.read()
        #expect(chunk.rows.map(\.iteration) == [2, 2] && chunk.rows.map(\.kind) == [.step, .check])
        #expect(chunk.rows[0].learningRate == 0.001)
        try AtomicFile.write(Array((MetricsLog.header + "\n1,step,1,0.005,9,0.001,,,,\n").utf8), to: path)
        chunk = try tail.read()
        #expect(chunk.restarted && chunk.rows.map(\.loss) == [9])
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: FileError.self) { try tail.read() }
    }

    /// The rows the engine's MetricsLog writes come back as the events it logged.
    @Test func rowsTheEngineWritesBecomeItsEvents() throws {
        let dir = Self.folder("feed"), path = dir + "/metrics.csv"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var config = ExperimentConfig()
        config.solver.numIterations = 4
        config.solver.batchSize = 200
        config.data.numTraining = 400
        let info = RunInfo(name: "m", modelDescription: "", totalIterations: 4, iterationsPerEpoch: 2,
                           hyperparameters: config.hyperparameters)
        var log = try MetricsLog(path: path)
        try log.record(.started(info), now: 0)
        try log.record(.iteration(IterationReport(iteration: 1, totalIterations: 4, epoch: 0.5, loss: 2.5,
                                                  learningRate: 1e-3, elapsed: 0, imagesPerSecond: 0)), now: 0)
        var changed = config.hyperparameters
        changed.learningRate = 5e-4
        changed.reg = 0.1
        try log.record(.hyperparametersChanged(iteration: 2, changed), now: 0)
        try log.close(at: 0)
        var tail = MetricsTail(path: path), feed = RunFeed(config: config, name: "m")
        let events = feed.events(try tail.read().rows)
        #expect(events.count == 4)
        guard case let .started(started) = events[0], case .state(.running) = events[1],
              case let .iteration(r) = events[2], case let .hyperparametersChanged(at, hp) = events[3] else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(started.totalIterations == 4 && started.iterationsPerEpoch == 2 && started.hyperparameters == config.hyperparameters)
        #expect(r.iteration == 1 && r.loss == 2.5 && r.totalIterations == 4)
        #expect(at == 2 && hp == changed)
    }

    /// Every folder holding metrics.csv, at any depth, once (the `latest` link is not followed); the rows, config,
    /// result and vanishing of a run each come out of the poll that sees them.
    @Test func scannerFindsRunsAndReportsWhatChanged() throws {
        let root = Self.folder("scan")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = root + "/toy/001", point = root + "/toy-sweep/001/point-0"
        var config = ExperimentConfig()
        config.name = "toy"
        config.solver.learningRate = 0.1
        for folder in [run, point] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try AtomicFile.write(Array(config.json.utf8), to: folder + "/config.json")
            try AtomicFile.write(Array((MetricsLog.header + "\n").utf8), to: folder + "/metrics.csv")
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/toy/latest", withDestinationPath: "001")
        var scanner = WatchScanner(root: root)
        let first = scanner.poll(now: 0)
        #expect(first.compactMap { if case let .appeared(id) = $0 { return id } else { return nil } } == ["toy/001", "toy-sweep/001/point-0"])
        #expect(first.contains(.settings(id: "toy/001", config)))
        Self.append("1,step,1,0.005,2.5,0.1,,,,\n1,step,2", to: run + "/metrics.csv")
        let second = scanner.poll(now: 1)
        let events = second.compactMap { if case let .events(id, e, _) = $0, id == "toy/001" { return e } else { return nil } }.flatMap { $0 }
        #expect(events.count == 3, "started, running, one iteration: the half line waits")
        let summary = RunSummary(name: "toy", status: .done, iterations: 1, epochs: 1, finalLoss: 2.5, trainAcc: nil,
                                 valAcc: nil, bestValAcc: nil, testAcc: nil, seconds: 1, imagesPerSecond: 1, checkpoint: nil)
        try summary.write(to: run + "/result.json")
        #expect(scanner.poll(now: 2).contains(.result(id: "toy/001", summary)))
        try FileManager.default.removeItem(atPath: point)
        #expect(scanner.poll(now: 3).contains(.vanished(id: "toy-sweep/001/point-0")))
        #expect(scanner.folders == [run])
    }

    /// W1 comes from the checkpoint when it changes; a file that does not read (caught mid-write, damaged) gives
    /// nothing and is read again at the next poll, and the checkpoint that replaces it (a rename) is read.
    @Test func checkpointIsReadAgainWhenReplaced() throws {
        let root = Self.folder("ckpt"), run = root + "/r/001"
        defer { try? FileManager.default.removeItem(atPath: root) }
        var config = ExperimentConfig()
        config.model.hiddenDims = [2]
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try AtomicFile.write(Array(config.json.utf8), to: run + "/config.json")
        try AtomicFile.write(Array((MetricsLog.header + "\n").utf8), to: run + "/metrics.csv")
        try AtomicFile.write(Array("PK\u{3}\u{4} half a zip".utf8), to: run + "/checkpoint.npz")
        var scanner = WatchScanner(root: root)
        func filters(_ updates: [WatchUpdate]) -> [FilterSnapshot] {
            updates.flatMap { u -> [FilterSnapshot] in
                guard case let .events(_, events, _) = u else { return [] }
                return events.compactMap { if case let .filters(f) = $0 { return f } else { return nil } }
            }
        }
        #expect(filters(scanner.poll(now: 0)).isEmpty)
        let w1 = Tensor<Double>(shape: [2, 3072], scalars: (0..<6144).map { Double($0 % 7) })
        try NPZ.write([("W1", NPY.encode(w1)), ("config", NPY.encode(string: config.json))], to: run + "/checkpoint.npz.tmp")
        try FileManager.default.moveItem(atPath: run + "/checkpoint.npz", toPath: run + "/old.npz")
        try FileManager.default.moveItem(atPath: run + "/checkpoint.npz.tmp", toPath: run + "/checkpoint.npz")
        let read = filters(scanner.poll(now: 1))
        #expect(read.count == 1 && read.first?.count == 2 && read.first?.values.count == 2 * 3072)
        #expect(filters(scanner.poll(now: 10)).isEmpty, "an unchanged checkpoint is not read again")
    }
}
