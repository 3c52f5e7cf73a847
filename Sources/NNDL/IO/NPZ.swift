/// `.npz` archives as `np.savez` writes them: a ZIP of STORED `.npy` entries, one per named array.
public enum NPZ {
    /// Writes `entries` (names without the `.npy` suffix, which is added; bytes from `NPY.encode`) to `path`
    /// atomically: a temporary file in the same folder is synced and renamed over `path`; folders are created.
    public static func write(_ entries: [(name: String, npy: [UInt8])], to path: String) throws {
        let bytes = try archive(entries, path: path)
        do {
            try AtomicFile.write(bytes, to: path)
        } catch let error as FileError {
            throw NPZError.io(error)
        }
    }

    /// The archive bytes `write` puts in the file; `path` only names the file in errors.
    public static func archive(_ entries: [(name: String, npy: [UInt8])], path: String = "<memory>") throws -> [UInt8] {
        var seen = Set<String>()
        for entry in entries {
            guard !entry.name.isEmpty, !entry.name.contains("\0") else {
                throw NPZError.invalidEntries(path: path, detail: "entry name '\(entry.name)' is empty or holds NUL")
            }
            guard seen.insert(entry.name).inserted else {
                throw NPZError.invalidEntries(path: path, detail: "entry name '\(entry.name)' appears twice")
            }
        }
        do {
            return try Zip.archive(entries.map { (name: $0.name + ".npy", data: $0.npy) })
        } catch let ZipFault.tooLarge(detail) {
            throw NPZError.invalidEntries(path: path, detail: detail)
        }
    }

    /// The arrays in the `.npz` at `path`, by name (without `.npy`).
    public static func read(_ path: String) throws -> [String: NPYArray] {
        Dictionary(uniqueKeysWithValues: try readEntries(path).map { ($0.name, $0.array) })
    }

    /// The arrays in the `.npz` at `path`, in archive order, names without `.npy`.
    public static func readEntries(_ path: String) throws -> [(name: String, array: NPYArray)] {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch let error as FileError {
            throw NPZError.io(error)
        }
        return try decode(bytes, path: path)
    }

    /// The arrays in `.npz` bytes, in archive order; `path` only names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws -> [(name: String, array: NPYArray)] {
        let entries: [ZipEntry]
        do {
            entries = try Zip.entries(bytes)
        } catch let fault as ZipFault {
            throw NPZError(path: path, fault: fault)
        } catch let bounds as OutOfBounds {
            throw NPZError.corrupt(path: path, detail: bounds.description)
        }
        var seen = Set<String>()
        return try entries.map { entry in
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            guard seen.insert(name).inserted else {
                throw NPZError.corrupt(path: path, detail: "entry '\(name)' appears twice")
            }
            do {
                return (name, try NPY.decode(entry.data))
            } catch let error as NPYError {
                throw NPZError.badEntry(path: path, entry: entry.name, error)
            }
        }
    }
}

/// Why a `.npz` could not be read or written; every message names the file.
public enum NPZError: Error, Equatable, CustomStringConvertible {
    /// The file system refused (missing file, permissions, full disk).
    case io(FileError)
    /// The bytes are not a consistent ZIP archive (truncated, damaged, not a ZIP).
    case corrupt(path: String, detail: String)
    /// A ZIP feature this reader does not implement: compression, encryption, several disks.
    case unsupported(path: String, detail: String)
    /// An entry's bytes do not match the CRC-32 stored for them.
    case checksumMismatch(path: String, entry: String, stored: UInt32, computed: UInt32)
    /// An entry is not a `.npy` array this reader decodes.
    case badEntry(path: String, entry: String, NPYError)
    /// The entries given to `write` cannot form an archive (bad or repeated names, too large).
    case invalidEntries(path: String, detail: String)

    /// The error for a ZIP-level fault in the file at `path`.
    init(path: String, fault: ZipFault) {
        switch fault {
        case let .corrupt(detail): self = .corrupt(path: path, detail: detail)
        case let .unsupported(detail): self = .unsupported(path: path, detail: detail)
        case let .checksum(entry, stored, computed):
            self = .checksumMismatch(path: path, entry: entry, stored: stored, computed: computed)
        case let .tooLarge(detail): self = .invalidEntries(path: path, detail: detail)
        }
    }

    /// A one-line message naming the file and what was wrong.
    public var description: String {
        func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
        switch self {
        case let .io(error): return error.description
        case let .corrupt(path, detail): return "\(path): not a valid .npz archive: \(detail)"
        case let .unsupported(path, detail): return "\(path): \(detail)"
        case let .checksumMismatch(path, entry, stored, computed):
            return "\(path): entry '\(entry)' is damaged (CRC-32 \(hex(computed)), stored \(hex(stored)))"
        case let .badEntry(path, entry, error): return "\(path): entry '\(entry)': \(error)"
        case let .invalidEntries(path, detail): return "\(path): cannot write: \(detail)"
        }
    }
}
