/// A one-row chart of a series: one character a value, eight heights between the series' minimum and maximum.
public struct Sparkline: Sendable, Equatable {
    /// The values, oldest first (non-finite ones are drawn as `×`, or `x` in ASCII).
    public var values: [Double]
    /// Whether only ASCII may be drawn.
    public var ascii: Bool
    /// The values drawn lowest and highest (nil: the series' own minimum and maximum); rows of a table share one.
    public var range: ClosedRange<Double>?

    /// The eight heights, lowest first.
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// The ASCII heights, lowest first.
    public static let asciiLevels: [Character] = ["_", ".", ",", "-", "=", "+", "*", "#"]

    /// A sparkline of `values`, scaled to `range` when given.
    public init(values: [Double], ascii: Bool = false, range: ClosedRange<Double>? = nil) {
        self.values = values
        self.ascii = ascii
        self.range = range
    }

    /// At most `width` characters: the values as they are when they fit, else `width` averages of consecutive runs
    /// of them (a run holding a non-finite value is non-finite), between `range` (values outside it are clamped)
    /// or the points' own extremes. A flat series (or range) sits at the middle height.
    public func text(width: Int) -> String {
        let points = Sparkline.resample(values, to: width)
        let finite = points.filter(\.isFinite)
        guard let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max(), !finite.isEmpty else {
            return String(repeating: ascii ? "x" : "×", count: points.count)
        }
        let ramp = ascii ? Sparkline.asciiLevels : Sparkline.levels
        return String(points.map { v -> Character in
            guard v.isFinite else { return ascii ? "x" : "×" }
            guard high > low else { return ramp[3] }
            return ramp[min(7, max(0, Int((v - low) / (high - low) * 7 + 0.5)))]
        })
    }

    /// `values` averaged down to `width` points (unchanged when they already fit).
    static func resample(_ values: [Double], to width: Int) -> [Double] {
        guard width > 0 else { return [] }
        guard values.count > width else { return values }
        return (0..<width).map { k in
            let slice = values[(k * values.count / width)..<((k + 1) * values.count / width)]
            return slice.reduce(0, +) / Double(slice.count)
        }
    }
}
