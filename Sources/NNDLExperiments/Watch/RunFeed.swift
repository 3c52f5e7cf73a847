import Foundation
import NNDL

/// Turns a run's `metrics.csv` rows back into the `TrainingEvent`s the live dashboard was fed, so a run on disk is
/// drawn by the same `AppState` and widgets: `started` at each new run number (a restart), `iteration` per step row,
/// `epoch` per check row, `hyperparametersChanged` per change row (its fields applied to the settings in force).
public struct RunFeed: Sendable {
    /// The run's config (its `config.json` or checkpoint's), which gives the totals and starting hyperparameters.
    public let config: ExperimentConfig
    /// The folder's name for the dashboard's status line.
    public let name: String
    private var run = 0
    private var hyperparameters: Hyperparameters

    /// A feed for a run of `config` shown as `name`.
    public init(config: ExperimentConfig, name: String) {
        self.config = config
        self.name = name
        hyperparameters = config.hyperparameters
    }

    /// Iterations the config plans (its `numIterations`, else its epochs over `numTraining` rows).
    public var totalIterations: Int {
        let s = config.solver
        let epochs = s.numEpochs ?? 10
        let planned = s.numIterations ?? (s.numEpochs == nil && config.model.kind == .twoLayerNet ? 1000 : nil)
        return planned ?? epochs * iterationsPerEpoch
    }

    /// Iterations in one epoch, from the config's training rows and batch size.
    public var iterationsPerEpoch: Int { max(config.data.numTraining / max(config.solver.batchSize, 1), 1) }

    /// `3072-50-10 twoLayerNet float64`.
    var modelDescription: String {
        let m = config.model, d = config.dataDimensions
        let dims = ([d.inputDim] + m.hiddenDims + [d.numClasses]).map(String.init).joined(separator: "-")
        return "\(dims) \(m.kind.rawValue) \(m.dtype.shortName)"
    }

    /// The events `rows` stand for, in order.
    public mutating func events(_ rows: [MetricsRow]) -> [TrainingEvent] {
        rows.flatMap { event($0) }
    }

    private mutating func event(_ row: MetricsRow) -> [TrainingEvent] {
        var out: [TrainingEvent] = []
        if row.run != run {
            run = row.run
            hyperparameters = config.hyperparameters
            let info = RunInfo(name: name, modelDescription: modelDescription, totalIterations: totalIterations,
                               iterationsPerEpoch: iterationsPerEpoch, hyperparameters: hyperparameters)
            out += [.started(info), .state(.running)]
        }
        let lr = row.learningRate ?? hyperparameters.learningRate
        switch row.kind {
        case .step:
            out.append(.iteration(IterationReport(
                iteration: row.iteration, totalIterations: totalIterations,
                epoch: row.epoch ?? Double(row.iteration) / Double(iterationsPerEpoch), loss: row.loss ?? .nan,
                learningRate: lr, elapsed: 0, imagesPerSecond: 0)))
        case .check:
            let perEpoch = iterationsPerEpoch
            out.append(.epoch(EpochReport(
                epoch: row.epoch.map { Int($0) } ?? row.iteration / perEpoch,
                totalEpochs: (totalIterations + perEpoch - 1) / perEpoch, iteration: row.iteration,
                trainAccuracy: row.trainAccuracy ?? 0, valAccuracy: row.valAccuracy ?? 0,
                bestValAccuracy: row.bestValAccuracy ?? row.valAccuracy ?? 0, learningRate: lr, evaluationSeconds: 0)))
        case .change:
            hyperparameters = Self.applying(row.change, to: hyperparameters)
            out.append(.hyperparametersChanged(iteration: row.iteration, hyperparameters))
        }
        return out
    }

    /// `hp` with the new values of a change row (`learning_rate 0.001->0.0005; reg 0.25->0.1`); parts that do not
    /// parse are left out.
    public static func applying(_ change: String, to hp: Hyperparameters) -> Hyperparameters {
        var out = hp
        for part in change.split(separator: ";") {
            let words = part.split(separator: " ", maxSplits: 1)
            guard words.count == 2, let field = HyperparameterField(rawValue: String(words[0])),
                  let arrow = words[1].range(of: "->") else { continue }
            if let next = try? field.setting(String(words[1][arrow.upperBound...]), in: out) { out = next }
        }
        return out
    }
}
