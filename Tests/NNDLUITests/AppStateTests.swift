@testable import NNDL
import Testing
@testable import NNDLUI

@Suite struct AppStateEventTests {
    @Test func startedShowsTheRun() {
        let s = Fixtures.running()
        #expect(s.runState == .running)
        #expect(s.displayName == "cifar-2layer")
        #expect(s.lastIteration?.iteration == 12)
        #expect(s.loss.totalSamples == 12)
        #expect(s.totalEpochs == 2)
        #expect(s.filterPicture?.width == 4 * 2 + 1, "the W1 picture is built once per snapshot")
    }

    @Test func aResumedRunsPastLossesFillTheLossChart() {
        var s = AppState()
        var info = Fixtures.info
        info.pastLoss = [2.3, 2.2, 2.1]
        s.apply(.started(info))
        s.apply(Fixtures.iteration(4, loss: 2.0))
        #expect(s.loss.totalSamples == 4)
        #expect(s.loss.buckets.map(\.firstIteration) == [1, 2, 3, 4] && s.loss.buckets.map(\.mean) == [2.3, 2.2, 2.1, 2.0])
    }

    @Test func confirmedChangeIsLoggedAndMarked() throws {
        let s = Fixtures.running()
        #expect(s.changeLog == [HyperparameterChange(run: 1, iteration: 6, field: .learningRate,
                                                     oldValue: .number(1e-3), newValue: .number(5e-4))])
        #expect(s.markers == [6])
        #expect(s.visibleMessage(at: 0)?.text == "it 6: learning_rate 0.001 → 0.0005")
        #expect(s.hyperparameters?.learningRate == 5e-4)
    }

    @Test func etaAddsTheMeasuredEvaluationTime() {
        var s = AppState()
        s.apply(.started(Fixtures.info))
        s.apply(Fixtures.iteration(50))  // elapsed 5.0 s
        s.apply(Fixtures.epoch(1, train: 0.3, val: 0.3, evaluationSeconds: 1))
        s.apply(.iteration(IterationReport(iteration: 50, totalIterations: 100, epoch: 1, loss: 1, learningRate: 1e-3,
                                           elapsed: 6, imagesPerSecond: 2000)))
        // Training: (6 − 1) s / 50 iterations = 0.1 s; 50 left → 5 s; one evaluation (1 s) per epoch, 1 epoch left.
        #expect(s.eta == 6)
    }

    @Test func epochListStaysBoundedAndKeepsTheNewestAndTheEta() {
        // The toy net reports an epoch every iteration: a long run must not grow the list without end.
        var s = AppState()
        s.apply(.started(Fixtures.info))
        let count = RunModel.epochCapacity * 3 + 5
        for e in 1...count {
            s.apply(Fixtures.epoch(e, train: 0.5, val: Double(e) / Double(count), evaluationSeconds: 0.5))
        }
        #expect(s.epochs.count <= RunModel.epochCapacity && s.epochs.count > RunModel.epochCapacity / 2)
        #expect(s.epochs.last?.epoch == count)
        #expect(s.epochs.first?.epoch == 1)
        #expect(zip(s.epochs, s.epochs.dropFirst()).allSatisfy { $0.epoch < $1.epoch })
        // Every evaluation still counts towards the ETA's mean: 0.5 s each, not only the kept ones.
        #expect(s.evaluationCount == count && s.evaluationSeconds == 0.5 * Double(count))
    }

    @Test func divergedKeepsTheHyperparameterPanelLive() {
        var s = Fixtures.running()
        s.apply(.state(.diverged))
        #expect(s.runState?.word == "DIVERGED")
        #expect(s.visibleMessage(at: 0)?.isError == true)
        guard case .engine(.setHyperparameters(let hp))? = s.handle(.left) else {
            Issue.record("← must still send a change")
            return
        }
        #expect(hp.learningRate < 5e-4)
        #expect(s.handle(.character(" ")) == .engine(.resume))
    }

    @Test func restartClearsTheRunButKeepsTheChangeLog() {
        var s = Fixtures.running()
        #expect(s.handle(.character("r")) == .engine(.restart))
        s.apply(.started(Fixtures.info))
        #expect(s.run == 2)
        #expect(s.loss.totalSamples == 0 && s.epochs.isEmpty && s.markers.isEmpty && s.filters == nil)
        #expect(s.changeLog.count == 1)
        var hp = Fixtures.hyperparameters
        hp.batchSize = 100
        s.apply(.hyperparametersChanged(iteration: 3, hp))
        #expect(s.changeLog.last == HyperparameterChange(run: 2, iteration: 3, field: .batchSize, oldValue: .count(200),
                                                         newValue: .count(100)))
    }

    @Test func finishedKeepsTheSummary() {
        var s = Fixtures.running()
        let summary = RunSummary(name: "cifar-2layer", status: .done, iterations: 100, epochs: 2, finalLoss: 1.7,
                                 trainAcc: 0.45, valAcc: 0.38, bestValAcc: 0.38, testAcc: nil, seconds: 12,
                                 imagesPerSecond: 2000, checkpoint: nil)
        s.apply(.finished(summary))
        #expect(s.summary == summary)
        #expect(s.runState == .done)
        #expect(s.handle(.character("q")) == .quit, "no question once the run is over")
    }

    @Test func messagesTimeOut() {
        var s = Fixtures.running()
        s.apply(.message("checkpoint written"), at: 10)
        #expect(s.visibleMessage(at: 14.9)?.text == "checkpoint written")
        #expect(s.visibleMessage(at: 15.1) == nil)
        s.apply(.checkpointSaved(path: "/tmp/a.npz"))
        #expect(s.visibleMessage(at: 1e9)?.text == "checkpoint saved: /tmp/a.npz", "untimed messages stay")
    }
}

