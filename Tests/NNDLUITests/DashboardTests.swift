import Foundation
import NNDL
import Testing
@testable import NNDLUI

@Suite struct DashboardTests {
    struct Size: Sendable, CustomStringConvertible {
        let width: Int, height: Int
        var description: String { "\(width)x\(height)" }
    }

    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    enum Panel: String, CaseIterable, Sendable {
        case status, loss, accuracy, filters, hyperparameters, changeLog, message

        func area(in layout: DashboardLayout) -> Rect? {
            switch self {
            case .status: return layout.status
            case .loss: return layout.loss
            case .accuracy: return layout.accuracy
            case .filters: return layout.filters
            case .hyperparameters: return layout.hyperparameters
            case .changeLog: return layout.changeLog
            case .message: return layout.message
            }
        }

        func render(_ state: AppState, into grid: inout Grid, area: Rect) {
            switch self {
            case .status: StatusLine(state).render(into: &grid, area: area)
            case .loss: Dashboard.lossChart(state).render(into: &grid, area: area)
            case .accuracy: Dashboard.accuracyChart(state).render(into: &grid, area: area)
            case .filters: Dashboard.filterGrid(state).render(into: &grid, area: area)
            case .hyperparameters: HyperparameterPanel(state).render(into: &grid, area: area)
            case .changeLog: ChangeLogPanel(state).render(into: &grid, area: area)
            case .message: MessageLine(state, now: 0).render(into: &grid, area: area)
            }
        }

        /// Text the panel must show for `Fixtures.running()`.
        var expected: [String] {
            switch self {
            case .status: return ["RUNNING", "it 12/100", "cifar-2layer", "ETA"]
            case .loss: return ["Loss", "raw 0.664", "EMA(0.9)"]
            case .accuracy: return ["Accuracy", "best val 0.290 (ep 1)", "train 0.310", "val 0.290", "gap +0.020"]
            case .filters: return ["W1 filters (4)"]
            case .hyperparameters: return ["Hyperparameters", "learning rate", "0.0005", "batch size", "200", "sgd"]
            case .changeLog: return ["Changes (1)", "it 6", "learning_rate", "0.001 → 0.0005"]
            case .message: return ["it 6: learning_rate 0.001 → 0.0005"]
            }
        }
    }

