import Foundation
import NNDL

/// A `.npz` checkpoint: the parameters `W1`, `b1`, …, batchnorm running statistics, and the config as JSON.
public struct Checkpoint: CheckpointArrays {
    /// The experiment the parameters came from.
    public var config: ExperimentConfig
    /// Every array in the file, by name.
    public var arrays: [String: NPYArray]
    /// Where it was read from.
    public var path: String

    /// Reads a checkpoint written by `train` or `s` in the dashboard, or weights saved from the notebook
    /// (`np.savez(path, **net.params)`, compressed or not) when `model` (a preset) says what net they are: the first
    /// notebook's `W1 b1 W2 b2` in the ECE layout (W1 is H×D) or the CS231n one (D×H), `FullyConnectedNet`'s
    /// `W1…WL`, `b1…bL`, `gamma*`/`beta*` and `running_mean*`/`running_var*`. A file's own config wins over `model`.
    public static func load(_ path: String, model: ExperimentConfig? = nil) throws -> Checkpoint {
        let arrays = try NPZ.read(path)
        if let entry = arrays["config"], let text = entry.string {
            let config = try ExperimentConfig.parse(text, source: "\(path):config")
            return Checkpoint(config: config, arrays: arrays, path: path)
        }
        guard let model else {
            throw CheckpointError.invalid(
                path: path, reason: "no 'config' entry: weights from the notebook need --config PRESET to say what net they are")
        }
        return Checkpoint(config: model, arrays: try NotebookWeights.normalized(arrays, for: model, path: path), path: path)
    }

    /// The accuracy of the stored parameters on `samples`, computed in the config's dtype.
    public func accuracy(on samples: any Samples, numClasses: Int) throws -> Double {
        switch config.model.dtype {
        case .float64: return try accuracy(Double.self, samples, numClasses)
        case .float32: return try accuracy(Float.self, samples, numClasses)
        }
    }

    private func accuracy<T: BLASScalar>(_: T.Type, _ samples: any Samples, _ numClasses: Int) throws -> Double {
        let factory = ModelFactory(model: config.model, inputDim: samples.dimension, numClasses: numClasses)
        var net = try factory.stored(T.self, from: self)
        return try net.accuracy(on: samples)
    }
}
