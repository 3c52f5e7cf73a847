@testable import NNDL
import Testing
@testable import NNDLUI

/// The `m` overlay: the latest epoch's validation confusion matrix and per-class accuracy.
@Suite struct ConfusionPanelTests {
    /// `Fixtures.running()` with an epoch-2 report carrying `Fixtures.confusion`, the matrix shown.
    static func showing(_ matrix: ConfusionMatrix = Fixtures.confusion, ascii: Bool = false) -> AppState {
        var state = Fixtures.running(ascii: ascii)
        state.apply(Fixtures.epoch(2, confusion: matrix))
        _ = state.handle(.character("m"))
        return state
    }

    /// `panel` drawn alone in `width` × `height`.
    static func render(_ panel: ConfusionPanel, width: Int, height: Int = 14) -> Grid {
        .rendering(width: width, height: height) { panel.render(into: &$0, area: $1) }
    }

    /// Before the first epoch check: the content is the notice's 27 characters, so the box is 31 wide.
    static let waiting = [
        "┌─ Confusion (val) ───────────┐",
        "│ waiting for the first epoch │",
        "└─────────────────────────────┘",
    ]

    /// The matrix's box on a dashboard: drawn alone in its own size (`box`), then centred in the body.
    struct Placement: Sendable, CustomStringConvertible {
        let width: Int, height: Int, x: Int, y: Int, box: [String], diagonal: [String]
        var description: String { "\(width)x\(height)" }
    }

    // `Fixtures.confusion`: true class t has 43 + 3t right and (t + 2p) % 7 predicted as class p, so airplane's row
    // is 43 2 4 6 1 3 5 0 2 4 = 70 and its accuracy 43 / 70 = 61.4%; the diagonal sums to 565 of 835.
    // The table is the row labels (automobile: 10), 10 count columns and a 7-wide accuracy column. At 80 columns the
    // body leaves 76 inside a box: 5-wide columns would need 10 + 10·6 + 7 = 77, so they are 4 wide (headers cut
    // to 4: `airp auto`) and the box is 10 + 50 + 7 + 4 = 71, at x = (80 − 71) / 2 = 4. At 120 there is room for
    // 5-wide headers (`airpl autom`), a box of 81 at x = (120 − 81) / 2 = 19. 10 classes + header + footer + frame
    // = 14 rows, at y = 1 + (22 − 14) / 2 = 5 and 1 + (38 − 14) / 2 = 13.
    static let placements = [
        Placement(width: 80, height: 24, x: 4, y: 5, box: [
            "┌─ Confusion (val) · epoch 2 · it 100 ────────────────────────────────┐",
            "│            airp auto bird  cat deer  dog frog hors ship truc    acc │",
            "│ airplane     43    2    4    6    1    3    5    0    2    4  61.4% │",
            "│ automobile    1   46    5    0    2    4    6    1    3    5  63.0% │",
            "│ bird          2    4   49    1    3    5    0    2    4    6  64.5% │",
            "│ cat           3    5    0   52    4    6    1    3    5    0  65.8% │",
            "│ deer          4    6    1    3   55    0    2    4    6    1  67.1% │",
            "│ dog           5    0    2    4    6   58    3    5    0    2  68.2% │",
            "│ frog          6    1    3    5    0    2   61    6    1    3  69.3% │",
            "│ horse         0    2    4    6    1    3    5   64    2    4  70.3% │",
            "│ ship          1    3    5    0    2    4    6    1   67    5  71.3% │",
            "│ truck         2    4    6    1    3    5    0    2    4   70  72.2% │",
            "│ rows true, columns predicted · 565/835 right (67.7%)                │",
            "└─────────────────────────────────────────────────────────────────────┘",
        ], diagonal: [
            "                                                                       ",
            "                                                                       ",
            "               43                                                      ",
            "                    46                                                 ",
            "                         49                                            ",
            "                              52                                       ",
            "                                   55                                  ",
            "                                        58                             ",
            "                                             61                        ",
            "                                                  64                   ",
            "                                                       67              ",
            "                                                            70         ",
            "                                                                       ",
            "                                                                       ",
        ]),
        Placement(width: 120, height: 40, x: 19, y: 13, box: [
            "┌─ Confusion (val) · epoch 2 · it 100 ──────────────────────────────────────────┐",
            "│            airpl autom  bird   cat  deer   dog  frog horse  ship truck    acc │",
            "│ airplane      43     2     4     6     1     3     5     0     2     4  61.4% │",
            "│ automobile     1    46     5     0     2     4     6     1     3     5  63.0% │",
            "│ bird           2     4    49     1     3     5     0     2     4     6  64.5% │",
            "│ cat            3     5     0    52     4     6     1     3     5     0  65.8% │",
            "│ deer           4     6     1     3    55     0     2     4     6     1  67.1% │",
            "│ dog            5     0     2     4     6    58     3     5     0     2  68.2% │",
            "│ frog           6     1     3     5     0     2    61     6     1     3  69.3% │",
            "│ horse          0     2     4     6     1     3     5    64     2     4  70.3% │",
            "│ ship           1     3     5     0     2     4     6     1    67     5  71.3% │",
            "│ truck          2     4     6     1     3     5     0     2     4    70  72.2% │",
            "│ rows true, columns predicted · 565/835 right (67.7%)                          │",
            "└───────────────────────────────────────────────────────────────────────────────┘",
        ], diagonal: [
            "                                                                                 ",
            "                                                                                 ",
            "                43                                                               ",
            "                      46                                                         ",
            "                            49                                                   ",
            "                                  52                                             ",
            "                                        55                                       ",
            "                                              58                                 ",
            "                                                    61                           ",
            "                                                          64                     ",
            "                                                                67               ",
            "                                                                      70         ",
            "                                                                                 ",
            "                                                                                 ",
        ]),
    ]