    @Test(arguments: Panel.allCases, sizes)
    func panelDrawsInsideItsAreaWithItsText(_ panel: Panel, _ size: Size) throws {
        let layout = try #require(DashboardLayout(width: size.width, height: size.height))
        guard let area = panel.area(in: layout) else {
            #expect(panel == .changeLog && size.height < 40, "only the change log may be missing, on short screens")
            return
        }
        let sentinel = Cell("¤")
        var grid = Grid(width: size.width, height: size.height)
        grid.fill(Rect(width: size.width, height: size.height), with: sentinel)
        panel.render(Fixtures.running(), into: &grid, area: area)
        for y in 0..<size.height {
            for x in 0..<size.width where !area.contains(x: x, y: y) {
                #expect(grid[x, y] == sentinel, "\(panel) wrote at (\(x), \(y)) outside \(area)")
            }
        }
        let text = grid.lines[area.y..<area.maxY].joined(separator: "\n")
        for piece in panel.expected { #expect(text.contains(piece), "\(panel) at \(size) lacks \(piece)") }
    }

    @Test(arguments: sizes)
    func layoutTilesTheScreen(_ size: Size) throws {
        let layout = try #require(DashboardLayout(width: size.width, height: size.height))
        let areas = Panel.allCases.compactMap { $0.area(in: layout) }
        #expect(areas.reduce(0) { $0 + $1.width * $1.height } == size.width * size.height, "no gaps")
        for (i, a) in areas.enumerated() {
            #expect(a.intersection(layout.screen) == a, "\(a) lies on the screen")
            for b in areas[(i + 1)...] { #expect(a.intersection(b).isEmpty, "\(a) overlaps \(b)") }
        }
        // Adam's 8 rows (the most any rule has: 5 shared, β1, β2, ε) and the frame.
        #expect(layout.hyperparameters.height == 8 + 2)
        #expect((layout.changeLog != nil) == (size.height >= 40))
        #expect(layout.filters.height >= 12 && layout.loss.height >= 12 && layout.accuracy.height >= 10)
    }

    @Test(arguments: sizes)
    func wholeDashboard(_ size: Size) {
        let grid = Dashboard.render(Fixtures.running(), width: size.width, height: size.height, now: 0)
        #expect(grid.width == size.width && grid.height == size.height)
        #expect(grid.lines[0].contains("RUNNING") && grid.lines[0].contains("12/100"))
        let text = grid.lines.joined(separator: "\n")
        for title in ["Loss", "Accuracy", "W1 filters", "Hyperparameters"] { #expect(text.contains(title)) }
        #expect(text.contains("Changes (1)") == (size.height >= 40))
        #expect(text.contains("3072-50-10 twoLayerNet f64") == (size.width >= 120), "the model shows where it fits")
    }

    @Test(arguments: [Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 40, height: 10)])
    func tooSmall(_ size: Size) {
        let grid = Dashboard.render(Fixtures.running(), width: size.width, height: size.height, now: 0)
        let text = "terminal too small (need 80×24)"
        let left = (size.width - text.count) / 2, row = (size.height - 1) / 2
        let blank = String(repeating: " ", count: size.width)
        var expected = Array(repeating: blank, count: size.height)
        expected[row] = String(repeating: " ", count: left) + text
            + String(repeating: " ", count: size.width - left - text.count)
        #expect(grid.lines == expected)
    }

    @Test func helpOverlayListsEveryKey() {
        var state = Fixtures.running()
        _ = state.handle(.character("?"))
        let grid = Dashboard.render(state, width: 80, height: 24, now: 0)
        let text = grid.lines.joined(separator: "\n")
        for binding in KeyBinding.all {
            let keys = binding.label(ascii: false)
            #expect(text.contains(keys) && text.contains(binding.action), "help lacks \(keys)")
        }
    }

    @Test func everyCharacterThatDoesSomethingIsInTheHelp() {
        let documented = Set(KeyBinding.all.flatMap(\.keys).compactMap { key -> Character? in
            if case let .character(c) = key { return c } else { return nil }
        })
        var paused = Fixtures.running()
        paused.apply(.state(.paused))
        for scalar in (32...126).compactMap(Unicode.Scalar.init) {
            let c = Character(scalar)
            var s = paused
            let action = s.handle(.character(c))
            if action != nil || s != paused {
                #expect(documented.contains(c), "'\(c)' does something but the help does not list it")
            }
        }
        let keys = Set(KeyBinding.all.flatMap(\.keys))
        #expect(keys.isSuperset(of: [.up, .down, .left, .right, .enter]))
    }

    @Test func messageLineShowsHintsOnceTheMessageTimesOut() {
        var state = Fixtures.running()
        state.apply(.message("checkpoint written"), at: 100)
        var grid = Grid(width: 80, height: 1)
        MessageLine(state, now: 101).render(into: &grid, area: Rect(width: 80, height: 1))
        #expect(grid.lines[0].hasPrefix("checkpoint written"))
        grid = Grid(width: 80, height: 1)
        MessageLine(state, now: 106).render(into: &grid, area: Rect(width: 80, height: 1))
        #expect(grid.lines[0].hasPrefix(MessageLine.hints))
        _ = state.handle(.character("q"))
        MessageLine(state, now: 106).render(into: &grid, area: Rect(width: 80, height: 1))
        #expect(grid.lines[0].hasPrefix("Quit while the run is in progress? y quits"))
    }

    @Test func statusLineWordsFollowTheState() {
        var state = Fixtures.running()
        for (event, word) in [(RunState.paused, "PAUSED"), (.diverged, "DIVERGED"), (.stopped, "STOPPED"), (.done, "DONE")] {
            state.apply(.state(event))
            let grid = Dashboard.render(state, width: 80, height: 24, now: 0)
            #expect(grid.lines[0].contains(word))
        }
        let before = Dashboard.render(AppState(runName: "demo"), width: 80, height: 24, now: 0)
        #expect(before.lines[0].contains("demo") && before.lines[0].contains("WAITING"))
    }

    @Test func asciiDashboardHasNoUnicode() {
        var state = Fixtures.running(ascii: true)
        state.apply(Fixtures.epoch(2, train: 0.4, val: 0.35))
        let grid = Dashboard.render(state, width: 120, height: 40, now: 0)
        let foreign = grid.lines.joined().unicodeScalars.filter { !$0.isASCII }.map(String.init).joined()
        #expect(foreign == "")
    }

    /// Release timing: `NNDL_UI_BENCH=1 swift test -c release --filter renderIsCheap` (skipped otherwise).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["NNDL_UI_BENCH"] != nil))
    func renderIsCheap() {
        var state = AppState(colorMode: .trueColor)
        state.apply(.started(Fixtures.info))
        for i in 1...200_000 { state.apply(Fixtures.iteration(i, total: 1_000_000, loss: 2.3 / Double(i).squareRoot())) }
        for e in 1...50 { state.apply(Fixtures.epoch(e, train: 0.3 + Double(e) / 200, val: 0.3 + Double(e) / 250)) }
        state.apply(.filters(FilterSnapshot(iteration: 1, image: .cifar(.hwc), count: 50,
                                            values: (0..<(50 * 3072)).map { Float($0 % 255) })))
        let clock = ContinuousClock(), frames = 200
        var previous = Grid(width: 0, height: 0), changed = 0
        let elapsed = clock.measure {
            for f in 0..<frames {
                let grid = Dashboard.render(state, width: 200, height: 60, now: Double(f))
                changed += grid.diff(from: previous).count
                previous = grid
            }
        }
        let perFrame = elapsed / frames
        print("Dashboard.render + diff at 200×60: \(perFrame) per frame (\(changed) runs)")
        #expect(perFrame < .milliseconds(5))
    }

    /// A run on inputs that are not images (the toy net) says so in the W1 panel instead of waiting forever.
    @Test func nonImageInputsExplainTheEmptyFilterPanel() {
        var state = AppState()
        var info = Fixtures.info
        info.modelDescription = "4-10-3 twoLayerNet f64"
        info.filtersUnavailable = "inputs are not 32×32×3 images: no filters to draw"
        state.apply(.started(info))
        state.apply(Fixtures.iteration(3))
        let text = Dashboard.render(state, width: 100, height: 30, now: 0).lines.joined(separator: "\n")
        #expect(text.contains("inputs are not 32×32×3") && !text.contains("waiting for weights"), "\(text)")
        state.apply(.started(Fixtures.info))
        let waiting = Dashboard.render(state, width: 100, height: 30, now: 0).lines.joined(separator: "\n")
        #expect(waiting.contains("waiting for weights"))
    }
}
