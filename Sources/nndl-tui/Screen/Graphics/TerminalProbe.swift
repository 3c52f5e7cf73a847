import Foundation
import NNDLUI

/// Asks the terminal about itself at start-up (the kitty graphics query, the cell size, the device attributes)
/// and asks tmux whether it passes graphics through.
enum TerminalProbe {
    /// Writes the queries to `output` and reads the answers from `input` until the device attributes arrive or
    /// `timeout` seconds pass (a terminal that answers nothing costs that long once).
    static func ask(input: Int32, output: Int32, tmuxWrap: Bool, timeout: Double = 0.3) -> TerminalReplies {
        var kitty = TerminalReplies.kittyQuery
        if tmuxWrap { kitty = "\u{1B}Ptmux;" + kitty.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\" }
        let query = Array((kitty + TerminalReplies.otherQueries).utf8)
        guard query.withUnsafeBytes({ Foundation.write(output, $0.baseAddress!, $0.count) }) == query.count else {
            return TerminalReplies()
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var fd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let wait = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&fd, 1, wait) > 0 else { continue }
            let n = read(input, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
            if TerminalReplies.parse(received).deviceAttributes { break }
        }
        return TerminalReplies.parse(received)
    }

    /// Whether the tmux around us has `allow-passthrough` on (tmux 3.3 and later; off by default).
    static func tmuxAllowsPassthrough() -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux", "show-options", "-gv", "allow-passthrough"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return p.terminationStatus == 0 && (value == "on" || value == "all")
    }
}
