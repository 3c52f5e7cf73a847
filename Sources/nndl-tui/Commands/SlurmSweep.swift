import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

/// `sweep --slurm` and its `sbatch` options.
struct SlurmOptions: ParsableArguments {
    @Flag(help: "Run the grid as a Slurm job array (sbatch) instead of in this process, then watch its folder.")
    var slurm = false

    @Flag(help: "--slurm: write the sweep folder and print the job script instead of submitting it.")
    var dryRun = false

    @Option(help: "--slurm: CPUs per task (also the task's OpenBLAS threads).")
    var cpusPerTask = 2

    @Option(help: "--slurm: #SBATCH --partition.")
    var partition: String?

    @Option(help: "--slurm: #SBATCH --time (e.g. 0:30:00).")
    var time: String?

    @Option(help: "--slurm: #SBATCH --mem (e.g. 4G).")
    var mem: String?

    @Option(name: .customLong("sbatch-line"), help: ArgumentHelp(
        "--slurm: a further #SBATCH option, e.g. qos=short (becomes #SBATCH --qos=short); repeatable.", valueName: "option"))
    var sbatchLines: [String] = []

    /// Refuses the Slurm options without `--slurm`, which would otherwise be silently ignored.
    func checkUnused() throws {
        let given = [dryRun ? "--dry-run" : nil, partition == nil ? nil : "--partition", time == nil ? nil : "--time",
                     mem == nil ? nil : "--mem", sbatchLines.isEmpty ? nil : "--sbatch-line"].compactMap { $0 }
        if let first = given.first { throw CLIError("\(first) needs --slurm") }
    }
}

/// A sweep submitted to Slurm: the sweep folder (`preset.json`, `sweep.json`, a `point-I/` folder per point with
/// its `config.json` and an empty `metrics.csv`, so `watch` lists it as queued), the job script `sweep.sbatch`,
/// `sbatch`, then `watch` on the folder.
struct SlurmSweep {
    let options: SlurmOptions
    let experiment: ExperimentOptions
    let name: String
    let preset: String
    let axes: [SweepAxis]

    func run(headless: Bool, display: DisplayOptions) throws {
        guard (1...1024).contains(options.cpusPerTask) else {
            throw CLIError("--cpus-per-task: expected an integer in 1...1024, got \(options.cpusPerTask)")
        }
        let sbatch = options.dryRun ? nil : try Self.sbatchPath()
        let points = SweepAxis.product(axes)
        // Validate every point's config before writing anything.
        let configs = try points.map { point in
            try ExperimentConfig.load(preset: preset, overrides: experiment.overrides + point.overrides + ["name=\(name)-sweep-\(point.index)"])
        }
        let folder = Self.absolute(try RunFolder.create(in: "runs/\(name)-sweep"))
        let script = try prepare(folder: folder, points: points, configs: configs)
        guard let sbatch else {
            printOut(script.text)
            printError("not submitted (--dry-run); submit with: sbatch \(folder)/sweep.sbatch")
            return
        }
        let job = try Self.submit(sbatch, script: "\(folder)/sweep.sbatch")
        printError("submitted job \(job): \(points.count) tasks; results in \(folder)/results.csv")
        if headless {
            printOut(job)
            return
        }
        if let signal = try WatchApp.run(folder: folder, staleAfter: 600, display: display) {
            throw ExitCode(ExitStatus(signal: signal).rawValue)
        }
    }

    /// Writes the sweep folder's files and returns the job script (also written, as `sweep.sbatch`).
    func prepare(folder: String, points: [SweepPoint], configs: [ExperimentConfig]) throws -> SlurmScript {
        let presetPath = (folder as NSString).appendingPathComponent(SweepManifest.presetFile)
        try AtomicFile.write(Array(try Presets.find(preset).text.utf8), to: presetPath)
        try SweepManifest(folder: folder, preset: presetPath, overrides: experiment.overrides, axes: axes).write()
        for (point, config) in zip(points, configs) {
            let pointFolder = (folder as NSString).appendingPathComponent("point-\(point.index)")
            try AtomicFile.write(Array((config.json + "\n").utf8), to: "\(pointFolder)/\(RunFolder.configFile)")
            try AtomicFile.write([], to: "\(pointFolder)/\(RunFolder.metricsFile)")
        }
        let script = SlurmScript(
            jobName: "\(name)-sweep", folder: folder, binary: Self.binary(), preset: presetPath,
            data: experiment.data.map(Self.absolute), overrides: experiment.overrides, points: points.map(\.overrides),
            cpusPerTask: options.cpusPerTask, partition: options.partition, time: options.time, memory: options.mem,
            extraLines: options.sbatchLines)
        try AtomicFile.write(Array(script.text.utf8), to: "\(folder)/sweep.sbatch")
        return script
    }

    /// `sbatch` on the PATH, or the one-line error (exit 2).
    static func sbatchPath() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/sbatch"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CLIError("sweep --slurm: sbatch is not on the PATH (is this a Slurm login node?); --dry-run prints the job script")
    }

    /// Submits `script` with `sbatch --parsable`; returns the job id, or throws sbatch's own message (exit 1).
    static func submit(_ sbatch: String, script: String) throws -> String {
        let p = Process(), out = Pipe(), err = Pipe()
        p.executableURL = URL(fileURLWithPath: sbatch)
        p.arguments = ["--parsable", script]
        (p.standardOutput, p.standardError) = (out, err)
        try p.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let job = stdout.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard p.terminationStatus == 0, !job.isEmpty else {
            let reason = stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(p.terminationStatus)"
            throw CLIError("sbatch refused the job: \(reason) (the script is \(script))", status: .failure)
        }
        return job
    }

    /// `sweep --collect DIR`: rewrites the sweep's results from its points and prints the table.
    static func collect(_ folder: String) throws {
        let manifest: SweepManifest
        do { manifest = try SweepManifest.read(in: folder) } catch { throw CLIError("\(error)") }
        let rows = try manifest.collect()
        printError("\(rows.count) of \(manifest.points.count) points ended; \(folder)/results.csv")
        printOut(manifest.results.table(rows))
    }

    /// This binary's absolute path (the tasks run the same file on the shared filesystem).
    static func binary() -> String {
        Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
            ?? absolute(CommandLine.arguments[0])
    }

    /// `path` made absolute against the current folder.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }
}
