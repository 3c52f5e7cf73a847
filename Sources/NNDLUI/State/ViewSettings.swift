/// The chart and filter toggles, and the overlay shown.
public struct ViewSettings: Sendable, Equatable {
    /// EMA smoothing, one of `EMA.smoothingSteps`.
    public var smoothing = 0.9
    /// Log-scale loss axis.
    public var logY = false
    /// Show only the last `windowIterations` iterations of loss.
    public var recentWindow = false
    /// The recent window's length in iterations.
    public var windowIterations = 500
    /// Braille, block or ASCII chart dots.
    public var glyphs = GlyphMode.braille
    /// Per-filter or global filter scaling.
    public var filterScaling = FilterScaling.perFilter
    /// Whether one filter is shown enlarged.
    public var zoom = false
    /// The filter shown when zoomed.
    public var filterIndex = 0
    /// The panel drawn over the dashboard, if any.
    public var overlay: Overlay?
    /// Whether earlier runs are drawn as ghosts on the loss and accuracy charts.
    public var ghosts = true
}

/// A panel drawn over the dashboard; Esc closes it, and opening one closes the other.
public enum Overlay: Sendable, Equatable {
    /// The validation confusion matrix (`m`).
    case confusion
    /// Training health (`d`).
    case health
    /// This run's W1 beside the best earlier run's (`b`).
    case filtersBeside
    /// Every filter as large as the screen allows, with the notebook's question (`v`).
    case gallery
}
