@testable import NNDL
import Testing
@testable import NNDLUI

/// The `d` overlay: ‖W‖, ‖∇W‖, ‖ΔW‖/‖W‖ and dead ReLUs per layer, the plateau and overfitting warnings.
@Suite struct HealthPanelTests {
    struct Size: Sendable, CustomStringConvertible {
        let width: Int, height: Int
        var description: String { "\(width)x\(height)" }
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// Three layers: W1's ratio 0.002 / 2 = 1e-3 (healthy), W2's 0.2 / 4 = 5e-2 and W3's 1.25e-5 / 0.5 = 2.5e-5
    /// (both off); 1 of 3 units of hidden layer 1 dead (33.3%), 30 of 50 of layer 2 (60%, over the alarm).
    static let report = HealthReport(
        iteration: 40, batchSize: 200,
        weights: [
            WeightHealth(name: "W1", weightNorm: 2, gradientNorm: 0.2, updateNorm: 0.002),
            WeightHealth(name: "W2", weightNorm: 4, gradientNorm: 1.6, updateNorm: 0.2),
            WeightHealth(name: "W3", weightNorm: 0.5, gradientNorm: 0.25, updateNorm: 0.0000125),
        ],
        deadReLUs: [DeadReLUs(layer: 1, dead: 1, units: 3), DeadReLUs(layer: 2, dead: 30, units: 50)],
        warnings: [.plateau(window: 200, recent: 1.84, previous: 1.85),
                   .overfitting(gap: 0.3125, threshold: 0.15, checks: 2)])

    /// The box, as drawn at both sizes.
    static let box = [
        "┌─ Training health · it 40 · batch 200 ──────────────────────┐",
        "│ layer        ‖W‖      ‖∇W‖   ‖ΔW‖/‖W‖  dead ReLUs          │",
        "│ W1      2.00e+00  2.00e-01   1.00e-03  1/3 (33.3%)         │",
        "│ W2      4.00e+00  1.60e+00   5.00e-02  30/50 (60.0%)       │",
        "│ W3      5.00e-01  2.50e-01   2.50e-05  -                   │",
        "│                                                            │",
        "│ ! loss plateau: mean 1.84 over the last 200 it vs 1.85     │",
        "│   over the 200 before (-0.5%)                              │",
        "│ ! overfitting: train - val accuracy 0.312 > 0.15 at the    │",
        "│   last 2 checks                                            │",
        "│                                                            │",
        "│ ‖ΔW‖/‖W‖ about 1e-3 is healthy; coloured outside 1e-4…1e-2 │",
        "│ dead: ReLU output 0 for all 200 rows of the minibatch      │",
        "└────────────────────────────────────────────────────────────┘",
    ]

    /// `Fixtures.running()` with `report` applied and the panel shown.
    static func showing(_ report: HealthReport = report, ascii: Bool = false) -> AppState {
        var state = Fixtures.running(ascii: ascii)
        state.apply(.health(report))
        _ = state.handle(.character("d"))
        return state
    }

    /// The rows of the framed box titled `title` in `lines` (frame included), and its top-left corner.
    static func box(in lines: [String], title: String, ascii: Bool = false) -> (rows: [String], x: Int, y: Int)? {
        guard let y = lines.firstIndex(where: { $0.contains(title) }) else { return nil }
        let top = Array(lines[y]), name = Array(title)
        guard let start = top.indices.first(where: { Array(top[$0...].prefix(name.count)) == name }) else { return nil }
        let x = start - 3
        guard let right = top[start...].firstIndex(of: ascii ? "+" : "┐") else { return nil }
        var rows: [String] = []
        for line in lines[y...] {
            let cells = Array(line)
            rows.append(String(cells[x...right]))
            if rows.count > 1 && cells[x] == (ascii ? "+" : "└") { break }
        }
        return (rows, x, y)
    }

