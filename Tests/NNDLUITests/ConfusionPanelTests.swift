@testable import NNDL
import Testing
@testable import NNDLUI

/// The `m` overlay: the latest epoch's validation confusion matrix and per-class accuracy.
@Suite struct ConfusionPanelTests {
    struct Size: Sendable, CustomStringConvertible {
        let width: Int, height: Int
        var description: String { "\(width)x\(height)" }
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// `Fixtures.running()` with an epoch-2 report carrying `Fixtures.confusion`, the matrix shown.
    static func showing(_ matrix: ConfusionMatrix = Fixtures.confusion, ascii: Bool = false) -> AppState {
        var state = Fixtures.running(ascii: ascii)
        state.apply(Fixtures.epoch(2, confusion: matrix))
        _ = state.handle(.character("m"))
        return state
    }

    /// The numbers after `name` on the first line that has `│ name ` (the counts, then the accuracy's digits).
    static func row(_ name: String, in lines: [String]) -> [String]? {
        guard let line = lines.first(where: { $0.contains("│ \(name) ") }) else { return nil }
        let rest = line[line.range(of: "│ \(name) ")!.upperBound...]
        return rest.split(separator: " ").prefix(11).map(String.init)
    }

    @Test(arguments: sizes)
    func everyClassRowShowsItsCountsAndAccuracy(_ size: Size) throws {
        let grid = Dashboard.render(Self.showing(), width: size.width, height: size.height, now: 0)
        let lines = grid.lines
        let m = Fixtures.confusion
        let fit = lines.allSatisfy { $0.count == size.width }
        #expect(fit, "every line fits the width")
        #expect(lines[0].contains("RUNNING") && lines.last!.hasPrefix("it 6: learning_rate"), "status and message rows stay")
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Confusion (val) · epoch 2 · it 100"))
        #expect(text.contains("565/835 right (67.7%)"), "trace / total")
        #expect(text.contains(size.width >= 120 ? "airpl autom  bird" : "airp auto bird"), "predicted classes across")
        for (t, name) in CIFAR10.defaultClassNames.enumerated() {
            let cells = try #require(Self.row(name, in: lines), "no row for \(name) at \(size)")
            #expect(cells.prefix(10).map { Int($0) } == (0..<10).map { m[t, $0] }, "\(name)'s counts")
            // The accuracy column is the diagonal over the row's sum: 43 / 70 for airplane.
            let percent = Double(m[t, t]) / Double(m.rows(ofClass: t)) * 100
            #expect(cells.last == Format.fixed(percent, places: 1) + "%", "\(name)'s accuracy")
        }
    }

    @Test(arguments: sizes)
    func theDiagonalIsHighlighted(_ size: Size) throws {
        let state = Self.showing()
        let grid = Dashboard.render(state, width: size.width, height: size.height, now: 0)
        let highlight = Palette(mode: state.colorMode).color(.validation)
        for (t, name) in CIFAR10.defaultClassNames.enumerated() {
            let y = try #require(grid.lines.firstIndex { $0.contains("│ \(name) ") })
            let line = Array(grid.lines[y])
            let left = try #require(String(line).range(of: "│ \(name) ").map { String(line)[..<$0.lowerBound].count })
            let right = try #require(line[(left + 1)...].firstIndex(of: "│"))
            let lit = (left..<right).map { grid[$0, y] }.filter { $0.foreground == highlight && $0.attributes.contains(.bold) }
            #expect(String(lit.map(\.character)) == "\(Fixtures.confusion[t, t])", "only \(name)'s diagonal count is lit")
        }
    }

    @Test(arguments: sizes)
    func waitsForTheFirstEpochWithAMatrix(_ size: Size) {
        var state = Fixtures.running()
        _ = state.handle(.character("m"))
        let text = Dashboard.render(state, width: size.width, height: size.height, now: 0).lines.joined(separator: "\n")
        #expect(text.contains("Confusion (val)") && text.contains(ConfusionPanel.waiting))
        state.apply(Fixtures.epoch(2, confusion: Fixtures.confusion))
        state.apply(.started(Fixtures.info))
        let restarted = Dashboard.render(state, width: size.width, height: size.height, now: 0).lines.joined(separator: "\n")
        #expect(restarted.contains(ConfusionPanel.waiting), "a restart drops the old run's matrix")
    }