    /// The box drawn alone, then the dashboard: the one without the matrix with the box pasted over it, cell for
    /// cell (colours included), so the status and message rows and the charts around it are untouched.
    @Test(arguments: placements)
    func everyClassRowShowsItsCountsAndAccuracy(_ at: Placement) {
        let state = Self.showing()
        let box = Self.render(ConfusionPanel(state), width: at.box[0].count)
        #expect(box.lines == at.box)
        var closed = state
        closed.view.overlay = nil
        let grid = Dashboard.render(state, width: at.width, height: at.height, now: 0)
        let expected = Dashboard.render(closed, width: at.width, height: at.height, now: 0)
            .pasting(box, x: at.x, y: at.y)
        #expect(grid.lines == expected.lines)
        #expect(grid == expected)
    }

    /// Only the diagonal counts (43 + 3t) are in the validation colour, bold.
    @Test(arguments: placements)
    func theDiagonalIsHighlighted(_ at: Placement) {
        let state = Self.showing()
        let highlight = Palette(mode: state.colorMode).color(.validation)
        let box = Self.render(ConfusionPanel(state), width: at.box[0].count)
        #expect(box.lines(where: { $0.foreground == highlight && $0.attributes.contains(.bold) }) == at.diagonal)
    }

    @Test func waitsForTheFirstEpochWithAMatrix() {
        var state = Fixtures.running()
        _ = state.handle(.character("m"))
        #expect(Self.render(ConfusionPanel(state), width: 31, height: 3).lines == Self.waiting)
        state.apply(Fixtures.epoch(2, confusion: Fixtures.confusion))
        #expect(Self.render(ConfusionPanel(state), width: 71).lines == Self.placements[0].box)
        state.apply(.started(Fixtures.info))
        #expect(Self.render(ConfusionPanel(state), width: 31, height: 3).lines == Self.waiting,
                "a restart drops the old run's matrix")
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

