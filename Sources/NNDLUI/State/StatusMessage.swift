/// A line for the message row, stamped with the time it arrived (nil: shown until replaced).
public struct StatusMessage: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Whether it reports a problem (drawn in the error colour).
    public var isError: Bool
    /// Seconds on the caller's clock when it arrived, or nil when no clock was given.
    public var time: Double?

    /// How long a stamped message stays, in seconds.
    public static let duration = 5.0

    /// Whether the message is still shown at `now`.
    public func isVisible(at now: Double) -> Bool {
        guard let time else { return true }
        return now - time < StatusMessage.duration
    }
}
