import NNDL
import Testing
@testable import NNDLUI

/// Detection, the frame encoder and picture placement: the pure side of the terminal layer.
struct TerminalGraphicsTests {
    // MARK: - Detection

    static let da1 = TerminalReplies(deviceAttributes: true)

    /// What `auto` chooses, and the colour mode, for a table of terminals (environment, terminfo colours, replies).
    @Test(arguments: [
        // kitty answering its query, COLORTERM=truecolor.
        (["TERM": "xterm-kitty", "COLORTERM": "truecolor"], 256, TerminalReplies(kitty: true, deviceAttributes: true),
         ColorMode.trueColor, GraphicsMode.kitty),
        // Over ssh with KITTY_WINDOW_ID kept but no answers at all: trust the name.
        (["TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"], 256, TerminalReplies(), .indexed256, .kitty),
        // The name says kitty but the terminal answered DA1 without the kitty reply: not kitty.
        (["TERM": "xterm-ghostty"], 256, da1, .indexed256, .symbols),
        // xterm -ti vt340: DA1 lists 4.
        (["TERM": "xterm"], 8, TerminalReplies(sixel: true, deviceAttributes: true), .indexed8, .sixel),
        (["TERM": "xterm", "TERM_PROGRAM": "iTerm.app"], 256, da1, .indexed256, .iterm),
        (["TERM": "xterm-16color"], 16, da1, .indexed16, .symbols),
        // NO_COLOR, and a terminal without colours.
        (["TERM": "xterm-256color", "NO_COLOR": "1"], 256, da1, .monochrome, .symbols),
        (["TERM": "vt100"], -1, da1, .monochrome, .symbols),
        // tmux without passthrough: symbols even though the kitty query came back (it cannot be drawn).
        (["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"], 256,
         TerminalReplies(kitty: true, deviceAttributes: true), .indexed256, .symbols),
    ])
    func autoDetection(env: [String: String], colors: Int, replies: TerminalReplies, color: ColorMode,
                       graphics: GraphicsMode) {
        let p = TerminalProfile(TerminalFacts(environment: env, colors: colors, replies: replies), graphics: nil)
        #expect(p.color == color && p.graphics == graphics)
        #expect(!p.ascii && !p.tmuxWrap && p.cell == .defaultCell)
    }

    @Test func tmuxPassthroughWrapsKittyAndLocaleForcesASCII() {
        let env = ["TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"]
        let through = TerminalProfile(TerminalFacts(environment: env, colors: 256, directColor: true,
                                                    replies: TerminalReplies(kitty: true, deviceAttributes: true),
                                                    windowCell: PixelSize(width: 9, height: 18), tmuxPassthrough: true),
                                      graphics: nil)
        #expect(through.graphics == .kitty && through.tmuxWrap && through.color == .trueColor)
        #expect(through.cell == PixelSize(width: 9, height: 18), "TIOCGWINSZ's pixels win over CSI 16 t")
        let c = TerminalProfile(TerminalFacts(environment: ["TERM": "xterm-256color"], colors: 256, utf8: false),
                                graphics: nil)
        #expect(c.ascii && c.graphics == .ascii)
        let asked = TerminalProfile(TerminalFacts(environment: [:], colors: 256, utf8: false), graphics: .sixel)
        #expect(asked.graphics == .sixel && asked.ascii, "pixels need no UTF-8: an explicit --graphics stays")
        let blocks = TerminalProfile(TerminalFacts(environment: [:], colors: 256), graphics: .blocks, noColor: true)
        #expect(blocks.graphics == .blocks && blocks.color == .monochrome)
    }

