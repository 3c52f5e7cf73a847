@testable import NNDL
import Testing
@testable import NNDLUI

/// The `d` overlay: ‖W‖, ‖∇W‖, ‖ΔW‖/‖W‖ and dead ReLUs per layer, the plateau and overfitting warnings.
@Suite struct HealthPanelTests {
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

    /// The box drawn alone in its own 62 × 14: the content is as wide as the first legend line (58 characters; the
    /// table needs 6 + 3·10 + 1 + 2 + 14 for `30/50 (100.0%)` = 53), plus a frame and a column of padding each
    /// side; the warnings wrap at 58 − 2 = 56. The plateau's change is (1.84 − 1.85) / 1.85 = −0.5%; the gap 0.3125 prints as 0.312.
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

    /// Before the first report: the content is the notice's 33 characters, so the box is 37 wide.
    static let waiting = [
        "┌─ Training health ─────────────────┐",
        "│ waiting for the first measurement │",
        "└───────────────────────────────────┘",
    ]

    /// `Fixtures.running()` with `report` applied and the panel shown.
    static func showing(_ report: HealthReport = report, ascii: Bool = false) -> AppState {
        var state = Fixtures.running(ascii: ascii)
        state.apply(.health(report))
        _ = state.handle(.character("d"))
        return state
    }

    /// `panel` drawn alone in `width` × `height` (the report's box by default).
    static func render(_ panel: HealthPanel, width: Int = 62, height: Int = 14) -> Grid {
        .rendering(width: width, height: height) { panel.render(into: &$0, area: $1) }
    }

    /// Where the 62 × 14 box lands on a dashboard: centred in the body (the rows between status and message).
    struct Placement: Sendable, CustomStringConvertible {
        let width: Int, height: Int, x: Int, y: Int
        var description: String { "\(width)x\(height)" }
    }

    // x = (width − 62) / 2; y = 1 + (height − 2 − 14) / 2.
    static let placements = [
        Placement(width: 80, height: 24, x: 9, y: 5), Placement(width: 120, height: 40, x: 29, y: 13),
    ]

    /// The dashboard is the one without the panel with the box pasted over it, cell for cell (colours included):
    /// the status and message rows and the charts around the box are untouched.
    @Test(arguments: placements)
    func drawsTheReportCentredOverTheDashboard(_ at: Placement) {
        let state = Self.showing()
        let box = Self.render(HealthPanel(state))
        #expect(box.lines == Self.box)
        var closed = state
        closed.view.overlay = nil
        let grid = Dashboard.render(state, width: at.width, height: at.height, now: 0)
        let expected = Dashboard.render(closed, width: at.width, height: at.height, now: 0)
            .pasting(box, x: at.x, y: at.y)
        #expect(grid.lines == expected.lines)
        #expect(grid == expected)
    }

    struct Marking: Sendable, CustomStringConvertible {
        let colorMode: ColorMode, expected: [String]
        var description: String { "\(colorMode)" }
        /// Whether `cell` is drawn as an alarm: the error colour, bold; reverse video in monochrome.
        func marks(_ cell: Cell) -> Bool {
            colorMode == .monochrome ? cell.attributes.contains(.reverse)
                : cell.foreground == Palette(mode: colorMode).color(.error) && cell.attributes.contains(.bold)
        }
    }

    /// Only the alarm cells of the box. The off ratios are W2's 5e-2 and W3's 2.5e-5 (outside 1e-4…1e-2) and the
    /// dead count from 50% up is layer 2's 60%; W1's 1e-3 and 33.3% stay plain. In colour the warnings share the
    /// alarm style; in monochrome they are only bold, so reverse video marks the three figures alone.
    static let markings = [
        Marking(colorMode: .indexed256, expected: [
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                               5.00e-02  30/50 (60.0%)        ",
            "                               2.50e-05                       ",
            "                                                              ",
            "  ! loss plateau: mean 1.84 over the last 200 it vs 1.85      ",
            "    over the 200 before (-0.5%)                               ",
            "  ! overfitting: train - val accuracy 0.312 > 0.15 at the     ",
            "    last 2 checks                                             ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
        ]),
        Marking(colorMode: .monochrome, expected: [
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                               5.00e-02  30/50 (60.0%)        ",
            "                               2.50e-05                       ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
            "                                                              ",
        ]),
    ]

