import Foundation
import Testing
@testable import NNDL

@Suite struct AtomicFileTests {
    @Test func replacesTheFileAndLeavesNoTemporary() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a/b/result.json"
        try AtomicFile.write(Array("{\"old\": 1}".utf8), to: path)
        try AtomicFile.write(Data("{\"new\": 2}".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("{\"new\": 2}".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/a/b") == ["result.json"])
    }

    @Test func failedWriteKeepsTheOldFile() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/checkpoint.npz"
        try NPZ.write([("W", NPY.encode(Tensor<Double>([1, 2])))], to: path)
        let before = FileManager.default.contents(atPath: path)
        // A folder where the temporary file must go makes the write fail, even for root.
        let temporary = AtomicFile.temporaryPath(for: path)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        #expect(throws: NPZError.io(FileError(path: temporary, operation: "create", reason: "Is a directory"))) {
            try NPZ.write([("W", NPY.encode(Tensor<Double>([3, 4])))], to: path)
        }
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(try NPZ.read(path)["W"]?.doubles == [1, 2])
    }

    @Test func unwritableFolderKeepsTheOldFile() throws {
        guard geteuid() != 0 else {
            print("AtomicFileTests.unwritableFolderKeepsTheOldFile skipped: root ignores folder permissions")
            return
        }
        let folder = try makeScratchFolder()
        defer {
            chmod(folder, 0o755)
            try? FileManager.default.removeItem(atPath: folder)
        }
        let path = folder + "/result.json"
        try AtomicFile.write(Array("old".utf8), to: path)
        chmod(folder, 0o555)
        #expect(throws: FileError.self) { try AtomicFile.write(Array("new".utf8), to: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["result.json"])
    }

    @Test func aFileInPlaceOfAFolderIsReported() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.write(Array("x".utf8), to: folder + "/runs")
        #expect(throws: FileError(path: folder + "/runs", operation: "create folder", reason: "a file is in the way")) {
            try AtomicFile.write(Array("y".utf8), to: folder + "/runs/run-1/result.json")
        }
    }
}
