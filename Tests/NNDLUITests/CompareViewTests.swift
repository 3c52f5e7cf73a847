import Foundation
@testable import NNDL
@testable import NNDLExperiments
import Testing
@testable import NNDLUI

/// The compare view rendered as text.
@Suite struct CompareViewTests {
    /// A run of 400 iterations (loss falling from 2.3 towards `floor`, with a little seeded wobble), 4 checks,
    /// 4 filters of 3×4 pixels whose values depend on `seed`.
    static func run(_ name: String, lr: Double, floor: Double, val: [Double], test: Double?, seed: Int) -> ComparedRun {
        let loss = (1...400).map { (i: Int) -> Double in
            let noise = 0.05 * Double((i * seed) % 7 - 3) / 3
            return floor + (2.3 - floor) / Double(i).squareRoot() + noise
        }
        var settings = ComparedRun.flatten(ExperimentConfig().json)
        settings["solver.learningRate"] = "\(lr)"
        let shape = ImageShape(height: 3, width: 4, channels: 3, layout: .hwc)
        let values = (0..<(4 * shape.dimension)).map { Float(($0 * (seed + 5)) % 23 - 11) }
        return ComparedRun(
            name: name, settings: settings, loss: loss, checkIterations: [100, 200, 300, 400],
            trainAccuracy: val.map { $0 + 0.04 }, valAccuracy: val, bestValAccuracy: val.max(), testAccuracy: test,
            finalLoss: loss.last, iterations: 400,
            filters: FilterSnapshot(iteration: 0, image: shape, count: 4, values: values))
    }

    static let suboptimal = run("lr-1e-4", lr: 1e-4, floor: 1.9, val: [0.18, 0.22, 0.25, 0.27], test: 0.261, seed: 3)
    static let best = run("lr-1e-3", lr: 1e-3, floor: 1.4, val: [0.30, 0.38, 0.42, 0.45], test: 0.441, seed: 5)

