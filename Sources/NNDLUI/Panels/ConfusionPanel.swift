import NNDL

/// The validation confusion matrix of the latest epoch check, framed and centred over the dashboard (`m`): the true
/// class down the side, the predicted class across, the diagonal highlighted, each class's accuracy on the right.
public struct ConfusionPanel: Sendable {
    /// The newest epoch report that carries a matrix, or nil before the first check.
    public var report: EpochReport?
    /// The colours.
    public var colorMode: ColorMode
    /// Whether frames and separators use ASCII.
    public var ascii: Bool

    /// What the panel says before the first epoch check.
    public static let waiting = "waiting for the first epoch"

    /// A panel for `report` (nil: waiting).
    public init(report: EpochReport?, colorMode: ColorMode = .indexed256, ascii: Bool = false) {
        self.report = report
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The panel for `state`'s newest matrix.
    public init(_ state: AppState) {
        self.init(report: state.confusionReport, colorMode: state.colorMode, ascii: state.ascii)
    }

    /// The frame title: `Confusion (val) · epoch 3 · it 1470`.
    public var title: String {
        guard let report else { return "Confusion (val)" }
        let dot = ascii ? "-" : "·"
        return "Confusion (val) \(dot) epoch \(report.epoch) \(dot) it \(report.iteration)"
    }

    /// Clears a centred box inside `area` and draws the matrix (or the waiting notice) in it.
    public func render(into grid: inout Grid, area: Rect) {
        let frame = Palette(mode: colorMode).style(.frame)
        guard let matrix = report?.confusion, matrix.classCount > 0 else {
            let content = grid.drawOverlay(
                in: area, contentWidth: max(ConfusionPanel.waiting.count, title.count + 2), contentHeight: 1,
                title: title, characters: ascii ? .ascii : .unicode, style: frame)
            let at = content.centered(width: ConfusionPanel.waiting.count, height: 1)
            grid.write(ConfusionPanel.waiting, x: at.x, y: at.y, clip: content, style: Style(attributes: .dim))
            return
        }
        let layout = ConfusionLayout(matrix, width: area.width - 4, height: area.height - 2)
        let footer = footer(matrix, shown: layout.shown, width: area.width - 4)
        let width = min(area.width - 4, max(layout.width, footer.count, title.count + 2))
        let content = grid.drawOverlay(
            in: area, contentWidth: width, contentHeight: layout.shown + 2, title: title,
            characters: ascii ? .ascii : .unicode, style: frame)
        grid.write(layout.header, x: content.x, y: content.y, clip: content, style: Style(attributes: .bold))
        for t in 0..<layout.shown {
            drawRow(t, of: matrix, layout: layout, into: &grid, at: content.y + 1 + t, clip: content)
        }
        grid.write(footer, x: content.x, y: content.y + 1 + layout.shown, clip: content, style: Style(attributes: .dim))
    }

    /// One true class: its name, its counts (diagonal highlighted, zeros dimmed) and its accuracy.
    func drawRow(_ t: Int, of matrix: ConfusionMatrix, layout: ConfusionLayout, into grid: inout Grid, at y: Int, clip: Rect) {
        let diagonal = Palette(mode: colorMode).style(.validation, .bold, monochrome: .reverse)
        var pieces: [(String, Style)] = [(Format.padRight(layout.labels[t], layout.labelWidth), Style(attributes: .bold))]
        for p in 0..<layout.shown {
            let n = matrix[t, p]
            let count = "\(n)"
            pieces.append((String(repeating: " ", count: max(1, layout.cellWidth - count.count)), .plain))
            pieces.append((count, p == t ? diagonal : (n == 0 ? Style(attributes: .dim) : .plain)))
        }
        let accuracy = matrix.accuracy(ofClass: t).map { Format.fixed(100 * $0, places: 1) + "%" } ?? "-"
        pieces.append((Format.padLeft(accuracy, ConfusionLayout.accuracyWidth), .plain))
        grid.write(pieces, x: clip.x, y: y, clip: clip)
    }

    /// `rows true, columns predicted · 412/1000 right (41.2%)`, noting the classes left out when not all fit;
    /// without the first part when `width` is too narrow for it.
    func footer(_ matrix: ConfusionMatrix, shown: Int, width: Int) -> String {
        let dot = ascii ? "-" : "·"
        var tally = "\(matrix.correct)/\(matrix.total) right (\(Format.fixed(100 * matrix.accuracy, places: 1))%)"
        if shown < matrix.classCount { tally += " \(dot) first \(shown) of \(matrix.classCount) classes" }
        let full = "rows true, columns predicted \(dot) " + tally
        return full.count <= width ? full : tally
    }
}

/// Column widths for a confusion matrix in a given space: the widest class-name columns that fit, else as many
/// classes as fit at the narrowest.
struct ConfusionLayout: Equatable {
    /// Characters of the row labels (class names, cut).
    let labelWidth: Int
    /// Characters of a count column, its leading space included.
    let cellWidth: Int
    /// The column headers, one per class, at most `cellWidth - 1` long.
    let headers: [String]
    /// The row labels, one per class.
    let labels: [String]
    /// The classes drawn (the first `shown`, across and down).
    let shown: Int

