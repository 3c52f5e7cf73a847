import Foundation
@testable import NNDL
@testable import NNDLExperiments
import Testing
@testable import NNDLUI

/// `watch` on a folder of four runs, as the reader reports them: `a/001` done (best val 0.42), `a/002` running
/// (0.35, written 5 s ago), `b/001` stale (last written 300 s ago, no result.json), `sweep/point-1` a Slurm task that
/// exited 1 without a summary.
enum WatchFixtures {
    static let now = 1_000_000.0

    static func config(lr: Double, reg: Double) -> ExperimentConfig {
        var c = ExperimentConfig()
        c.name = "toy"
        c.solver.learningRate = lr
        c.model.reg = reg
        c.solver.numIterations = 100
        return c
    }

    static func state() -> SweepState {
        var s = SweepState(watching: "runs", staleAfter: 60, ascii: true, colorMode: .monochrome)
        s.tick(wallTime: now)
        let runs: [(String, ExperimentConfig)] = [
            ("a/001", config(lr: 1e-3, reg: 0.1)), ("a/002", config(lr: 1e-2, reg: 0.1)),
            ("b/001", config(lr: 1e-4, reg: 0.1)), ("sweep/point-1", config(lr: 1e-1, reg: 0.25)),
        ]
        for (id, config) in runs {
            s.apply(.appeared(id: id), at: 0)
            s.apply(.settings(id: id, config), at: 0)
        }
        func events(_ id: String, _ e: [TrainingEvent]) { s.apply(.events(id: id, e, restarted: false), at: 0) }
        events("a/001", [.started(Fixtures.info), .state(.running)] + (1...100).map { Fixtures.iteration($0) }
               + [SweepFixtures.epoch(1, val: 0.30, best: 0.30), SweepFixtures.epoch(2, val: 0.42, best: 0.42)])
        s.apply(.result(id: "a/001", SweepFixtures.summary(.done, best: 0.42)), at: 0)
        s.apply(.touched(id: "a/001", time: now - 30), at: 0)
        events("a/002", [.started(Fixtures.info), .state(.running)] + (1...40).map { Fixtures.iteration($0, loss: Double($0)) }
               + [SweepFixtures.epoch(1, val: 0.35, best: 0.35)])
        s.apply(.touched(id: "a/002", time: now - 5), at: 0)
        events("b/001", [.started(Fixtures.info), .state(.running)] + (1...10).map { Fixtures.iteration($0) })
        s.apply(.touched(id: "b/001", time: now - 300), at: 0)
        s.apply(.exited(id: "sweep/point-1", status: 1, log: ["nndl-tui: data: no CIFAR-10 in /scratch/cifar", "srun: error: task 1 exited"]), at: 0)
        s.apply(.touched(id: "sweep/point-1", time: now - 4000), at: 0)
        return s
    }
}