    /// The whole 80×24 ASCII screen (`compare --print`): figures, the one differing key, both loss curves (`A`, `B`),
    /// validation (`A`, `B`) and training (`a`, `b`) accuracy, and both W1 grids as luminance ramps.
    @Test func wholeScreenAt80x24InASCII() {
        let view = CompareView(a: Self.suboptimal, b: Self.best, ascii: true, hints: false)
        #expect(view.render(width: 80, height: 24).lines == [
            " compare  A lr-1e-4  vs  B lr-1e-3                                              ",
            "+- Figures ----------------------------++- Config differences (1) -------------+",
            "|             A lr-1e-4   B lr-1e-3    || solver.learningRate  0.0001  0.001   |",
            "| best val    0.270       0.450        ||                                      |",
            "| test        0.261       0.441        ||                                      |",
            "| final loss  1.92        1.48         ||                                      |",
            "| iterations  400         400          ||                                      |",
            "+--------------------------------------++--------------------------------------+",
            "+- Loss EMA(0.9) A B ------------------++- Accuracy - val A B, train a b ------+",
            "|2.38+B                                || A val 0.270 train 0.310  B val 0.450 |",
            "|    |BAA                              ||0.505+                bbbbbbbbbbBBBBBB|",
            "|1.89+BBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA||     |bbbbbBBBBBBBBBBBBBBBBBBBBB      |",
            "|    | BBBBB                           ||     |BBBBBaaaaaaaaaaaAAAAAAAAAAAAAAAA|",
            "| 1.4+     BBBBBBBBBBBBBBBBBBBBBBBBBBBB||0.164+AAAAAAAAAAAAAAAA                |",
            "|     1                             400||      100                          400|",
            "+--------------------------------------++--------------------------------------+",
            "+- W1 A lr-1e-4 (4) - per-filter ------++- W1 B lr-1e-3 (4) - per-filter ------+",
            "|           ::---==  ###%%:            ||           --++:++  -**++:            |",
            "|           ==+++==  :----=            ||           ==##=--  +==##=            |",
            "|           ++++***  =++++:            ||           ##===**  =**---            |",
            "|           ....:::  -==...            ||           ::..:::  -::..:            |",
            "|           =====++  +++---            ||           **--=++  +**--+            |",
            "|           +++++**  ===--=            ||           **===++  +++==+            |",
            "+--------------------------------------++--------------------------------------+",
        ])
    }

    /// At 80×24 and 120×40, in ASCII and Unicode: each part draws only inside its area and shows its text.
    @Test(arguments: [(80, 24), (120, 40)], [false, true])
    func partsStayInsideTheirAreas(size: (Int, Int), ascii: Bool) throws {
        let (width, height) = size
        let view = CompareView(a: Self.suboptimal, b: Self.best, ascii: ascii)
        let grid = view.render(width: width, height: height)
        let layout = try #require(CompareLayout(width: width, height: height, hints: true))
        let dot = ascii ? "-" : "·"
        let parts: [(Rect, [String])] = [
            (layout.title, ["compare", "A lr-1e-4", "vs", "B lr-1e-3"]),
            (layout.figures, ["Figures", "best val", "0.270", "0.450", "test", "0.261", "0.441", "final loss", "1.92", "1.48"]),
            (layout.differences, ["Config differences (1)", "solver.learningRate", "0.0001", "0.001"]),
            (layout.loss, ["Loss EMA(0.9)", "400"]),
            (layout.accuracy, ["Accuracy", "A val 0.270", "B val 0.450"]),
            (layout.filtersA, ["W1 A lr-1e-4 (4) \(dot) per-filter"]),
            (layout.filtersB, ["W1 B lr-1e-3 (4) \(dot) per-filter"]),
            (try #require(layout.hints), [CompareView.hintText]),
        ]
        var covered = 0
        for (area, texts) in parts {
            covered += area.width * area.height
            let text = grid.lines[area.y..<area.maxY].map { String($0.dropFirst(area.x).prefix(area.width)) }.joined(separator: "\n")
            for piece in texts { #expect(text.contains(piece), "\(area) at \(width)x\(height) lacks \(piece)") }
        }
        #expect(covered == width * height, "the parts tile the screen")
        let foreign = grid.lines.joined().unicodeScalars.filter { !$0.isASCII }
        #expect(foreign.isEmpty == ascii)
    }

    /// The Figures box (rows 1…7, columns 0…39) and only its bold cells: the title, the run names, and B's better
    /// figures (best val 0.450 > 0.270, test 0.441 > 0.261, final loss 1.48 < 1.92); 400 iterations each is a tie.
    @Test func theBetterFigureIsBold() {
        let grid = CompareView(a: Self.suboptimal, b: Self.best).render(width: 80, height: 24)
        #expect(grid.lines[1...7].map { String($0.prefix(40)) } == [
            "┌─ Figures ────────────────────────────┐",
            "│             A lr-1e-4   B lr-1e-3    │",
            "│ best val    0.270       0.450        │",
            "│ test        0.261       0.441        │",
            "│ final loss  1.92        1.48         │",
            "│ iterations  400         400          │",
            "└──────────────────────────────────────┘",
        ])
        #expect(grid.lines(where: { $0.attributes.contains(.bold) })[1...7].map { String($0.prefix(40)) } == [
            "   Figures                              ",
            "              A lr-1e-4   B lr-1e-3     ",
            "                          0.450         ",
            "                          0.441         ",
            "                          1.48          ",
            "                                        ",
            "                                        ",
        ])
    }

    @Test func keysFlipScalingCycleColoursAndQuit() throws {
        let view = CompareView(a: Self.suboptimal, b: Self.best)
        let flipped = try #require(view.handle(.character("f")))
        #expect(flipped.scaling == .global)
        // As text only the W1 titles (row 15) change: the half blocks' shades are colours.
        var expected = view.render(width: 80, height: 24).lines
        expected[15] = "┌─ W1 A lr-1e-4 (4) · global ──────────┐┌─ W1 B lr-1e-3 (4) · global ──────────┐"
        #expect(flipped.render(width: 80, height: 24).lines == expected)
        let poorer = try #require(view.handle(.character("c")))
        #expect(poorer.colorMode == .indexed16, "c never goes beyond the terminal's best (256 here)")
        #expect(try #require(poorer.handle(.character("c"))).colorMode == .indexed8)
        #expect(try #require(view.handle(.character("i"))).display.graphics == .ascii, "blocks → ASCII → blocks")
        #expect(view.handle(.character("x"))?.scaling == .perFilter)
        for key in [Key.character("q"), .character("Q"), .escape] { #expect(view.handle(key) == nil) }
    }

    @Test func tooSmallShowsTheDashboardsNotice() {
        let lines = CompareView(a: Self.suboptimal, b: Self.best, ascii: true).render(width: 79, height: 24).lines
        #expect(lines[11].trimmingCharacters(in: .whitespaces) == "terminal too small (need 80x24)")
        #expect(lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count == 1)
    }

    /// Runs without histories or image filters (a toy checkpoint), identical configs, and more differences than rows.
    /// Each chart and W1 box shows its placeholder centred inside its 38 columns: the accuracy one is 40 characters,
    /// so it is cut at the frame (`checkpoin`); the filters' reason is wrapped, and drawn as given, `×` included,
    /// even in ASCII.
    @Test func emptyRunsAndLongDifferenceLists() {
        var toy = ComparedRun(name: "toy", settings: ["a": "1"], loss: [], checkIterations: [], trainAccuracy: [],
                              valAccuracy: [], bestValAccuracy: nil, testAccuracy: nil, finalLoss: nil, iterations: nil,
                              filters: nil, filtersUnavailable: "W1 has 4 inputs, not 32×32×3 images: no filters to draw")
        var screen = [
            " compare  A toy  vs  B toy                                                      ",
            "+- Figures ----------------------------++- Config differences (0) -------------+",
            "|             A toy       B toy        || same config                          |",
            "| best val    -           -            ||                                      |",
            "| test        -           -            ||                                      |",
            "| final loss  -           -            ||                                      |",
            "| iterations  -           -            ||                                      |",
            "+--------------------------------------++--------------------------------------+",
            "+- Loss EMA(0.9) A B ------------------++- Accuracy - val A B, train a b ------+",
            "|                                      ||                                      |",
            "|                                      ||                                      |",
            "| no loss history in these checkpoints ||no accuracy history in these checkpoin|",
            "|                                      ||                                      |",
            "|                                      ||                                      |",
            "+--------------------------------------++--------------------------------------+",
            "+- W1 A toy - per-filter --------------++- W1 B toy - per-filter --------------+",
            "|                                      ||                                      |",
            "|                                      ||                                      |",
            "| W1 has 4 inputs, not 32×32×3 images: || W1 has 4 inputs, not 32×32×3 images: |",
            "| no filters to draw                   || no filters to draw                   |",
            "|                                      ||                                      |",
            "|                                      ||                                      |",
            "+--------------------------------------++--------------------------------------+",
            "q quit  f per-filter / global scaling  c colours  i pictures                    ",
        ]
        #expect(CompareView(a: toy, b: toy, ascii: true).render(width: 80, height: 24).lines == screen)
        var other = toy
        toy.settings = Dictionary(uniqueKeysWithValues: (0..<9).map { ("key\($0)", "\($0)") })
        other.settings = ["key0": "0"]
        #expect(ComparedRun.differences(toy, other).map(\.key) == (1..<9).map { "key\($0)" })
        #expect(ComparedRun.differences(toy, other).first! == ("key1", "1", "-"))
        // key1…key8 differ; the box's 5 rows hold 4 of them and `+4 more`. Only those rows change.
        screen[1...6] = [
            "+- Figures ----------------------------++- Config differences (8) -------------+",
            "|             A toy       B toy        || key1  1              -               |",
            "| best val    -           -            || key2  2              -               |",
            "| test        -           -            || key3  3              -               |",
            "| final loss  -           -            || key4  4              -               |",
            "| iterations  -           -            || +4 more                              |",
        ]
        #expect(CompareView(a: toy, b: other, ascii: true).render(width: 80, height: 24).lines == screen)
    }

    @Test func flattenNamesEveryLeafButTheName() {
        let settings = ComparedRun.flatten(#"{"name": "x", "seed": 0, "model": {"hiddenDims": [50], "reg": 0.25}}"#)
        #expect(settings == ["seed": "0", "model.hiddenDims": "[50]", "model.reg": "0.25"])
    }
}
