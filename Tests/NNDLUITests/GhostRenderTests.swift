import Foundation
@testable import NNDL
import Testing
@testable import NNDLUI

/// The loss and accuracy charts with ghosts, rendered as text at the dashboard's sizes.
@Suite struct GhostRenderTests {
    struct Size: Sendable, CustomStringConvertible {
        let width: Int, height: Int
        var description: String { "\(width)x\(height)" }
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// The loss panel at 80×24 in ASCII: the ghost (run 1, 12 iterations from 2.3) drawn as `1`s behind the live
    /// run's raw `.` and EMA `*` (8 iterations from 2.0); both axes widened to hold it; its legend on the last row.
    @Test func asciiLossPanelAt80x24() {
        let grid = Dashboard.render(GhostTests.restarted(ascii: true), width: 80, height: 24, now: 0)
        #expect(grid.lines[1...12].map { String($0.prefix(48)) } == [
            "+- Loss  raw 0.707 EMA(0.9) 1.01 --------------+",
            "|2.38+1                                        |",
            "|    |*11                                      |",
            "|    | **111                                   |",
            "| 1.6+  .******1111                            |",
            "|    |    ..   ********1111111                 |",
            "|    |      .......    *********111111111111   |",
            "|    |             .............            111|",
            "|0.56+                                         |",
            "|     1                                      12|",
            "| 11 run 1 best 0.290: lr 0.001->0.0005 (1 chan|",
            "+----------------------------------------------+",
        ])
    }

    /// At both sizes: the legend row sits inside the loss panel, ghost points (dim) are in both plots,
    /// nothing is drawn outside either panel, and `o` takes them all away again.
    @Test(arguments: sizes)
    func ghostsAndLegendStayInsideTheirPanels(_ size: Size) throws {
        let layout = try #require(DashboardLayout(width: size.width, height: size.height))
        let state = GhostTests.restarted()
        for (area, isLoss) in [(layout.loss, true), (layout.accuracy, false)] {
            let sentinel = Cell("¤")
            var grid = Grid(width: size.width, height: size.height)
            grid.fill(Rect(width: size.width, height: size.height), with: sentinel)
            if isLoss {
                Dashboard.lossChart(state).render(into: &grid, area: area)
            } else {
                Dashboard.accuracyChart(state).render(into: &grid, area: area)
            }
            var outside = 0, ghostCells = 0
            let ghost = GhostRun.style(age: 0, colorMode: .indexed256)
            for y in 0..<size.height {
                for x in 0..<size.width {
                    if !area.contains(x: x, y: y) && grid[x, y] != sentinel { outside += 1 }
                    if area.contains(x: x, y: y) && grid[x, y].foreground == ghost.foreground
                        && grid[x, y].attributes == ghost.attributes { ghostCells += 1 }
                }
            }
            #expect(outside == 0, "drew outside \(area)")
            #expect(ghostCells >= (isLoss ? 8 : 2), "ghost dots in \(area)")
        }
        let lines = Dashboard.render(state, width: size.width, height: size.height, now: 0).lines
        let legendRow = layout.loss.maxY - 2
        #expect(lines[legendRow].dropFirst(layout.loss.x + 1).hasPrefix(" ── run 1 best 0.290: lr 0.001→0.0005 (1 chang"))
        // `o` draws the dashboard of the same state without earlier runs; only the message row tells them apart.
        var hidden = state
        _ = hidden.handle(.character("o"))
        var bare = state
        bare.ghosts = []
        let plain = Dashboard.render(hidden, width: size.width, height: size.height, now: 0).lines
        let withoutGhosts = Dashboard.render(bare, width: size.width, height: size.height, now: 0).lines
        #expect(plain.dropLast() == withoutGhosts.dropLast())
        #expect(plain.last == Format.padRight("hiding 1 earlier run (o shows them)", size.width))
        #expect(plain[layout.loss.y..<layout.loss.maxY] != lines[layout.loss.y..<layout.loss.maxY])
    }

    /// `GhostTests.restarted(ascii: true)` restarted again with reg 0.1: run 3 is live (5 iterations of loss 1.5 / i,
    /// epoch 1 at train 0.40, val 0.38), runs 1 and 2 are ghosts.
    static func twoGhosts() -> AppState {
        var state = GhostTests.restarted(ascii: true)
        var info = Fixtures.info
        info.hyperparameters.reg = 0.1
        state.apply(.started(info))
        for i in 1...5 { state.apply(Fixtures.iteration(i, loss: 1.5 / Double(i))) }
        state.apply(Fixtures.epoch(1, train: 0.4, val: 0.38))
        return state
    }

    struct Chart: Sendable, CustomStringConvertible {
        let loss: Bool, width: Int, height: Int, expected: [String]
        var description: String { loss ? "loss" : "accuracy" }
    }

    static let charts = [
        // raw 1.5 / 5 = 0.3; EMA(0.9) 0.2573 / (1 − 0.9⁵) = 0.628. x: the live 1…5 widened to the longest ghost's 12;
        // the 52 plot columns put iteration 5 at column round(4/11 · 51) = 19 and 8 at round(7/11 · 51) = 32. y: the
        // live 0.24…1.56 (0.3…1.5 padded by 5%) widened to run 1's 2.3, padded by 5% of 2.3 − 0.24: 0.137…2.40, a
        // row 0.227, labels on rows 0, 2, 5, 7, 10. Run 1's EMA from 2.3 is `1` over all 12, run 2's from 2.0 is `2`
        // over 8, the live EMA `*` over its raw `.`. Legends newest first: how each ghost's settings differ from the
        // live run's (lr 0.001, reg 0.1).
        Chart(loss: true, width: 60, height: 16, expected: [
            "+- Loss  raw 0.3 EMA(0.9) 0.628 ---------------------------+",
            "|  2.4+11                                                  |",
            "|     |  11                                                |",
            "| 1.95+222 111                                             |",
            "|     |   222211111                                        |",
            "|     |**     22222111111111                               |",
            "| 1.27+ .**        22222222211111111111111                 |",
            "|     |   .***              222222222222  11111111111111111|",
            "|0.817+     ..**********                                   |",
            "|     |       .....     ***                                |",
            "|     |            ........                                |",
            "|0.137+                                                    |",
            "|      1                                                 12|",
            "| 22 run 2 best 0.330: lr 0.0005->0.001, reg 0.25->0.1     |",
            "| 11 run 1 best 0.290: reg 0.25->0.1 (1 change mid-run)    |",
            "+----------------------------------------------------------+",
        ]),
        // Everything is at epoch 1, the first column of 1…2. y: 0.29…0.40 padded by the 0.01 minimum, 0.28…0.41 over
        // 8 rows of 0.0186: the live train 0.40 `+` on row 1, its best val 0.38 as `@` on row 2 (over its `o`), run
        // 2's train 0.36 and val 0.33 on rows 3 and 4, run 1's 0.31 and 0.29 on rows 5 and 6.
        Chart(loss: false, width: 60, height: 12, expected: [
            "+- Accuracy - best val 0.380 (ep 1) -----------------------+",
            "| + train 0.400  o val 0.380  gap +0.020                   |",
            "| 0.41+                                                    |",
            "|     |+                                                   |",
            "|     |@                                                   |",
            "|0.354+2                                                   |",
            "|     |2                                                   |",
            "|     |1                                                   |",
            "|     |1                                                   |",
            "| 0.28+                                                    |",
            "|      1                                                  2|",
            "+----------------------------------------------------------+",
        ]),
    ]

    /// In ASCII each ghost's points are its run number's digit, on both charts.
    @Test(arguments: charts)
    func asciiGhostsUseTheirRunDigit(_ chart: Chart) {
        let state = Self.twoGhosts()
        let grid = Grid.rendering(width: chart.width, height: chart.height) { grid, area in
            if chart.loss {
                Dashboard.lossChart(state).render(into: &grid, area: area)
            } else {
                Dashboard.accuracyChart(state).render(into: &grid, area: area)
            }
        }
        #expect(grid.lines == chart.expected)
    }

    /// On the dashboard at both sizes nothing is non-ASCII, and both ghosts' legends sit on the loss panel's last rows.
    @Test(arguments: sizes)
    func asciiDashboardWithGhosts(_ size: Size) throws {
        let layout = try #require(DashboardLayout(width: size.width, height: size.height))
        let lines = Dashboard.render(Self.twoGhosts(), width: size.width, height: size.height, now: 0).lines
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        let legend = lines[(layout.loss.maxY - 3)..<(layout.loss.maxY - 1)].map { String($0.dropFirst(layout.loss.x + 1)) }
        #expect(legend[0].hasPrefix(" 22 run 2 best 0.330: lr 0.0005->0.001"))
        #expect(legend[1].hasPrefix(" 11 run 1 best 0.290: reg 0.25->0.1 (1 change"))
    }
}

