/// The `sbatch` job-array script of a sweep: one array task per grid point, each running `nndl-tui train --headless`
/// into the point's run folder with that point's `--set`s, its log beside it, its exit status recorded in the folder
/// (`TaskExit`), and as many BLAS threads as the CPUs Slurm gives the task.
public struct SlurmScript: Sendable, Equatable {
    /// The job's name (`NAME-sweep`).
    public var jobName: String
    /// The sweep folder (absolute: the tasks run on other machines that share it).
    public var folder: String
    /// The `nndl-tui` binary the tasks run (on the shared filesystem).
    public var binary: String
    /// The preset file the tasks start from.
    public var preset: String
    /// `--data DIR` for the tasks, when given.
    public var data: String?
    /// The `--set`s every point shares (the sweep's own `--set`s).
    public var overrides: [String]
    /// Each point's `--set`s, by index.
    public var points: [[String]]
    /// CPUs per task; `OPENBLAS_NUM_THREADS` is the same number.
    public var cpusPerTask: Int
    /// `--partition`, `--time` and `--mem`, when given.
    public var partition: String?, time: String?, memory: String?
    /// Further `#SBATCH` lines: `qos=short` (→ `#SBATCH --qos=short`), `--exclusive`, or a whole `#SBATCH …` line.
    public var extraLines: [String]

    /// A script for `points` in `folder`.
    public init(
        jobName: String, folder: String, binary: String, preset: String, data: String?, overrides: [String],
        points: [[String]], cpusPerTask: Int, partition: String? = nil, time: String? = nil, memory: String? = nil,
        extraLines: [String] = []
    ) {
        (self.jobName, self.folder, self.binary, self.preset, self.data) = (jobName, folder, binary, preset, data)
        (self.overrides, self.points, self.cpusPerTask) = (overrides, points, cpusPerTask)
        (self.partition, self.time, self.memory, self.extraLines) = (partition, time, memory, extraLines)
    }

    /// `text` in single quotes for bash (a quote inside becomes `'\''`).
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The `#SBATCH` header.
    var header: [String] {
        var lines = [
            "#SBATCH --job-name=\(jobName)",
            "#SBATCH --array=0-\(max(0, points.count - 1))",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --output=\(folder)/point-%a/\(TaskExit.logFile)",
        ]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        lines += extraLines.map { line in
            line.hasPrefix("#SBATCH") ? line : "#SBATCH " + (line.hasPrefix("-") ? line : "--" + line)
        }
        return lines
    }

    /// The whole script.
    public var text: String {
        let sets: ([String]) -> String = { $0.map { "--set " + Self.quoted($0) }.joined(separator: " ") }
        var lines = ["#!/bin/bash", "# nndl-tui sweep: \(points.count) points; watch with: nndl-tui watch \(Self.quoted(folder))"]
        lines += header
        lines += [
            "", "set -u", "export OPENBLAS_NUM_THREADS=\(cpusPerTask)",
            "point=\(Self.quoted(folder))/point-$SLURM_ARRAY_TASK_ID",
            "case $SLURM_ARRAY_TASK_ID in",
        ]
        for (i, point) in points.enumerated() { lines.append("  \(i)) sets=(\(sets(point))) ;;") }
        lines += [
            "  *) echo \"no grid point $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;", "esac",
            "\(Self.quoted(binary)) train --headless --config \(Self.quoted(preset))"
                + (data.map { " --data " + Self.quoted($0) } ?? "")
                + " --set \"name=\(jobName)-$SLURM_ARRAY_TASK_ID\"" + (overrides.isEmpty ? "" : " " + sets(overrides))
                + " \"${sets[@]}\" --run-dir \"$point\"",
            "status=$?",
            "echo $status > \"$point/\(TaskExit.statusFile)\"",
            "exit $status",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
