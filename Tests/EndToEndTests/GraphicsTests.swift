import Foundation
import Testing

/// The dashboard on a pseudo-terminal (`Scripts/pty-capture.py`): the pictures it writes are decoded
/// (`Scripts/decode-pictures.py`) and compared with the `filters` PNG of the same weights; the colours and
/// characters it writes are read from the raw bytes.
@Suite(.serialized) struct GraphicsTests {
    static let scripts = Harness.root.appendingPathComponent("Scripts")
    static let preset = Harness.root.appendingPathComponent("config/two-layer-sgd.json").path
    static let toy = Harness.root.appendingPathComponent("config/toy.json").path

    /// What `pty-capture.py` reports.
    struct Capture: Decodable {
        var exit: Int32?
        var signal: Int32?
        var bytes: Int
        var seen: Bool
    }

    /// Runs `nndl-tui ARGS` on a 120×40 pty with 10×20-pixel cells and `env`; once `until` (a regex: the status
    /// word followed by its SGR, which base64 picture data cannot contain) appears, types `keys`.
    static func capture(_ arguments: [String], in dir: URL, env: [String] = [], until: String = "DONE\\x1b",
                        keys: String = "q", out: String = "raw.bin") throws -> (Capture, Data) {
        let run = try Harness.run("/usr/bin/env", ["python3", scripts.appendingPathComponent("pty-capture.py").path,
                                                   "--out", out, "--until", until, "--settle", "1.5", "--keys", keys,
                                                   "--timeout", "90"] + env.flatMap { ["--env", $0] }
                                                   + ["--", Harness.binary] + arguments, in: dir, timeout: 120)
        let report = try JSONDecoder().decode(Capture.self, from: Data(run.stdout.utf8))
        return (report, try Data(contentsOf: dir.appendingPathComponent(out)))
    }

    /// A short `two-layer-sgd` run on the real CIFAR-10 (30 iterations on 1000 images), ending DONE.
    static func shortRun(_ graphics: String) -> [String] {
        ["train", "--config", preset, "--data", Harness.cifar ?? "", "--set", "data.numTraining=1000",
         "--set", "solver.numIterations=30", "--graphics", graphics]
    }

