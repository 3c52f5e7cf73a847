import Foundation
import Testing

/// `nndl-tui` on the command line, run as a separate process like a user or a script would.
@Suite(.serialized) struct CLITests {
    static let config = Harness.root.appendingPathComponent("config").path
    static let summaryKeys: Set<String> = [
        "name", "status", "iterations", "epochs", "finalLoss", "trainAcc", "valAcc", "bestValAcc", "testAcc",
        "seconds", "imagesPerSecond", "checkpoint",
    ]

    static func json(_ text: String) throws -> [String: Any] {
        let line = text.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func toyTrainsHeadlessToTheNotebooksLossAndWritesNumPyReadableFiles() throws {
        let dir = try Harness.scratch("toy")
        let out = try Harness.nndl(["train", "--config", "\(Self.config)/toy.json", "--headless", "--json"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let summary = try Self.json(out.stdout)
        #expect(Set(summary.keys) == Self.summaryKeys)
        #expect(summary["status"] as? String == "done" && summary["iterations"] as? Int == 100)
        let loss = try #require(summary["finalLoss"] as? Double)
        #expect(abs(loss - 0.020371427168192176) < 1e-12)
        #expect(out.stderr.contains("iteration 0 / 100: loss 1.05"))
        // The first notebook's run ends with its final weights (W1 = resume.W1 below, the best as best.W1) and
        // prints the final net's accuracy on the validation rows.
        #expect(out.stderr.contains("Validation accuracy: 1.0"), "\(out.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/toy/latest/result.json").path))
        guard Harness.has("python3") else {
            print("CLITests: numpy check skipped — python3 not found")
            return
        }
        let check = try Harness.run("/usr/bin/env", ["python3", "-c", """
            import json, numpy as np
            d = np.load('runs/toy/latest/checkpoint.npz')
            print(sorted(d.files), d['W1'].shape, d['W2'].shape, json.loads(str(d['config']))['name'],
                  bool((d['W1'] == d['resume.W1']).all()))
            """], in: dir)
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            == "['W1', 'W2', 'b1', 'b2', 'best.W1', 'best.W2', 'best.b1', 'best.b2', 'config', 'resume.W1', 'resume.W2', 'resume.b1', 'resume.b2', 'state'] (10, 4) (3, 10) toy True",
            "\(check.stderr)")
    }

    /// `--resume` continues where a run stopped: the iteration count goes on and the loss curve ends exactly where
    /// a run trained straight through ends, not where a restart would.
    @Test func resumeContinuesTheLossCurveWhereItStopped() throws {
        let dir = try Harness.scratch("resume")
        let base = ["train", "--headless", "--json", "--config", "\(Self.config)/toy.json",
                    "--set", "data.source=random", "--set", "data.inputDim=20", "--set", "data.numTraining=200",
                    "--set", "data.numValidation=50", "--set", "solver.batchSize=50"]
        let straight = try Harness.nndl(base + ["--set", "solver.numIterations=60", "--set", "name=straight"], in: dir)
        let first = try Harness.nndl(base + ["--set", "solver.numIterations=25"], in: dir)
        let resumed = try Harness.nndl(["train", "--headless", "--json", "--resume", "runs/toy/latest/checkpoint.npz",
                                        "--set", "solver.numIterations=60"], in: dir)
        #expect(straight.status == 0 && first.status == 0 && resumed.status == 0, "\(first.stderr)\(resumed.stderr)")
        let (a, b, c) = (try Self.json(straight.stdout), try Self.json(first.stdout), try Self.json(resumed.stdout))
        #expect(b["iterations"] as? Int == 25 && c["iterations"] as? Int == 60 && c["status"] as? String == "done")
        let loss = try #require(c["finalLoss"] as? Double)
        #expect(loss == a["finalLoss"] as? Double && loss != b["finalLoss"] as? Double)
        #expect(resumed.stderr.contains("iteration 30 / 60: loss") && !resumed.stderr.contains("iteration 0 / 60"))
        guard Harness.has("python3") else { return }
        let check = try Harness.run("/usr/bin/env", ["python3", "-c", """
            import json, numpy as np
            s = json.loads(str(np.load('runs/toy/latest/checkpoint.npz')['state']))
            t = json.loads(str(np.load('runs/straight/latest/checkpoint.npz')['state']))
            print(s['iteration'], len(s['history']['loss']), s['history']['loss'] == t['history']['loss'])
            """], in: dir)
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "60 60 True", "\(check.stderr)")
    }

    /// A resume file that is missing, not a checkpoint, or another model's: one line, status 2, nothing written.
    @Test(arguments: [
        ("missing.npz", "cannot read missing.npz"),
        ("garbage.npz", "garbage.npz: not a valid .npz archive"),
        ("other.npz", "other.npz: 'resume.W1' has shape [4, 200], expected [10, 4]"),
    ])
    func badResumeFileExitsTwoWithOneLine(file: String, message: String) throws {
        let dir = try Harness.scratch("badresume")
        try Data("not a zip archive".utf8).write(to: dir.appendingPathComponent("garbage.npz"))
        let other = try Harness.nndl(["train", "--headless", "--config", "\(Self.config)/fc-two-layer.json",
                                      "--set", "data.source=toy", "--set", "solver.numEpochs=1", "--checkpoint", "other.npz"], in: dir)
        #expect(other.status == 0, "\(other.stderr)")
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("runs"))
        let out = try Harness.nndl(["train", "--headless", "--resume", file, "--config", "\(Self.config)/toy.json"], in: dir)
        #expect(out.status == 2)
        #expect(out.stderr.contains(message), "\(out.stderr)")
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs").path))
    }

