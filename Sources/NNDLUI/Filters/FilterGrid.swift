import NNDL

/// The W1 panel: all filters as the notebook's grid, or one filter enlarged.
public struct FilterGrid: Sendable {
    /// The latest weights, or nil before the first snapshot.
    public var snapshot: FilterSnapshot?
    /// The grid picture already built from `snapshot` with `scaling` (built here when nil).
    public var picture: FilterImage?
    /// Per-filter or global min–max.
    public var scaling: FilterScaling
    /// The filter shown alone, or nil for the grid.
    public var zoomed: Int?
    /// The colours of the frame and of character-cell pictures.
    public var colorMode: ColorMode
    /// How the picture is drawn (pixels, chafa symbols, half blocks or ASCII); named in the title.
    public var graphics: GraphicsMode
    /// Whether only ASCII may be drawn (forces the luminance ramp).
    public var ascii: Bool
    /// What the empty panel says (before the first snapshot, or why there will be none).
    public var placeholder: String

    /// The ramp from dark to bright used without colour.
    public static let ramp: [Character] = Array(" .:-=+*#%@")

    /// A filter panel.
    public init(
        snapshot: FilterSnapshot?, picture: FilterImage? = nil, scaling: FilterScaling = .perFilter,
        zoomed: Int? = nil, colorMode: ColorMode = .indexed256, graphics: GraphicsMode = .blocks, ascii: Bool = false,
        placeholder: String = "waiting for weights"
    ) {
        self.graphics = ascii ? .ascii : graphics
        self.placeholder = placeholder
        self.snapshot = snapshot
        self.picture = picture
        self.scaling = scaling
        self.zoomed = zoomed
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The frame title, the picture mode before what a narrow panel may cut: `W1 filters (50) · kitty · per-filter ·
    /// it 1200` or `W1 filter 8/50 · blocks · global`.
    public var title: String {
        let dot = ascii ? "-" : "·"
        guard let snapshot else { return "W1 filters \(dot) \(graphics.label)" }
        if let zoomed { return "W1 filter \(zoomed + 1)/\(snapshot.count) \(dot) \(graphics.label) \(dot) \(scaling.rawValue)" }
        return "W1 filters (\(snapshot.count)) \(dot) \(graphics.label) \(dot) \(scaling.rawValue) \(dot) it \(snapshot.iteration)"
    }

    /// Draws the frame and the picture, fitted and centred, inside `area`.
    public func render(into grid: inout Grid, area: Rect) {
        let frame = Palette(mode: colorMode).style(.frame)
        let inner = grid.drawBox(area, title: title, characters: ascii ? .ascii : .unicode, style: frame)
        guard let snapshot, snapshot.count > 0 else {
            let lines = FilterGrid.wrap(placeholder, width: max(inner.width - 2, 1))
            let at = inner.centered(width: lines.map(\.count).max() ?? 0, height: lines.count)
            for (i, line) in lines.enumerated() {
                grid.write(line, x: at.x, y: at.y + i, clip: inner, style: Style(attributes: .dim))
            }
            return
        }
        let image: FilterImage
        if let zoomed, zoomed < snapshot.count {
            image = FilterImage.filter(zoomed, of: snapshot, scaling: scaling)
        } else if let picture, picture.padding == FilterGrid.padding(for: graphics) {
            image = picture
        } else {
            image = FilterImage.grid(of: snapshot, scaling: scaling, padding: FilterGrid.padding(for: graphics))
        }
        FilterGrid.draw(image, into: &grid, area: inner, colorMode: colorMode, graphics: graphics)
    }

    /// The padding between filters: the notebook's `show_net_weights` (3) where a filter gets many pixels (terminal
    /// pixels and chafa's symbols), 1 where it gets a few (half blocks, ASCII).
    public static func padding(for graphics: GraphicsMode) -> Int {
        graphics == .blocks || graphics == .ascii ? 1 : FilterImage.notebookPadding
    }

    /// Draws `image` inside `area` as `graphics` says: pixels and symbols become a `GridImage` over blank cells
    /// (the screen draws it); blocks and ASCII are drawn here (`drawCells`). Monochrome blocks use the ramp.
    public static func draw(_ image: FilterImage, into grid: inout Grid, area: Rect, colorMode: ColorMode,
                            graphics: GraphicsMode) {
        guard image.width > 0, image.height > 0, area.width > 0, area.height > 0 else { return }
        switch graphics {
        case .kitty, .sixel, .iterm, .symbols:
            grid.fill(area)
            grid.images.append(GridImage(area: area, image: image, mode: graphics, colorMode: colorMode))
        case .blocks, .ascii:
            drawCells(image, into: &grid, area: area, colorMode: colorMode,
                      ramp: graphics == .ascii || colorMode == .monochrome)
        }
    }

    /// Fits `image` into `area` (one pixel across and two down per cell, aspect kept), centred:
    /// `▀` cells with the upper pixel as foreground and the lower as background, or the ramp character
    /// of the two pixels' mean luminance.
    public static func drawCells(_ image: FilterImage, into grid: inout Grid, area: Rect, colorMode: ColorMode, ramp: Bool) {
        guard image.width > 0, image.height > 0, area.width > 0, area.height > 0 else { return }
        let scale = min(Double(area.width) / Double(image.width), Double(2 * area.height) / Double(image.height))
        let w = max(1, min(area.width, Int(Double(image.width) * scale)))
        let h = max(1, min(2 * area.height, Int(Double(image.height) * scale)))
        let fitted = image.resized(width: w, height: h)
        let rows = (h + 1) / 2
        let x0 = area.x + (area.width - w) / 2, y0 = area.y + (area.height - rows) / 2
        for row in 0..<rows {
            for x in 0..<w {
                let upper = fitted[x, 2 * row]
                let lower = 2 * row + 1 < h ? fitted[x, 2 * row + 1] : nil
                grid[x0 + x, y0 + row] = ramp
                    ? Cell(rampCharacter(upper, lower))
                    : Cell("▀", foreground: colorMode.color(upper), background: lower.map(colorMode.color) ?? .default)
            }
        }
    }

    /// The ramp character for the mean luminance of one or two pixels.
    static func rampCharacter(_ upper: RGB, _ lower: RGB?) -> Character {
        let l = lower.map { (upper.luminance + $0.luminance) / 2 } ?? upper.luminance
        return ramp[min(ramp.count - 1, Int(l * Double(ramp.count) / 256))]
    }

    /// `text` broken at spaces into lines of at most `width` characters (longer words are cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if candidate.count <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = String(word.prefix(width))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
