import Foundation
import Testing
@testable import NNDL

/// A fresh empty folder under the system temporary folder.
func makeScratchFolder() throws -> String {
    let path = NSTemporaryDirectory() + "nndl-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The bytes of a fixture file in Tests/NNDLTests/Fixtures.
private func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return Array(try Data(contentsOf: url))
}

/// A small archive of every kind of entry this engine writes.
private func sampleEntries() -> [(name: String, npy: [UInt8])] {
    [
        ("W", NPY.encode(Tensor<Double>(shape: [2, 3], scalars: [-0.5, 0.25, 1, 1.75, 2.5, 3.25]))),
        ("b", NPY.encode(Tensor<Float>([0.5, -1.5, 3.25]))),
        ("y", NPY.encode(ints: [3, -1, .max, 0], shape: [4])),
        ("name", NPY.encode(string: "héllo")),
        ("s", NPY.encode(Tensor<Double>(shape: [], scalars: [0.125]))),
        ("e", NPY.encode(Tensor<Double>(shape: [0, 4]))),
    ]
}

/// Overwrites the little-endian integer at `offset`.
private func patch<I: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, _ value: I) -> [UInt8] {
    var out = bytes
    var field: [UInt8] = []
    field.appendLittleEndian(value)
    out.replaceSubrange(offset..<(offset + field.count), with: field)
    return out
}

