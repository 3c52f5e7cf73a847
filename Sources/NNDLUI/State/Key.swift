/// A key press as the dashboard sees it (the curses backend translates its key codes to these).
public enum Key: Hashable, Sendable {
    /// A printable character, including space.
    case character(Character)
    /// Arrow keys.
    case up, down, left, right
    /// Return, Esc and Backspace.
    case enter, escape, backspace
    /// The terminal changed size (nothing to do but redraw).
    case resize

    /// Ctrl-L: the screen layer repaints everything (the views never see it).
    public static let redraw = Key.character("\u{0C}")

    /// The key's name in the help: `space`, `↑` (`up` in ASCII), `Enter`, `q`.
    public func name(ascii: Bool) -> String {
        switch self {
        case .character(" "): return "space"
        case .character("\u{0C}"): return "Ctrl-L"
        case .character(let c): return String(c)
        case .up: return ascii ? "up" : "↑"
        case .down: return ascii ? "down" : "↓"
        case .left: return ascii ? "left" : "←"
        case .right: return ascii ? "right" : "→"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .resize: return "resize"
        }
    }
}
