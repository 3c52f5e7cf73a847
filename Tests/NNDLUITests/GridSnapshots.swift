@testable import NNDLUI

/// Helpers for comparing a widget's whole output as text.
extension Grid {
    /// A `width` × `height` grid with `draw` rendered into all of it: a widget drawn alone.
    static func rendering(width: Int, height: Int, _ draw: (inout Grid, Rect) -> Void) -> Grid {
        var grid = Grid(width: width, height: height)
        draw(&grid, Rect(width: width, height: height))
        return grid
    }

    /// This grid with `other`'s cells (colours included) copied over it from column x, row y.
    func pasting(_ other: Grid, x: Int, y: Int) -> Grid {
        var result = self
        for row in 0..<other.height {
            for column in 0..<other.width { result[x + column, y + row] = other[column, row] }
        }
        return result
    }

    /// The rows with only the cells `keep` selects, the rest blank: a colour or attribute check as text.
    func lines(where keep: (Cell) -> Bool) -> [String] {
        (0..<height).map { y in String((0..<width).map { x in keep(self[x, y]) ? self[x, y].character : " " }) }
    }
}
