import Dispatch
import Foundation
import Synchronization
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// The one definition of the hyperparameters' bounds, and that every reader applies it.
struct HyperparametersTests {
    static let base = Hyperparameters(learningRate: 1e-3, reg: 0.25, lrDecay: 0.95, batchSize: 200, updateRule: .adam)

    /// Each field's edges: the last value inside and the first outside, as optim.py and solver.py use them
    /// (decay rates and β2 strictly inside (0, 1); momentum and β1 may be 0, never 1; lr decay may be 1).
    static let edges: [(HyperparameterField, accepted: Double, refused: Double)] = [
        (.learningRate, 1e-12, 0), (.reg, 0, -1e-12), (.lrDecay, 1, 0), (.momentum, 0, 1),
        (.decayRate, 0.999999, 1), (.beta1, 0, 1), (.beta2, 1e-9, 0), (.epsilon, 1e-300, 0),
    ]

    @Test(arguments: edges)
    func boundsAcceptTheEdgeInsideAndRefuseTheOneOutside(_ field: HyperparameterField, accepted: Double, refused: Double) throws {
        var h = Self.base
        h[keyPath: field.numberPath] = accepted
        try h.validate()
        h[keyPath: field.numberPath] = refused
        #expect(throws: HyperparameterError.outOfRange(field: field, got: "\(refused)")) { try h.validate() }
    }

    @Test func refusalsNameTheFieldTheRequirementAndTheValue() {
        #expect("\(HyperparameterError.outOfRange(field: .decayRate, got: "1.0"))"
                == "decay_rate: expected a number in (0, 1), got 1.0")
        #expect("\(HyperparameterError.outOfRange(field: .batchSize, got: "0"))"
                == "batch_size: expected an integer in 1...100000, got 0")
        #expect("\(HyperparameterError.outOfRange(field: .learningRate, got: "-1.0"))"
                == "learning_rate: expected a number > 0, got -1.0")
        #expect("\(HyperparameterError.unknownUpdateRule(text: "adagrad"))"
                == "update_rule: 'adagrad' is not one of sgd, sgd_momentum, rmsprop, adam")
    }

    /// The config reader refuses exactly what `validate()` refuses, with the config's key path and the field's
    /// requirement; the Solver refuses the same value with the same requirement.
    @Test(arguments: edges)
    func configReaderAndSolverApplyTheSameBounds(_ field: HyperparameterField, accepted: Double, refused: Double) throws {
        let minimal = #"{"model": {"kind": "fullyConnected"}, "data": {"source": "toy"}}"#
        let ok = try ExperimentConfig.parse(minimal, source: "t", overrides: ["\(field.configPath)=\(accepted)"])
        #expect(ok.hyperparameters[keyPath: field.numberPath] == accepted)
        #expect(throws: ConfigError.invalid(path: field.configPath, expected: field.requirement, got: JSONValue.number(refused).description)) {
            try ExperimentConfig.parse(minimal, source: "t", overrides: ["\(field.configPath)=\(refused)"])
        }
        var trainer = try Experiment(config: ok, data: Experiment.toyData()).makeTrainer()
        var h = trainer.hyperparameters
        h[keyPath: field.numberPath] = refused
        #expect(throws: HyperparameterError.outOfRange(field: field, got: "\(refused)")) { try trainer.setHyperparameters(h) }
    }

    /// Adam reads its own β1, β2 and ε (set from the config and mid-run), not momentum or RMSProp's decay rate.
    @Test func adamReadsItsOwnSettings() throws {
        var config = try ExperimentConfig.parse(#"{"model": {"kind": "fullyConnected", "hiddenDims": [3]}}"#, source: "t",
                                                overrides: ["data.source=toy", "solver.updateRule=adam", "solver.beta1=0.8",
                                                            "solver.beta2=0.99", "solver.epsilon=1e-6", "solver.momentum=0.5",
                                                            "solver.decayRate=0.9"])
        config.solver.numIterations = 3
        var solver = try #require(try Experiment(config: config, data: Experiment.toyData()).makeTrainer() as? Solver<FullyConnectedNet<Double>>)
        let c = try #require(solver.rules.first?.config)
        #expect((c.beta1, c.beta2, c.epsilon) == (0.8, 0.99, 1e-6))
        var h = solver.hyperparameters
        h.beta2 = 0.998
        try solver.setHyperparameters(h)
        #expect(solver.rules.allSatisfy { $0.config.beta2 == 0.998 && $0.config.beta1 == 0.8 })
    }

    /// A refused `setHyperparameters` comes back as a typed event carrying the values in force (as set, before
    /// decays), so the dashboard can show them instead of the refused request.
    @Test func sessionAnswersARefusalWithTheValuesInForce() throws {
        let config = try ExperimentConfig.parse(
            #"{"model": {"kind": "twoLayerNet", "hiddenDims": [10]}, "data": {"source": "toy"}}"#, source: "t",
            overrides: ["solver.updateRule=rmsprop", "solver.numIterations=5"])
        let refusals = Mutex<[TrainingEvent]>([])
        let experiment = Experiment(config: config, data: Experiment.toyData())
        let session = TrainingSession(
            name: "toy", checkpointing: .init(path: nil, configJSON: "{}"), healthInterval: .infinity,
            makeTrainer: { try experiment.makeTrainer($0) },
            emit: { e in if case .hyperparametersRefused = e { refusals.withLock { $0.append(e) } } })
        session.send(.pause)
        var h = config.hyperparameters
        h.decayRate = 1
        session.send(.setHyperparameters(h))
        session.send(.stop)
        _ = session.run(keepAlive: true)
        #expect(refusals.withLock { $0 } == [
            .hyperparametersRefused(.outOfRange(field: .decayRate, got: "1.0"), inForce: config.hyperparameters)
        ])
    }

    /// Checkpoints written before Adam had rows of its own carry no `beta1` or `epsilon`: Adam then used `momentum`
    /// as β1, which the decoded value keeps.
    @Test func oldResumeStateDecodesWithAdamsFormerSettings() throws {
        let old = #"{"learningRate":0.001,"reg":0,"lrDecay":1,"batchSize":20,"updateRule":"adam","momentum":0.7,"decayRate":0.99,"beta2":0.999}"#
        let h = try JSONDecoder().decode(Hyperparameters.self, from: Data(old.utf8))
        #expect(h.beta1 == 0.7 && h.epsilon == 1e-8 && h.beta2 == 0.999)
        let again = try JSONDecoder().decode(Hyperparameters.self, from: JSONEncoder().encode(h))
        #expect(again == h)
    }
}
