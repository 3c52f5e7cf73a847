/// Turns changed cells into the bytes an ANSI/ECMA-48 terminal needs: cursor moves, SGR attributes and colours
/// (`38;2;r;g;b` true colour, `38;5;n` 256 colours, `30–37`/`90–97` for the 16 and 8 colours, none in
/// monochrome), and UTF-8 text. The screen writes only this; it holds no state between frames.
public enum FrameEncoder {
    /// The bytes that draw `runs` in `colorMode`, ending with the attributes reset.
    public static func encode(_ runs: [GridRun], colorMode: ColorMode) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(runs.reduce(0) { $0 + $1.cells.count * 4 } + 16)
        var current: (fg: Color, bg: Color, attributes: Attributes)?
        for run in runs {
            out += Array("\u{1B}[\(run.y + 1);\(run.x + 1)H".utf8)
            for cell in run.cells {
                let style = (cell.foreground, cell.background, cell.attributes)
                if current.map({ $0 != style }) ?? true {
                    out += sgr(foreground: cell.foreground, background: cell.background, attributes: cell.attributes,
                               colorMode: colorMode)
                    current = style
                }
                out += Array(String(cell.character).utf8)
            }
        }
        if !runs.isEmpty { out += Array("\u{1B}[0m".utf8) }
        return out
    }

    /// `ESC [ 0 ; attributes ; colours m`: a full reset, then what the cell needs.
    public static func sgr(foreground: Color, background: Color, attributes: Attributes, colorMode: ColorMode) -> [UInt8] {
        var codes = ["0"]
        if attributes.contains(.bold) { codes.append("1") }
        if attributes.contains(.dim) { codes.append("2") }
        if attributes.contains(.underline) { codes.append("4") }
        if attributes.contains(.reverse) { codes.append("7") }
        if let fg = code(foreground, base: 30, colorMode: colorMode) { codes.append(fg) }
        if let bg = code(background, base: 40, colorMode: colorMode) { codes.append(bg) }
        return Array("\u{1B}[\(codes.joined(separator: ";"))m".utf8)
    }

    /// The SGR parameter of one colour (`base` 30 for foreground, 40 for background), nil for the default.
    static func code(_ color: Color, base: Int, colorMode: ColorMode) -> String? {
        switch (color, colorMode) {
        case (.default, _), (_, .monochrome): return nil
        case let (.rgb(r, g, b), .trueColor): return "\(base + 8);2;\(r);\(g);\(b)"
        case let (.rgb(r, g, b), _): return code(colorMode.color(RGB(r, g, b)), base: base, colorMode: colorMode)
        case let (.indexed(i), .indexed8): return "\(base + Int(i % 8))"
        case let (.indexed(i), _) where i < 8: return "\(base + Int(i))"
        case let (.indexed(i), _) where i < 16: return "\(base + 60 + Int(i) - 8)"
        case let (.indexed(i), .indexed16): return code(colorMode.color(XTerm256.rgb(of: i)), base: base, colorMode: colorMode)
        case let (.indexed(i), _): return "\(base + 8);5;\(i)"
        }
    }
}