    @Test(arguments: sizes)
    func drawsTheReportCentredOverTheDashboard(_ size: Size) throws {
        let lines = Dashboard.render(Self.showing(), width: size.width, height: size.height, now: 0).lines
        #expect(lines.allSatisfy { $0.count == size.width }, "every line fits the width")
        #expect(lines[0].contains("RUNNING"), "the status row stays")
        let found = try #require(Self.box(in: lines, title: "Training health"))
        #expect(found.rows == Self.box)
        let body = (top: 1, height: size.height - 2)
        #expect(found.x == (size.width - Self.box[0].count) / 2 && found.y == body.top + (body.height - Self.box.count) / 2)
    }

    /// Off ratios (W2, W3) and the 60% dead layer are drawn in the alarm colour, bold; the healthy ones are not.
    @Test(arguments: sizes)
    func offFiguresAreColoured(_ size: Size) throws {
        let state = Self.showing()
        let grid = Dashboard.render(state, width: size.width, height: size.height, now: 0)
        let alarm = Palette(mode: state.colorMode).color(.error)
        let found = try #require(Self.box(in: grid.lines, title: "Training health"))
        func lit(_ name: String) throws -> String {
            let y = try #require(grid.lines.firstIndex { $0.contains("│ \(name) ") })
            return String((found.x..<(found.x + Self.box[0].count)).map { grid[$0, y] }
                .filter { $0.foreground == alarm && $0.attributes.contains(.bold) }.map(\.character))
        }
        #expect(try lit("W1") == "", "1e-3 and 33% are fine")
        #expect(try lit("W2") == "5.00e-0230/50 (60.0%)", "the ratio and the dead count")
        #expect(try lit("W3") == "2.50e-05")
    }

    @Test func monochromeMarksOffFiguresInReverse() throws {
        var state = Self.showing()
        while state.colorMode != .monochrome { _ = state.handle(.character("c")) }
        let grid = Dashboard.render(state, width: 80, height: 24, now: 0)
        let found = try #require(Self.box(in: grid.lines, title: "Training health"))
        let y = try #require(grid.lines.firstIndex { $0.contains("│ W3 ") })
        let reversed = (found.x..<(found.x + Self.box[0].count)).map { grid[$0, y] }
            .filter { $0.attributes.contains(.reverse) }.map(\.character)
        #expect(String(reversed) == "2.50e-05")
    }

    @Test func asciiPanelHasNoUnicode() throws {
        let lines = Dashboard.render(Self.showing(ascii: true), width: 80, height: 24, now: 0).lines
        let text = lines.joined(separator: "\n")
        let plain = text.unicodeScalars.allSatisfy(\.isASCII)
        #expect(plain)
        let found = try #require(Self.box(in: lines, title: "Training health - it 40", ascii: true))
        #expect(found.rows[1] == "| layer        |W|      |dW|  |upd|/|W|  dead ReLUs            |")
        #expect(found.rows.contains("| |upd|/|W| about 1e-3 is healthy; coloured outside 1e-4..1e-2 |"))
    }

    @Test(arguments: sizes)
    func waitsForTheFirstMeasurementAndForgetsItOnRestart(_ size: Size) {
        var state = Fixtures.running()
        _ = state.handle(.character("d"))
        let before = Dashboard.render(state, width: size.width, height: size.height, now: 0).lines.joined(separator: "\n")
        #expect(before.contains("─ Training health ─") && before.contains(HealthPanel.waiting))
        state.apply(.health(Self.report))
        #expect(!Dashboard.render(state, width: size.width, height: size.height, now: 0).lines
            .joined(separator: "\n").contains(HealthPanel.waiting))
        state.apply(.started(Fixtures.info))
        #expect(state.health == nil)
        let restarted = Dashboard.render(state, width: size.width, height: size.height, now: 0).lines.joined(separator: "\n")
        #expect(restarted.contains(HealthPanel.waiting), "a restart drops the old run's report")
    }

