import Foundation
import Testing

/// The sweep view driven as a person would, inside tmux (100×30): a 2×2 grid on small random data, two at a time.
@Suite(.serialized) struct SweepTmuxTests {
    /// The dashboard suite's tmux helpers (capture, wait, exit status), with this suite's session name.
    let tmux = DashboardTmuxTests()
    let session = "nndl-e2e-sweep-\(getpid())"

    /// Starts the sweep in `dir` in a detached 100×30 tmux session; the shell writes `EXIT:<status>` to status.txt.
    func startSweep(in dir: URL) throws {
        let config = Harness.root.appendingPathComponent("config/toy.json").path
        let data = ["data.source=random", "data.inputDim=500", "data.numTraining=2000", "data.numValidation=100",
                    "solver.numIterations=150"].map { "--set \($0)" }.joined(separator: " ")
        let command = "cd \(dir.path) && \(Harness.binary) sweep --config \(config) \(data) "
            + "--grid solver.learningRate=0.1,0.01 --grid model.reg=5e-6,0.001 --jobs 2; echo EXIT:$? > status.txt; sleep 30"
        _ = try tmux.tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", command])
    }

    @Test func tableEnterEscWaitForAllAndQuit() throws {
        guard tmux.tmuxInstalled() else { return }
        let dir = try Harness.scratch("tmux-sweep")
        try startSweep(in: dir)
        defer { _ = try? tmux.tmux(["kill-session", "-t", session]) }

        var text = try tmux.waitFor(20, session: session) {
            $0.contains("running") && $0.contains("Runs (4)") && $0.contains("queued")
        }
        #expect(text.contains("toy sweep  4 runs") && text.contains("learningRate  reg") && text.contains("queued"), "\(text)")
        #expect(text.contains("▸★ 0") || text.contains("▸  0"), "the first run is selected: \(text)")

        // ↓ selects the second row; Enter opens that run's full dashboard.
        _ = try tmux.tmux(["send-keys", "-t", session, "Down", "Enter"])
        text = try tmux.waitFor(10, session: session) { $0.contains("Hyperparameters") && $0.contains("Loss") }
        #expect(text.contains("Hyperparameters") && text.contains("Loss") && text.contains("toy-sweep-"), "\(text)")
        // Steering is off in a sweep. Pressed once the run is DONE, so that the run's own end-of-run status cannot
        // replace the refusal before the capture sees it (a full suite on a loaded machine once hit that race).
        text = try tmux.waitFor(30, session: session) { $0.contains("DONE") && $0.contains("Hyperparameters") }
        _ = try tmux.tmux(["send-keys", "-t", session, "Space"])
        text = try tmux.waitFor(5, session: session) { $0.contains("no steering here") }
        #expect(text.contains("no steering here"), "\(text)")
        let escaped = Date()
        _ = try tmux.tmux(["send-keys", "-t", session, "Escape"])
        // Until the table is whole: a capture can land while curses is still repainting over the dashboard.
        text = try tmux.waitFor(5, session: session) { $0.contains("Runs (4)") && !$0.contains("Hyperparameters") }
        #expect(text.contains("Runs (4)") && !text.contains("Hyperparameters"), "\(text)")
        // ncurses' default would hold a lone Esc for a whole second, waiting for an escape sequence.
        #expect(Date().timeIntervalSince(escaped) < 0.9, "Esc took \(Date().timeIntervalSince(escaped)) s")

        text = try tmux.waitFor(40, session: session) { $0.contains("all 4 runs finished") }
        #expect(text.contains("4 runs  4 done"), "\(text)")
        _ = try tmux.tmux(["send-keys", "-t", session, "q"])
        #expect(tmux.exitLine(in: dir) == "EXIT:0")
        // The terminal is back, with the final table printed.
        text = try tmux.screen(session)
        #expect(!text.contains("Runs (4)") && text.contains("solver.learningRate  model.reg"), "\(text)")
        let csv = (try? String(contentsOf: dir.appendingPathComponent("runs/toy-sweep/latest/results.csv"), encoding: .utf8)) ?? ""
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 5 && rows.dropFirst().allSatisfy { $0.contains(",done,") }, "\(csv)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/toy-sweep/latest/best.json").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/toy-sweep/latest/point-3/checkpoint.npz").path))
    }

    /// SIGTERM while the view trains: the running point stops at an iteration boundary, the finished and stopped
    /// rows are kept in results.csv, the terminal is restored and the status is 143 (128 + SIGTERM).
    @Test func sigtermStopsTheRunsAndKeepsTheRows() throws {
        guard tmux.tmuxInstalled() else { return }
        let dir = try Harness.scratch("tmux-sweep-term")
        let name = session + "-term"
        let config = Harness.root.appendingPathComponent("config/toy.json").path
        let command = "cd \(dir.path) && \(Harness.binary) sweep --config \(config) --set name=sweepterm "
            + "--grid solver.numIterations=5,99999989 --jobs 1; echo EXIT:$? > status.txt; sleep 30"
        _ = try tmux.tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", command])
        defer { _ = try? tmux.tmux(["kill-session", "-t", name]) }
        let text = try tmux.waitFor(20, session: name) { $0.contains("1 running  1 done") }
        #expect(text.contains("1 running  1 done"), "\(text)")
        let killed = Harness.shell("pkill -TERM -f '^\(Harness.binary) sweep .*numIterations=5,9999998[9]'")
        #expect(killed.status == 0, "no sweep process found")
        #expect(tmux.exitLine(in: dir) == "EXIT:143")
        let after = try tmux.screen(name)
        #expect(!after.contains("Runs (2)") && after.contains("solver.numIterations"), "\(after)")
        let csv = (try? String(contentsOf: dir.appendingPathComponent("runs/sweepterm-sweep/latest/results.csv"), encoding: .utf8)) ?? ""
        let rows = csv.split(separator: "\n")
        #expect(rows.count == 3 && csv.contains(",done,") && csv.contains(",stopped,"), "\(csv)")
    }
}
