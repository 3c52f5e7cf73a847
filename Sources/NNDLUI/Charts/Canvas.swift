/// How a chart turns dots into characters.
public enum GlyphMode: String, Sendable, Equatable, CaseIterable {
    /// Braille patterns (U+2800 block): 2 × 4 dots per cell.
    case braille
    /// Lower blocks `▁▂▃▄▅▆▇█`: 1 × 8 levels per cell.
    case block
    /// One ASCII marker per cell.
    case ascii

    /// Dots per cell across and down.
    public var dotsPerCell: (x: Int, y: Int) {
        switch self {
        case .braille: return (2, 4)
        case .block: return (1, 8)
        case .ascii: return (1, 1)
        }
    }

    /// The next mode in the `g` cycle.
    public var next: GlyphMode {
        switch self {
        case .braille: return .block
        case .block: return .ascii
        case .ascii: return .braille
        }
    }
}

/// A dot raster over `columns` × `rows` cells with one layer per series; in each cell the topmost layer
/// with a dot decides the character and colour. Dot (0, 0) is the bottom-left.
struct Canvas {
    let mode: GlyphMode
    let columns: Int
    let rows: Int
    /// Layers of the canvas.
    let layerCount: Int
    /// One bit mask per cell per layer: layer-major, then row-major from the top row.
    private(set) var masks: [UInt8]

    /// Braille bits by dot column and dot row counted from the cell's top (Unicode's dot numbering 1–8).
    static let brailleBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
    /// The 256 braille patterns, indexed by bit mask.
    static let brailleGlyphs: [Character] = (0..<256).map { Character(Unicode.Scalar(0x2800 + UInt32($0))!) }
    /// Lower blocks by level, one eighth to full.
    static let blockGlyphs: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// An empty canvas.
    init(mode: GlyphMode, columns: Int, rows: Int, layers: Int) {
        self.mode = mode
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.layerCount = layers
        self.masks = [UInt8](repeating: 0, count: self.columns * self.rows * layers)
    }

    /// Dots across.
    var width: Int { columns * mode.dotsPerCell.x }
    /// Dots down.
    var height: Int { rows * mode.dotsPerCell.y }

    /// Sets dot (x, y) of `layer`; dots outside the canvas are ignored.
    mutating func set(_ layer: Int, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let (dx, dy) = mode.dotsPerCell
        let cell = (rows - 1 - y / dy) * columns + x / dx
        let bit: UInt8
        switch mode {
        case .braille: bit = Canvas.brailleBits[x % dx][dy - 1 - y % dy]
        case .block: bit = UInt8(1) << UInt8(y % dy)
        case .ascii: bit = 1
        }
        masks[layer * columns * rows + cell] |= bit
    }

    /// Sets the dots of a straight line from `a` to `b` (Bresenham).
    mutating func line(_ layer: Int, from a: (x: Int, y: Int), to b: (x: Int, y: Int)) {
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var x = a.x, y = a.y, error = dx + dy
        while true {
            set(layer, x: x, y: y)
            if x == b.x && y == b.y { return }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// Sets one dot per column from `a` to `b`, at the linearly interpolated height (for block glyphs,
    /// which show one level per column).
    mutating func interpolate(_ layer: Int, from a: (x: Int, y: Int), to b: (x: Int, y: Int)) {
        guard b.x != a.x else { return set(layer, x: b.x, y: b.y) }
        let step = b.x > a.x ? 1 : -1
        for x in stride(from: a.x, through: b.x, by: step) {
            let t = Double(x - a.x) / Double(b.x - a.x)
            set(layer, x: x, y: Int((Double(a.y) + t * Double(b.y - a.y)).rounded()))
        }
    }

    /// Sets the dots of column `x` from `y0` to `y1`.
    mutating func span(_ layer: Int, x: Int, from y0: Int, to y1: Int) {
        for y in min(y0, y1)...max(y0, y1) { set(layer, x: x, y: y) }
    }

    /// The character for bit mask `mask` (non-zero); `marker` is the ASCII mode's character.
    func glyph(_ mask: UInt8, marker: Character) -> Character {
        switch mode {
        case .braille: return Canvas.brailleGlyphs[Int(mask)]
        case .block: return Canvas.blockGlyphs[7 - mask.leadingZeroBitCount]
        case .ascii: return marker
        }
    }

    /// Copies the cells with dots to `grid` at (x, y); each cell takes the topmost layer's glyph and style.
    func render(into grid: inout Grid, x originX: Int, y originY: Int, styles: [SeriesStyle]) {
        let size = columns * rows
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = row * columns + column
                for layer in stride(from: layerCount - 1, through: 0, by: -1) where masks[layer * size + cell] != 0 {
                    let style = styles[layer]
                    grid[originX + column, originY + row] = style.style.cell(glyph(masks[layer * size + cell], marker: style.marker))
                    break
                }
            }
        }
    }
}

/// How one series looks: its style and its marker in ASCII mode.
public struct SeriesStyle: Sendable, Equatable {
    /// Colour and attributes.
    public var style: Style
    /// The character drawn for each point in ASCII mode.
    public var marker: Character

    /// A series look.
    public init(style: Style, marker: Character) {
        self.style = style
        self.marker = marker
    }
}