@Suite struct AppStateKeyTests {
    @Test func selectWraps() {
        var s = Fixtures.running()
        _ = s.handle(.down)
        #expect(s.selectedField == .reg)
        _ = s.handle(.up)
        _ = s.handle(.up)
        #expect(s.selectedField == .updateRule)
    }

    @Test func stepSendsTheNewValueAndShowsItPending() {
        var s = Fixtures.running()
        let action = s.handle(.right)
        var expected = s.confirmedHyperparameters!
        expected.learningRate = 5e-4 * HyperparameterField.rateStep
        #expect(action == .engine(.setHyperparameters(expected)))
        var g = Grid(width: 32, height: 9)
        HyperparameterPanel(s).render(into: &g, area: Rect(width: 32, height: 9))
        #expect(g.lines[1].contains("0.000889*"), "unconfirmed values carry a star")
        #expect(s.handle(.character("+")) != nil && s.handle(.character("-")) != nil)
    }

    @Test func quickStepsAccumulateBeforeTheEngineConfirms() {
        var s = Fixtures.running()
        _ = s.handle(.down)
        guard case .engine(.setHyperparameters(let first))? = s.handle(.right),
              case .engine(.setHyperparameters(let second))? = s.handle(.right) else {
            Issue.record("two steps must send two changes")
            return
        }
        #expect(second.reg > first.reg)
        s.apply(.hyperparametersChanged(iteration: 13, first))
        #expect(s.hyperparameters == second, "the first confirmation does not roll back the second request")
        s.apply(.hyperparametersChanged(iteration: 14, second))
        #expect(s.hyperparameters == second && s.confirmedHyperparameters == second)
        #expect(s.changeLog.map(\.field) == [.learningRate, .reg, .reg])
    }

