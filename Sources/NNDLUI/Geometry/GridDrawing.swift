// MARK: - Clipped drawing

extension Grid {
    /// Sets every cell of `area` (clipped to the grid) to `cell`, and drops the pictures it overlaps (so nothing
    /// drawn over a panel, like the help, ever has a picture on top).
    public mutating func fill(_ area: Rect, with cell: Cell = .blank) {
        images.removeAll { !$0.area.intersection(area).isEmpty }
        let clip = area.intersection(Rect(width: width, height: height))
        for y in clip.y..<clip.maxY {
            for x in clip.x..<clip.maxX { self[x, y] = cell }
        }
    }

    /// Writes `text` from (x, y) rightwards, touching only cells inside `clip`; returns the column after the text.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, clip: Rect, style: Style = .plain) -> Int {
        var column = x
        guard y >= clip.y, y < clip.maxY else { return x + text.count }
        for ch in text {
            if column >= clip.maxX { break }
            if column >= clip.x { self[column, y] = style.cell(ch) }
            column += 1
        }
        return column
    }

    /// Writes styled pieces one after another from (x, y) inside `clip`; returns the column after the last.
    @discardableResult
    public mutating func write(_ pieces: [(String, Style)], x: Int, y: Int, clip: Rect) -> Int {
        var column = x
        for (text, style) in pieces {
            column = write(text, x: column, y: y, clip: clip, style: style)
        }
        return column
    }
}

// MARK: - Boxes

/// The characters a box is drawn with.
public struct BoxCharacters: Sendable, Equatable {
    let horizontal: Character, vertical: Character
    let topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character

    /// Light box-drawing lines `┌─┐│└┘`.
    public static let unicode = BoxCharacters(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    /// Plain `+-|`.
    public static let ascii = BoxCharacters(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
}

extension Grid {
    /// Draws a frame around `area` with `title` on its top edge; returns the inside.
    @discardableResult
    public mutating func drawBox(
        _ area: Rect, title: String = "", characters: BoxCharacters, style: Style = .plain,
        titleStyle: Style = Style(attributes: .bold)
    ) -> Rect {
        guard area.width >= 2, area.height >= 2 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
        let c = characters
        for x in (area.x + 1)..<(area.maxX - 1) {
            self[x, area.y] = style.cell(c.horizontal)
            self[x, area.maxY - 1] = style.cell(c.horizontal)
        }
        for y in (area.y + 1)..<(area.maxY - 1) {
            self[area.x, y] = style.cell(c.vertical)
            self[area.maxX - 1, y] = style.cell(c.vertical)
        }
        self[area.x, area.y] = style.cell(c.topLeft)
        self[area.maxX - 1, area.y] = style.cell(c.topRight)
        self[area.x, area.maxY - 1] = style.cell(c.bottomLeft)
        self[area.maxX - 1, area.maxY - 1] = style.cell(c.bottomRight)
        if !title.isEmpty {
            let edge = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: 1)
            write(" \(title) ", x: edge.x + 1, y: area.y, clip: edge, style: titleStyle)
        }
        return area.inset(by: 1)
    }

    /// Clears a box centred in `area` for `width` × `height` of content (a frame and one column of padding each side
    /// around it), frames it with `title`, and returns where the content goes: the overlays' common shape.
    public mutating func drawOverlay(
        in area: Rect, contentWidth width: Int, contentHeight height: Int, title: String, characters: BoxCharacters,
        style: Style = .plain
    ) -> Rect {
        let box = area.centered(width: width + 4, height: height + 2)
        fill(box)
        let inner = drawBox(box, title: title, characters: characters, style: style)
        return Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 2), height: inner.height)
    }
}
