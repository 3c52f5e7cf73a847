import NNDL

/// What a colour is used for on the dashboard.
enum ColorRole: Sendable {
    case rawLoss, smoothedLoss, train, validation, marker, best, frame, statusBar
    case running, paused, done, diverged, stopped, error, info, selection
}

/// The dashboard's colours in one colour mode.
struct Palette: Sendable {
    let mode: ColorMode

    /// The colour for `role`: an RGB value in true colour, its nearest xterm index in 256 colours, default in monochrome.
    func color(_ role: ColorRole) -> Color {
        mode.color(Palette.rgb(role))
    }

    /// A style with `role`'s foreground; in monochrome, `monochrome` attributes stand in for the colour.
    func style(_ role: ColorRole, _ attributes: Attributes = [], monochrome: Attributes = []) -> Style {
        Style(foreground: color(role), attributes: mode == .monochrome ? attributes.union(monochrome) : attributes)
    }

    static func rgb(_ role: ColorRole) -> RGB {
        switch role {
        case .rawLoss: return RGB(95, 135, 175)
        case .smoothedLoss: return RGB(255, 175, 0)
        case .train: return RGB(95, 215, 255)
        case .validation: return RGB(135, 215, 95)
        case .marker: return RGB(215, 175, 95)
        case .best: return RGB(255, 255, 95)
        case .frame: return RGB(128, 128, 128)
        case .statusBar: return RGB(48, 48, 48)
        case .running: return RGB(95, 215, 95)
        case .paused: return RGB(255, 215, 0)
        case .done: return RGB(95, 175, 255)
        case .diverged: return RGB(255, 95, 95)
        case .stopped: return RGB(168, 168, 168)
        case .error: return RGB(255, 95, 95)
        case .info: return RGB(175, 215, 255)
        case .selection: return RGB(0, 95, 135)
        }
    }

    /// The role that colours a run state's word.
    static func role(for state: RunState) -> ColorRole {
        switch state {
        case .running: return .running
        case .paused: return .paused
        case .done: return .done
        case .diverged: return .diverged
        case .stopped: return .stopped
        }
    }
}
