/// What a terminal answered to the start-up queries: the kitty graphics query (`ESC _ G i=31;OK ESC \`), the
/// primary device attributes (`ESC [ ? 62;4;… c`, where 4 means sixel) and the cell size (`ESC [ 6 ; h ; w t`).
public struct TerminalReplies: Sendable, Equatable {
    /// The kitty graphics query was answered OK.
    public var kitty = false
    /// The device attributes list 4 (sixel graphics).
    public var sixel = false
    /// The device attributes arrived (the terminal answers queries).
    public var deviceAttributes = false
    /// The cell size in pixels, when `CSI 16 t` was answered.
    public var cell: PixelSize?

    /// No answers.
    public init(kitty: Bool = false, sixel: Bool = false, deviceAttributes: Bool = false, cell: PixelSize? = nil) {
        self.kitty = kitty
        self.sixel = sixel
        self.deviceAttributes = deviceAttributes
        self.cell = cell
    }

    /// The queries, in the order sent: kitty graphics (a 1×1 RGB image query, id 31), cell size, device attributes
    /// (every terminal answers the last, so its answer ends the wait).
    public static let kittyQuery = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\"
    /// `CSI 16 t` and `CSI c`.
    public static let otherQueries = "\u{1B}[16t\u{1B}[c"

    /// The replies found in `bytes` (anything else in them is ignored).
    public static func parse(_ bytes: [UInt8]) -> TerminalReplies {
        var replies = TerminalReplies()
        let text = String(decoding: bytes, as: UTF8.self)
        for apc in sequences(in: text, start: "\u{1B}_G", end: "\u{1B}\\") where apc.contains("i=31") && apc.contains(";OK") {
            replies.kitty = true
        }
        for da in sequences(in: text, start: "\u{1B}[?", end: "c") {
            replies.deviceAttributes = true
            if da.split(separator: ";").contains("4") { replies.sixel = true }
        }
        for size in sequences(in: text, start: "\u{1B}[6;", end: "t") {
            let parts = size.split(separator: ";").compactMap { Int($0) }
            if parts.count == 2, parts[0] > 0, parts[1] > 0 { replies.cell = PixelSize(width: parts[1], height: parts[0]) }
        }
        return replies
    }

    /// The texts between each `start` and the next `end`.
    static func sequences(in text: String, start: String, end: String) -> [Substring] {
        var found: [Substring] = []
        var rest = text[...]
        while let s = rest.range(of: start) {
            rest = rest[s.upperBound...]
            guard let e = rest.range(of: end) else { break }
            found.append(rest[..<e.lowerBound])
            rest = rest[e.upperBound...]
        }
        return found
    }
}

/// What the program knows about its terminal before deciding how to draw.
public struct TerminalFacts: Sendable, Equatable {
    /// The environment (`TERM`, `COLORTERM`, `NO_COLOR`, `KITTY_WINDOW_ID`, `TERM_PROGRAM`, `TMUX`).
    public var environment: [String: String]
    /// The colours terminfo gives the terminal (`colors`).
    public var colors: Int
    /// terminfo says direct colour (the `RGB` flag, or 2^24 colours).
    public var directColor: Bool
    /// The locale's character set is UTF-8.
    public var utf8: Bool
    /// What the terminal answered (all false when it was not asked or said nothing).
    public var replies: TerminalReplies
    /// The cell size from `TIOCGWINSZ`'s pixel fields, when they are set.
    public var windowCell: PixelSize?
    /// Inside tmux, whether it lets escape sequences through to the outer terminal (`allow-passthrough on`).
    public var tmuxPassthrough: Bool

    /// Facts from their parts.
    public init(environment: [String: String], colors: Int, directColor: Bool = false, utf8: Bool = true,
                replies: TerminalReplies = TerminalReplies(), windowCell: PixelSize? = nil, tmuxPassthrough: Bool = false) {
        self.environment = environment
        self.colors = colors
        self.directColor = directColor
        self.utf8 = utf8
        self.replies = replies
        self.windowCell = windowCell
        self.tmuxPassthrough = tmuxPassthrough
    }

    /// Whether the program runs inside tmux.
    public var inTmux: Bool { !(environment["TMUX"] ?? "").isEmpty }
}

/// How the program draws on a terminal: decided once at start-up from `TerminalFacts` and the command line.
public struct TerminalProfile: Sendable, Equatable {
    /// The richest colour mode.
    public var color: ColorMode
    /// The best picture mode.
    public var graphics: GraphicsMode
    /// Whether only ASCII may be drawn.
    public var ascii: Bool
    /// The cell size in pixels the pictures are made for.
    public var cell: PixelSize
    /// Whether pixel sequences must be wrapped in tmux's passthrough.
    public var tmuxWrap: Bool

    /// The profile for `facts`: `graphics` nil is `--graphics auto`; `noColor` is `--no-color`; `ascii` is `--ascii`.
    public init(_ facts: TerminalFacts, graphics: GraphicsMode?, noColor: Bool = false, ascii: Bool = false) {
        let env = facts.environment
        self.ascii = ascii || !facts.utf8
        color = TerminalProfile.colorMode(facts, noColor: noColor || !(env["NO_COLOR"] ?? "").isEmpty)
        let chosen = graphics ?? TerminalProfile.detectGraphics(facts)
        self.graphics = self.ascii && !chosen.isPixels ? .ascii : chosen
        cell = facts.windowCell ?? facts.replies.cell ?? .defaultCell
        tmuxWrap = facts.inTmux && facts.tmuxPassthrough && self.graphics.isPixels
    }

    /// Monochrome when asked; true colour for `COLORTERM=truecolor|24bit` or a direct-colour terminfo; else the
    /// palette terminfo gives (256, 16, 8, or none).
    static func colorMode(_ facts: TerminalFacts, noColor: Bool) -> ColorMode {
        if noColor || facts.colors < 8 && !facts.directColor { return .monochrome }
        let colorterm = facts.environment["COLORTERM"] ?? ""
        if facts.directColor || colorterm == "truecolor" || colorterm == "24bit" { return .trueColor }
        if facts.colors >= 256 { return .indexed256 }
        return facts.colors >= 16 ? .indexed16 : .indexed8
    }

    /// `--graphics auto`: ASCII in a non-UTF-8 locale; in tmux, kitty when it answered through the passthrough,
    /// sixel when tmux itself has it, else symbols; elsewhere the terminal's answers, then its environment
    /// (`KITTY_WINDOW_ID`, `TERM` `xterm-kitty`/`xterm-ghostty`, `TERM_PROGRAM` `iTerm.app`/`WezTerm`/`ghostty`).
    static func detectGraphics(_ facts: TerminalFacts) -> GraphicsMode {
        guard facts.utf8 else { return .ascii }
        let env = facts.environment, replies = facts.replies
        if facts.inTmux {
            if replies.kitty && facts.tmuxPassthrough { return .kitty }
            return replies.sixel ? .sixel : .symbols
        }
        let term = env["TERM"] ?? "", program = env["TERM_PROGRAM"] ?? ""
        if replies.kitty { return .kitty }
        if program == "iTerm.app" { return .iterm }
        let kittyByName = env["KITTY_WINDOW_ID"] != nil || term == "xterm-kitty" || term == "xterm-ghostty"
            || program == "ghostty" || program == "WezTerm"
        if kittyByName && !replies.deviceAttributes { return .kitty }
        return replies.sixel ? .sixel : .symbols
    }
}
