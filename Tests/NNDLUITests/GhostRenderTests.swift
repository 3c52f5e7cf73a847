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
        var hidden = state
        _ = hidden.handle(.character("o"))
        let plain = Dashboard.render(hidden, width: size.width, height: size.height, now: 0).lines
        #expect(!plain.joined().contains("run 1"))
        #expect(plain[layout.loss.y...].prefix(layout.loss.height) != lines[layout.loss.y...].prefix(layout.loss.height))
    }

    /// A panel row's plot cells: what follows the y axis (`|` or `+` after the frame and the labels).
    static func plot(_ row: Substring) -> Substring {
        let inside = row.dropFirst()
        return inside.firstIndex { $0 == "|" || $0 == "+" }.map { inside[inside.index(after: $0)...] } ?? ""
    }

    /// In ASCII each ghost's points are its run number's digit, on both charts, and nothing else is non-ASCII.
    @Test(arguments: sizes)
    func asciiGhostsUseTheirRunDigit(_ size: Size) throws {
        var state = GhostTests.restarted(ascii: true)
        var info = Fixtures.info
        info.hyperparameters.reg = 0.1
        state.apply(.started(info))  // run 2 becomes a second ghost
        for i in 1...5 { state.apply(Fixtures.iteration(i, loss: 1.5 / Double(i))) }
        state.apply(Fixtures.epoch(1, train: 0.4, val: 0.38))
        let layout = try #require(DashboardLayout(width: size.width, height: size.height))
        let lines = Dashboard.render(state, width: size.width, height: size.height, now: 0).lines
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        let loss = lines[(layout.loss.y + 1)..<(layout.loss.maxY - 4)].map { $0.dropFirst(layout.loss.x).prefix(layout.loss.width) }
        let accuracy = lines[(layout.accuracy.y + 2)..<(layout.accuracy.maxY - 2)].map { $0.dropFirst(layout.accuracy.x).prefix(layout.accuracy.width) }
        for digit in ["1", "2"] {
            #expect(loss.contains { Self.plot($0).contains(digit) }, "ghost \(digit) on the loss plot")
            #expect(accuracy.contains { Self.plot($0).contains(digit) }, "ghost \(digit) on the accuracy plot")
        }
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
        #expect(lines[0].contains("RUNNING") && lines[height - 1].contains("it 6"), "status and message rows stay")
    }
}