@Suite struct WatchViewTests {
    /// 100×30 in ASCII (what `watch --print` prints): the settings that differ between the runs (reg, learningRate;
    /// `name` and the rest are equal), the states (stale: 300 s > 60 s without a write; failed: the task's exit),
    /// best validation first with runs without one after, how long ago each last wrote, the sparklines on one
    /// scale; below, the selected run's loss and the tuning chart on the key with the most values (learningRate,
    /// log: 0.001 and 0.01 are the two runs with a validation accuracy).
    @Test func tableAndLowerPanelAt100x30() {
        #expect(SweepView.render(WatchFixtures.state(), width: 100, height: 30, now: 0).lines == [
            " watch runs  4 runs  1 running  1 stale  1 done  1 failed                                           ",
            "+- Runs (4) - best validation first ---------------------------------------------------------------+",
            "|   run            reg   learningRate  state        iter  best val  updated  loss                  |",
            "|>* a/001          0.1   0.001         done      100/100    0.4200      30s  -,........___________ |",
            "|   a/002          0.1   0.01          running    40/100    0.3500       5s  ,-=++++********###### |",
            "|   b/001          0.1   0.0001        stale      10/100         -       5m  --,,,,,,,,            |",
            "|   sweep/point-1  0.25  0.1           failed          -         -      66m                        |",
            "+--------------------------------------------------------------------------------------------------+",
            "+- Loss  raw 0.23 EMA(0.9) 0.242 ----------------++- Best val vs learningRate (log) ---------------+",
            "|  2.4+                                          ||0.462+                                          |",
            "|     |*                                         ||     |                                          |",
            "|     |*                                         ||     |  @                                       |",
            "|     |*                                         ||     |                                          |",
            "| 1.87+.*                                        ||0.353+                                       o  |",
            "|     |.*                                        ||     |                                          |",
            "|     |.*                                        ||     |                                          |",
            "|     | .*                                       ||     |                                          |",
            "| 1.33+ .*                                       ||0.245+                                          |",
            "|     | .**                                      ||     |                                          |",
            "|     |  .**                                     ||     |                                          |",
            "|     |  . **                                    ||     |                                          |",
            "|0.796+   .  **                                  ||0.136+                                          |",
            "|     |    .. ****                               ||     |                                          |",
            "|     |      ....*****                           ||     |                                          |",
            "|     |          .....**********                 ||     |                                          |",
            "|     |                    .....*****************||     |                                          |",
            "|0.127+                                          ||    0+                                          |",
            "|      1                                      100||      0.001                                 0.01|",
            "+------------------------------------------------++------------------------------------------------+",
            "Up/Down select  Enter open run  a tuning key  q quit                                                ",
        ])
    }

    /// Selecting the failed task puts its log's last lines where its loss would be.
    @Test func failedTaskShowsItsLog() {
        var s = WatchFixtures.state()
        for _ in 0..<3 { _ = s.handle(.down, at: 0) }
        #expect(SweepView.render(s, width: 100, height: 30, now: 0).lines == [
            " watch runs  4 runs  1 running  1 stale  1 done  1 failed                                           ",
            "+- Runs (4) - best validation first ---------------------------------------------------------------+",
            "|   run            reg   learningRate  state        iter  best val  updated  loss                  |",
            "| * a/001          0.1   0.001         done      100/100    0.4200      30s  -,........___________ |",
            "|   a/002          0.1   0.01          running    40/100    0.3500       5s  ,-=++++********###### |",
            "|   b/001          0.1   0.0001        stale      10/100         -       5m  --,,,,,,,,            |",
            "|>  sweep/point-1  0.25  0.1           failed          -         -      66m                        |",
            "+--------------------------------------------------------------------------------------------------+",
            "+- sweep/point-1 failed (exit 1) - log ----------++- Best val vs learningRate (log) ---------------+",
            "|nndl-tui: data: no CIFAR-10 in /scratch/cifar   ||0.462+                                          |",
            "|srun: error: task 1 exited                      ||     |                                          |",
            "|                                                ||     |  o                                       |",
            "|                                                ||     |                                          |",
            "|                                                ||0.353+                                       o  |",
            "|                                                ||     |                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||0.245+                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||0.136+                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||     |                                          |",
            "|                                                ||    0+                                          |",
            "|                                                ||      0.001                                 0.01|",
            "+------------------------------------------------++------------------------------------------------+",
            "Up/Down select  Enter open run  a tuning key  q quit                                                ",
        ])
    }

    struct StaleCase: Sendable, CustomStringConvertible {
        let secondsSinceWrite: Double
        let finished: Bool
        let expected: SweepRunStatus
        var description: String { "\(secondsSinceWrite)s finished \(finished)" }
    }

    static let staleCases = [
        StaleCase(secondsSinceWrite: 59, finished: false, expected: .running),
        StaleCase(secondsSinceWrite: 61, finished: false, expected: .stale),
        StaleCase(secondsSinceWrite: 3600, finished: true, expected: .ended(.done)),
    ]

    /// A run is stale after `staleAfter` seconds without a write unless it left a result; a write brings it back.
    @Test(arguments: staleCases)
    func staleAfterSilenceWithoutAResult(_ c: StaleCase) {
        var s = SweepState(watching: "runs", staleAfter: 60)
        s.apply(.appeared(id: "r"), at: 0)
        s.apply(.events(id: "r", [.started(Fixtures.info), .state(.running), Fixtures.iteration(1)], restarted: false), at: 0)
        s.apply(.touched(id: "r", time: 1000), at: 0)
        if c.finished { s.apply(.result(id: "r", SweepFixtures.summary(.done, best: 0.5)), at: 0) }
        s.tick(wallTime: 1000 + c.secondsSinceWrite)
        #expect(s.runs[0].status == c.expected)
        s.apply(.touched(id: "r", time: 1000 + c.secondsSinceWrite), at: 0)
        #expect(s.runs[0].status == (c.finished ? .ended(.done) : .running))
    }

    /// A vanished run leaves the table (and its open dashboard closes); a replaced metrics.csv starts its dashboard
    /// over; `q` quits at once (watching stops nothing); `a` moves the tuning chart to the next key.
    @Test func vanishRestartQuitAndAxisKeys() {
        var s = WatchFixtures.state()
        _ = s.handle(.down, at: 0)
        _ = s.handle(.enter, at: 0)
        #expect(s.screen == .run(1))
        s.apply(.vanished(id: "a/002"), at: 0)
        #expect(s.screen == .table && s.runs.map(\.label) == ["a/001", "b/001", "sweep/point-1"])
        #expect(s.runs.map(\.index) == [0, 1, 2])
        s.apply(.events(id: "a/001", [.started(Fixtures.info), .state(.running), Fixtures.iteration(1)], restarted: true), at: 0)
        #expect(s.runs[0].dashboard.loss.buckets.map(\.samples) == [1] && s.runs[0].dashboard.run == 1)
        #expect(s.axes == ["model.reg", "solver.learningRate"] && s.tuningAxis == 1)
        _ = s.handle(.character("a"), at: 0)
        #expect(s.tuningAxis == 0)
        #expect(s.handle(.character("q"), at: 0) == .quit)
    }
}
