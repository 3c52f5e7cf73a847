import NNDL

/// The hyperparameters with the selected row highlighted; unconfirmed values carry a `*`.
public struct HyperparameterPanel: Sendable {
    /// The values shown (nil before the run starts).
    public var hyperparameters: Hyperparameters?
    /// The values the engine confirmed.
    public var confirmed: Hyperparameters?
    /// The selected row.
    public var selected: HyperparameterField
    /// The text being typed for the selected row, if any.
    public var typing: String?
    /// The colours.
    public var colorMode: ColorMode
    /// Whether frames and labels use ASCII.
    public var ascii: Bool
    /// The model's dropout probability, stated in the title when nonzero (`p` drops units; it is not steered here).
    public var dropout: Double

    /// A panel from its figures.
    public init(hyperparameters: Hyperparameters?, confirmed: Hyperparameters?, selected: HyperparameterField,
                typing: String? = nil, colorMode: ColorMode = .indexed256, ascii: Bool = false, dropout: Double = 0) {
        self.dropout = dropout
        self.hyperparameters = hyperparameters
        self.confirmed = confirmed
        self.selected = selected
        self.typing = typing
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The panel of `state`.
    public init(_ state: AppState) {
        var typing: String?
        if case let .editing(_, text) = state.mode { typing = text }
        self.init(hyperparameters: state.hyperparameters, confirmed: state.confirmedHyperparameters,
                  selected: state.selectedField, typing: typing, colorMode: state.colorMode, ascii: state.ascii,
                  dropout: state.current.info?.dropout ?? 0)
    }

    /// Rows the panel needs inside its frame: the most fields one update rule reads.
    public static let rows = HyperparameterField.mostFieldsOfARule

    /// Draws the frame and one row per field inside `area`.
    public func render(into grid: inout Grid, area: Rect) {
        let palette = Palette(mode: colorMode)
        let inner = grid.drawBox(area, title: title, characters: ascii ? .ascii : .unicode, style: palette.style(.frame))
        guard let hp = hyperparameters else {
            grid.write("waiting for the run", x: inner.x + 1, y: inner.y, clip: inner, style: Style(attributes: .dim))
            return
        }
        for (row, field) in HyperparameterField.fields(for: hp.updateRule).enumerated() where row < inner.height {
            drawRow(field, hp: hp, into: &grid, row: Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1),
                    palette: palette)
        }
        let hint = ascii ? " arrows +- Enter " : " ↑↓ ←→ Enter "
        if area.height >= 2, hint.count <= area.width - 4 {
            grid.write(hint, x: area.maxX - 2 - hint.count, y: area.maxY - 1, clip: area, style: palette.style(.frame))
        }
    }

    /// `Hyperparameters`, plus the dropout probability (of dropping a unit) when the model has dropout.
    var title: String {
        guard dropout > 0 else { return "Hyperparameters" }
        return "Hyperparameters \(ascii ? "-" : "·") drop p=\(Format.number(dropout))"
    }

    /// One `label   value` row; the selected one reversed, typed text underlined, a value the engine has not
    /// confirmed yet marked `*`.
    func drawRow(_ field: HyperparameterField, hp: Hyperparameters, into grid: inout Grid, row: Rect, palette: Palette) {
        let isSelected = field == selected
        var style = isSelected ? Style(attributes: [.reverse, .bold]) : Style()
        grid.fill(row, with: style.cell(" "))
        let marker = isSelected ? (ascii ? ">" : "▸") : " "
        grid.write("\(marker)\(field.label(ascii: ascii))", x: row.x, y: row.y, clip: row, style: style)
        var value = field.value(in: hp).short
        if let confirmed, field.value(in: confirmed) != field.value(in: hp) { value += "*" }
        if isSelected, let typing {
            value = typing + (ascii ? "_" : "█")
            style = style.adding(.underline)
        }
        grid.write(value, x: row.maxX - 1 - value.count, y: row.y, clip: row, style: style)
    }
}