    /// 40 layers fit neither screen: the first ones are shown, then `+N more layers`, and the legend stays.
    @Test(arguments: sizes)
    func deepNetsShowTheFirstLayers(_ size: Size) throws {
        let weights = (1...40).map { WeightHealth(name: "W\($0)", weightNorm: 1, gradientNorm: 1, updateNorm: 1e-3) }
        let deep = HealthReport(iteration: 1, batchSize: 8, weights: weights, deadReLUs: [], warnings: [])
        let lines = Dashboard.render(Self.showing(deep), width: size.width, height: size.height, now: 0).lines
        let found = try #require(Self.box(in: lines, title: "Training health"))
        // The box fills the body (height - 2 rows); inside: header, layers, "+N more", blank, all-clear, blank and
        // 2 legend lines.
        let inside = size.height - 4
        let shown = inside - 7
        #expect(found.rows.count == inside + 2 && found.y == 1)
        #expect(found.rows[1 + shown].hasPrefix("│ W\(shown) ") && found.rows[2 + shown].hasPrefix("│ +\(40 - shown) more layers"))
        #expect(found.rows[found.rows.count - 2].contains("dead: ReLU output 0 for all 8 rows"))
        #expect(found.rows.contains { $0.contains("no plateau or overfitting warning") })
    }

    // MARK: - Keys and state

    @Test func dTogglesThePanelAndClosesTheMatrix() {
        var s = Fixtures.running()
        #expect(s.handle(.character("d")) == nil && (s.overlay == .health))
        #expect(s.handle(.character(" ")) == .engine(.pause), "keys keep working while the panel shows")
        _ = s.handle(.character("m"))
        #expect((s.overlay == .confusion) && (s.overlay != .health), "one overlay at a time")
        _ = s.handle(.character("d"))
        #expect((s.overlay == .health) && (s.overlay != .confusion))
        _ = s.handle(.character("d"))
        #expect(s.overlay != .health)
        _ = s.handle(.character("d"))
        _ = s.handle(.escape)
        #expect(s.overlay != .health)
        #expect(!Dashboard.render(s, width: 80, height: 24, now: 0).lines.joined().contains("Training health"))
    }

    /// Each kind of warning reaches the message line once a run (both at once share one message).
    @Test func warningsArePostedOncePerRun() {
        var s = Fixtures.running()
        var quiet = Self.report
        quiet.warnings = []
        s.apply(.health(quiet), at: 10)
        #expect(s.message?.text.hasPrefix("it 6:") == true, "no warning, no message")
        s.apply(.health(Self.report), at: 11)
        #expect(s.message == StatusMessage(
            text: Self.report.warnings.map(\.text).joined(separator: "; ") + " (d: health)", isError: true, time: 11))
        s.apply(.message("checkpoint saved"), at: 12)
        s.apply(.health(Self.report), at: 13)
        #expect(s.message?.text == "checkpoint saved", "not again")
        s.apply(.started(Fixtures.info), at: 14)
        s.apply(.health(Self.report), at: 15)
        #expect(s.message?.time == 15 && s.message?.isError == true, "again after a restart")
        #expect(s.health == Self.report)
    }

    @Test func helpListsTheKey() {
        var state = Self.showing()
        _ = state.handle(.character("?"))
        let text = Dashboard.render(state, width: 80, height: 24, now: 0).lines.joined(separator: "\n")
        #expect(text.contains("m d  ") && text.contains("confusion matrix / training health"))
    }

    @Test(arguments: [
        ("loss plateau: mean 1.84 over the last", 13, ["loss plateau:", "mean 1.84", "over the last"]),
        ("a verylongword b", 4, ["a", "verylongword", "b"]),
    ])
    func wrapping(_ text: String, _ width: Int, _ expected: [String]) {
        #expect(HealthPanel.wrap(text, width: width) == expected)
    }
}
