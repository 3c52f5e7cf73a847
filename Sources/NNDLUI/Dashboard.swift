/// Where each panel goes on a screen of a given size.
public struct DashboardLayout: Sendable, Equatable {
    /// The whole screen.
    public var screen: Rect
    /// The status row.
    public var status: Rect
    /// The loss chart.
    public var loss: Rect
    /// The accuracy chart.
    public var accuracy: Rect
    /// The W1 filter grid.
    public var filters: Rect
    /// The hyperparameter panel.
    public var hyperparameters: Rect
    /// The change log (screens at least 40 rows tall).
    public var changeLog: Rect?
    /// The message row.
    public var message: Rect

    /// The smallest screen the dashboard draws on.
    public static let minimumSize = (width: 80, height: 24)

    /// The layout of a `width` × `height` screen, or nil below 80×24. The right column is 32 wide below 120
    /// columns and two fifths of the width above; the loss chart takes 55 % of the left column.
    public init?(width: Int, height: Int) {
        guard width >= DashboardLayout.minimumSize.width, height >= DashboardLayout.minimumSize.height else { return nil }
        screen = Rect(width: width, height: height)
        status = screen.top(1)
        message = screen.bottom(1)
        let body = Rect(x: 0, y: 1, width: width, height: height - 2)
        let right = body.droppingLeft(body.width - (width < 120 ? 32 : width * 2 / 5))
        let left = body.left(body.width - right.width)
        loss = left.top(left.height * 55 / 100)
        accuracy = left.droppingTop(loss.height)
        let panelHeight = HyperparameterPanel.rows + 2
        let logHeight = height >= 40 ? max(6, body.height / 4) : 0
        filters = right.top(right.height - panelHeight - logHeight)
        hyperparameters = right.droppingTop(filters.height).top(panelHeight)
        changeLog = logHeight > 0 ? right.bottom(logHeight) : nil
    }

    /// The rows between the status and message rows.
    public var body: Rect { screen.droppingTop(1).top(screen.height - 2) }
}

/// Draws the whole dashboard for a state.
public enum Dashboard {
    /// The `width` × `height` screen for `state` at time `now` (seconds; messages time out against it).
    public static func render(_ state: AppState, width: Int, height: Int, now: Double) -> Grid {
        var grid = Grid(width: width, height: height)
        guard let layout = DashboardLayout(width: width, height: height) else {
            TooSmallMessage(ascii: state.ascii).render(into: &grid, area: Rect(width: width, height: height))
            return grid
        }
        StatusLine(state).render(into: &grid, area: layout.status)
        lossChart(state).render(into: &grid, area: layout.loss)
        accuracyChart(state).render(into: &grid, area: layout.accuracy)
        filterGrid(state).render(into: &grid, area: layout.filters)
        HyperparameterPanel(state).render(into: &grid, area: layout.hyperparameters)
        if let area = layout.changeLog { ChangeLogPanel(state).render(into: &grid, area: area) }
        MessageLine(state, now: now).render(into: &grid, area: layout.message)
        switch state.overlay {
        case .confusion?: ConfusionPanel(state).render(into: &grid, area: layout.body)
        case .health?: HealthPanel(state).render(into: &grid, area: layout.body)
        case .filtersBeside?: FiltersBesidePanel(state).render(into: &grid, area: layout.body)
        case .gallery?: FilterGallery(state).render(into: &grid, area: layout.body)
        case nil: break
        }
        if state.mode == .help { HelpOverlay(ascii: state.ascii, steering: state.steerable).render(into: &grid, area: layout.body) }
        return grid
    }

    /// The loss chart of `state`.
    public static func lossChart(_ state: AppState) -> LossChart {
        let v = state.view
        return LossChart(history: state.loss, smoothing: v.smoothing, logY: v.logY,
                         window: v.recentWindow ? v.windowIterations : nil, glyphs: v.glyphs,
                         markers: state.markers, colorMode: state.colorMode, ascii: state.ascii,
                         ghosts: state.visibleGhosts, baseline: state.info?.hyperparameters)
    }

    /// The accuracy chart of `state`.
    public static func accuracyChart(_ state: AppState) -> AccuracyChart {
        let perEpoch = Double(max(1, state.info?.iterationsPerEpoch ?? 1))
        return AccuracyChart(epochs: state.epochs, totalEpochs: state.totalEpochs, glyphs: state.view.glyphs,
                             colorMode: state.colorMode, ascii: state.ascii,
                             markers: state.markers.map { Double($0) / perEpoch }, ghosts: state.visibleGhosts)
    }

    /// The filter grid of `state`.
    public static func filterGrid(_ state: AppState) -> FilterGrid {
        FilterGrid(snapshot: state.filters, picture: state.filterPicture, scaling: state.view.filterScaling,
                   zoomed: state.view.zoom ? state.view.filterIndex : nil, colorMode: state.colorMode,
                   graphics: state.display.graphics, ascii: state.ascii, placeholder: state.info?.filtersUnavailable ?? "waiting for weights")
    }
}

/// The centred notice shown on screens below 80×24.
public struct TooSmallMessage: Sendable {
    /// Whether only ASCII may be drawn.
    public var ascii: Bool

    /// A too-small notice.
    public init(ascii: Bool = false) {
        self.ascii = ascii
    }

    /// `terminal too small (need 80×24)`.
    public var text: String {
        let (w, h) = DashboardLayout.minimumSize
        return "terminal too small (need \(w)\(ascii ? "x" : "×")\(h))"
    }

    /// Writes the notice centred in `area` (clipped when even that does not fit).
    public func render(into grid: inout Grid, area: Rect) {
        let at = area.centered(width: text.count, height: 1)
        grid.write(text, x: at.x, y: at.y, clip: area, style: Style(attributes: .bold))
    }
}
