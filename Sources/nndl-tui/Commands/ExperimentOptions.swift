import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

/// `--config`, `--set` and `--data`, shared by the commands that build an experiment.
struct ExperimentOptions: ParsableArguments {
    @Option(name: .long, help: "Experiment preset: a JSON file, or a preset name from config/ (e.g. two-layer-sgd).")
    var config: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a key: key.path=value (JSON or a plain string); repeatable, applied in order. model.dropout is p, the probability of DROPPING a hidden unit (as CS231n's dropout of the notebooks' era); keys left out take solver.py's defaults.",
        valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .long, help: "CIFAR-10 folder (binary or Python format); else $NNDL_CIFAR_DIR, else ./data/.")
    var data: String?

    /// The config with overrides applied; `fallback` names the preset used when `--config` is absent.
    func load(fallback: String? = nil) throws -> ExperimentConfig {
        var config: ExperimentConfig
        if let path = try (self.config ?? fallback).map(Presets.resolve) {
            config = try ExperimentConfig.load(path: path, overrides: overrides)
        } else {
            config = try ExperimentConfig.parse(Presets.builtIn, source: "built-in preset", overrides: overrides)
        }
        if let data { config.data.dir = data }
        return config
    }

    /// The config for resuming `checkpoint`: its stored config (or `--config` when given) with overrides applied.
    func load(resuming checkpoint: Checkpoint?) throws -> ExperimentConfig {
        guard let checkpoint, self.config == nil else { return try load(fallback: nil) }
        var config = try ExperimentConfig.parse(checkpoint.config.json, source: "\(checkpoint.path):config", overrides: overrides)
        if let data { config.data.dir = data }
        return config
    }
}

/// Finds presets by path or by name in `config/`.
enum Presets {
    /// The preset used when no file is given and `config/` cannot be found: the first CIFAR run of the notebook.
    static let builtIn = """
        {"name": "two-layer-sgd", "seed": 0,
         "model": {"kind": "twoLayerNet", "hiddenDims": [50], "weightScale": 1e-4, "reg": 0.25},
         "solver": {"learningRate": 1e-4, "lrDecay": 0.95, "batchSize": 200, "numIterations": 1000, "printEvery": 100}}
        """

    /// A path for `nameOrPath`: itself if it exists, else `config/NAME.json` in the working directory or beside the
    /// executable's package.
    static func resolve(_ nameOrPath: String) throws -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: nameOrPath) { return nameOrPath }
        let file = nameOrPath.hasSuffix(".json") ? nameOrPath : nameOrPath + ".json"
        var candidates = ["config/" + file]
        // The executable lives in <package>/.build/<triple>/<configuration>/nndl-tui.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("config").appendingPathComponent(file).path)
            dir = dir.deletingLastPathComponent()
        }
        if let found = candidates.first(where: { fm.fileExists(atPath: $0) }) { return found }
        throw ConfigError.unreadable(path: nameOrPath, reason: "no such file (nor config/\(file))")
    }
}
