import ArgumentParser
import Foundation
import NNDL
import NNDLExperiments

/// `--config`, `--set` and `--data`, shared by the commands that build an experiment.
struct ExperimentOptions: ParsableArguments {
    @Option(name: .long, help: "Experiment preset: a JSON file, or a preset name (nndl-tui presets lists them).",
            completion: .presetNames)
    var config: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a key: key.path=value (JSON or a plain string); repeatable, applied in order. model.dropout is p, the probability of DROPPING a hidden unit (as CS231n's dropout of the notebooks' era); keys left out take solver.py's defaults.",
        valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .long, help: "CIFAR-10 folder (binary or Python format); else $NNDL_CIFAR_DIR, else ./data/.")
    var data: String?

    /// The config with overrides applied; `fallback` names the preset used when `--config` is absent.
    func load(fallback: String? = nil) throws -> ExperimentConfig {
        var config = try ExperimentConfig.load(preset: self.config ?? fallback ?? "two-layer-sgd", overrides: overrides)
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

/// `--config` where a command reads weights: the preset saying what net they are, for a `.npz` without nndl-tui's
/// `config` entry (`np.savez(path, **net.params)` in the notebook). A checkpoint's own config wins.
struct WeightsModelOption: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "For weights saved from the notebook (no config entry): the preset that describes their net.", valueName: "preset"),
            completion: .presetNames)
    var preset: String?

    /// The preset's config, if one was given.
    func model() throws -> ExperimentConfig? {
        try preset.map { try ExperimentConfig.load(preset: $0) }
    }
}

extension CompletionKind {
    /// The names `nndl-tui presets` lists.
    static var presetNames: CompletionKind { .custom { _, _, _ in Presets.all().map(\.name) } }

    /// `.npz` files (checkpoints and weights) and folders (run folders).
    static var npzFiles: CompletionKind { .file(extensions: ["npz"]) }
}
