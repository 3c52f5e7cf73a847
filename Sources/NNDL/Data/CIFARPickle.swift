/// The part of Python's pickle protocol that CIFAR-10's `cifar-10-batches-py` files use: protocol 2 dicts of
/// byte/str keys, lists of ints, and one NumPy uint8 array (Python 2's `numpy.core.multiarray._reconstruct` with
/// `SHORT_BINSTRING`/`BINSTRING` data, or Python 3's `numpy._core.multiarray` with `_codecs.encode`).
/// Anything else is refused with a `CIFARError.badPickle`.
enum CIFARPickle {
    /// A parsed batch: N × 3072 channel-planar pixels and N labels.
    struct Batch {
        var pixels: [UInt8]
        var labels: [UInt8]
    }

    /// Reads `b'data'` and `b'labels'` from a batch pickle.
    static func parseBatch(_ bytes: [UInt8], path: String) throws -> Batch {
        var machine = PickleMachine(bytes: bytes, path: path)
        guard case let .dict(box) = try machine.run() else {
            throw CIFARError.badPickle(path: path, reason: "the top-level object is not a dict")
        }
        guard case let .ndarray(shape, dtype, data)? = box.value("data") else {
            throw CIFARError.badPickle(path: path, reason: "no 'data' array")
        }
        guard dtype == "u1", shape.count == 2, shape[1] == CIFAR10.imageBytes, shape[0] >= 1,
              data.count == shape[0] * shape[1] else {
            throw CIFARError.badPickle(path: path, reason: "'data' is \(dtype) \(shape), expected uint8 (N, 3072)")
        }
        guard case let .list(labelBox)? = box.value("labels") else {
            throw CIFARError.badPickle(path: path, reason: "no 'labels' list")
        }
        var labels = [UInt8]()
        labels.reserveCapacity(labelBox.items.count)
        for (i, item) in labelBox.items.enumerated() {
            guard case let .int(v) = item else { throw CIFARError.badPickle(path: path, reason: "label \(i) is not an integer") }
            guard (0...9).contains(v) else { throw CIFARError.badLabel(path: path, record: i, label: v) }
            labels.append(UInt8(v))
        }
        guard labels.count == shape[0] else {
            throw CIFARError.badPickle(path: path, reason: "\(labels.count) labels for \(shape[0]) images")
        }
        return Batch(pixels: data, labels: labels)
    }

    /// Reads `label_names` from `batches.meta`.
    static func parseMeta(_ bytes: [UInt8], path: String) throws -> [String] {
        var machine = PickleMachine(bytes: bytes, path: path)
        guard case let .dict(box) = try machine.run(),
              case let .list(names)? = box.value("label_names") else {
            throw CIFARError.badPickle(path: path, reason: "no 'label_names' list in batches.meta")
        }
        return try names.items.map { item in
            switch item {
            case let .bytes(b): return String(decoding: b, as: UTF8.self)
            case let .string(s): return s
            default: throw CIFARError.badPickle(path: path, reason: "a label name is not a string")
            }
        }
    }
}

/// A mutable list or dict object, shared between the stack and the memo as in Python.
final class PickleBox {
    var items: [PickleValue] = []
    var pairs: [(PickleValue, PickleValue)] = []

    /// The dict entry whose key is the bytes or str `key`.
    func value(_ key: String) -> PickleValue? {
        pairs.first { k, _ in
            switch k {
            case let .bytes(b): return b.elementsEqual(key.utf8)
            case let .string(s): return s == key
            default: return false
            }
        }?.1
    }
}

/// The values these pickles contain.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case bytes([UInt8])
    case string(String)
    case tuple([PickleValue])
    case list(PickleBox)
    case dict(PickleBox)
    case global(String)
    case dtype(String)
    case ndarray(shape: [Int], dtype: String, data: [UInt8])
    case mark
}
