import Foundation
@testable import NNDL
import Testing
@testable import NNDLUI

/// A 2×2 sweep in every state: run 0 done (best val 0.42), run 1 running (0.35 so far), run 2 diverged before its
/// first epoch, run 3 queued.
enum SweepFixtures {
    static let axes = ["solver.learningRate", "model.reg"]
    static let settings = [["1e-3", "0.1"], ["1e-3", "0.25"], ["5e-4", "0.1"], ["5e-4", "0.25"]]

    static func summary(_ status: RunOutcome, best: Double?) -> RunSummary {
        RunSummary(name: "toy", status: status, iterations: 100, epochs: 2, finalLoss: 0.5, trainAcc: nil, valAcc: best,
                   bestValAcc: best, testAcc: nil, seconds: 1, imagesPerSecond: 100, checkpoint: nil)
    }

    static func epoch(_ e: Int, val: Double, best: Double) -> TrainingEvent {
        .epoch(EpochReport(epoch: e, totalEpochs: 2, iteration: e * 50, trainAccuracy: val, valAccuracy: val,
                           bestValAccuracy: best, learningRate: 1e-3, evaluationSeconds: 0))
    }

    static func state(ascii: Bool = false, ranking: ValidationRanking = .best) -> SweepState {
        var s = SweepState(
            name: "toy", axes: axes, settings: settings, jobs: 2, ascii: ascii, colorMode: .monochrome, ranking: ranking)
        func send(_ run: Int, _ e: TrainingEvent) { s.apply(.event(run: run, e), at: 0) }
        for run in 0...2 { send(run, .started(Fixtures.info)) }
        // Run 0: loss 2.3/√i over 100 iterations, val 0.30 then 0.42, done.
        for i in 1...100 { send(0, Fixtures.iteration(i)) }
        send(0, epoch(1, val: 0.30, best: 0.30))
        send(0, epoch(2, val: 0.42, best: 0.42))
        send(0, .finished(summary(.done, best: 0.42)))
        s.apply(.ended(run: 0, summary(.done, best: 0.42)), at: 0)
        // Run 1: 40 iterations of a loss rising linearly, val 0.35.
        for i in 1...40 { send(1, Fixtures.iteration(i, loss: Double(i))) }
        send(1, epoch(1, val: 0.35, best: 0.35))
        // Run 2: 3 iterations, the third infinite: diverged.
        for i in 1...3 { send(2, Fixtures.iteration(i, loss: i == 3 ? .infinity : 1)) }
        send(2, .state(.diverged))
        return s
    }
}

@Suite struct SweepViewTests {
    @Test func sparklineScalesBetweenMinAndMaxAndAveragesDown() {
        #expect(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7]).text(width: 20) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7], ascii: true).text(width: 8) == "_.,-=+*#")
        // Pairs average to 0.5, 2.5, 4.5, 6.5: thirds of the range → heights 0, 7/3, 14/3, 7 → ▁▃▆█.
        #expect(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7]).text(width: 4) == "▁▃▆█")
        #expect(Sparkline(values: [2, 2, 2]).text(width: 5) == "▄▄▄")
        #expect(Sparkline(values: [1, .infinity, 3]).text(width: 5) == "▁×█")
        #expect(Sparkline(values: []).text(width: 5) == "")
    }

