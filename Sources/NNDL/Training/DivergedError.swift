/// A run that diverged: the loss (or a gradient) stopped being finite.
public struct DivergedError: Error, CustomStringConvertible, Equatable {
    /// The iteration at which it happened.
    public var iteration: Int
    /// The loss value seen.
    public var loss: Double
    /// A one-line message.
    public var description: String {
        "loss became \(loss) at iteration \(iteration); the last good parameters are kept (lower the learning rate)"
    }
}
