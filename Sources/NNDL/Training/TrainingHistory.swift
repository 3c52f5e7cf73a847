/// Loss and accuracy histories, as the notebooks plot them.
public struct TrainingHistory: Sendable, Equatable, Codable {
    /// One loss per iteration.
    public var loss: [Double] = []
    /// One training accuracy per check.
    public var trainAccuracy: [Double] = []
    /// One validation accuracy per check.
    public var valAccuracy: [Double] = []
    /// The iteration each check was made after.
    public var checkIterations: [Int] = []
    /// An empty history.
    public init() {}
}