    /// The decoded last picture compared with `filters --scale 1 --padding 3` of the run's checkpoint.
    static func decode(_ kind: String, in dir: URL) throws -> [String: Double] {
        let png = try Harness.nndl(["filters", "--checkpoint", "runs/two-layer-sgd/latest/checkpoint.npz", "--out", "w1.png",
                                    "--scale", "1", "--padding", "3"], in: dir)
        #expect(png.status == 0, "\(png.stderr)")
        let run = try Harness.run("/usr/bin/env", ["python3", scripts.appendingPathComponent("decode-pictures.py").path,
                                                   "raw.bin", "--kind", kind, "--compare", "w1.png"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    static func ready() -> Bool {
        guard Harness.cifar != nil else {
            print("GraphicsTests: skipped — no CIFAR-10 in $NNDL_CIFAR_DIR or ../shared/data")
            return false
        }
        guard Harness.shell("python3 -c 'import numpy'").status == 0 else {
            Issue.record("python3 with NumPy is needed to decode the pictures")
            return false
        }
        return true
    }

    /// kitty: the last image (base64 RGBA in chunks) is the notebook's grid with padding 3, pixel for pixel, centred
    /// on black in the W1 panel (28×14 cells of 10×20 pixels at 120×40: 277 pixels fit at ×1). Ctrl-L after DONE
    /// clears and repaints everything, the picture too.
    @Test func kittyPictureIsTheFiltersPNG() throws {
        guard Self.ready() else { return }
        let dir = try Harness.scratch("kitty")
        let (run, raw) = try Self.capture(Self.shortRun("kitty"), in: dir, keys: "\u{0C}q")
        let clear = Data("\u{1B}[H\u{1B}[2J".utf8)
        let lastClear = try #require(raw.range(of: clear, options: .backwards))
        #expect(raw[lastClear.upperBound...].range(of: Data("\u{1B}_Ga=T".utf8)) != nil, "the picture after Ctrl-L")
        #expect(raw[..<lastClear.lowerBound].range(of: Data("DONE".utf8)) != nil, "the repaint came after DONE")
        let scripts = Self.scripts
        #expect(run.exit == 0 && run.seen, "\(run)")
        // The screen replayed (the W1 panel composed as in the README's screenshot) has the mode in the title.
        let shot = try Harness.run("/usr/bin/env", ["python3", scripts.appendingPathComponent("w1-screenshot.py").path,
                                                    "raw.bin", "--out", "panel.png"], in: dir)
        #expect(shot.stdout.hasSuffix("title: W1 filters (50) · kitty · per-filter · it 30\n"), "\(shot.stdout)\(shot.stderr)")
        let d = try Self.decode("kitty", in: dir)
        #expect(d["count"] ?? 0 >= 1 && d["width"] == 280 && d["height"] == 280, "\(d)")
        #expect(d["scale"] == 1 && d["maxAbsDiff"] == 0 && d["outsideMax"] == 0, "\(d)")
        #expect(raw.suffix(400).range(of: Data("\u{1B}_Ga=d,d=A".utf8)) != nil, "the picture is deleted on exit")
        // `compare` draws both runs' W1 through the same path: two pictures, each the same PNG.
        let (compared, _) = try Self.capture(["compare", "runs/two-layer-sgd", "runs/two-layer-sgd", "--graphics", "kitty"],
                                             in: dir, until: "Config differences")
        #expect(compared.exit == 0, "\(compared)")
        let both = try Self.decode("kitty", in: dir)
        #expect(both["count"] == 2 && both["maxAbsDiff"] == 0 && both["scale"] == 1, "\(both)")
    }

    /// iTerm2: the inline file (an uncompressed TIFF from chafa) is the same picture, pixel for pixel.
    @Test func itermPictureIsTheFiltersPNG() throws {
        guard Self.ready() else { return }
        let dir = try Harness.scratch("iterm")
        let (run, raw) = try Self.capture(Self.shortRun("iterm"), in: dir)
        #expect(run.exit == 0 && run.seen, "\(run)")
        #expect(String(decoding: raw, as: UTF8.self).contains("\u{1B}]1337;File=inline=1;width=28;height=14;"))
        let d = try Self.decode("iterm", in: dir)
        #expect(d["width"] == 280 && d["height"] == 280 && d["scale"] == 1 && d["maxAbsDiff"] == 0, "\(d)")
        #expect(d["outsideMax"] == 0, "\(d)")
    }

    /// sixel: decoded with sixel2png; chafa picks a 256-colour palette, so pixels are close, not equal: the grid
    /// is found centred at ×1, on black, with the channels of 90% of pixels within 24 and a mean difference below 8.
    @Test func sixelPictureMatchesTheFiltersPNG() throws {
        guard Self.ready() else { return }
        guard Harness.has("sixel2png") else {
            Issue.record("sixel2png is not installed (Scripts/install-deps installs libsixel-bin)")
            return
        }
        let dir = try Harness.scratch("sixel")
        let (run, _) = try Self.capture(Self.shortRun("sixel"), in: dir)
        #expect(run.exit == 0 && run.seen, "\(run)")
        let d = try Self.decode("sixel", in: dir)
        #expect(d["width"] == 280 && d["height"] == 300, "15 rows of 20 pixels, a multiple of 6: \(d)")
        #expect(d["scale"] == 1 && d["outsideMax"] == 0, "\(d)")
        #expect((d["meanAbsDiff"] ?? 99) < 8 && (d["within24"] ?? 0) > 0.9, "\(d)")
    }

    // MARK: - Colours and characters, from the raw bytes

    /// The output without its SGR sequences (so styled runs of text read whole).
    static func visible(_ raw: Data) -> String {
        String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    /// The SGR colour parameters in `text`: every `38;…`/`48;…` and 30–37, 40–47, 90–97, 100–107.
    static func colorCodes(_ text: String) -> Set<String> {
        var codes = Set<String>()
        let sgr = try! NSRegularExpression(pattern: "\u{1B}\\[([0-9;]*)m")
        for m in sgr.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let params = (text as NSString).substring(with: m.range(at: 1)).split(separator: ";").map(String.init)
            var i = 0
            while i < params.count {
                let p = params[i]
                if p == "38" || p == "48" {
                    codes.insert(params[i...].prefix(params[safe: i + 1] == "2" ? 5 : 3).joined(separator: ";"))
                    i += params[safe: i + 1] == "2" ? 5 : 3
                    continue
                }
                if let n = Int(p), (30...37).contains(n) || (40...47).contains(n) || (90...97).contains(n)
                    || (100...107).contains(n) { codes.insert(p) }
                i += 1
            }
        }
        return codes
    }

    /// `TERM=xterm` has 8 colours: the frame is drawn in 30–37 (no 256-colour or RGB codes); `NO_COLOR=1` and
    /// `--no-color` draw no colour at all; `COLORTERM=truecolor` draws RGB.
    @Test(arguments: [
        (["TERM=xterm", "COLORTERM="], [String](), "8"),
        (["TERM=xterm-256color", "COLORTERM="], [], "256"),
        (["TERM=xterm-256color", "COLORTERM=truecolor"], [], "rgb"),
        (["TERM=xterm-256color", "NO_COLOR=1"], [], "none"),
        (["TERM=xterm-256color", "COLORTERM=truecolor"], ["--no-color"], "none"),
    ])
    func colourModes(env: [String], flags: [String], expected: String) throws {
        let dir = try Harness.scratch("colours")
        let (run, raw) = try Self.capture(["train", "--config", Self.toy] + flags, in: dir, env: env)
        #expect(run.exit == 0 && run.seen, "\(run)")
        let codes = Self.colorCodes(String(decoding: raw, as: UTF8.self))
        switch expected {
        case "8":
            #expect(!codes.isEmpty && codes.allSatisfy { (Int($0) ?? 0) < 90 && !$0.contains(";") }, "\(codes)")
        case "256":
            #expect(codes.contains { $0.hasPrefix("38;5;") } && !codes.contains { $0.hasPrefix("38;2;") }, "\(codes)")
        case "rgb":
            #expect(codes.contains { $0.hasPrefix("38;2;") }, "\(codes)")
        default:
            #expect(codes.isEmpty, "\(codes)")
        }
    }

    /// `LANG=C` (and no LC_*): only ASCII reaches the terminal, with `+-|` frames.
    @Test func nonUTF8LocaleDrawsASCII() throws {
        let dir = try Harness.scratch("lang-c")
        let (run, raw) = try Self.capture(["train", "--config", Self.toy], in: dir,
                                          env: ["LANG=C", "LC_ALL=", "LC_CTYPE=", "TERM=xterm-256color"])
        #expect(run.exit == 0 && run.seen, "\(run)")
        #expect(raw.allSatisfy { $0 < 0x80 }, "no UTF-8 bytes")
        #expect(Self.visible(raw).contains("+- Loss"), "\(Self.visible(raw).prefix(400))")
    }

    /// A `TERM` nothing knows, ten times: the dashboard opens as xterm-256color, says so, and quits with 0; never
    /// a signal (the engine starts only after the terminal is open).
    @Test func unknownTermNeverEndsBySignal() throws {
        let dir = try Harness.scratch("unknown-term")
        for i in 0..<10 {
            let (run, raw) = try Self.capture(["train", "--config", Self.toy], in: dir,
                                              env: ["TERM=no-such-terminal-\(i)"], out: "raw\(i).bin")
            #expect(run.signal == nil && run.exit == 0 && run.seen, "run \(i): \(run)")
            #expect(Self.visible(raw).contains("TERM=no-such-terminal-\(i) has no terminfo entry"), "run \(i)")
        }
    }

    /// In tmux (its own socket), `TERM=xterm-kitty` with no kitty terminfo here: the dashboard runs as
    /// xterm-256color, says so, draws W1 with symbols (tmux passes no graphics unless `allow-passthrough` is on)
    /// and quits with 0.
    @Test func xtermKittyWithoutTerminfoRunsInTmux() throws {
        guard Harness.has("tmux") else {
            Issue.record("tmux is not installed (Scripts/install-deps installs it)")
            return
        }
        let dir = try Harness.scratch("tmux-kitty")
        let socket = "nndl-graphics-\(getpid())"
        func tmux(_ args: String) -> Harness.Output { Harness.shell("tmux -L \(socket) \(args)") }
        defer { _ = tmux("kill-server") }
        let command = "cd \(dir.path) && env TERM=xterm-kitty \(Harness.binary) train --config \(Self.toy); "
            + "echo EXIT:$? > status.txt; sleep 30"
        _ = tmux("new-session -d -s g -x 100 -y 30 '\(command)'")
        var screen = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            screen = tmux("capture-pane -p -t g").stdout
            if screen.contains("DONE") && screen.contains("has no terminfo entry") { break }
            usleep(100_000)
        }
        #expect(screen.contains("DONE") && screen.contains("TERM=xterm-kitty has no terminfo entry"), "\(screen)")
        #expect(screen.contains("W1 filters · symbols"), "\(screen)")
        _ = tmux("send-keys -t g q")
        let status = dir.appendingPathComponent("status.txt").path
        let end = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: status) && Date() < end { usleep(100_000) }
        #expect((try? String(contentsOfFile: status, encoding: .utf8))?.hasPrefix("EXIT:0") == true)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
