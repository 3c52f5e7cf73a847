import Foundation
import Testing

/// `watch` over runs that ordinary `train --headless` processes write while it looks: `--print` and the view in
/// tmux see them go from running to done, and a run killed with SIGKILL (no result.json, no more writes) as stale.
@Suite(.serialized) struct WatchCLITests {
    let tmux = DashboardTmuxTests()
    let session = "nndl-e2e-watch-\(getpid())"

    /// Small random data, so a run takes a second or two.
    static func trainArguments(name: String, iterations: Int, lr: String) -> [String] {
        let config = Harness.root.appendingPathComponent("config/toy.json").path
        let sets = ["name=\(name)", "data.source=random", "data.inputDim=500", "data.numTraining=2000",
                    "data.numValidation=100", "solver.numIterations=\(iterations)", "solver.learningRate=\(lr)"]
        return ["train", "--headless", "--config", config] + sets.flatMap { ["--set", $0] }
    }

    /// `watch --print` every 0.2 s until `predicate` holds on its output (or `seconds` pass); the last output.
    static func printUntil(_ seconds: Double, in dir: URL, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        repeat {
            let out = try Harness.nndl(["watch", "runs", "--print", "--stale-after", "3", "--width", "120", "--height", "30"], in: dir)
            text = out.stdout + out.stderr
            if predicate(text) { return text }
            usleep(200_000)
        } while Date() < deadline
        return text
    }

    /// The row of run `name` in a printed table.
    static func row(_ name: String, in text: String) -> String {
        text.split(separator: "\n").first { $0.contains(" \(name)/001 ") }.map(String.init) ?? ""
    }

    @Test func printShowsRunningDoneAndAKilledRunAsStale() throws {
        let dir = try Harness.scratch("watch-print")
        let short = try CLITests.startInBackground(Self.trainArguments(name: "short", iterations: 300, lr: "0.1"), in: dir)
        let long = try CLITests.startInBackground(Self.trainArguments(name: "long", iterations: 99_999_989, lr: "0.01"), in: dir)
        defer { if long.isRunning { kill(long.processIdentifier, SIGKILL) } }

        var text = try Self.printUntil(20, in: dir) {
            Self.row("long", in: $0).contains("running") && !Self.row("short", in: $0).isEmpty
        }
        #expect(Self.row("long", in: text).contains("running"), "\(text)")
        #expect(text.contains("learningRate"), "the setting that differs is a column: \(text)")

        text = try Self.printUntil(30, in: dir) { Self.row("short", in: $0).contains("done") }
        short.waitUntilExit()
        #expect(Self.row("short", in: text).contains(" done ") && Self.row("short", in: text).contains("300/300"), "\(text)")
        #expect(Self.row("long", in: text).contains("running"), "\(text)")

        kill(long.processIdentifier, SIGKILL)
        long.waitUntilExit()
        text = try Self.printUntil(15, in: dir) { Self.row("long", in: $0).contains("stale") }
        #expect(Self.row("long", in: text).contains("stale"), "\(text)")
        #expect(text.contains("1 stale  1 done"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/long/001/result.json").path))
    }

    @Test func missingFolderAndBadSizesAreOneLineErrors() throws {
        let dir = try Harness.scratch("watch-errors")
        for (arguments, needle) in [(["watch", "nowhere", "--print"], "nowhere: no such folder"),
                                    (["watch", ".", "--print", "--width", "20"], "--width: expected")] {
            let out = try Harness.nndl(arguments, in: dir)
            #expect(out.status == 2 && out.stderr.contains(needle) && out.stderr.split(separator: "\n").count == 1, "\(out)")
        }
    }

    /// The view in tmux: new runs appear while it watches; one goes from running to done, one killed with SIGKILL
    /// turns stale; Enter opens the finished run's read-only dashboard, Esc goes back, q quits with status 0.
    @Test func viewFollowsANewRunToDone() throws {
        guard tmux.tmuxInstalled() else { return }
        let dir = try Harness.scratch("watch-tmux")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("runs"), withIntermediateDirectories: true)
        let command = "cd \(dir.path) && \(Harness.binary) watch runs --stale-after 3; echo EXIT:$? > status.txt; sleep 30"
        _ = try tmux.tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "30", command])
        defer { _ = try? tmux.tmux(["kill-session", "-t", session]) }
        var text = try tmux.waitFor(10, session: session) { $0.contains("watch runs  0 runs") }
        #expect(text.contains("watch runs  0 runs"), "\(text)")

        // `late` first, so it is the selected run (the first found) when Enter is pressed.
        let run = try CLITests.startInBackground(Self.trainArguments(name: "late", iterations: 300, lr: "0.1"), in: dir)
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        text = try tmux.waitFor(20, session: session) { $0.contains("late/001") && $0.contains("running") }
        #expect(text.contains("late/001") && text.contains("running"), "\(text)")
        let long = try CLITests.startInBackground(Self.trainArguments(name: "long", iterations: 99_999_989, lr: "0.01"), in: dir)
        defer { if long.isRunning { kill(long.processIdentifier, SIGKILL) } }
        text = try tmux.waitFor(60, session: session) { $0.contains("2 runs  1 running  1 done") }
        #expect(text.contains("2 runs  1 running  1 done") && text.contains("300/300"), "\(text)")
        kill(long.processIdentifier, SIGKILL)
        long.waitUntilExit()
        text = try tmux.waitFor(15, session: session) { $0.contains("2 runs  1 stale  1 done") }
        #expect(text.contains("2 runs  1 stale  1 done"), "\(text)")

        _ = try tmux.tmux(["send-keys", "-t", session, "Enter"])
        text = try tmux.waitFor(10, session: session) { $0.contains("Hyperparameters") && $0.contains("DONE") }
        #expect(text.contains("late/001") && text.contains("DONE") && text.contains("Accuracy"), "\(text)")
        _ = try tmux.tmux(["send-keys", "-t", session, "Escape"])
        text = try tmux.waitFor(5, session: session) { $0.contains("Runs (2)") && !$0.contains("Hyperparameters") }
        #expect(text.contains("Runs (2)"), "\(text)")
        _ = try tmux.tmux(["send-keys", "-t", session, "q"])
        #expect(tmux.exitLine(in: dir) == "EXIT:0")
    }
}
