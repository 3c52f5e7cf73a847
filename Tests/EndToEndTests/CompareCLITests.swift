import Foundation
import Testing

/// `nndl-tui compare`: two runs trained by `train`, shown side by side (printed, and in tmux).
@Suite struct CompareCLITests {
    static let config = Harness.root.appendingPathComponent("config/two-layer-sgd.json").path

    /// Trains `runs/slow` (lr 1e-4) and `runs/fast` (lr 1e-2): the notebook's two-layer net with 16 hidden units
    /// on 60 random 3072-value rows, 30 iterations each; with `toy`, the toy preset instead (no filters, instant).
    static func trainTwo(in dir: URL, toy: Bool = false) throws {
        let data = toy ? ["--config", Harness.root.appendingPathComponent("config/toy.json").path] : [
            "--config", config, "--set", "data.source=random", "--set", "data.numTraining=60",
            "--set", "data.numValidation=20", "--set", "data.numTest=20", "--set", "model.hiddenDims=[16]",
            "--set", "model.weightScale=1e-2", "--set", "solver.numIterations=30", "--set", "solver.batchSize=10",
        ]
        for (name, lr) in [("slow", "1e-4"), ("fast", "1e-2")] {
            let out = try Harness.nndl(
                ["train", "--headless"] + data + ["--set", "name=\(name)", "--set", "solver.learningRate=\(lr)"], in: dir)
            #expect(out.status == 0, "\(out.stderr)")
        }
    }

