import NNDL

/// The bottom row: the quit question, the value being typed, the latest message, or key hints.
public struct MessageLine: Sendable {
    /// What keys do now.
    public var mode: InputMode
    /// The message still shown, if any.
    public var message: StatusMessage?
    /// The colours.
    public var colorMode: ColorMode
    /// Whether only ASCII may be drawn.
    public var ascii: Bool

    /// A message line from its figures.
    public init(mode: InputMode, message: StatusMessage?, colorMode: ColorMode = .indexed256, ascii: Bool = false) {
        self.mode = mode
        self.message = message
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The message line of `state` at `now`.
    public init(_ state: AppState, now: Double) {
        self.init(mode: state.mode, message: state.visibleMessage(at: now), colorMode: state.colorMode, ascii: state.ascii)
    }

    /// The key hints shown when nothing else is.
    public static let hints = "space pause  n step  r restart  s snapshot  e CSV  q quit  ? help"

    /// Writes the line into `area`'s first row.
    public func render(into grid: inout Grid, area: Rect) {
        let palette = Palette(mode: colorMode)
        let row = area.top(1)
        switch mode {
        case .confirmQuit:
            grid.write("Quit while the run is in progress? y quits, any other key cancels", x: row.x, y: row.y,
                       clip: row, style: palette.style(.error, .bold))
        case let .editing(field, text):
            let pieces: [(String, Style)] = [
                ("\(field.label(ascii: ascii)) = ", Style(attributes: .bold)),
                (text + (ascii ? "_" : "█"), Style(attributes: .underline)),
                ("   Enter commits  Esc cancels", Style(attributes: .dim)),
            ]
            grid.write(pieces, x: row.x, y: row.y, clip: row)
        case .normal, .help:
            if let message {
                grid.write(message.text, x: row.x, y: row.y, clip: row,
                           style: message.isError ? palette.style(.error, .bold) : palette.style(.info))
            } else {
                grid.write(MessageLine.hints, x: row.x, y: row.y, clip: row, style: Style(attributes: .dim))
            }
        }
    }
}
