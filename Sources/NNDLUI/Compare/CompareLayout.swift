/// Where each part of the compare view goes on a screen of a given size: a title row, the figures and the config
/// differences side by side, the loss and accuracy charts side by side, the two W1 grids side by side, and a key-hint
/// row when keys do something.
public struct CompareLayout: Sendable, Equatable {
    /// The title row.
    public var title: Rect
    /// The figures table (left of the top band).
    public var figures: Rect
    /// The config differences (right of the top band).
    public var differences: Rect
    /// The loss chart.
    public var loss: Rect
    /// The accuracy chart.
    public var accuracy: Rect
    /// Run A's W1 grid.
    public var filtersA: Rect
    /// Run B's W1 grid.
    public var filtersB: Rect
    /// The key hints (nil when rendering once, for `--print`).
    public var hints: Rect?

    /// The smallest screen the view draws on (the dashboard's).
    public static let minimumSize = DashboardLayout.minimumSize
    /// The top band's height: a frame around a header row and four figure rows.
    public static let figuresHeight = 7

    /// The layout of a `width` × `height` screen, or nil below 80×24; the charts take half of the rows left
    /// under the top band, the filters the rest.
    public init?(width: Int, height: Int, hints: Bool) {
        guard width >= CompareLayout.minimumSize.width, height >= CompareLayout.minimumSize.height else { return nil }
        let screen = Rect(width: width, height: height)
        title = screen.top(1)
        self.hints = hints ? screen.bottom(1) : nil
        let body = screen.droppingTop(1).top(height - 1 - (hints ? 1 : 0))
        let half = width / 2
        let top = body.top(CompareLayout.figuresHeight)
        figures = top.left(half)
        differences = top.droppingLeft(half)
        let rest = body.droppingTop(top.height)
        let charts = rest.top(rest.height / 2)
        loss = charts.left(half)
        accuracy = charts.droppingLeft(half)
        let filters = rest.droppingTop(charts.height)
        filtersA = filters.left(half)
        filtersB = filters.droppingLeft(half)
    }
}
