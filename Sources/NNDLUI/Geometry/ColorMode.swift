/// How many colours the terminal shows.
public enum ColorMode: String, Sendable, Equatable, CaseIterable {
    /// 24-bit RGB cells.
    case trueColor
    /// The xterm 256-colour palette.
    case indexed256
    /// No colours: attributes and ASCII ramps only.
    case monochrome

    /// The next mode in the `c` cycle.
    public var next: ColorMode {
        switch self {
        case .indexed256: return .trueColor
        case .trueColor: return .monochrome
        case .monochrome: return .indexed256
        }
    }

    /// A short name for the help and message lines.
    public var label: String {
        switch self {
        case .trueColor: return "true colour"
        case .indexed256: return "256 colours"
        case .monochrome: return "monochrome"
        }
    }

    /// `rgb` as a cell colour in this mode (nearest xterm-256 index, RGB, or the default colour).
    public func color(_ rgb: RGB) -> Color {
        switch self {
        case .trueColor: return .rgb(rgb.r, rgb.g, rgb.b)
        case .indexed256: return .indexed(XTerm256.nearest(rgb))
        case .monochrome: return .default
        }
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
