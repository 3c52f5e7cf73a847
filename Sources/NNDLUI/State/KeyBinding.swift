/// One line of the dashboard's keymap: the keys, what they do, and whether they steer the run. The help lists it, and
/// the keys that steer (refused where a run is only watched) are read from it.
public struct KeyBinding: Sendable, Equatable {
    /// The keys, in the order the help names them.
    public var keys: [Key]
    /// What they do.
    public var action: String
    /// Whether they steer the run, so do nothing where runs are only watched (a sweep's).
    public var steers: Bool

    /// A keymap line.
    public init(_ keys: [Key], _ action: String, steers: Bool = false) {
        self.keys = keys
        self.action = action
        self.steers = steers
    }

    /// A keymap line for character keys: `"[ ]"` is `[` and `]`, `"space"` the space bar.
    public init(_ characters: String, _ action: String, steers: Bool = false) {
        let keys = characters.split(separator: " ").map { word -> Key in
            word == "space" ? .character(" ") : .character(word.first!)
        }
        self.init(keys, action, steers: steers)
    }

    /// The keys as the help prints them: `← → - + =` (`left right - + =` in ASCII).
    public func label(ascii: Bool) -> String { keys.map { $0.name(ascii: ascii) }.joined(separator: " ") }

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
        KeyBinding("z < >", "filters: zoom / previous / next (Esc unzooms)"),
        KeyBinding("m d", "confusion matrix / training health (Esc closes)"),
        KeyBinding("o b", "earlier runs: ghost curves / W1 beside the best"),
        KeyBinding("v i", "filters: full-screen gallery / picture mode"),
        KeyBinding("c", "colours: true / 256 / 16 / 8 / monochrome"),
        KeyBinding([.up, .down], "select a hyperparameter", steers: true),
        KeyBinding([.left, .right, .character("-"), .character("+"), .character("=")], "change it one step",
                   steers: true),
        KeyBinding([.enter], "type a value (Enter commits, Esc cancels)", steers: true),
        KeyBinding([.redraw], "redraw the whole screen"),
        KeyBinding("? h", "this help (any key closes)"),
    ]

    /// The keys that steer the run: refused, with a message, where the run is only watched.
    public static let steeringKeys: [Key] = all.filter(\.steers).flatMap(\.keys)

    /// The keys of a sweep run's dashboard: everything that does not steer, and the way back to the table.
    public static let watching: [KeyBinding] =
        all.filter { !$0.steers } + [KeyBinding([.escape], "back to the sweep table")]
}
