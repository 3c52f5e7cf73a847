import CChafa
import NNDLUI

/// libchafa, the one place that calls it: a picture as the best character cells for a colour mode (its symbol
/// matching), or as a kitty, sixel or iTerm2 image sequence.
enum ChafaPicture {
    /// `canvas` drawn into `columns` × `rows` cells with chafa's symbols in `colorMode`, row-major.
    static func cells(_ canvas: FilterImage, columns: Int, rows: Int, colorMode: ColorMode) -> [Cell] {
        guard columns > 0, rows > 0, canvas.width > 0, canvas.height > 0 else { return [] }
        let config = chafa_canvas_config_new()!
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, Int32(columns), Int32(rows))
        chafa_canvas_config_set_canvas_mode(config, canvasMode(colorMode))
        chafa_canvas_config_set_pixel_mode(config, CHAFA_PIXEL_MODE_SYMBOLS)
        let symbols = chafa_symbol_map_new()!
        defer { chafa_symbol_map_unref(symbols) }
        chafa_symbol_map_add_by_tags(symbols, ChafaSymbolTags(rawValue: wantedTags))
        chafa_symbol_map_remove_by_tags(symbols, ChafaSymbolTags(rawValue: unwantedTags))
        chafa_canvas_config_set_symbol_map(config, symbols)
        let chafa = draw(canvas, config: config)
        defer { chafa_canvas_unref(chafa) }
        var out: [Cell] = []
        out.reserveCapacity(columns * rows)
        for y in 0..<Int32(rows) {
            for x in 0..<Int32(columns) {
                let ch = Unicode.Scalar(chafa_canvas_get_char_at(chafa, x, y)).map(Character.init) ?? " "
                var fg: Int32 = -1, bg: Int32 = -1
                chafa_canvas_get_raw_colors_at(chafa, x, y, &fg, &bg)
                out.append(Cell(ch, foreground: color(fg, colorMode), background: color(bg, colorMode)))
            }
        }
        return out
    }

    /// `canvas` as the escape sequence that shows it over `columns` × `rows` cells of `cell` pixels: kitty
    /// (`ESC _ G a=T,f=32…`), sixel (`ESC P … q`) or iTerm2 (`ESC ] 1337 ; File=…`).
    static func sequence(_ canvas: FilterImage, columns: Int, rows: Int, cell: PixelSize, mode: GraphicsMode) -> String {
        guard columns > 0, rows > 0, canvas.width > 0, canvas.height > 0 else { return "" }
        let config = chafa_canvas_config_new()!
        defer { chafa_canvas_config_unref(config) }
        chafa_canvas_config_set_geometry(config, Int32(columns), Int32(rows))
        chafa_canvas_config_set_cell_geometry(config, Int32(cell.width), Int32(cell.height))
        chafa_canvas_config_set_canvas_mode(config, CHAFA_CANVAS_MODE_TRUECOLOR)
        chafa_canvas_config_set_pixel_mode(config, pixelMode(mode))
        let chafa = draw(canvas, config: config)
        defer { chafa_canvas_unref(chafa) }
        let info = chafa_term_db_get_fallback_info(chafa_term_db_get_default())
        defer { chafa_term_info_unref(info) }
        guard let text = chafa_canvas_print(chafa, info) else { return "" }
        defer { nndl_gstring_free(text) }
        return String(cString: text.pointee.str)
    }

    /// A canvas for `config` with `canvas`'s pixels drawn on it.
    private static func draw(_ canvas: FilterImage, config: OpaquePointer) -> OpaquePointer {
        let chafa = chafa_canvas_new(config)!
        canvas.bytes.withUnsafeBufferPointer { pixels in
            chafa_canvas_draw_all_pixels(chafa, CHAFA_PIXEL_RGB8, pixels.baseAddress, Int32(canvas.width),
                                         Int32(canvas.height), Int32(canvas.width * 3))
        }
        return chafa
    }

    /// Blocks, borders, quadrants, halves, shades and spaces; no wide, inverted or ambiguous-width symbols.
    private static let wantedTags = CHAFA_SYMBOL_TAG_BLOCK.rawValue | CHAFA_SYMBOL_TAG_BORDER.rawValue
        | CHAFA_SYMBOL_TAG_SPACE.rawValue | CHAFA_SYMBOL_TAG_SOLID.rawValue | CHAFA_SYMBOL_TAG_STIPPLE.rawValue
        | CHAFA_SYMBOL_TAG_QUAD.rawValue | CHAFA_SYMBOL_TAG_HHALF.rawValue | CHAFA_SYMBOL_TAG_VHALF.rawValue
    private static let unwantedTags = CHAFA_SYMBOL_TAG_WIDE.rawValue | CHAFA_SYMBOL_TAG_INVERTED.rawValue
        | CHAFA_SYMBOL_TAG_AMBIGUOUS.rawValue

    private static func canvasMode(_ mode: ColorMode) -> ChafaCanvasMode {
        switch mode {
        case .trueColor: return CHAFA_CANVAS_MODE_TRUECOLOR
        case .indexed256: return CHAFA_CANVAS_MODE_INDEXED_240
        case .indexed16: return CHAFA_CANVAS_MODE_INDEXED_16
        case .indexed8: return CHAFA_CANVAS_MODE_INDEXED_8
        case .monochrome: return CHAFA_CANVAS_MODE_FGBG
        }
    }

    private static func pixelMode(_ mode: GraphicsMode) -> ChafaPixelMode {
        switch mode {
        case .sixel: return CHAFA_PIXEL_MODE_SIXELS
        case .iterm: return CHAFA_PIXEL_MODE_ITERM2
        default: return CHAFA_PIXEL_MODE_KITTY
        }
    }

    /// A raw chafa colour as a cell colour: packed RGB in true colour, a palette index in the indexed modes.
    private static func color(_ raw: Int32, _ mode: ColorMode) -> Color {
        guard raw >= 0 else { return .default }
        switch mode {
        case .trueColor: return .rgb(UInt8((raw >> 16) & 255), UInt8((raw >> 8) & 255), UInt8(raw & 255))
        case .indexed256, .indexed16, .indexed8: return raw < 256 ? .indexed(UInt8(raw)) : .default
        case .monochrome: return .default
        }
    }
}
