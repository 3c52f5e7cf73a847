import Foundation
import Testing
@testable import NNDL
@testable import NNDLExperiments

@Suite struct ConfigTests {
    static let minimal = #"{"model": {"kind": "fullyConnected"}}"#

    @Test func defaultsFillEverythingButTheKind() throws {
        let c = try ExperimentConfig.parse(Self.minimal, source: "test")
        #expect(c.model.kind == .fullyConnected)
        #expect(c.data.numTraining == 49000 && c.data.numValidation == 1000 && c.data.numTest == 1000)
        #expect(c.model.dtype == .float64 && c.imageLayout == .chw)
        // solver.py's defaults (and optim.py's learning rate for the rule).
        let s = c.solver
        #expect(s.updateRule == .sgd && s.learningRate == 1e-2 && s.lrDecay == 1.0 && s.batchSize == 100)
        #expect(s.numEpochs == nil && s.numIterations == nil && s.numTrainSamples == 1000 && s.numValSamples == nil)
        #expect(s.printEvery == 10)
        #expect(Experiment(config: c, data: Experiment.toyData()).solverOptions(c.hyperparameters).numEpochs == 10)
        let adam = try ExperimentConfig.parse(Self.minimal, source: "test", overrides: ["solver.updateRule=adam"])
        #expect(adam.solver.learningRate == 1e-3)
        #expect(throws: ConfigError.missing(path: "model.kind")) { try ExperimentConfig.parse("{}", source: "test") }
    }

    @Test func overridesApplyInOrderAndParseJSONOrStrings() throws {
        let c = try ExperimentConfig.parse(Self.minimal, source: "test", overrides: [
            "solver.learningRate=5e-4", "model.hiddenDims=[100,100]", "data.dir=/data/cifar",
            "solver.batchSize=50", "solver.batchSize=64", "model.dtype=float32", "name=run-2",
        ])
        #expect(c.solver.learningRate == 5e-4)
        #expect(c.model.hiddenDims == [100, 100])
        #expect(c.data.dir == "/data/cifar")
        #expect(c.solver.batchSize == 64)
        #expect(c.model.dtype == .float32)
        #expect(c.name == "run-2")
    }

    /// Every error class names the key path and the value.
    @Test(arguments: [
        (#"{"model": {"kind": "fullyConnected"}, "solver": {"batchSize": 0}}"#, [String](),
         "solver.batchSize: expected an integer in 1...100000, got 0"),
        (minimal, ["solver.learningRate=-1"], "solver.learningRate: expected a number > 0, got -1"),
        (minimal, ["solver.learningRate=fast"], #"solver.learningRate: expected a number > 0, got "fast""#),
        (minimal, ["solver.lernRate=1"], "solver.lernRate: unknown key"),
        (#"{"model": {"kind": "fullyConnected", "colour": 1}}"#, [], "model.colour: unknown key"),
        (minimal, ["model.kind=cnn"], #"model.kind: expected one of twoLayerNet, fullyConnected, got "cnn""#),
        (minimal, ["model.hiddenDims=[]"], "model.hiddenDims: expected a non-empty array of integers in 1...1000000, got []"),
        (minimal, ["model.dropout=1"], "model.dropout: expected a number in [0, 1) (the probability of dropping a unit), got 1"),
        (minimal, ["data.numTraining=100", "data.smallData=200"], "data.smallData: expected at most the 100 training rows, got 200"),
        (minimal, ["data.source=toy", "data.smallData=6"], "data.smallData: expected at most the 5 training rows, got 6"),
        (minimal, ["model.batchnormMomentum=1"], "model.batchnormMomentum: expected a number in [0, 1), got 1"),
        (minimal, ["model.dropoutSeed=-1"], "model.dropoutSeed: expected an integer ≥ 0, got -1"),
        (minimal, ["model.batchnorm=yes"], #"model.batchnorm: expected true or false, got "yes""#),
        (minimal, ["solver=3"], "solver: expected an object, got 3"),
        (minimal, ["solver.learningRate"], "--set solver.learningRate: expected key.path=value (e.g. solver.learningRate=5e-4)"),
        (minimal, ["solver.numIterations=10", "solver.numEpochs=2"],
         "solver.numIterations and solver.numEpochs are both set: set one (the other null)"),
        (minimal, ["data.numTraining=49500", "data.numValidation=1000"],
         "data.numTraining + data.numValidation: expected at most 50000, got 49500 + 1000"),
        (minimal, ["solver.plateauWindow=0"], "solver.plateauWindow: expected an integer ≥ 1, got 0"),
        (minimal, ["solver.overfitGap=1.5"], "solver.overfitGap: expected a number in (0, 1], got 1.5"),
        (minimal, ["solver.overfitChecks=0"], "solver.overfitChecks: expected an integer in 1...1000, got 0"),
        ("[1, 2]", [], "test: not a JSON object"),
        ("{\"model\": ", [], "test: not a JSON object"),
    ])
    func errorsNameTheKeyAndValue(text: String, overrides: [String], message: String) {
        do {
            _ = try ExperimentConfig.parse(text, source: "test", overrides: overrides)
            Issue.record("expected an error: \(message)")
        } catch {
            #expect("\(error)" == message)
        }
    }

    /// The repository's `config/` folder.
    static let presetFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config")

    @Test func presetsInTheRepositoryParse() throws {
        let folder = Self.presetFolder
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 6)
        for file in files {
            let c = try ExperimentConfig.load(path: folder.appendingPathComponent(file).path)
            #expect(c.name + ".json" == file)
        }
    }

    @Test func configSurvivesItsJSONRoundTrip() throws {
        let c = try ExperimentConfig.parse(Self.minimal, source: "test", overrides: ["solver.numEpochs=3", "data.layout=hwc"])
        #expect(try ExperimentConfig.parse(c.json, source: "round trip") == c)
    }

    @Test func missingFileIsAOneLineError() {
        #expect(throws: ConfigError.unreadable(path: "/nonexistent/x.json", reason: "no such file")) {
            try ExperimentConfig.load(path: "/nonexistent/x.json")
        }
    }

    /// The memory estimate on the toy net (4-10-3, batch 200, float64), by hand: 83 parameters, 5 copies for sgd
    /// (7 for Adam), and 200 × (4 + 10 + 3) × 6 activation values, 8 bytes each.
    @Test func memoryEstimateCountsParametersOptimizerStateAndActivations() throws {
        let config = try ExperimentConfig.parse(#"{"data": {"source": "toy"}, "model": {"kind": "twoLayerNet", "hiddenDims": [10]}, "solver": {"batchSize": 200}}"#, source: "test")
        let experiment = Experiment(config: config, data: Experiment.toyData())
        var h = config.hyperparameters
        #expect(experiment.estimatedTrainingBytes(h) == (5 * 83 + 20_400) * 8)
        h.updateRule = .adam
        #expect(experiment.estimatedTrainingBytes(h) == (7 * 83 + 20_400) * 8)
        #expect(throws: NNDLError.tooLarge(
            what: "model.hiddenDims [10] on 4 inputs (float64, batch 200)", bytes: 167_848, available: 100_000)) {
            try experiment.checkMemory(h, available: 100_000)
        }
        #expect("\(NNDLError.tooLarge(what: "x", bytes: 167_848, available: 100_000))"
            == "x would need about 0.2 MB of memory but this machine has 0.1 MB; use smaller layers or batches")
    }
}
