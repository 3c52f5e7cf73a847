/// How many colours the terminal shows, from the richest to none.
public enum ColorMode: String, Sendable, Equatable, CaseIterable {
    /// 24-bit RGB cells.
    case trueColor
    /// The xterm 256-colour palette.
    case indexed256
    /// The 16 ANSI colours (8 normal, 8 bright).
    case indexed16
    /// The 8 ANSI colours.
    case indexed8
    /// No colours: attributes and ASCII ramps only.
    case monochrome

    /// The next mode in the `c` cycle: the next poorer one, and after monochrome `best` again.
    public func next(upTo best: ColorMode) -> ColorMode {
        let all = ColorMode.allCases
        let bestIndex = all.firstIndex(of: best)!
        let index = max(all.firstIndex(of: self)!, bestIndex)
        return index + 1 < all.count ? all[index + 1] : best
    }

    /// A short name for the help and message lines.
    public var label: String {
        switch self {
        case .trueColor: return "true colour"
        case .indexed256: return "256 colours"
        case .indexed16: return "16 colours"
        case .indexed8: return "8 colours"
        case .monochrome: return "monochrome"
        }
    }

    /// `rgb` as a cell colour in this mode (RGB, the nearest palette index, or the default colour).
    public func color(_ rgb: RGB) -> Color {
        switch self {
        case .trueColor: return .rgb(rgb.r, rgb.g, rgb.b)
        case .indexed256: return .indexed(XTerm256.nearest(rgb))
        case .indexed16: return .indexed(ANSIColors.nearest(rgb, count: 16))
        case .indexed8: return .indexed(ANSIColors.nearest(rgb, count: 8))
        case .monochrome: return .default
        }
    }
}

/// The 16 ANSI colours as xterm shows them by default.
public enum ANSIColors {
    /// xterm's default RGB for indices 0…15.
    public static let palette: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The index (below `count`, 8 or 16) of the palette colour nearest to `rgb` in squared RGB distance.
    public static func nearest(_ rgb: RGB, count: Int) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for (i, c) in palette.prefix(count).enumerated() {
            let d = XTerm256.distance(Int(c.r), Int(c.g), Int(c.b), Int(rgb.r), Int(rgb.g), Int(rgb.b))
            if d < bestDistance { (best, bestDistance) = (i, d) }
        }
        return UInt8(best)
    }
}

/// An 8-bit-per-channel colour.
public struct RGB: Sendable, Equatable, Hashable {
    /// Red.
    public var r: UInt8
    /// Green.
    public var g: UInt8
    /// Blue.
    public var b: UInt8

    /// A colour from its channels.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Rec. 601 luma in 0…255: 0.299 R + 0.587 G + 0.114 B.
    public var luminance: Double { 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b) }
}

/// The xterm 256-colour palette: a 6×6×6 cube at 16…231 and a 24-step grey ramp at 232…255.
public enum XTerm256 {
    /// The cube's channel levels.
    static let levels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The palette index nearest to `rgb` among the cube and the grey ramp (the 16 system colours are skipped).
    public static func nearest(_ rgb: RGB) -> UInt8 {
        let r = Int(rgb.r), g = Int(rgb.g), b = Int(rgb.b)
        let qr = cubeLevel(r), qg = cubeLevel(g), qb = cubeLevel(b)
        let cube = 16 + 36 * qr + 6 * qg + qb
        let (cr, cg, cb) = (levels[qr], levels[qg], levels[qb])
        if cr == r, cg == g, cb == b { return UInt8(cube) }
        let average = (r + g + b) / 3
        let greyStep = average > 238 ? 23 : max(0, (average - 3) / 10)
        let grey = 8 + 10 * greyStep
        let greyDistance = distance(grey, grey, grey, r, g, b)
        return UInt8(greyDistance < distance(cr, cg, cb, r, g, b) ? 232 + greyStep : cube)
    }

    /// The RGB value xterm shows for palette index `index` (16…255; lower indices give black).
    public static func rgb(of index: UInt8) -> RGB {
        let i = Int(index)
        if i >= 232 {
            let v = UInt8(8 + 10 * (i - 232))
            return RGB(v, v, v)
        }
        guard i >= 16 else { return RGB(0, 0, 0) }
        let c = i - 16
        return RGB(UInt8(levels[c / 36]), UInt8(levels[(c / 6) % 6]), UInt8(levels[c % 6]))
    }

    /// The cube level (0…5) nearest to channel value `v`.
    static func cubeLevel(_ v: Int) -> Int {
        v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40
    }

    static func distance(_ r1: Int, _ g1: Int, _ b1: Int, _ r2: Int, _ g2: Int, _ b2: Int) -> Int {
        (r1 - r2) * (r1 - r2) + (g1 - g2) * (g1 - g2) + (b1 - b2) * (b1 - b2)
    }
}
