/// The newest hyperparameter changes, newest first: `it 1200  learning_rate  0.001 → 0.00178`.
public struct ChangeLogPanel: Sendable {
    /// All changes, oldest first.
    public var changes: [HyperparameterChange]
    /// The colours.
    public var colorMode: ColorMode
    /// Whether frames and arrows use ASCII.
    public var ascii: Bool

    /// A change-log panel.
    public init(changes: [HyperparameterChange], colorMode: ColorMode = .indexed256, ascii: Bool = false) {
        self.changes = changes
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The change log of `state`.
    public init(_ state: AppState) {
        self.init(changes: state.changeLog, colorMode: state.colorMode, ascii: state.ascii)
    }

    /// Draws the frame and as many of the newest changes as fit inside `area`.
    public func render(into grid: inout Grid, area: Rect) {
        let palette = Palette(mode: colorMode)
        let inner = grid.drawBox(area, title: "Changes (\(changes.count))", characters: ascii ? .ascii : .unicode,
                                 style: palette.style(.frame))
        guard !changes.isEmpty else {
            grid.write("none yet", x: inner.x + 1, y: inner.y, clip: inner, style: Style(attributes: .dim))
            return
        }
        let arrow = ascii ? "->" : "→"
        for (row, change) in changes.reversed().prefix(inner.height).enumerated() {
            let pieces: [(String, Style)] = [
                (Format.padLeft("it \(change.iteration)", 9), palette.style(.marker)),
                ("  \(change.field.rawValue)  ", .plain),
                ("\(change.oldValue.short) \(arrow) \(change.newValue.short)", Style(attributes: .bold)),
            ]
            grid.write(pieces, x: inner.x, y: inner.y + row, clip: inner)
        }
    }
}
