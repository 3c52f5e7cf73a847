import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// Random and mutated configs, `--set` values and resume checkpoints: each ends as a value or a thrown error with a
/// one-line message, never a trap. Seeded, so a failure names a case that reproduces.
@Suite struct ConfigFuzzTests {
    static let presets: [String] = {
        let folder = ConfigTests.presetFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }()

    static let keyPaths = [
        "name", "seed", "data.source", "data.dir", "data.numTraining", "data.numValidation", "data.numTest",
        "data.subtractMean", "data.inputDim", "data.numClasses", "data.layout", "model.kind", "model.hiddenDims",
        "model.weightScale", "model.reg", "model.dtype", "model.batchnorm", "model.dropout", "solver.updateRule",
        "solver.learningRate", "solver.lrDecay", "solver.batchSize", "solver.numIterations", "solver.numEpochs",
        "solver.momentum", "solver.printEvery", "solver", "model", "data", "solver.nope", "", ".", "a..b",
    ]

    static let values = [
        "0", "-1", "1", "1e308", "-1e308", "1e-400", "NaN", "Infinity", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "0.5", "true", "null", "[]", "[1,2]", "[1e9]", "[-3]", "[[1]]", "{}", #"{"a":1}"#,
        #""x""#, "adam", "float32", "hwc", "cifar10", "random", "toy", "", "=", "[", "{", "\u{0}", "ünïcødé", "1,2",
    ]

    static let syntax = Array("{}[],:\"0e-".utf8)

    /// Flips, deletes, duplicates or inserts bytes of `text`.
    static func mutate(_ text: String, _ rng: inout NumPyRandomState) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + rng.randint(0, 4)) {
            guard !bytes.isEmpty else { break }
            let at = rng.randint(0, bytes.count)
            switch rng.randint(0, 4) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.nextUInt32())
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(bytes[at], at: at)
            default: bytes.insert(Self.syntax[rng.randint(0, Self.syntax.count)], at: at)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mutatedConfigsAndOverridesOnlyThrowConfigErrors() throws {
        #expect(Self.presets.count >= 6, "the presets in config/ are the corpus")
        var rng = NumPyRandomState(seed: 8)
        var parsed = 0, refused = 0
        for _ in 0..<3000 {
            let base = Self.presets[rng.randint(0, Self.presets.count)]
            let text = rng.randint(0, 2) == 0 ? Self.mutate(base, &rng) : base
            let overrides = (0..<rng.randint(0, 4)).map { _ in
                Self.keyPaths[rng.randint(0, Self.keyPaths.count)] + "=" + Self.values[rng.randint(0, Self.values.count)]
            }
            do {
                let config = try ExperimentConfig.parse(text, source: "fuzz", overrides: overrides)
                // What parses must survive its own JSON.
                _ = try ExperimentConfig.parse(config.json, source: "fuzz-roundtrip")
                parsed += 1
            } catch let error as ConfigError {
                let message = "\(error)"
                #expect(!message.isEmpty && !message.contains("\n"), "\(message)")
                refused += 1
            }
        }
        #expect(parsed > 100 && refused > 100, "both outcomes are exercised: \(parsed) parsed, \(refused) refused")
    }

    /// Damaged resume checkpoints: loading and resuming throws a one-line error or resumes, never traps.
    @Test func damagedResumeCheckpointsOnlyThrow() throws {
        let config = try ExperimentConfig.parse("""
            {"name": "fuzz", "seed": 2,
             "data": {"source": "random", "inputDim": 5, "numClasses": 3, "numTraining": 30, "numValidation": 6, "numTest": 0},
             "model": {"kind": "fullyConnected", "hiddenDims": [4]},
             "solver": {"updateRule": "adam", "learningRate": 1e-2, "batchSize": 10, "numIterations": 9}}
            """, source: "test")
        let experiment = try Experiment(config: config)
        var trainer = try experiment.makeTrainer()
        while !trainer.isFinished { _ = try trainer.step() }
        let path = try makeScratchFolder() + "/fuzz.npz"
        try NPZ.write(trainer.checkpointArrays(best: true) + [("config", NPY.encode(string: config.json))], to: path)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var rng = NumPyRandomState(seed: 9)
        var resumed = 0, refused = 0
        for _ in 0..<600 {
            var bytes = good
            for _ in 0..<(1 + rng.randint(0, 3)) {
                bytes[rng.randint(0, bytes.count)] = UInt8(truncatingIfNeeded: rng.nextUInt32())
            }
            if rng.randint(0, 4) == 0 { bytes = Array(bytes.prefix(rng.randint(0, bytes.count))) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let checkpoint = try Checkpoint.load(path)
                _ = try experiment.makeTrainer(resumingFrom: checkpoint)
                resumed += 1
            } catch {
                #expect(!"\(error)".contains("\n"), "\(error)")
                refused += 1
            }
        }
        #expect(refused > 300, "\(resumed) resumed, \(refused) refused")
    }
}
