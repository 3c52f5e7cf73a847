/// A rectangle of cells: columns `x..<x+width`, rows `y..<y+height`.
public struct Rect: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The left column.
    public var x: Int
    /// The top row.
    public var y: Int
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// A rectangle; a negative size becomes empty.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The rectangle covering a whole `width` × `height` screen.
    public init(width: Int, height: Int) {
        self.init(x: 0, y: 0, width: width, height: height)
    }

    /// One past the right column.
    public var maxX: Int { x + width }
    /// One past the bottom row.
    public var maxY: Int { y + height }
    /// Whether the rectangle has no cells.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// Whether cell (x, y) lies inside.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && py >= y && px < maxX && py < maxY
    }

    /// The rectangle shrunk by `n` cells on every side.
    public func inset(by n: Int) -> Rect {
        Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n)
    }

    /// The first `rows` rows.
    public func top(_ rows: Int) -> Rect { Rect(x: x, y: y, width: width, height: min(rows, height)) }

    /// Everything below the first `rows` rows.
    public func droppingTop(_ rows: Int) -> Rect {
        let n = min(max(0, rows), height)
        return Rect(x: x, y: y + n, width: width, height: height - n)
    }

    /// The last `rows` rows.
    public func bottom(_ rows: Int) -> Rect {
        let n = min(max(0, rows), height)
        return Rect(x: x, y: maxY - n, width: width, height: n)
    }

    /// The first `columns` columns.
    public func left(_ columns: Int) -> Rect { Rect(x: x, y: y, width: min(columns, width), height: height) }

    /// Everything right of the first `columns` columns.
    public func droppingLeft(_ columns: Int) -> Rect {
        let n = min(max(0, columns), width)
        return Rect(x: x + n, y: y, width: width - n, height: height)
    }

    /// A `width` × `height` rectangle centred inside this one (clipped to it).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The cells both rectangles cover.
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }

    /// `x,y widthxheight`.
    public var description: String { "\(x),\(y) \(width)x\(height)" }
}
