/// A problem finding or reading CIFAR-10; each message is one line naming the file and what to do.
public enum CIFARError: Error, Equatable, CustomStringConvertible {
    /// No data folder was found; `tried` lists where we looked.
    case notFound(tried: [String])
    /// The folder exists but holds neither format.
    case unknownFormat(folder: String)
    /// A batch file the format needs is missing.
    case missingFile(path: String)
    /// A batch file has the wrong size.
    case wrongSize(path: String, expected: Int, actual: Int)
    /// A label outside 0...9.
    case badLabel(path: String, record: Int, label: Int)
    /// A pickle that is not a CIFAR-10 batch (or uses a part of the protocol these files never use).
    case badPickle(path: String, reason: String)
    /// The preprocessing sizes do not fit the data.
    case badSplit(String)
    /// A file could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(tried):
            return "CIFAR-10 not found (tried \(tried.joined(separator: ", "))): pass --data DIR, set NNDL_CIFAR_DIR, or run `nndl-tui download`"
        case let .unknownFormat(folder):
            return "\(folder): holds neither cifar-10-batches-bin (data_batch_1.bin …) nor cifar-10-batches-py (data_batch_1 …)"
        case let .missingFile(path):
            return "\(path): missing CIFAR-10 batch file (re-download with `nndl-tui download`)"
        case let .wrongSize(path, expected, actual):
            return "\(path): expected \(expected) bytes, found \(actual) (truncated or not a CIFAR-10 batch)"
        case let .badLabel(path, record, label):
            return "\(path): record \(record) has label \(label), expected 0...9"
        case let .badPickle(path, reason):
            return "\(path): not a CIFAR-10 pickle batch: \(reason)"
        case let .badSplit(text):
            return text
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        }
    }
}
