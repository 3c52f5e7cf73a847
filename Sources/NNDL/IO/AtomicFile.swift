import Foundation

/// A file operation that failed: `operation` on `path`, with the system's reason.
public struct FileError: Error, Equatable, CustomStringConvertible {
    /// The file or folder involved.
    public var path: String
    /// What was attempted: "read", "write", "create folder", "rename to …".
    public var operation: String
    /// The system's explanation (strerror) or the detected problem.
    public var reason: String

    /// A failure of `operation` on `path`.
    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    /// A failure described by the current `errno`.
    public static func errno(_ path: String, _ operation: String) -> FileError {
        FileError(path: path, operation: operation, reason: String(cString: strerror(Foundation.errno)))
    }

    /// "cannot write runs/a.npz.tmp-42: No space left on device".
    public var description: String { "cannot \(operation) \(path): \(reason)" }
}

/// Whole-file writes that never leave a half-written file: write `<path>.tmp-<pid>`, fsync, rename over `path`.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating missing parent folders; on failure `path` is unchanged.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write(buffer: $0, to: path) }
    }

    /// Writes `data` to `path` atomically, creating missing parent folders; on failure `path` is unchanged.
    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(buffer: $0, to: path) }
    }

    /// The temporary file a write to `path` goes through.
    public static func temporaryPath(for path: String) -> String { "\(path).tmp-\(getpid())" }

    /// Writes, syncs and renames; removes the temporary file on any failure.
    private static func write(buffer: UnsafeRawBufferPointer, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try createFolders(folder) }
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw FileError.errno(temporary, "create") }
        do {
            try writeAll(fd, buffer, path: temporary)
            guard fsync(fd) == 0 else { throw FileError.errno(temporary, "sync") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let failure = FileError.errno(temporary, "close")
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let failure = FileError.errno(temporary, "rename to \(path)")
            unlink(temporary)
            throw failure
        }
        syncFolder(folder.isEmpty ? "." : folder)
    }

    /// Writes every byte, retrying short writes and interrupted calls.
    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && Foundation.errno == EINTR { continue }
            guard written > 0 else { throw FileError.errno(path, "write") }
            offset += written
        }
    }

    /// `mkdir -p folder`: creates each missing component; an existing non-folder is an error.
    static func createFolders(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw FileError(path: folder, operation: "create folder", reason: "a file is in the way")
            }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != folder { try createFolders(parent) }
        guard mkdir(folder, 0o777) == 0 || Foundation.errno == EEXIST else {
            throw FileError.errno(folder, "create folder")
        }
    }

    /// Flushes the folder entry of a rename to disk (best effort: some file systems refuse).
    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The whole contents of the regular file at `path`.
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.errno(path, "read") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError.errno(path, "read") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw FileError(path: path, operation: "read", reason: "not a regular file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        bytes.reserveCapacity(Int(info.st_size))
        while true {
            let got = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if got < 0 && Foundation.errno == EINTR { continue }
            guard got >= 0 else { throw FileError.errno(path, "read") }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<got])
        }
    }
}
