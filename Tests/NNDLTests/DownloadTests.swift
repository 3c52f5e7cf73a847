import Foundation
import Synchronization
import Testing
@testable import NNDL
@testable import NNDLExperiments

@Suite struct DownloadTests {
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"),
    ])
    func md5MatchesKnownDigests(text: String, digest: String) {
        #expect(MD5.hex(Array(text.utf8)) == digest)
        var streamed = MD5()
        for byte in text.utf8 { streamed.update([byte]) }
        #expect(streamed.hexDigest() == digest)
    }

    @Test func md5OfAMillionBytesMatchesPython() {
        // python3 -c "import hashlib; print(hashlib.md5(bytes(i % 251 for i in range(1000000))).hexdigest())"
        let bytes = (0..<1_000_000).map { UInt8($0 % 251) }
        #expect(MD5.hex(bytes) == "35efddb2811ce9ecbdfa17f18472e604")
    }

    @Test func progressLineShowsBytesRateAndETA() {
        let p = DownloadProgress(received: 45_200_000, total: 170_100_000, bytesPerSecond: 12_300_000)
        #expect(p.line(width: 10) == "[##........] 45.2 MB / 170.1 MB  12.3 MB/s  ETA 0:10")
        #expect(DownloadProgress(received: 1_000_000, total: nil, bytesPerSecond: 0).line() == "1.0 MB  0.0 MB/s")
    }

    /// Serves a tiny archive from a local `python3 -m http.server` on 127.0.0.1; no internet.
    @Test func downloadsVerifiesAndUnpacksFromALocalServer() throws {
        guard Self.hasPython else {
            print("DownloadTests: skipped — python3 not found for the local HTTP server")
            return
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nndl-dl-\(getpid())")
        let fm = FileManager.default
        try? fm.removeItem(at: root)
        let served = root.appendingPathComponent("served"), dest = root.appendingPathComponent("data")
        try fm.createDirectory(at: served.appendingPathComponent("cifar-10-batches-bin"), withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: root) }
        try Data("tiny".utf8).write(to: served.appendingPathComponent("cifar-10-batches-bin/test_batch.bin"))
        try run("/bin/tar", ["-czf", served.appendingPathComponent("c.tar.gz").path, "-C", served.path, "cifar-10-batches-bin"])
        let archive = [UInt8](try Data(contentsOf: served.appendingPathComponent("c.tar.gz")))
        let port = 20000 + Int(getpid() % 20000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "\(port)", "--directory", served.path]
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        // SIGKILL: the server inherits the test thread's signal mask, which blocks SIGTERM, so terminate() would
        // leave it serving after the tests end.
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let url = URL(string: "http://127.0.0.1:\(port)/c.tar.gz")!
        // A wrong checksum leaves no folder and no partial file.
        var lastError: (any Error)?
        for _ in 0..<50 {
            do {
                try CIFARDownload.run(url: url, md5: "00000000000000000000000000000000", destination: dest.path)
            } catch let e as DownloadError {
                lastError = e
                if case .transport = e { usleep(100_000); continue }
                break
            }
        }
        #expect(lastError.map { "\($0)".hasPrefix("downloaded archive has md5") } == true)
        #expect(!fm.fileExists(atPath: dest.appendingPathComponent("cifar-10-batches-bin").path))
        #expect(!fm.fileExists(atPath: dest.appendingPathComponent(".cifar-10-binary.tar.gz.part").path))
        // A stale partial file (from an interrupted run) is replaced when the server ignores Range.
        try Data("garbage".utf8).write(to: dest.appendingPathComponent(".cifar-10-binary.tar.gz.part"))
        let reports = Reports()
        let folder = try CIFARDownload.run(url: url, md5: MD5.hex(archive), destination: dest.path) { reports.add($0) }
        #expect(folder.lastPathComponent == "cifar-10-batches-bin")
        #expect(try String(contentsOf: folder.appendingPathComponent("test_batch.bin"), encoding: .utf8) == "tiny")
        #expect(reports.last?.received == Int64(archive.count))
        #expect(!fm.fileExists(atPath: dest.appendingPathComponent(".cifar-10-binary.tar.gz.part").path))
        #expect(try fm.contentsOfDirectory(atPath: dest.path) == ["cifar-10-batches-bin"])
    }

    static var hasPython: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "pass"]
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    private func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }
}

/// Collects progress reports from the download's queue.
final class Reports: Sendable {
    private let items = Mutex<[DownloadProgress]>([])
    func add(_ p: DownloadProgress) { items.withLock { $0.append(p) } }
    var last: DownloadProgress? { items.withLock { $0.last } }
}
