import Foundation

/// A checkpoint that reads as a `.npz` but lacks what `eval` needs.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The file at `path` is not usable: `reason`.
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(path, reason): return "\(path): \(reason)"
        }
    }
}

/// A `.npz` checkpoint's arrays by name and the file they came from: what `Trainer.restore(from:)` continues.
public protocol CheckpointArrays: Sendable {
    /// Every array in the file, by name.
    var arrays: [String: NPYArray] { get }
    /// Where it was read from (named in errors).
    var path: String { get }
}

extension CheckpointArrays {
    /// The resume state in the `state` entry; throws when there is none or it does not parse.
    public func resumeState() throws -> ResumeState {
        guard let text = arrays[ResumeState.entryName]?.string else {
            throw CheckpointError.invalid(
                path: path, reason: "no '\(ResumeState.entryName)' entry: it holds parameters only and cannot be resumed")
        }
        guard let state = ResumeState.parse(text) else {
            throw CheckpointError.invalid(path: path, reason: "the '\(ResumeState.entryName)' entry is not resume state JSON")
        }
        guard state.format == ResumeState.currentFormat else {
            throw CheckpointError.invalid(
                path: path, reason: "resume state format \(state.format); this build reads \(ResumeState.currentFormat)")
        }
        guard state.iteration >= 0, state.history.loss.count == state.iteration else {
            throw CheckpointError.invalid(
                path: path, reason: "resume state at iteration \(state.iteration) holds \(state.history.loss.count) losses")
        }
        return state
    }

    /// The names of the parameters and buffers stored under `resume.` (optimizer state excluded).
    var resumeTensorNames: Set<String> {
        Set(arrays.keys.compactMap { key in
            guard key.hasPrefix(ResumeState.prefix) else { return nil }
            let name = key.dropFirst(ResumeState.prefix.count)
            return name.contains(".") ? nil : String(name)
        })
    }

    /// The array `name` as a tensor of `T`, requiring `T`'s dtype and `shape` exactly (resuming must not round).
    func exactTensor<T: BLASScalar>(_ name: String, shape: [Int], as _: T.Type) throws -> Tensor<T> {
        guard let a = arrays[name], let values = a.doubles else {
            throw CheckpointError.invalid(path: path, reason: "missing float array '\(name)'")
        }
        guard a.dtype == T.npyDescriptor else {
            throw CheckpointError.invalid(
                path: path, reason: "'\(name)' is \(a.dtype) but the config trains \(T.npyDescriptor); resume with the same dtype")
        }
        guard a.shape == shape else {
            throw CheckpointError.invalid(path: path, reason: "'\(name)' has shape \(a.shape), expected \(shape)")
        }
        return Tensor(shape: shape, scalars: values.map { T($0) })
    }

    /// The array `name` as a tensor of `T`, converting from any float dtype, checking its shape.
    public func tensor<T: BLASScalar>(_ name: String, shape: [Int], as _: T.Type) throws -> Tensor<T> {
        guard let a = arrays[name], let values = a.doubles else {
            throw CheckpointError.invalid(path: path, reason: "missing float array '\(name)'")
        }
        guard a.shape == shape else {
            throw CheckpointError.invalid(path: path, reason: "'\(name)' has shape \(a.shape), expected \(shape)")
        }
        return Tensor(shape: shape, scalars: values.map { T($0) })
    }
}
