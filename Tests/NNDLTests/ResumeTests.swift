import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments
import Synchronization

/// `train --resume`: a run stopped at iteration K, saved, loaded and continued to N equals the run trained
/// straight to N, bit for bit (same minibatches, optimizer state, decays, checks and histories).
@Suite struct ResumeTests {
    /// A model/optimizer case: the kind's JSON and the update rule.
    struct Case: Sendable, CustomTestStringConvertible {
        var model: String
        var rule: String
        var testDescription: String { "\(model) \(rule)" }
    }

    static let cases = [
        Case(model: #"{"kind": "twoLayerNet", "hiddenDims": [7], "weightScale": 0.1, "reg": 0.01}"#, rule: "sgd_momentum"),
        Case(model: #"{"kind": "twoLayerNet", "hiddenDims": [7], "weightScale": 0.1, "reg": 0.01}"#, rule: "adam"),
        Case(model: #"{"kind": "fullyConnected", "hiddenDims": [7, 5], "weightScale": 0.1, "reg": 0.01}"#, rule: "sgd_momentum"),
        Case(model: #"{"kind": "fullyConnected", "hiddenDims": [7, 5], "weightScale": 0.1, "reg": 0.01}"#, rule: "adam"),
        Case(model: #"{"kind": "fullyConnected", "hiddenDims": [7, 5], "weightScale": 0.1, "batchnorm": true, "dropout": 0.3}"#,
             rule: "adam"),
    ]

    /// 40 random rows of dimension 6, batches of 8 (5 iterations an epoch), accuracy checks on samples (which draw
    /// from the same random state), a decaying learning rate.
    static func config(_ c: Case, iterations: Int, learningRate: Double = 0.01) throws -> ExperimentConfig {
        try ExperimentConfig.parse("""
            {"name": "resume", "seed": 3,
             "data": {"source": "random", "inputDim": 6, "numClasses": 3, "numTraining": 40, "numValidation": 12, "numTest": 0},
             "model": \(c.model),
             "solver": {"updateRule": "\(c.rule)", "learningRate": \(learningRate), "lrDecay": 0.9, "batchSize": 8,
                        "numIterations": \(iterations), "numTrainSamples": 20, "numValSamples": 6}}
            """, source: "ResumeTests")
    }

    /// Runs `trainer` until it has done `iterations` (or is finished).
    static func train(_ trainer: inout any Trainer, to iterations: Int) throws {
        while trainer.iteration < iterations && !trainer.isFinished { _ = try trainer.step() }
    }

    /// Writes `trainer`'s checkpoint as the session does at exit and loads it back.
    static func saveAndLoad(_ trainer: any Trainer, _ config: ExperimentConfig) throws -> Checkpoint {
        let path = try makeScratchFolder() + "/checkpoint.npz"
        try NPZ.write(trainer.checkpointArrays(best: true) + [("config", NPY.encode(string: config.json))], to: path)
        return try Checkpoint.load(path)
    }

    /// The checkpoint of case `c` trained for `iterations` iterations of a run planned at that length.
    static func trainedCheckpoint(_ c: Case, iterations: Int) throws -> Checkpoint {
        let config = try Self.config(c, iterations: iterations)
        var trainer = try Experiment(config: config).makeTrainer()
        try Self.train(&trainer, to: iterations)
        return try Self.saveAndLoad(trainer, config)
    }

    /// Every entry a checkpoint of `trainer` would hold, by name.
    static func entries(_ trainer: any Trainer) -> [String: [UInt8]] {
        Dictionary(uniqueKeysWithValues: trainer.checkpointArrays(best: true).map { ($0.name, $0.npy) })
    }

    @Test(arguments: cases)
    func stoppingSavingAndResumingEqualsTrainingStraightThrough(_ c: Case) throws {
        let experiment = Experiment(config: try Self.config(c, iterations: 30), data: try Experiment.loadData(Self.config(c, iterations: 30)))
        var straight = try experiment.makeTrainer()
        try Self.train(&straight, to: 30)

        // Stopped at 13 (mid-epoch, as Ctrl-C or a kill after an epoch's checkpoint would leave it), then `finish()`
        // puts the best parameters in the model, as the session does before writing the checkpoint.
        var first = try experiment.makeTrainer()
        try Self.train(&first, to: 13)
        _ = try first.finish()
        let checkpoint = try Self.saveAndLoad(first, experiment.config)
        var resumed = try experiment.makeTrainer(resumingFrom: checkpoint)
        #expect(resumed.iteration == 13 && resumed.history.loss.count == 13)
        try Self.train(&resumed, to: 30)

        #expect(resumed.iteration == 30 && resumed.isFinished)
        #expect(resumed.history == straight.history)
        #expect(resumed.hyperparameters == straight.hyperparameters)
        #expect(resumed.bestValAccuracy == straight.bestValAccuracy)
        let (a, b) = (Self.entries(straight), Self.entries(resumed))
        #expect(a.keys.sorted() == b.keys.sorted())
        let differing = a.keys.sorted().filter { a[$0] != b[$0] }
        #expect(differing.isEmpty, "checkpoint entries differ: \(differing)")
    }

    @Test(arguments: [cases[0], cases[3]])
    func raisingNumIterationsContinuesAFinishedRunsLossCurve(_ c: Case) throws {
        // 10 is an epoch's end, where the straight run checks accuracies too, so the two runs draw the same numbers.
        let long = try Self.config(c, iterations: 25)
        var straight = try Experiment(config: long).makeTrainer()
        try Self.train(&straight, to: 25)
        var short = try Experiment(config: try Self.config(c, iterations: 10)).makeTrainer()
        try Self.train(&short, to: 10)
        #expect(short.isFinished)
        _ = try short.finish()
        let checkpoint = try Self.saveAndLoad(short, try Self.config(c, iterations: 10))
        var resumed = try Experiment(config: long).makeTrainer(resumingFrom: checkpoint)
        #expect(!resumed.isFinished && resumed.totalIterations == 25)
        try Self.train(&resumed, to: 25)
        #expect(resumed.history.loss == straight.history.loss)
        #expect(Array(resumed.history.loss.prefix(10)) == short.history.loss)
        #expect(resumed.history == straight.history)
    }

    @Test func resumingKeepsTheDecayedRateUnlessTheConfigChangesIt() throws {
        let c = Self.cases[2]
        let checkpoint = try Self.trainedCheckpoint(c, iterations: 12)
        // Two epoch ends (5, 10) decayed 0.01 twice by 0.9.
        let kept = try Experiment(config: Self.config(c, iterations: 20)).makeTrainer(resumingFrom: checkpoint)
        #expect(kept.hyperparameters.learningRate == 0.01 * 0.9 * 0.9)
        let changed = try Experiment(config: Self.config(c, iterations: 20, learningRate: 0.05)).makeTrainer(resumingFrom: checkpoint)
        #expect(changed.hyperparameters.learningRate == 0.05)
        #expect(changed.hyperparameters.updateRule == .sgdMomentum && changed.iteration == 12)
    }

    @Test func checkpointsThatCannotBeResumedThrowNamingTheProblem() throws {
        let c = Self.cases[0]
        let config = try Self.config(c, iterations: 8)
        let checkpoint = try Self.trainedCheckpoint(c, iterations: 8)

        func message(_ config: ExperimentConfig, _ checkpoint: Checkpoint) -> String {
            do {
                _ = try Experiment(config: config).makeTrainer(resumingFrom: checkpoint)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        // Another model: fully connected nets name and shape their parameters differently.
        #expect(message(try Self.config(Self.cases[2], iterations: 8), checkpoint).contains("but the model (6-7-5-3 fullyConnected f64) has"))
        // Another width: same names, other shapes.
        var wider = config
        wider.model.hiddenDims = [9]
        #expect(message(wider, checkpoint).contains("'resume.W1' has shape [7, 6], expected [9, 6]"))
        // Another dtype: resuming must not round.
        var single = config
        single.model.dtype = .float32
        #expect(message(single, checkpoint).contains("'resume.W1' is <f8 but the config trains <f4"))
        // Parameters only (an older checkpoint, or one NumPy wrote).
        var plain = checkpoint
        plain.arrays = plain.arrays.filter { !$0.key.hasPrefix("resume.") && $0.key != "state" }
        #expect(message(config, plain).contains("no 'state' entry"))
        var garbled = checkpoint
        garbled.arrays["state"] = try NPY.decode(NPY.encode(string: "{\"iteration\": 3}"))
        #expect(message(config, garbled).contains("not resume state JSON"))
    }

    @Test func aSessionContinuesIterationNumbersAndWritesTheTotal() throws {
        let c = Self.cases[0]
        let config = try Self.config(c, iterations: 9)
        var trainer = try Experiment(config: config).makeTrainer()
        try Self.train(&trainer, to: 9)
        let checkpoint = try Self.saveAndLoad(trainer, config)
        let longer = try Self.config(c, iterations: 15)
        let experiment = try Experiment(config: longer)
        let resumed = try experiment.makeTrainer(resumingFrom: checkpoint)
        let path = try makeScratchFolder() + "/out.npz"
        let iterations = Mutex<[Int]>([])
        let session = TrainingSession(
            name: "resume", checkpointing: .init(path: path, configJSON: longer.json),
            makeTrainer: { h in h == nil ? resumed : try experiment.makeTrainer(h) },
            emit: { if case let .iteration(r) = $0 { iterations.withLock { $0.append(r.iteration) } } })
        let summary = session.run()
        #expect(summary.status == .done && summary.iterations == 15)
        #expect(iterations.withLock { $0 } == Array(10...15))
        let state = try Checkpoint.load(path).resumeState()
        #expect(state.iteration == 15 && state.history.loss.count == 15)
        #expect(Array(state.history.loss.prefix(9)) == trainer.history.loss)
    }
}