    /// The toy net's three classes: a small box, whole names, the tally in the footer.
    @Test func threeClassesFitASmallBox() {
        let matrix = ConfusionMatrix(classNames: ["0", "1", "2"], counts: [2, 0, 0, 0, 1, 1, 1, 0, 0])
        let report = EpochReport(epoch: 3, totalEpochs: 10, iteration: 30, trainAccuracy: 0.8, valAccuracy: 0.6,
                                 bestValAccuracy: 0.6, learningRate: 1e-3, evaluationSeconds: 0, confusion: matrix)
        var grid = Grid(width: 56, height: 9)
        ConfusionPanel(report: report).render(into: &grid, area: Rect(width: 56, height: 9))
        #expect(grid.lines == [
            "                                                        ",
            "  ┌─ Confusion (val) · epoch 3 · it 30 ──────────────┐  ",
            "  │         0     1     2    acc                     │  ",
            "  │ 0       2     0     0 100.0%                     │  ",
            "  │ 1       0     1     1  50.0%                     │  ",
            "  │ 2       1     0     0   0.0%                     │  ",
            "  │ rows true, columns predicted · 3/5 right (60.0%) │  ",
            "  └──────────────────────────────────────────────────┘  ",
            "                                                        ",
        ])
    }

    @Test func asciiOverlayHasNoUnicode() {
        let grid = Dashboard.render(Self.showing(ascii: true), width: 80, height: 24, now: 0)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("Confusion (val) - epoch 2") && text.contains("| airplane "))
        let plain = text.unicodeScalars.allSatisfy(\.isASCII)
        #expect(plain)
    }

    @Test func mTogglesTheMatrixAndEscClosesIt() {
        var s = Fixtures.running()
        #expect(s.handle(.character("m")) == nil && (s.overlay == .confusion))
        #expect(s.handle(.character(" ")) == .engine(.pause), "keys keep working while the matrix shows")
        #expect(s.handle(.character("m")) == nil && (s.overlay != .confusion))
        _ = s.handle(.character("m"))
        _ = s.handle(.escape)
        #expect(s.overlay != .confusion)
        let closed = Dashboard.render(s, width: 80, height: 24, now: 0).lines.joined(separator: "\n")
        #expect(!closed.contains("Confusion"))
    }

    @Test func onlyTheNewestMatrixIsKept() {
        var state = Self.showing()
        let newer = ConfusionMatrix(classNames: CIFAR10.defaultClassNames, counts: (0..<100).map { $0 % 11 == 0 ? 100 : 0 })
        state.apply(Fixtures.epoch(3, confusion: newer))
        #expect(state.confusionReport?.epoch == 3 && state.confusionReport?.confusion == newer)
        #expect(state.epochs.map(\.epoch) == [1, 2, 3] && state.epochs.allSatisfy { $0.confusion == nil })
        let text = Dashboard.render(state, width: 80, height: 24, now: 0).lines.joined(separator: "\n")
        #expect(text.contains("epoch 3 · it 150") && text.contains("1000/1000 right (100.0%)"))
    }

    @Test func helpListsTheKey() {
        var state = Self.showing()
        _ = state.handle(.character("?"))
        let text = Dashboard.render(state, width: 80, height: 24, now: 0).lines.joined(separator: "\n")
        #expect(text.contains("m d  ") && text.contains("confusion matrix / training health"))
    }

    /// Headers keep the names when their cut is distinct, else the part after a shared prefix, else class numbers.
    @Test(arguments: [
        (CIFAR10.defaultClassNames, 3, ["air", "aut", "bir", "cat", "dee", "dog", "fro", "hor", "shi", "tru"]),
        ((0..<12).map { "class \($0)" }, 4, (0..<12).map { "\($0)" }),
        (["cat", "car"], 2, ["t", "r"]),
        (["x", "x"], 3, ["0", "1"]),
    ])
    func abbreviations(_ names: [String], _ length: Int, _ expected: [String]) {
        #expect(ConfusionLayout.abbreviations(names, length: length) == expected)
    }
}
