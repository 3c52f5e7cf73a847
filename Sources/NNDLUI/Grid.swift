/// A terminal colour: the default colour, one of the 256 xterm colours, or 24-bit RGB.
public enum Color: Sendable, Equatable, Hashable {
    case `default`
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes of a cell.
public struct Attributes: OptionSet, Sendable, Hashable {
    /// The attribute bits.
    public let rawValue: UInt8
    /// Attributes from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Bold text.
    public static let bold = Attributes(rawValue: 1)
    /// Dim text.
    public static let dim = Attributes(rawValue: 2)
    /// Swapped foreground and background.
    public static let reverse = Attributes(rawValue: 4)
    /// Underlined text.
    public static let underline = Attributes(rawValue: 8)
}

/// One terminal cell: a character with colours and attributes.
public struct Cell: Sendable, Equatable, Hashable {
    /// The character shown (one column wide).
    public var character: Character
    /// Text colour.
    public var foreground: Color
    /// Background colour.
    public var background: Color
    /// Bold, dim, reverse, underline.
    public var attributes: Attributes

    /// A cell; blank with default colours unless told otherwise.
    public init(
        _ character: Character = " ", foreground: Color = .default, background: Color = .default,
        attributes: Attributes = []
    ) {
        self.character = character
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// A blank cell.
    public static let blank = Cell()
}

/// A rectangle of cells the widgets draw into; only the curses screen copies it to a terminal.
public struct Grid: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// height × width cells, row-major.
    public private(set) var cells: [Cell]
    /// Pictures the screen draws over blank cells (pixel graphics or chafa symbols), in drawing order.
    public var images: [GridImage] = []

    /// A blank grid.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    /// The cell at column x, row y; writes outside the grid are ignored and reads give a blank.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    /// Whether (x, y) is inside the grid.
    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y) rightwards, clipped to the grid and to `maxWidth` columns.
    public mutating func put(
        _ text: String, x: Int, y: Int, foreground: Color = .default, background: Color = .default,
        attributes: Attributes = [], maxWidth: Int? = nil
    ) {
        let limit = maxWidth ?? (width - x)
        for (offset, ch) in text.enumerated() where offset < limit {
            self[x + offset, y] = Cell(ch, foreground: foreground, background: background, attributes: attributes)
        }
    }

    /// The characters of each row as strings (what tests compare).
    public var lines: [String] {
        (0..<height).map { y in String(cells[(y * width)..<((y + 1) * width)].map(\.character)) }
    }
}

// MARK: - Diff

/// A run of changed cells on one row: what a backend must write starting at column x, row y.
public struct GridRun: Sendable, Equatable {
    /// The first column of the run.
    public var x: Int
    /// The row.
    public var y: Int
    /// The new cells, left to right.
    public var cells: [Cell]

    /// A run of `cells` starting at (x, y).
    public init(x: Int, y: Int, cells: [Cell]) {
        self.x = x
        self.y = y
        self.cells = cells
    }
}

extension Grid {
    /// The runs of cells that differ from `previous`, row by row; a grid of another size differs everywhere.
    public func diff(from previous: Grid) -> [GridRun] {
        guard previous.width == width, previous.height == height else {
            return (0..<height).compactMap { y in
                width == 0 ? nil : GridRun(x: 0, y: y, cells: Array(cells[(y * width)..<((y + 1) * width)]))
            }
        }
        var runs: [GridRun] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                let i = y * width + x
                guard cells[i] != previous.cells[i] else { x += 1; continue }
                var end = x + 1
                while end < width, cells[y * width + end] != previous.cells[y * width + end] { end += 1 }
                runs.append(GridRun(x: x, y: y, cells: Array(cells[i..<(y * width + end)])))
                x = end
            }
        }
        return runs
    }
}

// MARK: - ASCII

extension Grid {
    /// The grid with every non-ASCII character replaced (`×` x, `·` `–` `—` `─` -, `│` |, box corners +, arrows
    /// `<>^v`, anything else `?`): the last guard for a terminal whose locale is not UTF-8, where widgets already draw
    /// ASCII but text from elsewhere (an engine message) may not be.
    public func asciiOnly() -> Grid {
        var copy = self
        for i in copy.cells.indices where !(copy.cells[i].character.isASCII) {
            copy.cells[i].character = Grid.asciiStandIn(copy.cells[i].character)
        }
        return copy
    }

    /// The ASCII character shown for `c`.
    static func asciiStandIn(_ c: Character) -> Character {
        switch c {
        case "×": return "x"
        case "·", "–", "—", "─", "━": return "-"
        case "│", "┃": return "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": return "+"
        case "←": return "<"
        case "→": return ">"
        case "↑": return "^"
        case "↓": return "v"
        default: return "?"
        }
    }
}
