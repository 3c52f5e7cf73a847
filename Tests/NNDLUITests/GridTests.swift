import Testing
@testable import NNDLUI

@Suite struct GridTests {
    @Test func putClipsAtTheEdge() {
        var g = Grid(width: 5, height: 2)
        g.put("hello world", x: 2, y: 1)
        #expect(g.lines == ["     ", "  hel"])
    }
}