    /// The answers as terminals send them, mixed with other bytes.
    @Test func repliesAreParsed() {
        let kitty = TerminalReplies.parse(Array("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;22c".utf8))
        #expect(kitty == TerminalReplies(kitty: true, sixel: false, deviceAttributes: true,
                                         cell: PixelSize(width: 10, height: 20)))
        let vt340 = TerminalReplies.parse(Array("x\u{1B}[?63;1;2;4;6;9;15;22c".utf8))
        #expect(vt340 == TerminalReplies(sixel: true, deviceAttributes: true))
        let refused = TerminalReplies.parse(Array("\u{1B}_Gi=31;ENOTSUPPORTED:\u{1B}\\\u{1B}[?1;2c".utf8))
        #expect(refused == TerminalReplies(deviceAttributes: true))
        #expect(TerminalReplies.parse([]) == TerminalReplies())
    }

    // MARK: - Frames

    /// One run of three cells in each colour mode: cursor to row 2 column 3, one SGR per style change, a reset.
    @Test(arguments: [
        (ColorMode.trueColor, "\u{1B}[0;38;2;255;0;0m"),
        (.indexed256, "\u{1B}[0;38;5;196m"),
        (.indexed16, "\u{1B}[0;91m"),
        (.indexed8, "\u{1B}[0;31m"),
        (.monochrome, "\u{1B}[0m"),
    ])
    func frameEncoding(mode: ColorMode, red: String) {
        let cells = [Cell("a", foreground: mode.color(RGB(255, 0, 0))), Cell("b", foreground: mode.color(RGB(255, 0, 0))),
                     Cell("é", attributes: [.bold, .reverse])]
        let bytes = FrameEncoder.encode([GridRun(x: 2, y: 1, cells: cells)], colorMode: mode)
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[2;3H" + red + "ab\u{1B}[0;1;7mé\u{1B}[0m")
    }

    @Test func colourCodesAcrossModes() {
        #expect(FrameEncoder.code(.indexed(12), base: 40, colorMode: .indexed16) == "104")
        #expect(FrameEncoder.code(.indexed(12), base: 30, colorMode: .indexed8) == "34")
        #expect(FrameEncoder.code(.indexed(196), base: 30, colorMode: .indexed16) == "91", "nearest ANSI to 255,0,0")
        #expect(FrameEncoder.code(.rgb(0, 0, 238), base: 30, colorMode: .indexed8) == "34")
        #expect(FrameEncoder.code(.rgb(1, 2, 3), base: 48, colorMode: .monochrome) == nil)
        #expect(ANSIColors.nearest(RGB(250, 250, 250), count: 8) == 7 && ANSIColors.nearest(RGB(250, 250, 250), count: 16) == 15)
    }

    // MARK: - Placement

    /// The notebook's 50-filter grid (277 pixels with padding 3) in the 120×40 dashboard's W1 panel (46×16 cells
    /// inside) at 10×20-pixel cells: ×1 in 28×14 cells (280×280), centred; at 5×10 cells ×1 needs 56×28 cells, more
    /// than there are, so it shrinks; sixel rounds the canvas height down to a multiple of 6.
    @Test func picturesAreScaledByWholeFactorsAndCentred() {
        let picture = FilterImage(width: 277, height: 277)
        let image = GridImage(area: Rect(x: 73, y: 2, width: 46, height: 16), image: picture, mode: .kitty, colorMode: .trueColor)
        let fit = image.fitted(cell: PixelSize(width: 10, height: 20))
        #expect(fit.area == Rect(x: 82, y: 3, width: 28, height: 14) && fit.scale == 1)
        #expect(fit.canvas.width == 280 && fit.canvas.height == 280)
        let big = image.fitted(cell: PixelSize(width: 20, height: 40))
        #expect(big.scale == 2 && big.area == Rect(x: 82, y: 3, width: 28, height: 14) && big.canvas.height == 560)
        let small = image.fitted(cell: PixelSize(width: 5, height: 10))
        #expect(small.scale == 0 && small.area.height == 16 && small.canvas.height == 160)
        let sixel = image.fitted(cell: PixelSize(width: 10, height: 20), heightMultiple: 6)
        #expect(sixel.area.height == 15 && sixel.canvas.height == 300 && sixel.canvas.height % 6 == 0)
        #expect(image.symbolArea(cell: PixelSize(width: 10, height: 20)) == Rect(x: 80, y: 2, width: 32, height: 16))
    }

    /// A 2×2 picture in 2×1 cells of 4×7 pixels (8×7 available): ×3 is 6×6, centred on the 8×7 canvas at (1, 0),
    /// black around it.
    @Test func canvasHoldsTheEnlargedPicture() {
        var tiny = FilterImage(width: 2, height: 2)
        tiny[0, 0] = RGB(255, 0, 0)
        tiny[1, 1] = RGB(0, 0, 255)
        let fit = GridImage(area: Rect(width: 2, height: 1), image: tiny, mode: .kitty, colorMode: .trueColor)
            .fitted(cell: PixelSize(width: 4, height: 7))
        #expect(fit.scale == 3 && fit.canvas.width == 8 && fit.canvas.height == 7)
        #expect(fit.canvas[1, 0] == RGB(255, 0, 0) && fit.canvas[3, 2] == RGB(255, 0, 0) && fit.canvas[4, 3] == RGB(0, 0, 255))
        #expect(fit.canvas[6, 5] == RGB(0, 0, 255) && fit.canvas[4, 2] == RGB(0, 0, 0))
        #expect(fit.canvas[0, 0] == RGB(0, 0, 0) && fit.canvas[7, 6] == RGB(0, 0, 0) && fit.canvas[1, 6] == RGB(0, 0, 0))
    }

    // MARK: - Modes on the dashboard

    @Test func pictureModesCycleBelowTheBest() {
        #expect(GraphicsMode.cycle(from: .kitty) == [.kitty, .symbols, .blocks, .ascii])
        #expect(GraphicsMode.cycle(from: .symbols) == [.symbols, .blocks, .ascii])
        #expect(GraphicsMode.cycle(from: .ascii) == [.ascii])
        var modes = DisplayModes(color: .trueColor, graphics: .sixel)
        var seen: [GraphicsMode] = []
        for _ in 0..<4 { modes.cycleGraphics(); seen.append(modes.graphics) }
        #expect(seen == [.symbols, .blocks, .ascii, .sixel])
        var colours: [ColorMode] = []
        for _ in 0..<5 { modes.cycleColor(); colours.append(modes.color) }
        #expect(colours == [.indexed256, .indexed16, .indexed8, .monochrome, .trueColor])
    }

    /// In kitty mode the W1 panel leaves its inside blank and asks for one picture there (the notebook's grid with
    /// padding 3); `i` moves to symbols (a picture still) and then to blocks (cells, no picture); `?` over the panel
    /// drops the picture.
    @Test func filterPanelAsksForAPictureUnlessCovered() {
        var state = Fixtures.running()
        state.display = DisplayModes(color: .trueColor, graphics: .kitty)
        state.rebuildFilterPicture()
        let grid = Dashboard.render(state, width: 80, height: 24, now: 0)
        let layout = DashboardLayout(width: 80, height: 24)!
        let inner = layout.filters.inset(by: 1)
        #expect(grid.images.count == 1)
        #expect(grid.images.first?.area == inner && grid.images.first?.mode == .kitty)
        #expect(grid.images.first?.image == FilterImage.grid(of: Fixtures.filters, scaling: .perFilter, padding: 3))
        #expect(grid.lines[layout.filters.y].hasSuffix("┌─ W1 filters (4) · kitty · per┐"))
        for y in inner.y..<inner.maxY { #expect(grid.lines[y].dropFirst(inner.x).prefix(inner.width).allSatisfy { $0 == " " }) }
        _ = state.handle(.character("i"))
        #expect(Dashboard.render(state, width: 80, height: 24, now: 0).images.first?.mode == .symbols)
        _ = state.handle(.character("i"))
        #expect(Dashboard.render(state, width: 80, height: 24, now: 0).images.isEmpty)
        #expect(state.display.graphics == .blocks && state.message?.text == "W1 pictures: blocks")
        _ = state.handle(.character("i"))
        _ = state.handle(.character("i"))
        _ = state.handle(.character("?"))
        #expect(state.display.graphics == .kitty && Dashboard.render(state, width: 80, height: 24, now: 0).images.isEmpty)
    }

    @Test func asciiGuardReplacesEverythingElse() {
        var g = Grid(width: 6, height: 1)
        g.put("×·│┌é→", x: 0, y: 0)
        #expect(g.asciiOnly().lines == ["x-|+?>"])
    }
}
