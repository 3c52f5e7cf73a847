/// One line of the key help.
public struct KeyBinding: Sendable, Equatable {
    /// The keys, as printed: `space`, `[ ]`, `↑ ↓`.
    public var keys: String
    /// The same keys in ASCII.
    public var asciiKeys: String
    /// What they do.
    public var action: String
    /// Whether they steer the run, so do nothing where runs are only watched (a sweep's).
    public var steers: Bool

    /// A help line.
    public init(_ keys: String, ascii: String? = nil, _ action: String, steers: Bool = false) {
        self.keys = keys
        self.asciiKeys = ascii ?? keys
        self.action = action
        self.steers = steers
    }

    /// Every key the dashboard handles, in help order.
    public static let all: [KeyBinding] = [
        KeyBinding("space", "pause / resume", steers: true),
        KeyBinding("n", "one iteration (while paused)", steers: true),
        KeyBinding("r", "restart from the same seed", steers: true),
        KeyBinding("s", "snapshot (write a checkpoint)"),
        KeyBinding("e", "export CSV (loss, accuracy, changes)"),
        KeyBinding("q", "quit (y confirms while a run is in progress)"),
        KeyBinding("l w", "loss: log y axis / recent window only"),
        KeyBinding("[ ]", "loss: less / more EMA smoothing"),
        KeyBinding("g", "charts: braille / blocks / ASCII"),
        KeyBinding("f", "filters: per-filter / global scaling"),
        KeyBinding("z", "filters: zoom one filter (Esc unzooms)"),
        KeyBinding("< >", "filters: previous / next filter"),
        KeyBinding("m d", "confusion matrix / training health (Esc closes)"),
        KeyBinding("o b", "earlier runs: ghost curves / W1 beside the best"),
        KeyBinding("c", "colours: 256 / true colour / monochrome"),
        KeyBinding("↑ ↓", ascii: "up down", "select a hyperparameter", steers: true),
        KeyBinding("← → - + =", ascii: "left right - + =", "change it one step", steers: true),
        KeyBinding("Enter", "type a value (Enter commits, Esc cancels)", steers: true),
        KeyBinding("? h", "this help (any key closes)"),
    ]

    /// The keys of a sweep run's dashboard: everything that does not steer, and the way back to the table.
    public static let watching: [KeyBinding] =
        all.filter { !$0.steers } + [KeyBinding("Esc", "back to the sweep table")]
}

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
        let keys = bindings.map { ascii ? $0.asciiKeys : $0.keys }
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
