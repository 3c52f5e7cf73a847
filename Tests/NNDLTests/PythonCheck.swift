import Foundation

/// Runs a Python snippet as an independent reader of what the engine wrote (Python's zlib, NumPy).
enum PythonCheck {
    /// The snippet's trimmed standard output with `arguments` as `sys.argv[1...]`; nil (saying why) when python3 is
    /// not installed. A snippet that fails is an error in the output, so the caller's comparison fails with it.
    static func run(_ script: String, _ arguments: String...) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        do { try process.run() } catch {
            print("PythonCheck: skipped, python3 could not start: \(error)")
            return nil
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus == 127 {
            print("PythonCheck: skipped, python3 not found")
            return nil
        }
        return text
    }
}
