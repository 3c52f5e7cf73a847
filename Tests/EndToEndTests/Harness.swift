import Foundation
import Testing

/// Runs the built `nndl-tui` and other tools for the end-to-end tests.
enum Harness {
    /// The package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `nndl-tui` binary built beside this test bundle.
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nndl-tui").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return root.appendingPathComponent(".build/debug/nndl-tui").path
    }

    /// The real CIFAR-10 folder, when present.
    static var cifar: String? {
        let env = ProcessInfo.processInfo.environment["NNDL_CIFAR_DIR"]
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/data/cifar-10-batches-bin").path
        return [env, shared].compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// A fresh working folder.
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nndl-e2e-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments` in `directory`, killing it after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], in directory: URL, timeout: Double = 120,
                    environment: [String: String] = [:]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.currentDirectoryURL = directory
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let id = UUID().uuidString
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(id)").path
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(id)").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        // SIGKILL, not terminate(): a child inherits the test thread's signal mask, in which SIGTERM is blocked.
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        let so = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let se = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Output(status: p.terminationStatus, stdout: so, stderr: se)
    }

    /// `nndl-tui` with `arguments`.
    static func nndl(_ arguments: [String], in directory: URL, timeout: Double = 120) throws -> Output {
        try run(binary, arguments, in: directory, timeout: timeout)
    }

    /// Runs `command` with /bin/sh through posix_spawn and waitpid, output captured in a file. Used for tmux,
    /// whose server daemonizes: Foundation's Process can wait forever on a child that leaves a daemon behind.
    static func shell(_ command: String) -> Output {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sh-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let full = "(\(command)) </dev/null >'\(file)' 2>&1"
        var pid: pid_t = 0
        let args = ["/bin/sh", "-c", full]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0 else {
            return Output(status: -1, stdout: "", stderr: "posix_spawn failed")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return Output(status: (status >> 8) & 0xFF, stdout: text, stderr: "")
    }

    /// Starts `nndl-tui ARGS` in `dir`, sends it `signal` after `seconds`, and returns its exit status and output.
    static func signalled(_ arguments: [String], in dir: URL, after seconds: Double, signal: Int32) throws -> Output {
        let id = UUID().uuidString, tmp = FileManager.default.temporaryDirectory
        let (outPath, errPath) = (tmp.appendingPathComponent("out-\(id)").path, tmp.appendingPathComponent("err-\(id)").path)
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { for path in [outPath, errPath] { try? FileManager.default.removeItem(atPath: path) } }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle(forWritingAtPath: outPath)
        p.standardError = FileHandle(forWritingAtPath: errPath)
        try p.run()
        usleep(UInt32(seconds * 1_000_000))
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Output(status: p.terminationStatus, stdout: text(outPath), stderr: text(errPath))
    }

    /// Whether `tool` is on PATH.
    static func has(_ tool: String) -> Bool {
        shell("command -v \(tool)").status == 0
    }
}

