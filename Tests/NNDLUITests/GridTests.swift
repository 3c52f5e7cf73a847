import Testing
@testable import NNDLUI

@Suite struct GridTests {
    @Test func putClipsAtTheEdge() {
        var g = Grid(width: 5, height: 2)
        g.put("hello world", x: 2, y: 1)
        #expect(g.lines == ["     ", "  hel"])
    }

    @Test func writeTouchesOnlyTheClipRectangle() {
        var g = Grid(width: 6, height: 3)
        g.fill(Rect(width: 6, height: 3), with: Cell("."))
        let clip = Rect(x: 1, y: 1, width: 3, height: 1)
        g.write("abcdef", x: 0, y: 1, clip: clip)
        g.write("zz", x: 0, y: 0, clip: clip)
        #expect(g.lines == ["......", ".bcd..", "......"])
    }

    @Test func boxWithTitle() {
        var g = Grid(width: 12, height: 3)
        let inner = g.drawBox(Rect(width: 12, height: 3), title: "Loss", characters: .unicode)
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 1))
        #expect(g.lines == ["┌─ Loss ───┐", "│          │", "└──────────┘"])
        var a = Grid(width: 6, height: 2)
        a.drawBox(Rect(width: 6, height: 2), title: "Hyperparameters", characters: .ascii)
        #expect(a.lines == ["+- Hy+", "+----+"])
    }

    @Test func diffOfEqualGridsIsEmpty() {
        let g = Grid(width: 4, height: 2)
        #expect(g.diff(from: g).isEmpty)
    }

    @Test func diffGroupsAdjacentChangesIntoRuns() {
        let before = Grid(width: 6, height: 2)
        var after = before
        after.put("ab", x: 1, y: 0)
        after.put("c", x: 4, y: 0)
        after[5, 1] = Cell("d", foreground: .indexed(1))
        #expect(after.diff(from: before) == [
            GridRun(x: 1, y: 0, cells: [Cell("a"), Cell("b")]),
            GridRun(x: 4, y: 0, cells: [Cell("c")]),
            GridRun(x: 5, y: 1, cells: [Cell("d", foreground: .indexed(1))]),
        ])
    }

    @Test func diffSeesColourOnlyChanges() {
        var before = Grid(width: 3, height: 1)
        before.put("abc", x: 0, y: 0)
        var after = before
        after[1, 0] = Cell("b", background: .rgb(1, 2, 3))
        #expect(after.diff(from: before) == [GridRun(x: 1, y: 0, cells: [Cell("b", background: .rgb(1, 2, 3))])])
    }

    @Test func diffAfterAResizeRewritesEveryRow() {
        var after = Grid(width: 3, height: 2)
        after.put("xyz", x: 0, y: 1)
        let runs = after.diff(from: Grid(width: 2, height: 2))
        #expect(runs.map(\.y) == [0, 1])
        #expect(runs.allSatisfy { $0.x == 0 && $0.cells.count == 3 })
        #expect(String(runs[1].cells.map(\.character)) == "xyz")
    }

    @Test func applyingTheDiffReproducesTheNewGrid() {
        var before = Grid(width: 5, height: 3)
        before.put("hello", x: 0, y: 0)
        var after = before
        after.put("HE", x: 0, y: 0)
        after.put("yo", x: 3, y: 2)
        var replay = before
        for run in after.diff(from: before) {
            for (i, cell) in run.cells.enumerated() { replay[run.x + i, run.y] = cell }
        }
        #expect(replay == after)
    }
}
