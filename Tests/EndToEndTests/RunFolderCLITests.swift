import Foundation
import Testing

/// Run folders and the metrics log, as a user and a script see them: each run of a preset gets a folder of its own
/// and nothing is overwritten; `metrics.csv` can be read while the run still writes it.
@Suite(.serialized) struct RunFolderCLITests {
    static let toy = Harness.root.appendingPathComponent("config/toy.json").path

    /// Two runs of `toy` leave `runs/toy/001` and `runs/toy/002`, each whole, and `runs/toy/latest` names the second;
    /// `eval` takes the preset's folder (its newest run) or a run folder; `--run-dir` puts a run where it says.
    @Test func runsOfOnePresetNeverOverwriteEachOther() throws {
        let dir = try Harness.scratch("run-folders")
        defer { try? FileManager.default.removeItem(at: dir) }
        for rate in ["0.1", "0.05"] {
            let out = try Harness.nndl(["train", "--headless", "--config", Self.toy, "--set", "solver.learningRate=\(rate)"], in: dir)
            #expect(out.status == 0, "\(out.stderr)")
        }
        let fm = FileManager.default
        for run in ["001", "002"] {
            for file in ["checkpoint.npz", "result.json", "metrics.csv"] {
                #expect(fm.fileExists(atPath: dir.appendingPathComponent("runs/toy/\(run)/\(file)").path), "\(run)/\(file)")
            }
        }
        #expect(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("runs/toy/latest").path) == "002")
        let configs = try ["001", "002"].map { run in
            try String(contentsOf: dir.appendingPathComponent("runs/toy/\(run)/result.json"), encoding: .utf8)
        }
        #expect(configs[0] != configs[1], "each folder keeps its own run")
        for path in ["runs/toy", "runs/toy/001", "runs/toy/latest/checkpoint.npz"] {
            let eval = try Harness.nndl(["eval", "--checkpoint", path, "--split", "val", "--json"], in: dir)
            #expect(eval.status == 0, "\(path): \(eval.stderr)")
        }
        let custom = try Harness.nndl(["train", "--headless", "--config", Self.toy, "--run-dir", "mine/here"], in: dir)
        #expect(custom.status == 0, "\(custom.stderr)")
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("mine/here/metrics.csv").path))
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("runs/toy/003").path))
    }

    /// `metrics.csv` of a run that is still training reads as a table (pandas when installed, else Python's csv):
    /// a header, then whole rows only, iterations counting up; at the end it has a `step` row for every iteration
    /// and a `check` row for every accuracy check.
    @Test func metricsAreReadableWhileTheRunGoesOn() throws {
        guard Harness.has("python3") else { return }
        let dir = try Harness.scratch("metrics")
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Harness.binary)
        process.arguments = ["train", "--headless", "--config", Self.toy, "--set", "data.source=random",
                             "--set", "data.inputDim=3072", "--set", "data.numTraining=2000", "--set", "data.numValidation=200",
                             "--set", "model.hiddenDims=[200]", "--set", "solver.batchSize=100",
                             "--set", "solver.numIterations=4000", "--run-dir", "run"]
        process.currentDirectoryURL = dir
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let metrics = dir.appendingPathComponent("run/metrics.csv").path
        let deadline = Date().addingTimeInterval(60)
        var rowsSeen = 0
        while Date() < deadline && process.isRunning {
            rowsSeen = ((try? String(contentsOfFile: metrics, encoding: .utf8)) ?? "").split(separator: "\n").count
            if rowsSeen > 200 { break }
            usleep(100_000)
        }
        #expect(process.isRunning, "the run was still training when its metrics were read (\(rowsSeen) rows)")
        let midRun = try Harness.run("/usr/bin/env", ["python3", "-c", Self.readMetrics, metrics], in: dir)
        #expect(midRun.status == 0, "\(midRun.stderr)")
        let fields = midRun.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(fields.count == 2 && fields[0] > 100, "read mid-run: \(midRun.stdout)")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let end = try Harness.run("/usr/bin/env", ["python3", "-c", Self.readMetrics, metrics], in: dir)
        let summary = try String(contentsOf: dir.appendingPathComponent("run/result.json"), encoding: .utf8)
        let iterations = summary.split(separator: "\n").first { $0.contains("\"iterations\"") }?
            .split(separator: ":").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " ,")) }
        #expect(end.stdout.hasPrefix("\(iterations ?? "?") "), "every iteration has its step row: \(end.stdout) vs \(summary)")
    }

    /// Prints `steps checks` after checking the columns, that iterations count up and that no row is cut short.
    static let readMetrics = """
        import sys
        path = sys.argv[1]
        cols = ['run', 'kind', 'iteration', 'epoch', 'loss', 'learning_rate', 'train_acc', 'val_acc', 'best_val_acc', 'change']
        try:
            import pandas as pd
            df = pd.read_csv(path)
            assert list(df.columns) == cols, list(df.columns)
            steps = df[df.kind == 'step']
            assert steps.iteration.is_monotonic_increasing and steps.loss.notna().all()
            print(len(steps), (df.kind == 'check').sum())
        except ImportError:
            import csv
            rows = list(csv.DictReader(open(path)))
            assert list(rows[0].keys()) == cols
            steps = [r for r in rows if r['kind'] == 'step']
            its = [int(r['iteration']) for r in steps]
            assert its == sorted(its) and all(r['loss'] for r in steps) and all(None not in r.values() for r in rows)
            print(len(steps), sum(r['kind'] == 'check' for r in rows))
        """
}
