@testable import NNDL
import Testing
@testable import NNDLUI

/// Earlier runs kept after `r` and drawn dimmed behind the live run.
@Suite struct GhostTests {
    /// `Fixtures.running()` (12 iterations, epoch 1 at val 0.29, lr changed to 5e-4 at it 6), then `r` restarted it
    /// with lr 5e-4 and the new run trained `iterations` iterations (loss 2.0 / √i) and one epoch at val 0.33.
    static func restarted(iterations: Int = 8, ascii: Bool = false) -> AppState {
        var state = Fixtures.running(ascii: ascii)
        var info = Fixtures.info
        info.hyperparameters.learningRate = 5e-4
        state.apply(.started(info))
        for i in 1...iterations { state.apply(Fixtures.iteration(i, loss: 2.0 / Double(i).squareRoot())) }
        state.apply(Fixtures.epoch(1, train: 0.36, val: 0.33))
        return state
    }

    @Test func restartKeepsThePreviousRunAsAGhost() throws {
        let s = Self.restarted()
        #expect(s.run == 2 && s.loss.totalSamples == 8 && s.epochs.count == 1, "the live run starts afresh")
        let ghost = try #require(s.ghosts.first)
        #expect(s.ghosts.count == 1)
        #expect(ghost.run == 1 && ghost.lastIteration == 12)
        #expect(ghost.lossIterations == (1...12).map(Double.init))
        #expect(ghost.lossMeans == (1...12).map { 2.3 / Double($0).squareRoot() })
        #expect(ghost.epochs == [1] && ghost.trainAccuracy == [0.31] && ghost.valAccuracy == [0.29])
        #expect(ghost.hyperparameters == Fixtures.hyperparameters, "the settings it started with")
        #expect(ghost.midRunChanges == 1)
    }

    @Test func onlyTheLastThreeRunsAreKept() {
        var s = AppState()
        for run in 1...5 {
            s.apply(.started(Fixtures.info))
            for i in 1...run { s.apply(Fixtures.iteration(i)) }
        }
        #expect(s.run == 5)
        #expect(s.ghosts.map(\.run) == [2, 3, 4])
        #expect(s.ghosts.map(\.lastIteration) == [2, 3, 4])
    }

    @Test func aRestartBeforeTheFirstIterationLeavesNoGhost() {
        var s = AppState()
        s.apply(.started(Fixtures.info))
        s.apply(.started(Fixtures.info))
        #expect(s.ghosts.isEmpty && s.run == 2)
    }

    @Test func aLongRunIsDownsampledKeepingItsSpanAndMean() throws {
        var s = AppState()
        s.apply(.started(Fixtures.info))
        for i in 1...10_000 { s.apply(Fixtures.iteration(i, total: 10_000, loss: Double(i % 2))) }
        s.apply(.started(Fixtures.info))
        let ghost = try #require(s.ghosts.first)
        #expect(ghost.lossIterations.count <= GhostRun.maxLossPoints && ghost.lossIterations.count >= GhostRun.maxLossPoints / 2)
        #expect(ghost.lossIterations.first! < 50 && ghost.lossIterations.last! > 9_950)
        #expect(ghost.lossWeights.reduce(0, +) == 10_000, "every sample is still counted")
        #expect(ghost.lossMeans.allSatisfy { $0 == 0.5 }, "alternating 0 and 1 merge to 0.5")
    }

    @Test(arguments: [
        (5e-4, 0.25, false, "run 1 best 0.290: lr 0.001→0.0005 (1 change mid-run)"),
        (1e-3, 0.1, false, "run 1 best 0.290: reg 0.25→0.1 (1 change mid-run)"),
        (5e-4, 0.1, true, "run 1 best 0.290: lr 0.001->0.0005, reg 0.25->0.1 (1 change mid-run)"),
    ])
    func legendNamesWhatDiffersFromTheLiveRun(lr: Double, reg: Double, ascii: Bool, expected: String) throws {
        var current = Fixtures.hyperparameters
        current.learningRate = lr
        current.reg = reg
        let ghost = try #require(Self.restarted().ghosts.first)
        #expect(ghost.legend(against: current, ascii: ascii) == expected)
    }

    @Test func legendSaysSameSettingsAndSkipsUnusedFields() throws {
        var s = AppState()
        s.apply(.started(Fixtures.info))
        s.apply(Fixtures.iteration(1))
        s.apply(.started(Fixtures.info))
        let ghost = try #require(s.ghosts.first)
        #expect(ghost.legend(against: Fixtures.hyperparameters) == "run 1: same settings")
        var momentumOnly = Fixtures.hyperparameters
        momentumOnly.momentum = 0.5
        #expect(ghost.differences(from: momentumOnly) == "same settings", "plain sgd does not use momentum")
        momentumOnly.updateRule = .sgdMomentum
        #expect(ghost.differences(from: momentumOnly) == "rule sgd→sgd_momentum, mom 0.9→0.5")
    }

    @Test func oHidesAndShowsTheGhosts() {
        var s = Fixtures.running()
        #expect(s.handle(.character("o")) == nil)
        #expect(s.view.ghosts && s.visibleMessage(at: 0)?.text == "no earlier runs yet: r restarts and keeps this one as a ghost")
        s = Self.restarted()
        _ = s.handle(.character("o"))
        #expect(s.visibleGhosts.isEmpty && s.ghosts.count == 1)
        #expect(s.visibleMessage(at: 0)?.text == "hiding 1 earlier run (o shows them)")
        #expect(Dashboard.lossChart(s).ghosts.isEmpty && Dashboard.accuracyChart(s).ghosts.isEmpty)
        _ = s.handle(.character("o"))
        #expect(s.visibleGhosts.count == 1 && Dashboard.lossChart(s).ghosts.count == 1)
    }
}