    @Test func typingAnExactValue() {
        var s = Fixtures.running()
        #expect(s.handle(.enter) == nil)
        for c in "3e-44" { #expect(s.handle(.character(c)) == nil) }
        _ = s.handle(.backspace)
        #expect(s.mode == .editing(.learningRate, text: "3e-4"))
        var g = Grid(width: 80, height: 1)
        MessageLine(s, now: 0).render(into: &g, area: Rect(width: 80, height: 1))
        #expect(g.lines[0].hasPrefix("learning rate = 3e-4█   Enter commits  Esc cancels"))
        var expected = s.confirmedHyperparameters!
        expected.learningRate = 3e-4
        #expect(s.handle(.enter) == .engine(.setHyperparameters(expected)))
        #expect(s.mode == .normal)
    }

    @Test func invalidValueIsRefusedWithAMessage() {
        var s = Fixtures.running()
        _ = s.handle(.enter)
        for c in "-1" { _ = s.handle(.character(c)) }
        #expect(s.handle(.enter, at: 3) == nil)
        #expect(s.visibleMessage(at: 4) == StatusMessage(text: "refused: learning_rate: expected a number > 0, got -1.0",
                                                         isError: true, time: 3))
        #expect(s.hyperparameters?.learningRate == 5e-4)
        _ = s.handle(.down)
        _ = s.handle(.down)
        _ = s.handle(.down)
        _ = s.handle(.enter)
        for c in "lots" { _ = s.handle(.character(c)) }
        #expect(s.handle(.enter) == nil)
        #expect(s.message?.text == "refused: batch_size: 'lots' is not a whole number")
    }

    /// RMSProp's decay rate at 0.99 (paused `fc-adam-bn-dropout` switched to rmsprop): → cannot reach 1, which the
    /// engine refuses, so nothing is sent and no `*` appears; a refusal the engine sends anyway (a race, another
    /// client) puts the values in force back on the panel instead of leaving the request pending for good.
    @Test func refusedChangeDoesNotStayOnThePanel() {
        var hp = Fixtures.hyperparameters
        hp.updateRule = .rmsprop
        var s = Fixtures.started(hp)
        for _ in 0..<5 { _ = s.handle(.down) }
        #expect(s.selectedField == .decayRate)
        #expect(s.handle(.right) == nil, "0.99 is as high as the engine takes")
        var requested = hp
        requested.decayRate = 0.98
        #expect(s.handle(.left) == .engine(.setHyperparameters(requested)))
        s.apply(.hyperparametersRefused(.outOfRange(field: .decayRate, got: "0.98"), inForce: hp), at: 2)
        #expect(s.hyperparameters == hp && s.confirmedHyperparameters == hp)
        #expect(Fixtures.panel(s, height: 9) == [
            "┌─ Hyperparameters ────────────┐",
            "│ learning rate          0.001 │",
            "│ reg                     0.25 │",
            "│ lr decay                0.95 │",
            "│ batch size               200 │",
            "│ update rule          rmsprop │",
            "│▸decay rate              0.99 │",
            "│ ε                      1e-08 │",
            "└──────────────── ↑↓ ←→ Enter ─┘",
        ])
        #expect(s.visibleMessage(at: 3)?.text == "refused: decay_rate: expected a number in (0, 1), got 0.98")
    }

    /// Switching to a rule that does not read the selected row moves the selection to the rule's row.
    @Test func selectionStaysOnAVisibleRow() {
        var s = Fixtures.running()
        var hp = s.hyperparameters!
        hp.updateRule = .sgdMomentum
        s.apply(.hyperparametersChanged(iteration: 13, hp))
        for _ in 0..<5 { _ = s.handle(.down) }
        #expect(s.selectedField == .momentum)
        hp.updateRule = .sgd
        s.apply(.hyperparametersChanged(iteration: 14, hp))
        #expect(s.selectedField == .updateRule && s.visibleFields.count == 5)
    }

    @Test func escapeCancelsAndKeysAreTextWhileTyping() {
        var s = Fixtures.running()
        _ = s.handle(.enter)
        #expect(s.handle(.character("q")) == nil, "q is text here, not quit")
        #expect(s.handle(.character(" ")) == nil)
        _ = s.handle(.escape)
        #expect(s.mode == .normal)
        #expect(s.hyperparameters == s.confirmedHyperparameters)
    }

    @Test func pauseResumeAndStep() {
        var s = Fixtures.running()
        #expect(s.handle(.character(" ")) == .engine(.pause))
        #expect(s.handle(.character("n")) == nil, "no single step while running")
        #expect(s.message?.text.contains("while paused") == true)
        s.apply(.state(.paused))
        #expect(s.handle(.character("n")) == .engine(.step))
        #expect(s.handle(.character(" ")) == .engine(.resume))
        s.apply(.state(.done))
        #expect(s.handle(.character(" ")) == nil)
    }

    @Test func quitAsksWhileRunning() {
        var s = Fixtures.running()
        #expect(s.handle(.character("q")) == nil)
        #expect(s.mode == .confirmQuit)
        #expect(s.handle(.character("x")) == nil)
        #expect(s.mode == .normal && s.message?.text == "quit cancelled")
        _ = s.handle(.character("q"))
        #expect(s.handle(.character("y")) == .quit)
        var idle = AppState()
        #expect(idle.handle(.character("q")) == .quit, "nothing to lose before a run starts")
    }

    @Test func helpOpensAndAnyKeyClosesIt() {
        var s = Fixtures.running()
        _ = s.handle(.character("?"))
        #expect(s.mode == .help)
        #expect(s.handle(.character(" ")) == nil, "the closing key does nothing else")
        #expect(s.mode == .normal)
        _ = s.handle(.character("h"))
        #expect(s.mode == .help)
    }

    @Test func mainLoopActions() {
        var s = Fixtures.running()
        #expect(s.handle(.character("s")) == .snapshot)
        #expect(s.handle(.character("e")) == .exportCSV)
        #expect(s.handle(.resize) == nil)
    }

    @Test func viewToggles() {
        var s = Fixtures.running()
        for c in "lw" { _ = s.handle(.character(c)) }
        #expect(s.view.logY && s.view.recentWindow)
        _ = s.handle(.character("g"))
        #expect(s.view.glyphs == .block)
        _ = s.handle(.character("]"))
        #expect(s.view.smoothing == 0.95)
        for _ in 0..<20 { _ = s.handle(.character("]")) }
        #expect(s.view.smoothing == 0.999, "smoothing stops at 0.999")
        for _ in 0..<20 { _ = s.handle(.character("[")) }
        #expect(s.view.smoothing == 0)
        let before = s.filterPicture
        _ = s.handle(.character("f"))
        #expect(s.view.filterScaling == .global && s.filterPicture != before)
        _ = s.handle(.character("<"))
        #expect(s.view.zoom && s.view.filterIndex == 3, "< wraps to the last filter and zooms in")
        _ = s.handle(.character(">"))
        #expect(s.view.filterIndex == 0)
        _ = s.handle(.character("z"))
        #expect(!s.view.zoom)
        _ = s.handle(.character("c"))
        #expect(s.colorMode == .indexed16, "256 → 16: never richer than the terminal's best")
        for _ in 0..<3 { _ = s.handle(.character("c")) }
        #expect(s.colorMode == .indexed256, "16 → 8 → monochrome → back to the best")
    }

    @Test func asciiForcesPlainGlyphs() {
        var s = Fixtures.running(ascii: true)
        #expect(s.view.glyphs == .ascii)
        _ = s.handle(.character("g"))
        #expect(s.view.glyphs == .ascii)
    }

    @Test func nothingToChangeBeforeTheRunStarts() {
        var s = AppState()
        #expect(s.handle(.right) == nil)
        #expect(s.handle(.enter) == nil && s.mode == .normal)
        #expect(s.handle(.character(" ")) == nil)
        #expect(s.handle(.character("r")) == nil)
    }
}
