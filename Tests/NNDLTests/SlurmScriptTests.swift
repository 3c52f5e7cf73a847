import Foundation
import Testing
@testable import NNDLExperiments

/// The job script `sweep --slurm` submits, whole.
struct SlurmScriptTests {
    /// Two points with a value that needs quoting, the shared `--set`s and data folder, every option passed through:
    /// one array task per point, the CPUs and the BLAS threads the same number, the log and exit status in the
    /// point's folder.
    @Test func scriptForTwoPoints() {
        let script = SlurmScript(
            jobName: "fc-sweep", folder: "/shared/runs/fc-sweep/003", binary: "/shared/bin/nndl-tui",
            preset: "/shared/runs/fc-sweep/003/preset.json", data: "/shared/cifar", overrides: ["solver.numEpochs=5"],
            points: [["model.hiddenDims=[100,100]", "name2=it's"], ["model.hiddenDims=[1024,1024,1024]", "name2=b"]],
            cpusPerTask: 8, partition: "gpu", time: "1:00:00", memory: "8G",
            extraLines: ["qos=short", "--exclusive", "#SBATCH --mail-type=END"])
        #expect(script.text.split(separator: "\n", omittingEmptySubsequences: false) == [
            "#!/bin/bash",
            "# nndl-tui sweep: 2 points; watch with: nndl-tui watch '/shared/runs/fc-sweep/003'",
            "#SBATCH --job-name=fc-sweep",
            "#SBATCH --array=0-1",
            "#SBATCH --cpus-per-task=8",
            "#SBATCH --output=/shared/runs/fc-sweep/003/point-%a/slurm.log",
            "#SBATCH --partition=gpu",
            "#SBATCH --time=1:00:00",
            "#SBATCH --mem=8G",
            "#SBATCH --qos=short",
            "#SBATCH --exclusive",
            "#SBATCH --mail-type=END",
            "",
            "set -u",
            "export OPENBLAS_NUM_THREADS=8",
            "point='/shared/runs/fc-sweep/003'/point-$SLURM_ARRAY_TASK_ID",
            "case $SLURM_ARRAY_TASK_ID in",
            "  0) sets=(--set 'model.hiddenDims=[100,100]' --set 'name2=it'\\''s') ;;",
            "  1) sets=(--set 'model.hiddenDims=[1024,1024,1024]' --set 'name2=b') ;;",
            "  *) echo \"no grid point $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;",
            "esac",
            "'/shared/bin/nndl-tui' train --headless --config '/shared/runs/fc-sweep/003/preset.json' --data '/shared/cifar'"
                + " --set \"name=fc-sweep-$SLURM_ARRAY_TASK_ID\" --set 'solver.numEpochs=5' \"${sets[@]}\" --run-dir \"$point\"",
            "status=$?",
            "echo $status > \"$point/exit-status\"",
            "exit $status",
            "",
        ])
    }

    /// bash reads the script: `bash -n` finds no syntax error, and the quoted value comes back as it was.
    @Test func bashParsesTheQuoting() throws {
        let script = SlurmScript(jobName: "j", folder: "/tmp/f", binary: "/bin/echo", preset: "/tmp/p.json", data: nil,
                                 overrides: [], points: [["k=it's [1, 2]"]], cpusPerTask: 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(getpid()).sh").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try script.text.write(toFile: path, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", "sed -i 's#^status=.*#exit 0#' \(path) && SLURM_ARRAY_TASK_ID=0 bash \(path)"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text == "train --headless --config /tmp/p.json --set name=j-0 --set k=it's [1, 2] --run-dir /tmp/f/point-0\n")
    }
}