/// `b`: this run's W1 beside the best earlier run's, over the dashboard.
@Suite struct FiltersBesideTests {
    /// `GhostTests.restarted()` with a W1 snapshot of the live run (the fixture's filters negated, at it 8).
    static func state(ascii: Bool = false) -> AppState {
        var s = GhostTests.restarted(ascii: ascii)
        var live = Fixtures.filters
        live.iteration = 8
        live.values = live.values.map { -$0 }
        s.apply(.filters(live))
        return s
    }

    @Test func bShowsTheBestEarlierRunsFiltersAndEscCloses() throws {
        var s = Fixtures.running()
        _ = s.handle(.character("b"))
        #expect(s.overlay != .filtersBeside)
        #expect(s.visibleMessage(at: 0)?.text == "no earlier run with W1 filters yet: r restarts and keeps this one")
        s = Self.state()
        #expect(s.bestGhostWithFilters?.run == 1 && s.bestGhostWithFilters?.filters == Fixtures.filters)
        _ = s.handle(.character("b"))
        #expect(s.overlay == .filtersBeside)
        _ = s.handle(.escape)
        #expect(s.overlay != .filtersBeside)
        _ = s.handle(.character("b"))
        _ = s.handle(.character("b"))
        #expect(s.overlay != .filtersBeside, "b closes it too")
    }

