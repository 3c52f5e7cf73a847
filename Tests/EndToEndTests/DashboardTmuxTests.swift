import Foundation
import Testing

/// The dashboard driven as a person would: inside tmux (100×30), with keys sent and the screen read back.
@Suite(.serialized) struct DashboardTmuxTests {
    let session = "nndl-e2e-\(getpid())"

    func tmux(_ args: [String]) throws -> Harness.Output {
        Harness.shell((["tmux"] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " "))
    }

    func screen(_ name: String? = nil) throws -> String { try tmux(["capture-pane", "-p", "-t", name ?? session]).stdout }

    /// Polls the screen of tmux session `session` (default: the suite's) until `predicate` holds (or `seconds` pass);
    /// returns the last screen.
    func waitFor(_ seconds: Double, session name: String? = nil, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = try screen(name)
        while !predicate(text) && Date() < deadline {
            usleep(100_000)
            text = try screen(name)
        }
        return text
    }

    /// Whether tmux is there; records a failure when it is not (the test command installs it).
    func tmuxInstalled() -> Bool {
        if Harness.has("tmux") { return true }
        Issue.record("tmux is not installed (Scripts/install-deps installs it)")
        return false
    }

    /// Starts `nndl-tui train --config config/toy.json ARGS` in a detached 100×30 tmux session `name`, in `dir`; the
    /// shell writes `EXIT:<status>` to `dir/status.txt` when it ends.
    func startDashboard(_ name: String, in dir: URL, _ arguments: String) throws {
        let config = Harness.root.appendingPathComponent("config/toy.json").path
        let command = "cd \(dir.path) && \(Harness.binary) train --config \(config) \(arguments); "
            + "echo EXIT:$? > status.txt; sleep 30"
        _ = try tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", command])
    }

