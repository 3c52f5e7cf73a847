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

    /// Reads a checkpoint written by `train`, `s` in the dashboard, or NumPy with the same names.
    public static func load(_ path: String) throws -> Checkpoint {
        let arrays = try NPZ.read(path)
        guard let entry = arrays["config"], let text = entry.string else {
            throw CheckpointError.invalid(path: path, reason: "no 'config' entry: not an nndl-tui checkpoint")
        }
        let config = try ExperimentConfig.parse(text, source: "\(path):config")
        return Checkpoint(config: config, arrays: arrays, path: path)
    }

    /// The array `name` as a tensor of `T`, checking its shape.
    func tensor<T: BLASScalar>(_ name: String, shape: [Int], as _: T.Type) throws -> Tensor<T> {
        guard let a = arrays[name], let values = a.doubles else {
            throw CheckpointError.invalid(path: path, reason: "missing float array '\(name)'")
        }
        guard a.shape == shape else {
            throw CheckpointError.invalid(path: path, reason: "'\(name)' has shape \(a.shape), expected \(shape)")
        }
        return Tensor(shape: shape, scalars: values.map { T($0) })
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
