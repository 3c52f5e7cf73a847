import Dispatch
import Foundation
import Synchronization
import Testing
@testable import NNDL
@testable import NNDLExperiments

/// The engine's side of the dashboard's commands.
struct TrainingSessionTests {
    /// `r` after a run whose learning rate decayed starts again from the rate it was given, so the new run (and
    /// the ghost legend comparing the two) does not show a change nobody made; a rate set while training is kept.
    /// The toy two-layer net at learning rate 0.1, halved every iteration (the toy's epoch is one minibatch).
    static func toyConfig(iterations: Int) throws -> ExperimentConfig {
        var config = try ExperimentConfig.parse(#"{"model": {"kind": "twoLayerNet", "hiddenDims": [10]}}"#, source: "t")
        config.data.source = .toy
        config.model.weightScale = 1e-1
        config.solver.learningRate = 0.1
        config.solver.lrDecay = 0.5
        config.solver.numIterations = iterations
        return config
    }

    /// A dashboard-style session (no health probes, no checkpoints) training `config` on the toy data.
    static func session(_ config: ExperimentConfig, emit: @escaping @Sendable (TrainingEvent) -> Void) -> TrainingSession {
        let experiment = Experiment(config: config, data: Experiment.toyData())
        return TrainingSession(
            name: "toy", checkpointing: .init(path: nil, configJSON: "{}"), healthInterval: .infinity,
            makeTrainer: { try experiment.makeTrainer($0) }, emit: emit)
    }

    @Test(arguments: [nil, 0.05])
    func restartStartsFromThePlannedLearningRateNotTheDecayedOne(setMidRun: Double?) throws {
        let config = try Self.toyConfig(iterations: 6)
        let started = Mutex<[Hyperparameters]>([])
        let rates = Mutex<[Double]>([])
        let done = DispatchSemaphore(value: 0)
        let session = Self.session(config) { event in
            switch event {
            case let .started(info): started.withLock { $0.append(info.hyperparameters) }
            case let .iteration(report): rates.withLock { $0.append(report.learningRate) }
            case .state(.done): done.signal()
            default: break
            }
        }
        // Paused before the first step, so the new rate is in force from iteration 1.
        if setMidRun != nil { session.send(.pause) }
        let finished = DispatchSemaphore(value: 0)
        session.start(keepAlive: true) { _ in finished.signal() }
        if let rate = setMidRun {
            var h = config.hyperparameters
            h.learningRate = rate
            session.send(.setHyperparameters(h))
            session.send(.resume)
        }
        #expect(done.wait(timeout: .now() + 30) == .success, "the first run did not finish")
        session.send(.restart)
        #expect(done.wait(timeout: .now() + 30) == .success, "the restarted run did not finish")
        session.send(.stop)
        #expect(finished.wait(timeout: .now() + 30) == .success)

        let planned = setMidRun ?? 0.1
        let firstRunRates = rates.withLock { Array($0.prefix(6)) }
        #expect(firstRunRates.last.map { $0 < planned / 4 } == true, "the first run's rate decayed: \(firstRunRates)")
        let runs = started.withLock { $0 }
        #expect(runs.count == 2)
        #expect(runs.last?.learningRate == planned, "restarted at \(runs.last?.learningRate ?? .nan)")
        #expect(runs.last?.reg == config.model.reg && runs.last?.lrDecay == 0.5)
    }

    /// Changing reg while training keeps the learning rate the decays have reached (the dashboard sends the rate its
    /// panel shows, the planned one); only a new rate replaces it. The change is confirmed with the planned rate.
    @Test func changingRegMidRunKeepsTheDecayedRate() throws {
        let config = try Self.toyConfig(iterations: 100)
        let rates = Mutex<[Double]>([])
        let confirmed = Mutex<[Hyperparameters]>([])
        let session = Self.session(config) { event in
            switch event {
            case let .iteration(report): rates.withLock { $0.append(report.learningRate) }
            case let .hyperparametersChanged(_, h): confirmed.withLock { $0.append(h) }
            default: break
            }
        }
        func steps(_ n: Int) {
            let target = rates.withLock { $0.count } + n
            for _ in 0..<n { session.send(.step) }
            let deadline = Date().addingTimeInterval(30)
            while rates.withLock({ $0.count }) < target && Date() < deadline { usleep(2_000) }
        }
        session.send(.pause)
        let finished = DispatchSemaphore(value: 0)
        session.start(keepAlive: true) { _ in finished.signal() }
        steps(3)
        var h = config.hyperparameters
        h.reg = 0.25
        session.send(.setHyperparameters(h))
        steps(1)
        h.learningRate = 0.2
        session.send(.setHyperparameters(h))
        steps(1)
        session.send(.stop)
        #expect(finished.wait(timeout: .now() + 30) == .success)

        #expect(rates.withLock { $0 } == [0.1, 0.05, 0.025, 0.0125, 0.2], "learning rate of each iteration")
        #expect(confirmed.withLock { $0.map(\.learningRate) } == [0.1, 0.2])
        #expect(confirmed.withLock { $0.first?.reg } == 0.25)
    }
}
