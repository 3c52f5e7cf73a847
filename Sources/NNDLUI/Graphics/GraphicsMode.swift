/// How the W1 pictures are drawn: terminal pixel graphics, chafa's symbol matching, our half blocks, or ASCII.
public enum GraphicsMode: String, Sendable, Equatable, CaseIterable {
    /// The kitty graphics protocol (kitty, Ghostty, WezTerm, Konsole).
    case kitty
    /// DEC sixel graphics (xterm -ti vt340, foot, mlterm, WezTerm, Windows Terminal, iTerm2).
    case sixel
    /// iTerm2's inline images (iTerm2, WezTerm).
    case iterm
    /// chafa's best character-cell picture: symbols matched to each cell's pixels, in the colour mode.
    case symbols
    /// Two pixels a cell with `▀` (upper pixel foreground, lower background).
    case blocks
    /// A luminance ramp of ASCII characters.
    case ascii

    /// Whether the terminal draws pixels (the picture is written by the screen after the cell frame).
    public var isPixels: Bool { self == .kitty || self == .sixel || self == .iterm }

    /// The name in the W1 panel's title and the help: `kitty`, `sixel`, `iTerm2`, `symbols`, `blocks`, `ASCII`.
    public var label: String {
        switch self {
        case .kitty: return "kitty"
        case .sixel: return "sixel"
        case .iterm: return "iTerm2"
        case .symbols: return "symbols"
        case .blocks: return "blocks"
        case .ascii: return "ASCII"
        }
    }

    /// The modes a terminal whose best mode is `best` cycles through: `best`, then the character-cell ones
    /// below it (symbols, blocks, ASCII); only ASCII when `best` is ASCII.
    public static func cycle(from best: GraphicsMode) -> [GraphicsMode] {
        let cells: [GraphicsMode] = [.symbols, .blocks, .ascii]
        if best.isPixels { return [best] + cells }
        return Array(cells.drop { $0 != best })
    }
}

/// The colour and picture modes a view draws with, and the best ones the terminal has (the `c` and `i` cycles
/// never go beyond them).
public struct DisplayModes: Sendable, Equatable {
    /// The colour mode in use.
    public var color: ColorMode
    /// The picture mode in use.
    public var graphics: GraphicsMode
    /// The richest colour mode the terminal has.
    public let bestColor: ColorMode
    /// The best picture mode the terminal has.
    public let bestGraphics: GraphicsMode

    /// Modes starting at the terminal's best.
    public init(color: ColorMode = .indexed256, graphics: GraphicsMode = .blocks) {
        self.color = color
        self.graphics = graphics
        bestColor = color
        bestGraphics = graphics
    }

    /// `c`: the next poorer colour mode, and after monochrome the best again.
    public mutating func cycleColor() { color = color.next(upTo: bestColor) }

    /// `i`: the next picture mode of `GraphicsMode.cycle(from: bestGraphics)`.
    public mutating func cycleGraphics() {
        let modes = GraphicsMode.cycle(from: bestGraphics)
        let i = modes.firstIndex(of: graphics) ?? -1
        graphics = modes[(i + 1) % modes.count]
    }
}
