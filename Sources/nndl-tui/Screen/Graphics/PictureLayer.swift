import NNDLUI

/// The pictures a frame asks for (`Grid.images`): chafa symbols become cells before the frame is diffed; pixel
/// pictures are encoded by chafa and written after the cells, only when they or their place changed, wrapped for
/// tmux when the profile says so. Holds what it last drew so nothing is encoded twice. A picture whose place is
/// unchanged is rewritten at most once every `minimumInterval` seconds (W1 changes 4 times a second while training;
/// each kitty picture is about 400 kB): `pending` says one is waiting.
struct PictureLayer {
    /// The terminal's picture settings.
    let profile: TerminalProfile
    /// The shortest time between two writes of pictures in the same place.
    static let minimumInterval = 1.0
    /// A newer picture waits for `minimumInterval` to pass.
    private var pending = false
    private var lastWrite = -Double.infinity
    /// The symbol pictures last drawn and their cells.
    private var symbolCache: [(image: GridImage, area: Rect, cells: [Cell])] = []
    /// The pixel pictures last written, and the cell rectangles they cover.
    private var shown: [GridImage] = []
    private var shownAreas: [Rect] = []

    /// A layer for `profile`.
    init(profile: TerminalProfile) {
        self.profile = profile
    }

    /// What a frame must write for its pixel pictures: `erase` before the cells (kitty deletes), the rectangles
    /// whose cells must be rewritten (old sixel/iTerm2 pixels), and `draw` after the cells.
    struct Placing {
        /// Deletes the pictures drawn before (kitty).
        var erase: [UInt8]
        /// Where pictures were drawn before: their cells are written again.
        var stale: [Rect]
        /// Draws the new pictures (cursor saved and restored around each).
        var draw: [UInt8]
    }

    /// Whether a picture has waited its `minimumInterval` out at `now`: the screen should draw again.
    func due(at now: Double) -> Bool { pending && now - lastWrite >= PictureLayer.minimumInterval }

    /// Replaces the symbol pictures of `grid` with chafa's cells (reusing the last ones when nothing changed).
    mutating func drawSymbols(into grid: inout Grid) {
        let wanted = grid.images.filter { $0.mode == .symbols }
        guard !wanted.isEmpty else { symbolCache = []; return }
        var cache: [(image: GridImage, area: Rect, cells: [Cell])] = []
        for image in wanted {
            let entry = symbolCache.first { $0.image == image } ?? {
                let area = image.symbolArea(cell: profile.cell)
                let cells = ChafaPicture.cells(image.image, columns: area.width, rows: area.height,
                                               colorMode: image.colorMode)
                return (image, area, cells)
            }()
            for (i, cell) in entry.cells.enumerated() {
                grid[entry.area.x + i % max(1, entry.area.width), entry.area.y + i / max(1, entry.area.width)] = cell
            }
            cache.append(entry)
        }
        symbolCache = cache
    }

    /// nil when the pixel pictures of `grid` are the ones on screen; else how to replace them.
    mutating func placements(for grid: Grid, now: Double) -> Placing? {
        let wanted = grid.images.filter { $0.mode.isPixels }
        pending = false
        guard wanted != shown else { return nil }
        let samePlaces = wanted.map(\.area) == shown.map(\.area) && wanted.map(\.mode) == shown.map(\.mode)
        if samePlaces && now - lastWrite < PictureLayer.minimumInterval {
            pending = true
            return nil
        }
        lastWrite = now
        var draw: [UInt8] = []
        var areas: [Rect] = []
        for image in wanted {
            let fit = image.fitted(cell: profile.cell, heightMultiple: image.mode == .sixel ? 6 : 1)
            guard fit.area.width > 0, fit.area.height > 0 else { continue }
            let sequence = ChafaPicture.sequence(fit.canvas, columns: fit.area.width, rows: fit.area.height,
                                                 cell: profile.cell, mode: image.mode)
            draw += Array("\u{1B}7\u{1B}[\(fit.area.y + 1);\(fit.area.x + 1)H".utf8) + wrap(sequence) + Array("\u{1B}8".utf8)
            areas.append(fit.area)
        }
        let placing = Placing(erase: clearAll(), stale: shownAreas, draw: draw)
        shown = wanted
        shownAreas = areas
        return placing
    }

    /// Forgets what is on screen (the screen was cleared).
    mutating func forget() {
        shown = []
        shownAreas = []
    }

    /// The sequence that deletes every kitty picture (nothing for the other modes, whose pixels live in cells).
    func clearAll() -> [UInt8] {
        profile.graphics == .kitty || shown.contains { $0.mode == .kitty } ? wrap("\u{1B}_Ga=d,d=A,q=2\u{1B}\\") : []
    }

    /// `sequence`, inside tmux's passthrough (`ESC P tmux; … ESC \`, every ESC doubled) when the profile says so.
    func wrap(_ sequence: String) -> [UInt8] {
        guard profile.tmuxWrap else { return Array(sequence.utf8) }
        return Array(("\u{1B}Ptmux;" + sequence.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\").utf8)
    }
}
