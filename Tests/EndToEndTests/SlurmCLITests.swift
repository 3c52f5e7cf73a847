import Foundation
import Testing

/// `sweep --slurm` without a cluster: the one-line error when `sbatch` is missing, and a `--dry-run` sweep folder
/// whose job script is run task by task by local processes (as Slurm would, the output in each point's slurm.log),
/// then `sweep --collect` and `watch --print` over it. `Scripts/slurm-local` runs the same against a real Slurm.
@Suite(.serialized) struct SlurmCLITests {
    static let sets = ["data.inputDim=500", "data.numTraining=2000", "data.numValidation=100", "solver.numIterations=100",
                       "data.dir=/nonexistent-cifar"].flatMap { ["--set", $0] }

    static func sweep(_ extra: [String]) -> [String] {
        ["sweep", "--config", Harness.root.appendingPathComponent("config/toy.json").path, "--slurm",
         "--grid", "solver.learningRate=0.1,0.01", "--grid", "data.source=random,cifar10"] + sets + extra
    }

    @Test func withoutSbatchOneLineAndExit2AndNothingWritten() throws {
        let dir = try Harness.scratch("slurm-nosbatch")
        let empty = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let out = try Harness.run(Harness.binary, Self.sweep([]), in: dir, environment: ["PATH": empty.path])
        #expect(out.status == 2, "\(out)")
        #expect(out.stderr == "nndl-tui: sweep --slurm: sbatch is not on the PATH (is this a Slurm login node?); --dry-run prints the job script\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs").path))
    }

    @Test func dryRunScriptRunLocallyThenCollectAndWatch() throws {
        let dir = try Harness.scratch("slurm-collect")
        let dry = try Harness.nndl(Self.sweep(["--dry-run", "--cpus-per-task", "1"]), in: dir)
        #expect(dry.status == 0 && dry.stdout.hasPrefix("#!/bin/bash") && dry.stdout.contains("#SBATCH --array=0-3"), "\(dry)")
        let folder = dir.appendingPathComponent("runs/toy-sweep/001").path
        let queued = try Harness.nndl(["watch", folder, "--print", "--width", "120"], in: dir)
        #expect(queued.stdout.contains("4 runs  4 queued") && queued.stdout.contains("learningRate"), "\(queued)")

        for task in 0..<4 {
            let log = "\(folder)/point-\(task)/slurm.log"
            let ran = Harness.shell("cd \(dir.path) && SLURM_ARRAY_TASK_ID=\(task) bash \(folder)/sweep.sbatch > \(log) 2>&1")
            #expect(ran.status == (task % 2 == 0 ? 0 : 2), "task \(task): \(ran)")
        }
        let collected = try Harness.nndl(["sweep", "--collect", folder], in: dir)
        #expect(collected.status == 0 && collected.stderr.contains("4 of 4 points ended"), "\(collected)")
        let csv = (try? String(contentsOfFile: "\(folder)/results.csv", encoding: .utf8)) ?? ""
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == 4 && rows.filter { $0.contains(",done,") }.count == 2
                && rows.filter { $0.contains("\"cifar10\",failed,") }.count == 2, "\(csv)")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/best.json"))

        let watched = try Harness.nndl(["watch", folder, "--print", "--width", "120"], in: dir)
        #expect(watched.stdout.contains("4 runs  2 done  2 failed"), "\(watched)")
        let failedRow = watched.stdout.split(separator: "\n").first { $0.contains("point-1 ") } ?? ""
        #expect(failedRow.contains("cifar10") && failedRow.contains("failed"), "\(watched.stdout)")
    }

    @Test func collectOfAFolderWithoutManifestIsOneLine() throws {
        let dir = try Harness.scratch("slurm-nomanifest")
        let out = try Harness.nndl(["sweep", "--collect", dir.path], in: dir)
        #expect(out.status == 2 && out.stderr.contains("sweep.json") && out.stderr.split(separator: "\n").count == 1, "\(out)")
    }
}
