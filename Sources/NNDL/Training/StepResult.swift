/// What one Solver step did.
public struct StepResult: Sendable, Equatable {
    /// The iteration just completed (1-based).
    public var iteration: Int
    /// The minibatch loss.
    public var loss: Double
    /// The learning rate the step used.
    public var learningRate: Double
    /// Images in the minibatch.
    public var batchImages: Int
    /// Accuracies, when this step ended an epoch (or was the first).
    public var epoch: EpochReport?
    /// Training health, when it was asked for before this step (`Trainer.measureHealthOnNextStep`).
    public var health: HealthReport? = nil
}