    @Test(arguments: markings)
    func offFiguresAreMarked(_ marking: Marking) {
        var state = Self.showing()
        while state.colorMode != marking.colorMode { _ = state.handle(.character("c")) }
        let box = Self.render(HealthPanel(state))
        #expect(box.lines == Self.box, "the colours change, the text does not")
        #expect(box.lines(where: marking.marks) == marking.expected)
    }

    /// The ASCII legend is 60 characters, so the box is 64 wide and the warnings wrap at 58.
    @Test func asciiPanelHasNoUnicode() {
        let state = Self.showing(ascii: true)
        #expect(Self.render(HealthPanel(state), width: 64).lines == [
            "+- Training health - it 40 - batch 200 ------------------------+",
            "| layer        |W|      |dW|  |upd|/|W|  dead ReLUs            |",
            "| W1      2.00e+00  2.00e-01   1.00e-03  1/3 (33.3%)           |",
            "| W2      4.00e+00  1.60e+00   5.00e-02  30/50 (60.0%)         |",
            "| W3      5.00e-01  2.50e-01   2.50e-05  -                     |",
            "|                                                              |",
            "| ! loss plateau: mean 1.84 over the last 200 it vs 1.85 over  |",
            "|   the 200 before (-0.5%)                                     |",
            "| ! overfitting: train - val accuracy 0.312 > 0.15 at the last |",
            "|   2 checks                                                   |",
            "|                                                              |",
            "| |upd|/|W| about 1e-3 is healthy; coloured outside 1e-4..1e-2 |",
            "| dead: ReLU output 0 for all 200 rows of the minibatch        |",
            "+--------------------------------------------------------------+",
        ])
        #expect(Fixtures.dashboardIsASCII(state), "nor does the rest of the dashboard")
    }

    @Test func waitsForTheFirstMeasurementAndForgetsItOnRestart() {
        var state = Fixtures.running()
        _ = state.handle(.character("d"))
        #expect(Self.render(HealthPanel(state), width: 37, height: 3).lines == Self.waiting)
        state.apply(.health(Self.report))
        #expect(Self.render(HealthPanel(state)).lines == Self.box)
        state.apply(.started(Fixtures.info))
        #expect(state.health == nil)
        #expect(Self.render(HealthPanel(state), width: 37, height: 3).lines == Self.waiting,
                "a restart drops the old run's report")
    }

    struct Deep: Sendable, CustomStringConvertible {
        let height: Int, expected: [String]
        var description: String { "height \(height)" }
    }

    /// 40 layers in a box that fills `height` rows: `height − 2` inside, of which the tail (blank, all-clear, blank,
    /// two legend lines) takes 5, the header 1 and the `+N more layers` row 1; the rest shows `height − 9` layers,
    /// so N = 40 − (height − 9): W1…W3 and +37 at 12 rows, W1…W5 and +35 at 14.
    static let deep = [
        Deep(height: 12, expected: [
            "┌─ Training health · it 1 · batch 8 ─────────────────────────┐",
            "│ layer        ‖W‖      ‖∇W‖   ‖ΔW‖/‖W‖  dead ReLUs          │",
            "│ W1      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ W2      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ W3      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ +37 more layers                                            │",
            "│                                                            │",
            "│ no plateau or overfitting warning                          │",
            "│                                                            │",
            "│ ‖ΔW‖/‖W‖ about 1e-3 is healthy; coloured outside 1e-4…1e-2 │",
            "│ dead: ReLU output 0 for all 8 rows of the minibatch        │",
            "└────────────────────────────────────────────────────────────┘",
        ]),
        Deep(height: 14, expected: [
            "┌─ Training health · it 1 · batch 8 ─────────────────────────┐",
            "│ layer        ‖W‖      ‖∇W‖   ‖ΔW‖/‖W‖  dead ReLUs          │",
            "│ W1      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ W2      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ W3      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ W4      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ W5      1.00e+00  1.00e+00   1.00e-03  -                   │",
            "│ +35 more layers                                            │",
            "│                                                            │",
            "│ no plateau or overfitting warning                          │",
            "│                                                            │",
            "│ ‖ΔW‖/‖W‖ about 1e-3 is healthy; coloured outside 1e-4…1e-2 │",
            "│ dead: ReLU output 0 for all 8 rows of the minibatch        │",
            "└────────────────────────────────────────────────────────────┘",
        ]),
    ]

    /// Too many layers for the box: the first ones, then `+N more layers`; the warnings line and legend stay.
    @Test(arguments: deep)
    func deepNetsShowTheFirstLayers(_ deep: Deep) {
        let weights = (1...40).map { WeightHealth(name: "W\($0)", weightNorm: 1, gradientNorm: 1, updateNorm: 1e-3) }
        let report = HealthReport(iteration: 1, batchSize: 8, weights: weights, deadReLUs: [], warnings: [])
        #expect(Self.render(HealthPanel(report: report), height: deep.height).lines == deep.expected)
    }

    // MARK: - Keys and state

    @Test func dTogglesThePanelAndClosesTheMatrix() {
        var s = Fixtures.running()
        #expect(s.handle(.character("d")) == nil && s.overlay == .health)
        #expect(s.handle(.character(" ")) == .engine(.pause), "keys keep working while the panel shows")
        _ = s.handle(.character("m"))
        #expect(s.overlay == .confusion && s.overlay != .health, "one overlay at a time")
        _ = s.handle(.character("d"))
        #expect(s.overlay == .health && s.overlay != .confusion)
        _ = s.handle(.character("d"))
        #expect(s.overlay != .health)
        _ = s.handle(.character("d"))
        _ = s.handle(.escape)
        #expect(s.overlay != .health)
        let before = Dashboard.render(Fixtures.running(), width: 80, height: 24, now: 0)
        #expect(Dashboard.render(s, width: 80, height: 24, now: 0) == before, "closed, the dashboard is as before it opened")
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

    /// `?` over the panel: the key list in a 62 × 22 box (the widest line, `m d` and its action, is 58;
    /// 20 keys), centred in the 80 × 24 body at x = (80 − 62) / 2 = 9, y = 1 + (22 − 22) / 2 = 1.
    @Test func helpListsTheKey() {
        var state = Self.showing()
        _ = state.handle(.character("?"))
        #expect(state.mode == .help)
        let help = Grid.rendering(width: 62, height: 22) { HelpOverlay().render(into: &$0, area: $1) }
        #expect(help.lines == [
            "┌─ Keys ─────────────────────────────────────────────────────┐",
            "│ space      pause / resume                                  │",
            "│ n          one iteration (while paused)                    │",
            "│ r          restart from the same seed                      │",
            "│ s          snapshot (write a checkpoint)                   │",
            "│ e          export CSV (loss, accuracy, changes)            │",
            "│ q          quit (y confirms while a run is in progress)    │",
            "│ l w        loss: log y axis / recent window only           │",
            "│ [ ]        loss: less / more EMA smoothing                 │",
            "│ g          charts: braille / blocks / ASCII                │",
            "│ f          filters: per-filter / global scaling            │",
            "│ z < >      filters: zoom / previous / next (Esc unzooms)   │",
            "│ m d        confusion matrix / training health (Esc closes) │",
            "│ o b        earlier runs: ghost curves / W1 beside the best │",
            "│ v i        filters: full-screen gallery / picture mode     │",
            "│ c          colours: true / 256 / 16 / 8 / monochrome       │",
            "│ ↑ ↓        select a hyperparameter                         │",
            "│ ← → - + =  change it one step                              │",
            "│ Enter      type a value (Enter commits, Esc cancels)       │",
            "│ Ctrl-L     redraw the whole screen                         │",
            "│ ? h        this help (any key closes)                      │",
            "└────────────────────────────────────────────────────────────┘",
        ])
        let under = Dashboard.render(Self.showing(), width: 80, height: 24, now: 0)
        #expect(Dashboard.render(state, width: 80, height: 24, now: 0).lines == under.pasting(help, x: 9, y: 1).lines)
    }

    @Test(arguments: [
        ("loss plateau: mean 1.84 over the last", 13, ["loss plateau:", "mean 1.84", "over the last"]),
        ("a verylongword b", 4, ["a", "verylongword", "b"]),
    ])
    func wrapping(_ text: String, _ width: Int, _ expected: [String]) {
        #expect(HealthPanel.wrap(text, width: width) == expected)
    }
}
