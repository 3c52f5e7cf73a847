import CNCurses
import Foundation
import NNDLUI

/// The terminal: ncursesw sets it up (terminfo check, alternate screen, raw keys, keypad, resize) and reads keys;
/// frames are written by us (`FrameEncoder`, only the cells that changed), so true colour, 16 and 8 colours are
/// drawn as they are; pictures follow the cells (`PictureLayer`). Used only from the main thread.
final class CursesScreen {
    private var previous: Grid?
    /// How this terminal is drawn on (colours, pictures, ASCII, cell size), decided when it opened.
    let profile: TerminalProfile
    /// Said once on the message line when the terminal was not opened as asked (an unknown `TERM`).
    let notice: String?
    private var active = false
    private let inputFD: Int32
    private let outputFD: Int32
    /// The `/dev/tty` drawn on when stdin or stdout is redirected; kept open while the screen lives.
    private let terminal: ControllingTerminal?
    /// The window keys are read from: a pad, which ncurses never paints.
    private let input: UnsafeMutablePointer<WINDOW>
    private var pictures: PictureLayer

    /// The colour mode of the profile.
    var colorMode: ColorMode { profile.color }

    /// Opens the terminal (stdin/stdout, or `terminal` when given) and decides how to draw on it: `graphics` nil
    /// detects the picture mode. A `TERM` without a terminfo entry falls back to xterm-256color (see `notice`);
    /// throws a one-line `CLIError` (status 2) when no terminal can be opened.
    init(terminal: ControllingTerminal?, graphics: GraphicsMode?, noColor: Bool, ascii: Bool) throws {
        setlocale(LC_ALL, "")
        self.terminal = terminal
        let (inFile, outFile) = try Self.files(terminal)
        inputFD = fileno(inFile)
        outputFD = fileno(outFile)
        notice = try Self.open(in: inFile, out: outFile)
        active = true
        cbreak()
        noecho()
        nonl()
        // A lone Esc (back from a sweep run) waits this long for the rest of an escape sequence: ncurses' 1 s
        // default feels stuck; 100 ms, vim's ttimeoutlen, still keeps arrow keys whole over ssh. ESCDELAY overrides.
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(100) }
        curs_set(0)
        wrefresh(nndl_stdscr())
        guard let pad = newpad(1, 1) else { endwin(); throw CLIError("cannot open the terminal: ncurses has no memory for a key window") }
        input = pad
        keypad(input, true)
        profile = TerminalProfile(
            Self.facts(input: inputFD, output: outputFD, probe: graphics == nil || graphics?.isPixels == true),
            graphics: graphics, noColor: noColor, ascii: ascii)
        pictures = PictureLayer(profile: profile)
    }

    /// The FILEs to open curses on: the controlling terminal's, or new ones on descriptors 0 and 1.
    private static func files(_ terminal: ControllingTerminal?) throws -> (UnsafeMutablePointer<FILE>, UnsafeMutablePointer<FILE>) {
        if let file = terminal?.file { return (file, file) }
        guard let inFile = fdopen(0, "r"), let outFile = fdopen(1, "w") else {
            throw CLIError("cannot open the terminal on stdin/stdout")
        }
        return (inFile, outFile)
    }

    /// `newterm` on `$TERM`, else on xterm-256color (returning the notice to show); throws when both fail.
    private static func open(in inFile: UnsafeMutablePointer<FILE>, out outFile: UnsafeMutablePointer<FILE>) throws -> String? {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if !term.isEmpty, newterm(term, outFile, inFile) != nil { return nil }
        guard newterm("xterm-256color", outFile, inFile) != nil else {
            throw CLIError("cannot open the terminal: TERM=\(term.isEmpty ? "(unset)" : term) has no terminfo entry and neither has xterm-256color; set TERM to one in /usr/share/terminfo or use --headless")
        }
        return "TERM=\(term.isEmpty ? "(unset)" : term) has no terminfo entry here: drawing as xterm-256color"
    }

    /// What terminfo, the locale, the window size and (when `probe`) the terminal's answers say.
    private static func facts(input: Int32, output: Int32, probe: Bool) -> TerminalFacts {
        let env = ProcessInfo.processInfo.environment
        let colors = Int(nndl_tigetnum("colors"))
        let direct = nndl_tigetflag("RGB") > 0 || colors >= 1 << 24
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        let inTmux = !(env["TMUX"] ?? "").isEmpty
        let passthrough = inTmux && TerminalProbe.tmuxAllowsPassthrough()
        var ws = winsize()
        var cell: PixelSize?
        if ioctl(output, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0, ws.ws_xpixel > 0, ws.ws_ypixel > 0 {
            cell = PixelSize(width: Int(ws.ws_xpixel) / Int(ws.ws_col), height: Int(ws.ws_ypixel) / Int(ws.ws_row))
        }
        let replies = probe ? TerminalProbe.ask(input: input, output: output, tmuxWrap: passthrough) : TerminalReplies()
        return TerminalFacts(environment: env, colors: max(colors, 0), directColor: direct,
                             utf8: codeset.uppercased() == "UTF-8", replies: replies, windowCell: cell,
                             tmuxPassthrough: passthrough)
    }

    /// The terminal's size in cells.
    var size: (width: Int, height: Int) {
        (Int(getmaxx(nndl_stdscr())), Int(getmaxy(nndl_stdscr())))
    }

    /// Asks the terminal for its size and, when it changed, tells curses (resizeterm) and forgets the last frame.
    /// Polled each tick as well as via KEY_RESIZE, since a SIGWINCH can be missed while another handler is installed.
    func checkResize() -> Bool {
        var ws = winsize()
        guard ioctl(outputFD, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return false }
        let (w, h) = size
        guard Int(ws.ws_col) != w || Int(ws.ws_row) != h else { return false }
        resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
        previous = nil
        return true
    }

    /// Waits up to `milliseconds` for a key.
    func readKey(timeout milliseconds: Int32) -> Key? {
        wtimeout(input, milliseconds)
        var ch: wint_t = 0
        let kind = nndl_get(input, &ch)
        if kind == ERR { return nil }
        if kind == KEY_CODE_YES { return Self.functionKey(Int32(ch)) }
        switch ch {
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        default: return Unicode.Scalar(UInt32(ch)).map { .character(Character($0)) }
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_RESIZE: return .resize
        default: return nil
        }
    }

    /// Draws `frame`: chafa symbols into their cells, then only the runs of cells that differ from the last frame
    /// (everything after a resize or `invalidate`), then the pixel pictures that changed.
    func draw(_ frame: Grid) {
        var grid = profile.ascii ? frame.asciiOnly() : frame
        pictures.drawSymbols(into: &grid)
        var out: [UInt8] = []
        var before = previous
        if before == nil || before?.width != grid.width || before?.height != grid.height {
            out += Array("\u{1B}[H\u{1B}[2J".utf8)
            pictures.forget()
            before = Grid(width: 0, height: 0)
        }
        let placing = pictures.placements(for: grid, now: ProcessInfo.processInfo.systemUptime)
        if let placing, var dirty = before, dirty.width == grid.width {
            out += placing.erase
            for area in placing.stale { dirty.fill(area, with: Cell("\u{0}")) }
            before = dirty
        }
        out += FrameEncoder.encode(grid.diff(from: before!), colorMode: profile.color)
        if let placing { out += placing.draw }
        write(out)
        previous = grid
    }

    /// Whether a newer picture has waited long enough to be written (the loop draws once more for it).
    var picturesDue: Bool { pictures.due(at: ProcessInfo.processInfo.systemUptime) }

    /// Forgets the last frame so the next draw repaints everything (Ctrl-L, resizes).
    func invalidate() {
        previous = nil
    }

    /// Writes all of `bytes` to the terminal.
    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(outputFD, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { if errno == EINTR || errno == EAGAIN { continue } else { return } }
                offset += n
            }
        }
    }

    /// Deletes the pictures and restores the terminal (idempotent); repeats `notice` on stderr, where it stays.
    func end() {
        guard active else { return }
        active = false
        write(pictures.clearAll())
        delwin(input)
        curs_set(1)
        endwin()
        if let notice { printError("nndl-tui: \(notice)") }
    }

    deinit { end() }
}
