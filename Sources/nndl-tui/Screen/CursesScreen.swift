import CNCurses
import Foundation
import NNDLUI

/// The ncursesw backend: copies a `Grid` to the terminal, writing only the cells that changed, and reads keys.
/// Used only from the main thread.
final class CursesScreen {
    private var previous: Grid?
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private(set) var colorMode: ColorMode = .monochrome
    private var active = false
    /// The terminal's file descriptor (1, or /dev/tty's when stdin or stdout is redirected).
    private let terminalFD: Int32
    /// The `/dev/tty` drawn on when stdin or stdout is redirected; kept open while the screen lives.
    private let terminal: ControllingTerminal?

    private struct PairKey: Hashable {
        let foreground: Int32
        let background: Int32
    }

    /// Starts curses: UTF-8 locale, no echo, keypad keys, hidden cursor, colours when the terminal has them.
    /// With `terminal` (the opened /dev/tty) it draws there, so stdout can go to a file (the JSON summary).
    init(terminal: ControllingTerminal?) {
        setlocale(LC_ALL, "")
        self.terminal = terminal
        if let file = terminal?.file {
            newterm(nil, file, file)
            terminalFD = fileno(file)
        } else {
            initscr()
            terminalFD = 1
        }
        active = true
        cbreak()
        noecho()
        keypad(nndl_stdscr(), true)
        // A lone Esc (back from a sweep run) waits this long for the rest of an escape sequence: ncurses' 1 s
        // default feels stuck; 100 ms, vim's ttimeoutlen, still keeps arrow keys whole over ssh. ESCDELAY overrides.
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(100) }
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            let env = ProcessInfo.processInfo.environment
            if nndl_colors() >= 256 {
                colorMode = (env["COLORTERM"] == "truecolor" || env["COLORTERM"] == "24bit") ? .trueColor : .indexed256
            }
        }
    }

    /// The terminal's size in cells.
    var size: (width: Int, height: Int) {
        (Int(getmaxx(nndl_stdscr())), Int(getmaxy(nndl_stdscr())))
    }

    /// Asks the terminal for its size and, when it changed, tells curses (resizeterm) and forgets the last frame.
    /// Polled each tick as well as via KEY_RESIZE, since a SIGWINCH can be missed while another handler is installed.
    func checkResize() -> Bool {
        var ws = winsize()
        guard ioctl(terminalFD, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return false }
        let (w, h) = size
        guard Int(ws.ws_col) != w || Int(ws.ws_row) != h else { return false }
        resizeterm(Int32(ws.ws_row), Int32(ws.ws_col))
        previous = nil
        return true
    }

    /// Waits up to `milliseconds` for a key.
    func readKey(timeout milliseconds: Int32) -> Key? {
        wtimeout(nndl_stdscr(), milliseconds)
        var ch: wint_t = 0
        let kind = nndl_get(&ch)
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

    /// Draws `grid`, writing only the runs of cells that differ from the last frame (all of them after a resize).
    func draw(_ grid: Grid) {
        let runs: [GridRun]
        if let previous, previous.width == grid.width, previous.height == grid.height {
            runs = grid.diff(from: previous)
        } else {
            werase(nndl_stdscr())
            runs = grid.diff(from: Grid(width: 0, height: 0))
        }
        for run in runs {
            for (offset, cell) in run.cells.enumerated() { put(cell, x: run.x + offset, y: run.y) }
        }
        previous = grid
        wrefresh(nndl_stdscr())
    }

    /// Forgets the last frame so the next draw repaints everything.
    func invalidate() {
        previous = nil
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var attrs: attr_t = 0
        if cell.attributes.contains(.bold) { attrs |= nndl_attr_bold() }
        if cell.attributes.contains(.dim) { attrs |= nndl_attr_dim() }
        if cell.attributes.contains(.reverse) { attrs |= nndl_attr_reverse() }
        if cell.attributes.contains(.underline) { attrs |= nndl_attr_underline() }
        let scalar = cell.character.unicodeScalars.first.map { wchar_t(bitPattern: $0.value) } ?? 32
        _ = nndl_put(Int32(y), Int32(x), scalar, attrs, pair(cell.foreground, cell.background))
    }

    private func pair(_ fg: Color, _ bg: Color) -> Int32 {
        guard colorMode != .monochrome else { return 0 }
        let key = PairKey(foreground: index(fg), background: index(bg))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let p = pairs[key] { return p }
        if nextPair >= nndl_color_pairs() {
            pairs.removeAll()
            nextPair = 1
            previous = nil
        }
        let p = nextPair
        nextPair += 1
        init_extended_pair(p, key.foreground, key.background)
        pairs[key] = p
        return p
    }

    private func index(_ color: Color) -> Int32 {
        switch color {
        case .default: return -1
        case let .indexed(i): return Int32(i)
        case let .rgb(r, g, b): return Int32(XTerm256.nearest(RGB(r, g, b)))
        }
    }

    /// Restores the terminal (idempotent).
    func end() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
    }

    deinit { end() }
}