    /// Waits (up to 20 s) for the dashboard started by `startDashboard` to exit; returns `EXIT:<status>` or "".
    func exitLine(in dir: URL) -> String {
        let statusFile = dir.appendingPathComponent("status.txt").path
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: statusFile) && Date() < deadline { usleep(100_000) }
        let status = (try? String(contentsOfFile: statusFile, encoding: .utf8)) ?? ""
        return status.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The iteration on the status line (`it 1234/…`).
    func iteration(_ text: String) -> Int? {
        guard let r = text.range(of: #"it (\d+)/"#, options: .regularExpression) else { return nil }
        return Int(text[r].dropFirst(3).dropLast())
    }

    @Test func runPauseSteerAndQuit() throws {
        guard tmuxInstalled() else { return }
        let dir = try Harness.scratch("tmux")
        try startDashboard(session, in: dir, "--set solver.numIterations=100000000")
        defer { _ = try? tmux(["kill-session", "-t", session]) }

        // Every panel, so the capture is not of a first frame curses is still painting.
        let panels = ["Loss", "Accuracy", "W1", "Hyperparameters", "learning rate"]
        var text = try waitFor(20) { screen in
            screen.contains("RUNNING") && (iteration(screen) ?? 0) > 100 && panels.allSatisfy { screen.contains($0) }
        }
        #expect(text.contains("RUNNING"), "\(text)")
        for panel in panels {
            #expect(text.contains(panel), "missing \(panel): \(text)")
        }

        _ = try tmux(["send-keys", "-t", session, "Space"])
        text = try waitFor(5) { $0.contains("PAUSED") }
        #expect(text.contains("PAUSED"))
        usleep(300_000)
        let paused = iteration(try screen())
        usleep(1_000_000)
        let later = iteration(try screen())
        #expect(paused != nil && later == paused)

        _ = try tmux(["send-keys", "-t", session, "n"])
        text = try waitFor(5) { iteration($0) == (paused ?? 0) + 1 }
        #expect(iteration(text) == (paused ?? 0) + 1, "n steps exactly one iteration")

        // The learning rate is the selected row; → multiplies it by 10^0.25: 0.1 → 0.178.
        _ = try tmux(["send-keys", "-t", session, "Right"])
        text = try waitFor(5) { $0.contains("0.178") }
        #expect(text.contains("0.178"), "\(text)")

        // m shows the toy's 3×3 validation confusion matrix over the dashboard; m again hides it.
        _ = try tmux(["send-keys", "-t", session, "m"])
        text = try waitFor(5) { $0.contains("Confusion (val)") && $0.contains("right (") }
        #expect(text.contains("Confusion (val) · epoch") && text.contains("/5 right ("), "\(text)")
        _ = try tmux(["send-keys", "-t", session, "m"])
        text = try waitFor(5) { !$0.contains("Confusion") }
        #expect(!text.contains("Confusion"), "\(text)")

        // d shows the engine's latest health report (the n step above was measured): W1 and W2 of the toy net and
        // the dead count of its 10 hidden units; d again hides it.
        _ = try tmux(["send-keys", "-t", session, "d"])
        text = try waitFor(5) { $0.contains("Training health · it") && $0.contains("/10 (") }
        #expect(text.contains("│ W1 ") && text.contains("│ W2 ") && text.contains("/10 ("), "\(text)")
        _ = try tmux(["send-keys", "-t", session, "d"])
        text = try waitFor(5) { !$0.contains("Training health") }
        #expect(!text.contains("Training health"), "\(text)")

        _ = try tmux(["resize-window", "-t", session, "-x", "60", "-y", "20"])
        text = try waitFor(5) { $0.contains("terminal too small") }
        #expect(text.contains("terminal too small (need 80×24)"))
        _ = try tmux(["resize-window", "-t", session, "-x", "100", "-y", "30"])
        text = try waitFor(5) { $0.contains("PAUSED") }
        #expect(text.contains("Hyperparameters"))

        // e writes the run's history beside its result and says where.
        _ = try tmux(["send-keys", "-t", session, "e"])
        text = try waitFor(5) { $0.contains("history written") }
        #expect(text.contains("history written to runs/toy/001/{loss,accuracy,changes}.csv"), "\(text)")
        let loss = (try? String(contentsOf: dir.appendingPathComponent("runs/toy/latest/loss.csv"), encoding: .utf8)) ?? ""
        #expect(loss.hasPrefix("first_iteration,last_iteration,samples,mean,min,max\n"), "\(loss)")
        for file in ["accuracy.csv", "changes.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/toy/latest/\(file)").path))
        }

        _ = try tmux(["send-keys", "-t", session, "q"])
        text = try waitFor(5) { $0.contains("y quits") }
        _ = try tmux(["send-keys", "-t", session, "y"])
        #expect(exitLine(in: dir) == "EXIT:0")
        text = try screen()
        // The terminal is back: the dashboard is gone and the JSON summary is printed.
        #expect(!text.contains("Hyperparameters") && text.contains(#"{"bestValAcc":"#), "\(text)")
        let result = (try? String(contentsOf: dir.appendingPathComponent("runs/toy/latest/result.json"), encoding: .utf8)) ?? ""
        #expect(result.contains(#""status" : "stopped""#), "\(result)")
        // The metrics log has the steps trained and the learning rate change made with →.
        let metrics = (try? String(contentsOf: dir.appendingPathComponent("runs/toy/latest/metrics.csv"), encoding: .utf8)) ?? ""
        let rows = metrics.split(separator: "\n")
        #expect(rows.first == "run,kind,iteration,epoch,loss,learning_rate,train_acc,val_acc,best_val_acc,change")
        #expect(rows.contains { $0.contains(",change,") && $0.contains("learning_rate 0.1->0.17782794") },
                "\(metrics.suffix(400))")
        #expect(rows.contains { $0.hasPrefix("1,step,1,") })
    }

    /// `nndl-tui train > summary.json`: the dashboard draws on the terminal and the file gets only the JSON summary.
    @Test func redirectedStdoutGetsTheSummaryAndTheScreenTheDashboard() throws {
        guard tmuxInstalled() else { return }
        let dir = try Harness.scratch("tmux-redirect")
        let name = session + "-redirect"
        try startDashboard(name, in: dir, "> summary.json")
        defer { _ = try? tmux(["kill-session", "-t", name]) }
        let text = try waitFor(20, session: name) { $0.contains("DONE") && $0.contains("Hyperparameters") }
        #expect(text.contains("DONE") && text.contains("100/100"), "\(text)")
        _ = try tmux(["send-keys", "-t", name, "q"])
        #expect(exitLine(in: dir) == "EXIT:0")
        let summary = try Data(contentsOf: dir.appendingPathComponent("summary.json"))
        let object = try JSONSerialization.jsonObject(with: summary) as? [String: Any]
        #expect(object?["status"] as? String == "done" && object?["iterations"] as? Int == 100, "\(String(decoding: summary, as: UTF8.self))")
    }

    /// SIGTERM while the dashboard trains: status 143 (128 + SIGTERM), the terminal restored, the summary and results written.
    @Test func sigtermRestoresTheTerminalAndWritesResults() throws {
        guard tmuxInstalled() else { return }
        let dir = try Harness.scratch("tmux-term")
        let name = session + "-term"
        try startDashboard(name, in: dir, "--set solver.numIterations=99999997")
        defer { _ = try? tmux(["kill-session", "-t", name]) }
        let running = try waitFor(20, session: name) { $0.contains("RUNNING") && $0.contains("Hyperparameters") }
        #expect(running.contains("RUNNING"), "\(running)")
        // Only the dashboard process (its command line starts with the binary), not the shell tmux runs it in.
        let killed = Harness.shell("pkill -TERM -f '^\(Harness.binary) train .*numIterations=9999999[7]'")
        #expect(killed.status == 0, "no dashboard process found")
        #expect(exitLine(in: dir) == "EXIT:143")
        // The summary wraps at 100 columns; join the lines before looking for it.
        let text = try screen(name).replacingOccurrences(of: "\n", with: "")
        #expect(!text.contains("Hyperparameters") && text.contains(#""status":"stopped""#), "\(text)")
        let result = (try? String(contentsOf: dir.appendingPathComponent("runs/toy/latest/result.json"), encoding: .utf8)) ?? ""
        #expect(result.contains(#""status" : "stopped""#), "\(result)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/toy/latest/checkpoint.npz").path))
    }
}