/// Reads a little-endian UInt32 at `offset`.
private func u32(_ bytes: [UInt8], _ offset: Int) -> Int {
    (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
}

/// The same archive with a ZIP64 end record and locator, and the classic end record's fields saturated.
private func withZip64End(_ archive: [UInt8]) -> [UInt8] {
    let end = archive.count - 22
    let count = Int(archive[end + 10]) | Int(archive[end + 11]) << 8
    let (size, offset) = (u32(archive, end + 12), u32(archive, end + 16))
    var record: [UInt8] = []
    record.appendLittleEndian(UInt32(0x0606_4B50))
    record.appendLittleEndian(UInt64(44))
    for field: UInt16 in [45, 45] { record.appendLittleEndian(field) }
    for field: UInt32 in [0, 0] { record.appendLittleEndian(field) }
    for field in [count, count, size, offset] { record.appendLittleEndian(UInt64(field)) }
    record.appendLittleEndian(UInt32(0x0706_4B50))
    record.appendLittleEndian(UInt32(0))
    record.appendLittleEndian(UInt64(end))
    record.appendLittleEndian(UInt32(1))
    var classic = Array(archive[end...])
    classic = patch(patch(patch(classic, at: 8, UInt32.max), at: 12, UInt32.max), at: 16, UInt32.max)
    return Array(archive[..<end]) + record + classic
}

/// Runs python3 with `arguments`; nil when python3 cannot be started.
private func runPython(_ arguments: [String]) -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONIOENCODING"] = "utf-8"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite struct NPZTests {
    @Test func roundTripsThroughAFile() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/runs/run-1/checkpoint.npz"
        try NPZ.write(sampleEntries(), to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/runs/run-1") == ["checkpoint.npz"])

        let entries = try NPZ.readEntries(path)
        #expect(entries.map(\.name) == ["W", "b", "y", "name", "s", "e"])
        let arrays = try NPZ.read(path)
        let w = Tensor<Double>(shape: [2, 3], scalars: [-0.5, 0.25, 1, 1.75, 2.5, 3.25])
        #expect(try arrays["W"]?.tensor(of: Double.self) == w)
        #expect(arrays["b"]?.dtype == "<f4")
        #expect(try arrays["b"]?.tensor(of: Float.self) == Tensor<Float>([0.5, -1.5, 3.25]))
        #expect(arrays["y"] == NPYArray(shape: [4], dtype: "<i8", ints: [3, -1, .max, 0]))
        #expect(arrays["name"]?.string == "héllo")
        #expect(arrays["s"]?.shape == [] && arrays["s"]?.doubles == [0.125])
        #expect(arrays["e"]?.shape == [0, 4])
    }

    @Test func numpyLoadsOurFile() throws {
        guard let probe = runPython(["-c", "import numpy"]), probe.status == 0 else {
            print("NPZTests.numpyLoadsOurFile skipped: python3 with numpy is not available")
            return
        }
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/checkpoint.npz"
        try NPZ.write(sampleEntries(), to: path)
        let script = """
            import sys, numpy as np
            d = np.load(sys.argv[1], allow_pickle=False)
            print(d.files)
            for k in d.files:
                a = d[k]
                print(k, a.dtype.str, a.shape, a.tolist())
            """
        let result = try #require(runPython(["-c", script, path]))
        #expect(result.status == 0)
        #expect(result.output == """
            ['W', 'b', 'y', 'name', 's', 'e']
            W <f8 (2, 3) [[-0.5, 0.25, 1.0], [1.75, 2.5, 3.25]]
            b <f4 (3,) [0.5, -1.5, 3.25]
            y <i8 (4,) [3, -1, 9223372036854775807, 0]
            name <U5 () héllo
            s <f8 () 0.125
            e <f8 (0, 4) []

            """)
    }

    @Test func readsNumpySavezFixture() throws {
        // Tests/NNDLTests/Fixtures/numpy_savez.npz, written by Scripts/make_npz_fixture.py (np.savez, NumPy 2.4.6):
        // stored entries whose local headers carry ZIP64 extra fields.
        let entries = try NPZ.decode(try fixture("numpy_savez.npz"), path: "numpy_savez.npz")
        #expect(entries.map(\.name) == ["W1", "b1", "y", "counts", "pixels", "mask", "t", "name"])
        let arrays = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.array) })
        #expect(arrays["W1"] == NPYArray(shape: [2, 3], dtype: "<f8", doubles: [-0.5, -0.25, 0, 0.25, 0.5, 0.75]))
        #expect(arrays["b1"] == NPYArray(shape: [3], dtype: "<f4", doubles: [0.5, -1.5, 3.25]))
        #expect(arrays["y"] == NPYArray(shape: [4], dtype: "<i8", ints: [3, 0, 9, 1]))
        #expect(arrays["counts"] == NPYArray(shape: [2], dtype: "<i4", ints: [-2, 2_147_483_647]))
        #expect(arrays["pixels"] == NPYArray(shape: [2, 2], dtype: "|u1", ints: [0, 255, 17, 128]))
        #expect(arrays["mask"] == NPYArray(shape: [3], dtype: "|b1", ints: [1, 0, 1]))
        #expect(arrays["t"]?.shape == [] && arrays["t"]?.int == 7)
        #expect(arrays["name"] == NPYArray(shape: [], dtype: "<U5", strings: ["héllo"]))
    }

    /// `np.savez_compressed` (deflated entries): the same arrays as the stored fixture, and a 3072×50 ramp large
    /// enough to span many deflate blocks; its values are `(i % 251) / 8` for flat index i.
    @Test func readsNumpySavezCompressedFixture() throws {
        let entries = try NPZ.decode(try fixture("numpy_savez_compressed.npz"), path: "c.npz")
        let stored = try NPZ.decode(try fixture("numpy_savez.npz"), path: "s.npz")
        #expect(entries.map(\.name) == stored.map(\.name) + ["ramp"])
        for (a, b) in zip(entries, stored) { #expect(a.array == b.array, "\(a.name)") }
        let ramp = try #require(entries.last?.array)
        #expect(ramp.shape == [3072, 50] && ramp.doubles == (0..<(3072 * 50)).map { Double($0 % 251) / 8 })
    }

    /// A damaged deflate stream, or one claiming more bytes than deflate can expand to, is a one-line error.
    @Test func refusesDamagedCompressedEntries() throws {
        var bytes = try fixture("numpy_savez_compressed.npz")
        let data = 30 + "W1.npy".utf8.count + 20  // W1's local header, name and ZIP64 extra field; then its deflate data
        for i in data..<(data + 8) { bytes[i] = 0xFF }
        #expect { try NPZ.decode(bytes, path: "c.npz") } throws: { error in
            "\(error)".hasPrefix("c.npz: ") && "\(error)".contains("W1.npy")
        }
        #expect(throws: ZipFault.self) { try Deflate.inflate([0x03, 0x00], size: 1 << 40, entry: "bomb") }
        #expect(try Deflate.inflate([0x03, 0x00], size: 0, entry: "empty") == [])
    }

    @Test func readsZip64EndRecords() throws {
        let archive = try NPZ.archive(sampleEntries())
        let entries = try NPZ.decode(withZip64End(archive))
        #expect(entries.map(\.name) == ["W", "b", "y", "name", "s", "e"])
        #expect(entries.map(\.array) == (try NPZ.decode(archive)).map(\.array))
    }

    @Test(arguments: ["ours", "numpy"])
    func truncationAtEveryOffsetThrows(_ source: String) throws {
        let bytes = source == "ours" ? try NPZ.archive(sampleEntries()) : try fixture("numpy_savez.npz")
        for end in 0..<bytes.count {
            #expect(throws: NPZError.self, "truncated at \(end)") { try NPZ.decode(Array(bytes[..<end])) }
        }
    }

    @Test(arguments: ["ours", "numpy"])
    func flippedBytesThrowOrChangeNothing(_ source: String) throws {
        let bytes = source == "ours" ? try NPZ.archive(sampleEntries()) : try fixture("numpy_savez.npz")
        let original = try NPZ.decode(bytes)
        var harmless = 0
        for offset in bytes.indices {
            for mask: UInt8 in [0x01, 0xFF] {
                var damaged = bytes
                damaged[offset] ^= mask
                guard let decoded = try? NPZ.decode(damaged) else { continue }
                harmless += 1
                #expect(decoded.map(\.name) == original.map(\.name), "flip \(mask) at \(offset)")
                #expect(decoded.map(\.array) == original.map(\.array), "flip \(mask) at \(offset)")
            }
        }
        // Only timestamps, version and attribute fields may change without an error.
        #expect(harmless < bytes.count / 4)
    }

    @Test func hugeLengthFieldsThrow() throws {
        let archive = try NPZ.archive(sampleEntries())
        let end = archive.count - 22
        let central = u32(archive, end + 16)
        let cases: [(String, [UInt8])] = [
            ("entry count", patch(patch(archive, at: end + 8, UInt16(0xFFFE)), at: end + 10, UInt16(0xFFFE))),
            ("directory size", patch(archive, at: end + 12, UInt32(0xFFFF_FFF0))),
            ("central name length", patch(archive, at: central + 28, UInt16.max)),
            ("central sizes, no ZIP64 field", patch(archive, at: central + 20, UInt32.max)),
            ("local offset", patch(archive, at: central + 42, UInt32(0x7FFF_FFFF))),
            ("local extra length", patch(archive, at: 28, UInt16.max)),
            ("ZIP64 offset", patch(withZip64End(archive), at: archive.count - 22 + 56 + 8, UInt64.max)),
        ]
        for (what, bytes) in cases {
            #expect(throws: NPZError.self, "\(what)") { try NPZ.decode(bytes) }
        }
        // A consistent archive whose array claims 2^40 elements: rejected before any allocation.
        let hostile = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }")
        #expect(throws: NPZError.badEntry(path: "h.npz", entry: "x.npy", .dataSize(expected: 1 << 43, got: 0))) {
            try NPZ.decode(NPZ.archive([("x", hostile)]), path: "h.npz")
        }
    }

    @Test func notAnArchiveNamesTheFile() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/notes.npz"
        try AtomicFile.write(Array("just some notes, not an archive\n".utf8), to: path)
        #expect(throws: NPZError.corrupt(
            path: path, detail: "no end-of-central-directory record (not a ZIP archive, or truncated)")) {
            try NPZ.read(path)
        }
        do {
            _ = try NPZ.read(folder + "/missing.npz")
            Issue.record("a missing file was read")
        } catch {
            #expect("\(error)" == "cannot read \(folder)/missing.npz: No such file or directory")
        }
        #expect(throws: NPZError.io(FileError(path: folder, operation: "read", reason: "not a regular file"))) {
            try NPZ.read(folder)
        }
    }

    @Test func writeRejectsBadNames() {
        let npy = NPY.encode(ints: [1], shape: [1])
        #expect(throws: NPZError.invalidEntries(path: "a.npz", detail: "entry name 'W' appears twice")) {
            try NPZ.write([("W", npy), ("W", npy)], to: "a.npz")
        }
        #expect(throws: NPZError.self) { try NPZ.write([("", npy)], to: "a.npz") }
        #expect(!FileManager.default.fileExists(atPath: "a.npz"))
    }

    @Test func damagedDataReportsTheChecksum() throws {
        var bytes = try NPZ.archive([("W", NPY.encode(Tensor<Double>([1, 2])))])
        bytes[30 + 5 + 130] ^= 0x40  // a byte of the first double, after the local header and the 128-byte npy header
        #expect(throws: NPZError.self) { try NPZ.decode(bytes, path: "w.npz") }
        do {
            _ = try NPZ.decode(bytes, path: "w.npz")
        } catch {
            #expect("\(error)".hasPrefix("w.npz: entry 'W.npy' is damaged (CRC-32 0x"))
        }
    }
}
