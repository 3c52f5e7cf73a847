/// A framed list of every key, centred over the dashboard.
public struct HelpOverlay: Sendable {
    /// Whether frames and key names use ASCII.
    public var ascii: Bool
    /// Whether the run can be steered; if not (a sweep's run), only the keys that work there are listed.
    public var steering: Bool

    /// A help overlay.
    public init(ascii: Bool = false, steering: Bool = true) {
        self.ascii = ascii
        self.steering = steering
    }

    /// The lines inside the frame.
    public var lines: [String] {
        let bindings = steering ? KeyBinding.all : KeyBinding.watching
        let keys = bindings.map { $0.label(ascii: ascii) }
        let width = keys.map(\.count).max() ?? 0
        return zip(keys, bindings).map { Format.padRight($0, width) + "  " + $1.action }
    }

    /// Clears a centred box inside `area` and lists the keys in it.
    public func render(into grid: inout Grid, area: Rect) {
        let text = lines
        let content = grid.drawOverlay(
            in: area, contentWidth: text.map(\.count).max() ?? 0, contentHeight: text.count, title: "Keys",
            characters: ascii ? .ascii : .unicode)
        for (row, line) in text.enumerated() {
            grid.write(line, x: content.x, y: content.y + row, clip: content)
        }
    }
}