    /// ` 100.0%`.
    static let accuracyWidth = 7
    /// (row-label cap, header cap) from roomiest to tightest.
    static let candidates = [(10, 5), (10, 4), (10, 3), (8, 3), (6, 3), (5, 2), (4, 1)]

    /// The roomiest layout of `matrix` within `width` × `height` characters (header and footer rows included).
    init(_ matrix: ConfusionMatrix, width: Int, height: Int) {
        let c = matrix.classCount
        let digits = "\(matrix.counts.max() ?? 0)".count
        let longest = max(3, matrix.classNames.map(\.count).max() ?? 0)
        func tableWidth(_ label: Int, _ header: Int, _ classes: Int) -> Int {
            min(longest, label) + classes * (1 + max(digits, header)) + ConfusionLayout.accuracyWidth
        }
        let fit = ConfusionLayout.candidates.first { tableWidth($0.0, $0.1, c) <= width } ?? ConfusionLayout.candidates.last!
        let label = min(longest, fit.0), cell = 1 + max(digits, fit.1)
        labelWidth = label
        cellWidth = cell
        shown = max(1, min(c, (width - label - ConfusionLayout.accuracyWidth) / cell, height - 2))
        headers = ConfusionLayout.abbreviations(matrix.classNames, length: cell - 1)
        labels = ConfusionLayout.abbreviations(matrix.classNames, length: label)
    }

    /// Characters of the whole table.
    var width: Int { labelWidth + shown * cellWidth + ConfusionLayout.accuracyWidth }

    /// The header row: the predicted classes across and `acc`.
    var header: String {
        String(repeating: " ", count: labelWidth)
            + headers.prefix(shown).map { " " + Format.padLeft($0, cellWidth - 1) }.joined()
            + Format.padLeft("acc", ConfusionLayout.accuracyWidth)
    }

    /// Distinct names of at most `length` characters: the names cut to `length`; else each name's rest after the
    /// prefix all share (`class 3` → `3`), cut; else the class numbers.
    static func abbreviations(_ names: [String], length: Int) -> [String] {
        func distinct(_ cut: [String]) -> Bool { Set(cut).count == cut.count && cut.allSatisfy { !$0.isEmpty } }
        let plain = names.map { String($0.prefix(length)) }
        if distinct(plain) { return plain }
        var shared = Array(names.first ?? "")
        for name in names.dropFirst() { shared = zip(shared, name).prefix { $0 == $1 }.map(\.0) }
        let rest = names.map { String($0.dropFirst(shared.count).prefix(length)) }
        return distinct(rest) ? rest : names.indices.map { "\($0)" }
    }
}
