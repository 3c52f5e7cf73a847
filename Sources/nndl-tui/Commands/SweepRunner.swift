import Foundation
import NNDL
import NNDLExperiments
import Synchronization

/// Runs sweep points as child `nndl-tui train --headless --json` processes, `jobs` at a time.
final class SweepRunner: Sendable {
    typealias Row = SweepRow

    let experiment: ExperimentOptions
    let axes: [SweepAxis]
    let points: [SweepPoint]
    let folder: String
    let jobs: Int
    let baseConfig: ExperimentConfig
    let results: SweepResults
    private let state = Mutex<(next: Int, rows: [Row], stopping: Bool, children: [Int32])>((0, [], false, []))

    init(experiment: ExperimentOptions, axes: [SweepAxis], points: [SweepPoint], folder: String, jobs: Int, baseConfig: ExperimentConfig) {
        self.experiment = experiment
        self.axes = axes
        self.points = points
        self.folder = folder
        self.jobs = jobs
        self.baseConfig = baseConfig
        results = SweepResults(experiment: experiment, axes: axes, folder: folder)
    }

    func run() throws -> ExitStatus {
        printError("sweep: \(points.count) runs, \(jobs) at a time; results in \(folder)/results.csv")
        let trap = SignalTrap { [self] _ in
            let children = state.withLock { s in
                s.stopping = true
                return s.children
            }
            for pid in children { kill(pid, SIGINT) }
        }
        defer { trap.cancel() }
        let group = DispatchGroup()
        for _ in 0..<min(jobs, points.count) {
            group.enter()
            Thread.detachNewThread { [self] in
                worker()
                group.leave()
            }
        }
        group.wait()
        let (rows, stopped) = state.withLock { ($0.rows, $0.stopping) }
        printOut(results.table(rows))
        if stopped { return .interrupted }
        return rows.allSatisfy({ $0.status == .done }) ? .done : .failure
    }

    private func worker() {
        while true {
            let index: Int? = state.withLock { s in
                guard !s.stopping, s.next < points.count else { return nil }
                defer { s.next += 1 }
                return s.next
            }
            guard let index else { return }
            let row = train(points[index])
            let rows = state.withLock { s in
                s.rows.append(row)
                return s.rows
            }
            printError(String(format: "[%d/%d] %@  %@  best val %.4f", rows.count, points.count,
                              row.point.overrides.joined(separator: " "), row.status.rawValue, row.valAcc))
            results.write(rows)
        }
    }

    private func train(_ point: SweepPoint) -> Row {
        let runName = "\(baseConfig.name)-sweep-\(point.index)"
        var arguments = ["train", "--headless", "--json", "--checkpoint", "\(folder)/run-\(point.index).npz"]
        if let c = experiment.config { arguments += ["--config", c] }
        if let d = experiment.data { arguments += ["--data", d] }
        for o in experiment.overrides + point.overrides + ["name=\(runName)"] { arguments += ["--set", o] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = "\(max(1, ProcessInfo.processInfo.activeProcessorCount / jobs))"
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do {
            try process.run()
        } catch {
            return Row(point: point, summary: nil, status: .failed)
        }
        state.withLock { $0.children.append(process.processIdentifier) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        state.withLock { s in s.children.removeAll { $0 == process.processIdentifier } }
        let summary = try? JSONDecoder().decode(RunSummary.self, from: data)
        return Row(point: point, summary: summary, status: summary?.status ?? .failed)
    }
}
