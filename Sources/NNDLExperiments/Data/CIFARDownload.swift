import Foundation
import NNDL
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How far a download has got.
public struct DownloadProgress: Sendable, Equatable {
    /// Bytes on disk so far (including a resumed part).
    public var received: Int64
    /// The archive's size, when the server says.
    public var total: Int64?
    /// Bytes per second since this attempt began.
    public var bytesPerSecond: Double

    /// One line: `[#########...........]  45.2 MB / 170.1 MB  12.3 MB/s  ETA 0:10`.
    public func line(width: Int = 24) -> String {
        func mb(_ b: Int64) -> String { String(format: "%.1f MB", Double(b) / 1e6) }
        let rate = String(format: "%.1f MB/s", bytesPerSecond / 1e6)
        guard let total, total > 0 else { return "\(mb(received))  \(rate)" }
        let fraction = min(1, Double(received) / Double(total))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var eta = "ETA --:--"
        if bytesPerSecond > 0 {
            let s = Int((Double(total - received) / bytesPerSecond).rounded())
            eta = String(format: "ETA %d:%02d", s / 60, s % 60)
        }
        return "[\(bar)] \(mb(received)) / \(mb(total))  \(rate)  \(eta)"
    }
}

/// A download that did not produce a verified data folder.
public enum DownloadError: Error, Equatable, CustomStringConvertible {
    case http(url: String, status: Int)
    case transport(url: String, reason: String)
    case checksum(expected: String, actual: String)
    case unpack(String)

    public var description: String {
        switch self {
        case let .http(url, status): return "\(url): HTTP status \(status)"
        case let .transport(url, reason): return "\(url): \(reason)"
        case let .checksum(expected, actual):
            return "downloaded archive has md5 \(actual), expected \(expected); the partial file was removed, run the command again"
        case let .unpack(reason): return "cannot unpack the archive: \(reason)"
        }
    }
}

/// Fetches the official CIFAR-10 binary archive, verifies it, and unpacks it without leaving half-written folders.
public enum CIFARDownload {
    /// The official binary archive.
    public static let officialURL = URL(string: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")!
    /// Its published md5.
    public static let officialMD5 = "c32a1d4ab5d03f1284b67883e8d87530"

    /// Downloads `url` into `destination` (resuming a `.part` left by an interrupted run when the server allows it),
    /// checks `md5`, and unpacks it so that `destination/cifar-10-batches-bin` appears whole or not at all.
    /// Returns the data folder.
    @discardableResult
    public static func run(
        url: URL = officialURL, md5: String = officialMD5, destination: String = "data",
        progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in }
    ) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let final = URL(fileURLWithPath: destination).appendingPathComponent("cifar-10-batches-bin")
        if fm.fileExists(atPath: final.appendingPathComponent("test_batch.bin").path) { return final }
        let part = URL(fileURLWithPath: destination).appendingPathComponent(".cifar-10-binary.tar.gz.part")
        try fetch(url, to: part, progress: progress)
        var digest = MD5()
        let handle = try FileHandle(forReadingFrom: part)
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { digest.update(chunk) }
        try handle.close()
        let actual = digest.hexDigest()
        guard actual == md5.lowercased() else {
            try? fm.removeItem(at: part)
            throw DownloadError.checksum(expected: md5, actual: actual)
        }
        try unpack(part, into: URL(fileURLWithPath: destination), final: final)
        try? fm.removeItem(at: part)
        return final
    }

    static func unpack(_ archive: URL, into folder: URL, final: URL) throws {
        let fm = FileManager.default
        let scratch = folder.appendingPathComponent(".unpack-\(getpid())")
        try? fm.removeItem(at: scratch)
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-xzf", archive.path, "-C", scratch.path]
        tar.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do { try tar.run() } catch { throw DownloadError.unpack("cannot run /bin/tar: \(error)") }
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else { throw DownloadError.unpack("tar exited with status \(tar.terminationStatus)") }
        let unpacked = scratch.appendingPathComponent("cifar-10-batches-bin")
        guard fm.fileExists(atPath: unpacked.appendingPathComponent("test_batch.bin").path) else {
            throw DownloadError.unpack("no cifar-10-batches-bin/test_batch.bin inside")
        }
        try? fm.removeItem(at: final)
        try fm.moveItem(at: unpacked, to: final)
    }

    /// Streams `url` to `part`, appending when the server honours a Range request for what is already there.
    static func fetch(_ url: URL, to part: URL, progress: @escaping @Sendable (DownloadProgress) -> Void) throws {
        let fm = FileManager.default
        let existing = (try? fm.attributesOfItem(atPath: part.path)[.size] as? Int64) ?? 0
        if !fm.fileExists(atPath: part.path) { _ = fm.createFile(atPath: part.path, contents: nil) }
        var request = URLRequest(url: url)
        if existing > 0 { request.setValue("bytes=\(existing)-", forHTTPHeaderField: "Range") }
        let sink = DownloadSink(path: part.path, existing: existing, progress: progress)
        let session = URLSession(configuration: .ephemeral, delegate: sink, delegateQueue: nil)
        session.dataTask(with: request).resume()
        let outcome = sink.wait()
        session.finishTasksAndInvalidate()
        switch outcome {
        case .success: return
        case let .failure(error): throw error
        }
    }
}

/// Receives the body on URLSession's queue and appends it to the part file.
final class DownloadSink: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var handle: FileHandle?
        var received: Int64
        var total: Int64?
        var started = Date()
        var startBytes: Int64 = 0
        var outcome: Result<Void, DownloadError>?
    }

    private let path: String
    private let existing: Int64
    private let progress: @Sendable (DownloadProgress) -> Void
    private let state: Mutex<State>
    private let done = DispatchSemaphore(value: 0)

    init(path: String, existing: Int64, progress: @escaping @Sendable (DownloadProgress) -> Void) {
        self.path = path
        self.existing = existing
        self.progress = progress
        self.state = Mutex(State(handle: nil, received: existing, total: nil))
    }

    func wait() -> Result<Void, DownloadError> {
        done.wait()
        return state.withLock { $0.outcome ?? .failure(.transport(url: path, reason: "no response")) }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 200
        guard status == 200 || status == 206 else {
            state.withLock { $0.outcome = .failure(.http(url: response.url?.absoluteString ?? "", status: status)) }
            completionHandler(.cancel)
            return
        }
        state.withLock { s in
            let handle = FileHandle(forWritingAtPath: path)
            if status == 206 {
                _ = try? handle?.seekToEnd()
            } else {
                try? handle?.truncate(atOffset: 0)  // the server ignored Range: start again
                s.received = 0
            }
            s.handle = handle
            let length = response.expectedContentLength
            s.total = length > 0 ? length + (status == 206 ? existing : 0) : nil
            s.started = Date()
            s.startBytes = s.received
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let report = state.withLock { s -> DownloadProgress in
            s.handle?.write(data)
            s.received += Int64(data.count)
            let seconds = max(Date().timeIntervalSince(s.started), 1e-3)
            return DownloadProgress(received: s.received, total: s.total, bytesPerSecond: Double(s.received - s.startBytes) / seconds)
        }
        progress(report)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        state.withLock { s in
            try? s.handle?.synchronize()
            try? s.handle?.close()
            s.handle = nil
            if s.outcome == nil {
                s.outcome = error.map { .failure(.transport(url: task.originalRequest?.url?.absoluteString ?? "", reason: $0.localizedDescription)) } ?? .success(())
            }
        }
        done.signal()
    }
}
