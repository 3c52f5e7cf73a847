/// A picture a `Grid` asks the screen to draw over a rectangle of its cells: with terminal pixels (kitty, sixel,
/// iTerm2) after the cell frame, or with chafa's symbols into the cells. The cells under it are left blank.
public struct GridImage: Sendable, Equatable {
    /// The cells the picture may cover.
    public var area: Rect
    /// The picture at one pixel per weight (the notebook's grid, or one filter).
    public var image: FilterImage
    /// How it is drawn (never `blocks` or `ascii`, which the widgets draw into cells themselves).
    public var mode: GraphicsMode
    /// The colour mode chafa's symbols are drawn in.
    public var colorMode: ColorMode

    /// A picture over `area`.
    public init(area: Rect, image: FilterImage, mode: GraphicsMode, colorMode: ColorMode) {
        self.area = area
        self.image = image
        self.mode = mode
        self.colorMode = colorMode
    }

    /// The cells chafa's symbols fill: the largest rectangle in `area`, centred, with the picture's aspect at `cell`
    /// pixels a cell (chafa scales the picture itself).
    public func symbolArea(cell: PixelSize) -> Rect {
        guard image.width > 0, image.height > 0, area.width > 0, area.height > 0 else {
            return Rect(x: area.x, y: area.y, width: 0, height: 0)
        }
        let s = min(Double(area.width * cell.width) / Double(image.width),
                    Double(area.height * cell.height) / Double(image.height))
        let columns = max(1, min(area.width, Int((Double(image.width) * s / Double(cell.width)).rounded())))
        let rows = max(1, min(area.height, Int((Double(image.height) * s / Double(cell.height)).rounded())))
        return area.centered(width: columns, height: rows)
    }

    /// Where the picture goes at `cell` pixels a cell: the cells it covers (centred in `area`) and the picture
    /// itself at that rectangle's full pixel size, the source scaled by the largest whole factor that fits
    /// (nearest neighbour, so every weight stays a k×k square) or shrunk by the box filter when even ×1 does not
    /// fit, centred on black. `heightMultiple` rounds the canvas height down to a multiple of it (sixel images are
    /// drawn six rows at a time, so chafa draws exactly that many).
    public func fitted(cell: PixelSize, heightMultiple: Int = 1) -> (area: Rect, canvas: FilterImage, scale: Int) {
        let m = max(1, heightMultiple)
        let available = PixelSize(width: area.width * cell.width, height: area.height * cell.height / m * m)
        guard image.width > 0, image.height > 0, available.width > 0, available.height > 0 else {
            return (Rect(x: area.x, y: area.y, width: 0, height: 0), FilterImage(width: 0, height: 0), 0)
        }
        let k = min(available.width / image.width, available.height / image.height)
        let picture: FilterImage
        if k >= 1 {
            picture = image.resized(width: image.width * k, height: image.height * k)
        } else {
            let s = min(Double(available.width) / Double(image.width), Double(available.height) / Double(image.height))
            picture = image.resized(width: max(1, Int(Double(image.width) * s)), height: max(1, Int(Double(image.height) * s)))
        }
        let columns = min(area.width, (picture.width + cell.width - 1) / cell.width)
        var rows = min(area.height, (picture.height + cell.height - 1) / cell.height)
        if rows < area.height, rows * cell.height / m * m < picture.height { rows += 1 }
        let cells = area.centered(width: columns, height: rows)
        var canvas = FilterImage(width: columns * cell.width, height: rows * cell.height / m * m)
        canvas.place(picture, at: ((canvas.width - picture.width) / 2, (canvas.height - picture.height) / 2))
        return (cells, canvas, max(k, 0))
    }
}

/// A size in pixels.
public struct PixelSize: Sendable, Equatable, Hashable {
    /// Pixels across.
    public var width: Int
    /// Pixels down.
    public var height: Int

    /// A size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The cell size assumed when the terminal does not say: 10×20, a common monospace cell.
    public static let defaultCell = PixelSize(width: 10, height: 20)
}
