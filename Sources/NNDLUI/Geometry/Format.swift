import Foundation

/// Number and time formatting for labels (pure string work).
enum Format {
    /// `value` with `digits` significant digits, like C's `%.3g`; `nan` and `inf` spelled out.
    static func number(_ value: Double, digits: Int = 3) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.\(digits)g", value)
    }

    /// `value` with a sign and `places` decimals: `+0.041`.
    static func signed(_ value: Double, places: Int = 3) -> String {
        String(format: "%+.\(places)f", value)
    }

    /// `value` with `places` decimals.
    static func fixed(_ value: Double, places: Int = 3) -> String {
        value.isFinite ? String(format: "%.\(places)f", value) : number(value)
    }

    /// Seconds as `m:ss` or `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let total = Int(max(0, seconds).rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):\(m < 10 ? "0" : "")\(m):\(ss)" }
        return "\(m):\(ss)"
    }

    /// A whole-number rate, with `k` above ten thousand: `1234`, `56.7k`.
    static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        return value >= 10_000 ? String(format: "%.1fk", value / 1000) : "\(Int(value.rounded()))"
    }

    /// `text` padded on the left to `width` characters.
    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `text` padded on the right to `width` characters.
    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
