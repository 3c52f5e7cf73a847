/// A terminal colour: the default colour, one of the 256 xterm colours, or 24-bit RGB.
public enum Color: Sendable, Equatable, Hashable {
    case `default`
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

/// Text attributes of a cell.
public struct Attributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let dim = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)
}

/// One terminal cell: a character with colours and attributes.
public struct Cell: Sendable, Equatable, Hashable {
    public var character: Character
    public var foreground: Color
    public var background: Color
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