    /// The `best val`, `test` and `final loss` figures `train` wrote in `runs/NAME/result.json`, as the view prints them.
    static func figures(_ name: String, in dir: URL) throws -> [String] {
        let data = try Data(contentsOf: dir.appendingPathComponent("runs/\(name)/latest/result.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let best = try #require(object["bestValAcc"] as? Double), test = try #require(object["testAcc"] as? Double)
        let loss = try #require(object["finalLoss"] as? Double)
        return [String(format: "%.3f", best), String(format: "%.3f", test), String(format: "%.3g", loss)]
    }

    @Test func printsTwoTrainedRunsSideBySide() throws {
        let dir = try Harness.scratch("compare")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.trainTwo(in: dir)
        let out = try Harness.nndl(["compare", "runs/slow", "runs/fast/latest/checkpoint.npz", "--print", "--width", "100", "--height", "30"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.isEmpty)
        let lines = out.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 30 && lines.allSatisfy { $0.count <= 100 })
        #expect(out.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "--print is plain ASCII")
        #expect(lines[0].hasPrefix(" compare  A slow/001  vs  B fast/001"))
        let slow = try Self.figures("slow", in: dir), fast = try Self.figures("fast", in: dir)
        for (row, label) in ["best val", "test", "final loss"].enumerated() {
            let line = try #require(lines.first { $0.contains("| \(label) ") })
            let words = line.split(separator: " ").map(String.init)
            #expect(words.contains(slow[row]) && words.contains(fast[row]), "\(label): \(line) lacks \(slow[row]) / \(fast[row])")
        }
        #expect(out.stdout.contains("Config differences (1)") && out.stdout.contains("solver.learningRate  0.0001"))
        for title in ["Loss EMA(0.9)", "Accuracy", "W1 A slow/001 (16) - per-filter", "W1 B fast/001 (16) - per-filter"] {
            #expect(out.stdout.contains(title), "lacks \(title)")
        }
    }

    /// A lone `.npz` (no result.json beside it) gets its figures from the checkpoint's `state` histories: the same
    /// toy run trained twice, once into `runs/toy/001/` and once into `w.npz`, shows the same figures on both sides.
    @Test func aLoneCheckpointTakesItsFiguresFromItsHistories() throws {
        let dir = try Harness.scratch("compare-npz")
        defer { try? FileManager.default.removeItem(at: dir) }
        let toy = Harness.root.appendingPathComponent("config/toy.json").path
        for extra in [[], ["--checkpoint", "w.npz", "--set", "name=other"]] {
            let out = try Harness.nndl(["train", "--headless", "--config", toy] + extra, in: dir)
            #expect(out.status == 0, "\(out.stderr)")
        }
        let out = try Harness.nndl(["compare", "w.npz", "runs/toy", "--print", "--width", "80", "--height", "24"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == " compare  A w  vs  B toy/001")
        for label in ["best val", "final loss", "iterations"] {
            let words = try #require(lines.first { $0.contains("| \(label) ") }).split(separator: "|")[0].split(separator: " ")
            #expect(words.count == label.split(separator: " ").count + 2 && words.suffix(2).first == words.last, "\(label): \(words)")
        }
        #expect(lines.contains { $0.hasPrefix("| test        -           -") }, "the toy data has no test split")
        #expect(out.stdout.contains("Config differences (0)") && out.stdout.contains("same config"))
        #expect(out.stdout.contains("W1 has 4 inputs, not"))
    }

    /// Missing, empty or corrupt inputs and a bad size: one line on stderr, status 2.
    @Test(arguments: [
        (["runs/nope", "runs/fast"], "nndl-tui: runs/nope: no such run folder or .npz file"),
        (["runs/slow", "empty"], "nndl-tui: empty: no checkpoint.npz in this folder (train writes runs/NAME/NNN/checkpoint.npz)"),
        (["garbage.npz", "runs/fast"], "nndl-tui: garbage.npz: not a valid .npz archive"),
        (["runs/slow", "broken"], "nndl-tui: broken/result.json: not a run summary (the result.json train writes)"),
        (["runs/slow", "runs/fast", "--print", "--width", "20"], "nndl-tui: --width: expected an integer in 80...1000, got 20"),
    ])
    func badInputsExitTwoWithOneLine(arguments: [String], message: String) throws {
        let dir = try Harness.scratch("compare-bad-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.trainTwo(in: dir, toy: true)
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("broken"), withIntermediateDirectories: true)
        try fm.copyItem(at: dir.appendingPathComponent("runs/fast/latest/checkpoint.npz"), to: dir.appendingPathComponent("broken/checkpoint.npz"))
        try Data("{\"name\": ".utf8).write(to: dir.appendingPathComponent("broken/result.json"))
        try Data("not a zip archive".utf8).write(to: dir.appendingPathComponent("garbage.npz"))
        let out = try Harness.nndl(["compare"] + arguments + (arguments.contains("--print") ? [] : ["--print"]), in: dir)
        #expect(out.status == 2)
        #expect(out.stderr.hasPrefix(message), "\(out.stderr)")
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(out.stdout.isEmpty)
    }

    /// The view in tmux: both runs drawn, too small below 80×24 and back, `q` quits with status 0 and the terminal restored.
    @Test func opensInATerminalAndQuitsWithQ() throws {
        let tmux = DashboardTmuxTests()
        guard tmux.tmuxInstalled() else { return }
        let dir = try Harness.scratch("compare-tmux")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.trainTwo(in: dir)
        let name = tmux.session + "-compare"
        let command = "cd \(dir.path) && \(Harness.binary) compare runs/slow runs/fast; echo EXIT:$? > status.txt; sleep 30"
        _ = try tmux.tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", command])
        defer { _ = try? tmux.tmux(["kill-session", "-t", name]) }
        // Every piece, so the capture is not of a frame curses is still painting.
        let pieces = ["compare  A slow/001  vs  B fast/001", "Figures", "best val", "Loss EMA(0.9)", "W1 A slow/001", "W1 B fast/001", "q quit"]
        var text = try tmux.waitFor(20, session: name) { screen in pieces.allSatisfy { screen.contains($0) } }
        for piece in pieces {
            #expect(text.contains(piece), "lacks \(piece): \(text)")
        }
        _ = try tmux.tmux(["send-keys", "-t", name, "f"])
        text = try tmux.waitFor(5, session: name) { $0.contains("W1 A slow/001 (16) · global") }
        #expect(text.contains("W1 A slow/001 (16) · global"), "\(text)")
        _ = try tmux.tmux(["resize-window", "-t", name, "-x", "60", "-y", "20"])
        text = try tmux.waitFor(5, session: name) { $0.contains("terminal too small") }
        #expect(text.contains("terminal too small (need 80×24)"), "\(text)")
        _ = try tmux.tmux(["resize-window", "-t", name, "-x", "100", "-y", "30"])
        text = try tmux.waitFor(5, session: name) { $0.contains("W1 B fast") && $0.contains("Figures") }
        #expect(text.contains("Figures"), "\(text)")
        _ = try tmux.tmux(["send-keys", "-t", name, "q"])
        #expect(tmux.exitLine(in: dir) == "EXIT:0")
        #expect(!(try tmux.screen(name)).contains("Figures"), "the view is gone")
    }
}