    /// The 80 × 24 box in ASCII: the same layout, `|+-` frame and `-` for the dots.
    @Test func asciiOverlayHasNoUnicode() {
        let state = Self.showing(ascii: true)
        #expect(Self.render(ConfusionPanel(state), width: 71).lines == [
            "+- Confusion (val) - epoch 2 - it 100 --------------------------------+",
            "|            airp auto bird  cat deer  dog frog hors ship truc    acc |",
            "| airplane     43    2    4    6    1    3    5    0    2    4  61.4% |",
            "| automobile    1   46    5    0    2    4    6    1    3    5  63.0% |",
            "| bird          2    4   49    1    3    5    0    2    4    6  64.5% |",
            "| cat           3    5    0   52    4    6    1    3    5    0  65.8% |",
            "| deer          4    6    1    3   55    0    2    4    6    1  67.1% |",
            "| dog           5    0    2    4    6   58    3    5    0    2  68.2% |",
            "| frog          6    1    3    5    0    2   61    6    1    3  69.3% |",
            "| horse         0    2    4    6    1    3    5   64    2    4  70.3% |",
            "| ship          1    3    5    0    2    4    6    1   67    5  71.3% |",
            "| truck         2    4    6    1    3    5    0    2    4   70  72.2% |",
            "| rows true, columns predicted - 565/835 right (67.7%)                |",
            "+---------------------------------------------------------------------+",
        ])
        #expect(Fixtures.dashboardIsASCII(state), "nor does the rest of the dashboard")
    }

    @Test func mTogglesTheMatrixAndEscClosesIt() {
        var s = Fixtures.running()
        #expect(s.handle(.character("m")) == nil && s.overlay == .confusion)
        #expect(s.handle(.character(" ")) == .engine(.pause), "keys keep working while the matrix shows")
        #expect(s.handle(.character("m")) == nil && s.overlay != .confusion)
        _ = s.handle(.character("m"))
        _ = s.handle(.escape)
        #expect(s.overlay != .confusion)
        let before = Dashboard.render(Fixtures.running(), width: 80, height: 24, now: 0)
        #expect(Dashboard.render(s, width: 80, height: 24, now: 0) == before, "closed, the dashboard is as before it opened")
    }

    @Test func onlyTheNewestMatrixIsKept() {
        var state = Self.showing()
        let newer = ConfusionMatrix(classNames: CIFAR10.defaultClassNames, counts: (0..<100).map { $0 % 11 == 0 ? 100 : 0 })
        state.apply(Fixtures.epoch(3, confusion: newer))
        #expect(state.confusionReport?.epoch == 3 && state.confusionReport?.confusion == newer)
        #expect(state.epochs.map(\.epoch) == [1, 2, 3] && state.epochs.allSatisfy { $0.confusion == nil })
        // Counts of 3 digits in 55 columns: 8-character labels and 3-character headers, 8 + 10·4 + 7 = 55, the
        // footer's width too. All 10 × 100 on the diagonal: 1000/1000 right.
        #expect(Self.render(ConfusionPanel(state), width: 59).lines == [
            "┌─ Confusion (val) · epoch 3 · it 150 ────────────────────┐",
            "│          air aut bir cat dee dog fro hor shi tru    acc │",
            "│ airplane 100   0   0   0   0   0   0   0   0   0 100.0% │",
            "│ automobi   0 100   0   0   0   0   0   0   0   0 100.0% │",
            "│ bird       0   0 100   0   0   0   0   0   0   0 100.0% │",
            "│ cat        0   0   0 100   0   0   0   0   0   0 100.0% │",
            "│ deer       0   0   0   0 100   0   0   0   0   0 100.0% │",
            "│ dog        0   0   0   0   0 100   0   0   0   0 100.0% │",
            "│ frog       0   0   0   0   0   0 100   0   0   0 100.0% │",
            "│ horse      0   0   0   0   0   0   0 100   0   0 100.0% │",
            "│ ship       0   0   0   0   0   0   0   0 100   0 100.0% │",
            "│ truck      0   0   0   0   0   0   0   0   0 100 100.0% │",
            "│ rows true, columns predicted · 1000/1000 right (100.0%) │",
            "└─────────────────────────────────────────────────────────┘",
        ])
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