    @Test func theBestGhostIsTheOneWithTheHighestValidationAccuracy() {
        var s = Self.state()  // ghost run 1: best 0.290; the live run 2 reaches 0.330
        s.apply(.started(Fixtures.info))
        #expect(s.ghosts.map(\.run) == [1, 2] && s.bestGhostWithFilters?.run == 2)
        #expect(s.bestGhostWithFilters?.filters?.iteration == 8)
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func bothGridsSideBySide(width: Int, height: Int) throws {
        var s = Self.state(ascii: true)
        _ = s.handle(.character("b"))
        let layout = try #require(DashboardLayout(width: width, height: height))
        let lines = Dashboard.render(s, width: width, height: height, now: 0).lines
        let body = lines[layout.body.y..<layout.body.maxY]
        let half = width / 2
        #expect(body.first!.hasPrefix("+- W1 now - run 2 - it 8 - per-filter "))
        #expect(body.first!.dropFirst(half).hasPrefix("+- W1 run 1 - best 0.290 - it 12 "))
        let ramp = Set(FilterGrid.ramp.dropFirst())
        let left = body.dropFirst().dropLast().map { $0.dropFirst(1).prefix(half - 2) }
        let right = body.dropFirst().dropLast().map { $0.dropFirst(half + 1).prefix(width - half - 2) }
        #expect(left.joined().filter { ramp.contains($0) }.count >= 20, "this run's grid is drawn")
        #expect(right.joined().filter { ramp.contains($0) }.count >= 20, "the earlier run's grid is drawn")
        #expect(left != right, "the two runs' weights differ")
        let under = Dashboard.render(Self.state(ascii: true), width: width, height: height, now: 0).lines
        #expect(lines[0] == under[0] && lines[height - 1] == under[height - 1], "status and message rows stay")
    }
}