    /// 80×24, the whole screen: status counts, the header with the keys' last components, best validation first,
    /// queued last, the best (and selected) run marked, every loss sparkline on one log scale (0.23…40, the lowest
    /// and highest bucket of any run: run 0's first loss 2.3 sits at round((log 2.3 − log 0.23) / (log 40 − log 0.23)
    /// · 7) = 3, run 1's 40 at the top, run 2's 1 at 2), then the selected run's loss and the tuning chart (runs 0
    /// and 1 at 1e-3, the selected one ◆), the key hints.
    @Test func tableAt80x24() {
        let lines = SweepView.render(SweepFixtures.state(), width: 80, height: 24, now: 0).lines
        #expect(lines == [
            " toy sweep  4 runs  1 queued  1 running  1 done  1 diverged  jobs 2             ",
            "┌─ Runs (4) · best validation first ───────────────────────────────────────────┐",
            "│   #  learningRate  reg   state        iter  best val  loss                   │",
            "│▸★ 0  1e-3          0.1   done      100/100    0.4200  ▄▃▂▂▂▂▂▂▂▂▁▁▁▁▁▁▁▁▁▁▁▁ │",
            "│   1  1e-3          0.25  running    40/100    0.3500  ▃▄▅▆▆▆▆▇▇▇▇▇▇▇▇███████ │",
            "│   2  5e-4          0.1   diverged    3/100         -  ▃▃×                    │",
            "│   3  5e-4          0.25  queued          -         -                         │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "┌─ Loss  raw 0.23 EMA(0.9) 0.242 ──────┐┌─ Best val vs learningRate ───────────┐",
            "│  2.4┤⡄                               ││0.462┤                                │",
            "│     │⢣                               ││     │                ◆               │",
            "│ 1.97┤⢸                               ││0.374┤                ●               │",
            "│     │⢸                               ││     │                                │",
            "│     │⢸⢇                              ││     │                                │",
            "│ 1.39┤⢸⠸⡀                             ││0.256┤                                │",
            "│     │ ⢇⢇                             ││     │                                │",
            "│     │ ⠸⡀⠣⡀                           ││     │                                │",
            "│0.805┤  ⠣⡀⠉⢦⡀                         ││0.138┤                                │",
            "│     │   ⠈⠓⢤⠈⠒⠤⣄⡀                     ││     │                                │",
            "│     │       ⠉⠙⠒⠈⠉⠓⠒⠢⠤⠤⢄⣀⣀⣀⣀⣀         ││     │                                │",
            "│0.127┤                   ⠉⠉⠉⠈⠉⠉⠉⠉⠉⠉⠉⠑⠒││    0┤                                │",
            "│      1                            100││      1e-3                            │",
            "└──────────────────────────────────────┘└──────────────────────────────────────┘",
            "↑↓ select  Enter open run  a tuning key  q quit                                 ",
        ])
    }

    /// 120×40: the same rows, the sparkline as wide as the room left (100 losses averaged down to 60 columns), the
    /// lower panel below.
    @Test func tableAt120x40() {
        let lines = SweepView.render(SweepFixtures.state(), width: 120, height: 40, now: 0).lines
        #expect(Array(lines[0...8]) == [
            " toy sweep  4 runs  1 queued  1 running  1 done  1 diverged  jobs 2                                                     ",
            "┌─ Runs (4) · best validation first ───────────────────────────────────────────────────────────────────────────────────┐",
            "│   #  learningRate  reg   state        iter  best val  loss                                                           │",
            "│▸★ 0  1e-3          0.1   done      100/100    0.4200  ▄▄▃▃▃▃▃▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▂▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁ │",
            "│   1  1e-3          0.25  running    40/100    0.3500  ▃▄▄▅▅▅▆▆▆▆▆▆▆▇▇▇▇▇▇▇▇▇▇▇▇▇▇█████████████                       │",
            "│   2  5e-4          0.1   diverged    3/100         -  ▃▃×                                                            │",
            "│   3  5e-4          0.25  queued          -         -                                                                 │",
            "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
            "┌─ Loss  raw 0.23 EMA(0.9) 0.242 ──────────────────────────┐┌─ Best val vs learningRate ───────────────────────────────┐",
        ])
        #expect(lines[38].hasPrefix("└") && lines[38].hasSuffix("┘"))
    }

    /// Sorted live: when the running run's best passes the done one's, it moves to the top and takes the ★; the
    /// selection stays on its run (now second) and shows in reverse video.
    @Test func rowsResortLiveAndTheBestMarkerMoves() {
        var s = SweepFixtures.state()
        s.apply(.event(run: 1, SweepFixtures.epoch(2, val: 0.47, best: 0.47)), at: 0)
        #expect(s.order == [1, 0, 2, 3] && s.best == 1 && s.selected == 0)
        let grid = SweepView.render(s, width: 80, height: 24, now: 0)
        #expect(grid.lines[3].hasPrefix("│ ★ 1  1e-3          0.25  running    40/100    0.4700"))
        #expect(grid.lines[4].hasPrefix("│▸  0  1e-3          0.1   done      100/100    0.4200"))
        #expect(grid[1, 4].attributes.contains(.reverse) && !grid[1, 3].attributes.contains(.reverse))
        #expect(grid[3, 3].attributes.contains(.bold) && !grid[3, 5].attributes.contains(.bold))
    }

    /// Ranked by the final validation accuracy (the tuning cell's `val_acc_history[-1]`): run 1 peaked at 0.47 but
    /// ends its third epoch at 0.40, below run 0's final 0.42, so run 0 stays first and holds the ★; the best-so-far
    /// column follows the final one. The sparklines share one (log) scale across the runs, as every sweep table's do.
    @Test func rankingByFinalValidationKeepsBestAsTheSecondColumn() {
        var s = SweepFixtures.state(ranking: .final)
        s.apply(.event(run: 1, SweepFixtures.epoch(2, val: 0.47, best: 0.47)), at: 0)
        s.apply(.event(run: 1, SweepFixtures.epoch(3, val: 0.40, best: 0.47)), at: 0)
        #expect(s.order == [0, 1, 2, 3] && s.best == 0)
        let lines = SweepView.render(s, width: 80, height: 24, now: 0).lines
        #expect(Array(lines[1...6]) == [
            "┌─ Runs (4) · final validation first ──────────────────────────────────────────┐",
            "│   #  learningRate  reg   state        iter  final val  best val  loss        │",
            "│▸★ 0  1e-3          0.1   done      100/100     0.4200    0.4200  ▃▂▂▂▂▁▁▁▁▁▁ │",
            "│   1  1e-3          0.25  running    40/100     0.4000    0.4700  ▄▅▆▆▇▇▇▇███ │",
            "│   2  5e-4          0.1   diverged    3/100          -         -  ▃▃×         │",
            "│   3  5e-4          0.25  queued          -          -         -              │",
        ])
    }

    @Test func asciiTableUsesPlainCharacters() {
        let lines = SweepView.render(SweepFixtures.state(ascii: true), width: 80, height: 24, now: 0).lines
        #expect(lines == [
            " toy sweep  4 runs  1 queued  1 running  1 done  1 diverged  jobs 2             ",
            "+- Runs (4) - best validation first -------------------------------------------+",
            "|   #  learningRate  reg   state        iter  best val  loss                   |",
            "|>* 0  1e-3          0.1   done      100/100    0.4200  -,........____________ |",
            "|   1  1e-3          0.25  running    40/100    0.3500  ,-=++++********####### |",
            "|   2  5e-4          0.1   diverged    3/100         -  ,,x                    |",
            "|   3  5e-4          0.25  queued          -         -                         |",
            "+------------------------------------------------------------------------------+",
            "+- Loss  raw 0.23 EMA(0.9) 0.242 ------++- Best val vs learningRate -----------+",
            "|  2.4+*                               ||0.462+                                |",
            "|     |*                               ||     |                @               |",
            "| 1.99+*                               ||0.378+                                |",
            "|     |.*                              ||     |                o               |",
            "|     |.*                              ||     |                                |",
            "| 1.37+ **                             ||0.252+                                |",
            "|     | .**                            ||     |                                |",
            "|     | ..**                           ||     |                                |",
            "|0.748+  ..****                        ||0.126+                                |",
            "|     |    ...******                   ||     |                                |",
            "|     |        ....********************||     |                                |",
            "|0.127+                               .||    0+                                |",
            "|      1                            100||      1e-3                            |",
            "+--------------------------------------++--------------------------------------+",
            "Up/Down select  Enter open run  a tuning key  q quit                            ",
        ])
    }

    @Test func tinyTerminalShowsTheDashboardsNotice() {
        let text = SweepView.render(SweepFixtures.state(), width: 60, height: 20, now: 0).lines.joined(separator: "\n")
        #expect(text.contains("terminal too small (need 80×24)") && !text.contains("Runs"))
    }

    /// Once no run is queued or training, the hints say so and `q` quits without asking.
    @Test func finishedSweepSaysSoAndQuitsAtOnce() {
        var s = SweepState(name: "toy", axes: ["model.reg"], settings: [["0.1"]], jobs: 1)
        s.apply(.event(run: 0, .started(Fixtures.info)), at: 0)
        s.apply(.ended(run: 0, SweepFixtures.summary(.done, best: 0.5)), at: 0)
        let lines = SweepView.render(s, width: 80, height: 24, now: 0).lines
        #expect(lines[0].hasPrefix(" toy sweep  1 runs  1 done  jobs 1"))
        #expect(lines[23].hasPrefix("all 1 runs finished  ↑↓ select"))
        #expect(s.handle(.character("q"), at: 0) == .quit)
    }

    // MARK: - Keys

    @Test func arrowsMoveTheSelectionDownTheSortedTableAndStopAtTheEnds() {
        var s = SweepFixtures.state()
        s.apply(.event(run: 1, SweepFixtures.epoch(2, val: 0.47, best: 0.47)), at: 0)  // order 1, 0, 2, 3
        _ = s.handle(.up, at: 0)
        #expect(s.selected == 1)
        _ = s.handle(.up, at: 0)
        #expect(s.selected == 1)
        for _ in 0..<5 { _ = s.handle(.down, at: 0) }
        #expect(s.selected == 3)
    }

    /// Enter opens the selected run's own dashboard; Esc (or Backspace) returns to the table.
    @Test func enterOpensTheRunsDashboardAndEscReturns() {
        var s = SweepFixtures.state()
        _ = s.handle(.down, at: 0)
        _ = s.handle(.enter, at: 0)
        #expect(s.screen == .run(1))
        let text = SweepView.render(s, width: 100, height: 30, now: 0).lines
        #expect(text[0].contains("toy-sweep-1") && text[0].contains("RUNNING") && text[0].contains("it 40/100"))
        #expect(text.joined().contains("Hyperparameters"))
        #expect(text[29].hasPrefix(SweepView.runHints))
        _ = s.handle(.escape, at: 0)
        #expect(s.screen == .table)
        _ = s.handle(.enter, at: 0)
        _ = s.handle(.backspace, at: 0)
        #expect(s.screen == .table)
    }

    /// In a run's dashboard, view keys work, steering keys are refused with a message, snapshot and CSV go to the
    /// main loop for that run, and Esc closes an open overlay before it leaves the dashboard.
    @Test func runDashboardRefusesSteeringAndPassesViewKeys() {
        var s = SweepFixtures.state()
        _ = s.handle(.enter, at: 0)
        #expect(s.handle(.character(" "), at: 0) == nil)
        #expect(s.handle(.right, at: 0) == nil)
        #expect(s.runs[0].dashboard.hyperparameters == Fixtures.hyperparameters)
        let footer = SweepView.render(s, width: 100, height: 30, now: 0).lines[29]
        #expect(footer.hasPrefix("a sweep trains each point as given: no steering here"), "\(footer)")
        #expect(s.handle(.character("s"), at: 0) == .run(0, .snapshot))
        #expect(s.handle(.character("e"), at: 0) == .run(0, .exportCSV))
        _ = s.handle(.character("l"), at: 0)
        #expect(s.runs[0].dashboard.view.logY)
        _ = s.handle(.character("m"), at: 0)
        _ = s.handle(.escape, at: 0)
        #expect(s.screen == .run(0) && s.runs[0].dashboard.overlay == nil)
        _ = s.handle(.escape, at: 0)
        #expect(s.screen == .table)
    }

    /// Esc in a run's dashboard closes whichever overlay is open (health, W1 beside, confusion) or the zoomed
    /// filter, and only then goes back to the table.
    @Test(arguments: ["d", "m", "z"])
    func escapeClosesTheOpenPanelBeforeLeavingTheRun(_ key: Character) {
        var s = SweepFixtures.state()
        _ = s.handle(.enter, at: 0)
        _ = s.handle(.character(key), at: 0)
        #expect(s.runs[0].dashboard.escapeCloses, "\(key) opened something")
        _ = s.handle(.escape, at: 0)
        #expect(s.screen == .run(0), "Esc closed the panel opened by \(key)")
        #expect(!s.runs[0].dashboard.escapeCloses)
        _ = s.handle(.escape, at: 0)
        #expect(s.screen == .table)
    }

    /// `?` in a run's dashboard lists what works there: the view keys and Esc, none of the refused steering keys.
    @Test func runDashboardHelpListsOnlyTheKeysThatWorkThere() {
        var s = SweepFixtures.state()
        _ = s.handle(.enter, at: 0)
        _ = s.handle(.character("?"), at: 0)
        let text = SweepView.render(s, width: 100, height: 30, now: 0).lines.joined(separator: "\n")
        #expect(text.contains("back to the sweep table") && text.contains("confusion matrix / training health"), "\(text)")
        for binding in KeyBinding.all where binding.steers {
            #expect(!text.contains(binding.action), "the sweep run's help offers '\(binding.keys)', which it refuses")
        }
        var solo = Fixtures.running()
        _ = solo.handle(.character("?"))
        let own = Dashboard.render(solo, width: 100, height: 30, now: 0).lines.joined(separator: "\n")
        #expect(own.contains("pause / resume") && !own.contains("back to the sweep table"))
    }

    /// `q` while runs are unfinished asks (in the table and in a run's dashboard); `y` quits, anything else cancels.
    @Test func quitAsksWhileRunsAreUnfinished() {
        var s = SweepFixtures.state()
        #expect(s.handle(.character("q"), at: 0) == nil && s.confirmingQuit)
        #expect(SweepView.render(s, width: 80, height: 24, now: 0).lines[23].hasPrefix("Quit the sweep?"))
        #expect(s.handle(.character("n"), at: 0) == nil && !s.confirmingQuit)
        #expect(SweepView.render(s, width: 80, height: 24, now: 0).lines[23].hasPrefix("quit cancelled"))
        _ = s.handle(.enter, at: 0)
        _ = s.handle(.character("q"), at: 0)
        #expect(SweepView.render(s, width: 100, height: 30, now: 0).lines[29].hasPrefix("Quit the sweep?"))
        #expect(s.handle(.character("y"), at: 0) == .quit)
    }

    /// A run that ends without starting (a trainer that cannot be built) shows as failed, below started runs.
    @Test func runThatFailsToStartIsFailed() {
        var s = SweepFixtures.state()
        s.apply(.ended(run: 3, SweepFixtures.summary(.failed, best: nil)), at: 0)
        #expect(s.runs[3].status == .ended(.failed) && s.order == [0, 1, 2, 3] && s.isInProgress)
        #expect(SweepView.render(s, width: 80, height: 24, now: 0).lines[6].hasPrefix("│   3  5e-4          0.25  failed "))
    }
}