    /// Bad usage and bad configs: one line on stderr naming the key and value, status 2, nothing trained.
    @Test(arguments: [
        (["--set", "solver.batchSize=0"], "solver.batchSize: expected an integer in 1...100000, got 0"),
        (["--set", "solver.learningRate=fast"], #"solver.learningRate: expected a number > 0, got "fast""#),
        (["--set", "model.colour=red"], "model.colour: unknown key"),
        (["--set", "solver.numEpochs=3"], "solver.numIterations and solver.numEpochs are both set"),
        (["--config", "/nonexistent.json"], "cannot read config /nonexistent.json: no such file"),
        (["--set", "data.source=cifar10", "--data", "/nonexistent/cifar"], "CIFAR-10 not found (tried /nonexistent/cifar)"),
        (["--frobnicate"], "Unknown option '--frobnicate'"),
        (["--set", "model.kind=fullyConnected", "--set", "model.hiddenDims=[1000000,1000000]"],
         "model.hiddenDims [1000000, 1000000] on 4 inputs (float64, batch 200) would need about 40019.6 GB of memory"),
    ])
    func badInputExitsTwoWithOneLine(extra: [String], message: String) throws {
        let dir = try Harness.scratch("bad")
        var args = ["train", "--headless", "--config", "\(Self.config)/toy.json"]
        if extra.first == "--config" { args.removeLast(2) }
        let out = try Harness.nndl(args + extra, in: dir)
        #expect(out.status == 2)
        #expect(out.stderr.contains(message), "\(out.stderr)")
        #expect(!out.stderr.contains("Fatal error") && !out.stderr.contains("Stack dump"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs").path))
    }

    @Test(arguments: [
        (["--workload", "fc-7"], "--workload: no workload 'fc-7'; pick one of twoLayer-3072-50-10-b200, fc-100-100-b200"),
        (["--dtype", "float16"], "--dtype: expected float64 or float32, got 'float16'."),
    ])
    func benchRefusesAnUnknownWorkloadOrDtype(extra: [String], message: String) throws {
        let out = try Harness.nndl(["bench", "--quick"] + extra, in: try Harness.scratch("bench"))
        #expect(out.status == 2)
        #expect(out.stderr.contains(message), "\(out.stderr)")
    }

    @Test func divergenceStopsAtOnceWithStatusThree() throws {
        let dir = try Harness.scratch("diverge")
        let out = try Harness.nndl(["train", "--config", "\(Self.config)/toy.json", "--headless", "--json", "--set", "solver.learningRate=1e10"], in: dir)
        #expect(out.status == 3)
        let summary = try Self.json(out.stdout)
        #expect(summary["status"] as? String == "diverged")
        #expect((summary["iterations"] as? Int ?? 100) < 100)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/toy/latest/checkpoint.npz").path))
    }

    @Test func gradcheckPassesAndFailsByTolerance() throws {
        let dir = try Harness.scratch("gradcheck")
        let ok = try Harness.nndl(["gradcheck", "--config", "\(Self.config)/toy.json", "--set", "model.reg=0.05", "--json"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        let errors = try Self.json(ok.stdout)
        #expect(Set(errors.keys) == ["W1", "b1", "W2", "b2"])
        #expect(errors.values.allSatisfy { ($0 as? Double ?? 1) < 1e-7 })
        let strict = try Harness.nndl(["gradcheck", "--config", "\(Self.config)/toy.json", "--tolerance", "1e-30"], in: dir)
        #expect(strict.status == 1 && strict.stdout.contains("FAIL"))
        let fc = try Harness.nndl(["gradcheck", "--config", "\(Self.config)/fc-adam-bn-dropout.json", "--set", "model.hiddenDims=[20,30]",
                                   "--set", "model.weightScale=5e-2", "--set", "model.dropout=0", "--samples", "4"], in: dir)
        #expect(fc.status == 0, "\(fc.stdout)\(fc.stderr)")
    }

    /// SIGINT or SIGTERM stops at an iteration boundary, writes checkpoint and results, and exits 128 + the signal:
    /// 130 for Ctrl-C, 143 for SIGTERM.
    @Test(arguments: [SIGINT, SIGTERM])
    func interruptStopsCleanly(signal: Int32) throws {
        let dir = try Harness.scratch("signal-\(signal)")
        let out = try Harness.signalled(
            ["train", "--headless", "--json", "--config", "\(Self.config)/toy.json",
             "--set", "data.source=random", "--set", "data.inputDim=500", "--set", "data.numTraining=2000",
             "--set", "data.numValidation=100", "--set", "solver.numIterations=100000000", "--set", "name=long"],
            in: dir, after: 1.5, signal: signal)
        #expect(out.status == (signal == SIGTERM ? 143 : 130))
        let summary = try Self.json(out.stdout)
        #expect(summary["status"] as? String == "stopped")
        #expect((summary["iterations"] as? Int ?? 0) > 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/long/latest/checkpoint.npz").path))
    }

    /// `nndl-tui ARGUMENTS` started in `dir` with its output discarded, for tests that signal it.
    static func startInBackground(_ arguments: [String], in dir: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Harness.binary)
        p.arguments = arguments
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        return p
    }

    /// Waits up to 30 s for `path` to appear, then `seconds` more.
    static func waitForFile(_ path: String, thenWait seconds: Double) {
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: path) && Date() < deadline { usleep(50_000) }
        usleep(UInt32(seconds * 1_000_000))
    }

    /// Under a file-size limit (`ulimit -f 64`, 64 KiB) the 1.2 MB checkpoints cannot be written: each failed write
    /// is a message and its temporary file is removed, training goes on to the end, and since the final checkpoint
    /// is missing the run exits 1 saying so (SIGXFSZ would have killed it mid-write).
    @Test func fileSizeLimitIsLikeAFullDisk() throws {
        let dir = try Harness.scratch("ulimit")
        let train = [Harness.binary, "train", "--headless", "--json", "--config", "\(Self.config)/toy.json",
                     "--set", "data.source=random", "--set", "data.inputDim=3072", "--set", "data.numTraining=200",
                     "--set", "data.numValidation=50", "--set", "solver.batchSize=50", "--set", "model.hiddenDims=[50]",
                     "--set", "solver.numIterations=40", "--run-dir", "run"]
        let out = try Harness.run("/bin/bash", ["-c", "ulimit -f 64; exec \"$@\"", "bash"] + train, in: dir)
        #expect(out.status == 1, "exit status \(out.status): \(out.stderr)")
        #expect(out.stderr.contains("checkpoint not written: cannot write run/checkpoint.npz.tmp-"), "\(out.stderr)")
        #expect(out.stderr.contains("nndl-tui: the final checkpoint could not be written"), "\(out.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("run").path)
        #expect(!files.contains { $0.contains(".tmp-") }, "temporary files left: \(files)")
        let summary = try Self.json(out.stdout)
        #expect(summary["status"] as? String == "done" && summary["iterations"] as? Int == 40)
        #expect(summary["checkpoint"] is NSNull)
    }

    /// SIGTERM during a sweep: the running point stops, the finished rows are kept in results.csv, status 143,
    /// and no child `train` is left behind.
    @Test func sweepStopsOnSIGTERMAndKeepsFinishedRows() throws {
        let dir = try Harness.scratch("sweep-term")
        let p = try Self.startInBackground(["sweep", "--config", "\(Self.config)/toy.json", "--set", "name=term",
                                            "--grid", "solver.numIterations=5,100000000", "--jobs", "1", "--headless"], in: dir)
        let csv = dir.appendingPathComponent("runs/term-sweep/latest/results.csv").path
        Self.waitForFile(csv, thenWait: 1.0)
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143, "128 + SIGTERM")
        let rows = ((try? String(contentsOfFile: csv, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(rows.count == 3, "header, the finished point and the stopped one: \(rows)")
        #expect(rows.dropFirst().contains { $0.contains("done") } && rows.dropFirst().contains { $0.contains("stopped") }, "\(rows)")
        let left = Harness.shell("pgrep -f 'name=term-swee[p]' || true")
        #expect(left.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "children left: \(left.stdout)")
    }

    /// `kill -9` mid-run leaves a whole checkpoint (atomic rename): NumPy loads it, and `--resume` carries on from it.
    @Test func sigkillLeavesALoadableCheckpointThatResumes() throws {
        let dir = try Harness.scratch("sigkill")
        let p = try Self.startInBackground(
            ["train", "--headless", "--config", "\(Self.config)/fc-two-layer.json",
             "--set", "data.source=random", "--set", "data.inputDim=300", "--set", "data.numTraining=400",
             "--set", "data.numValidation=100", "--set", "data.numTest=0", "--set", "solver.batchSize=40",
             "--set", "solver.numEpochs=1000000", "--set", "name=killed"], in: dir)
        let checkpoint = dir.appendingPathComponent("runs/killed/latest/checkpoint.npz").path
        Self.waitForFile(checkpoint, thenWait: 0.7)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        let read = Harness.shell("""
            python3 -c "import json, numpy as np; z = np.load('\(checkpoint)'); \
            print(z['W1'].shape, z['resume.W1'].shape, json.loads(str(z['state']))['iteration'])"
            """)
        #expect(read.status == 0, "\(read.stdout)")
        let fields = read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fields.hasPrefix("(300, 200) (300, 200) "), "\(fields)")
        let stopped = Int(fields.split(separator: " ").last ?? "") ?? 0
        #expect(stopped > 0)

        let resumed = try Harness.nndl(["train", "--headless", "--json", "--resume", checkpoint,
                                        "--set", "solver.numEpochs=null", "--set", "solver.numIterations=\(stopped + 5)"], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let summary = try Self.json(resumed.stdout)
        #expect(summary["iterations"] as? Int == stopped + 5)
    }

    /// A short real-data run; `eval` on its checkpoint reproduces the test accuracy `train` reported.
    @Test func shortCIFARRunAndEvalAgree() throws {
        guard let cifar = Harness.cifar else {
            print("CLITests.shortCIFARRunAndEvalAgree skipped — CIFAR-10 not found")
            return
        }
        let dir = try Harness.scratch("cifar")
        let out = try Harness.nndl(["train", "--config", "\(Self.config)/two-layer-sgd.json", "--headless", "--json", "--data", cifar,
                                    "--set", "solver.numIterations=100", "--set", "solver.learningRate=1e-3",
                                    "--set", "data.numTraining=5000"], in: dir, timeout: 300)
        #expect(out.status == 0, "\(out.stderr)")
        let summary = try Self.json(out.stdout)
        let testAcc = try #require(summary["testAcc"] as? Double)
        #expect(testAcc > 0.15)
        let eval = try Harness.nndl(["eval", "--checkpoint", "runs/two-layer-sgd/latest/checkpoint.npz", "--data", cifar, "--json"], in: dir, timeout: 300)
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(try Self.json(eval.stdout)["accuracy"] as? Double == testAcc)
    }
}
