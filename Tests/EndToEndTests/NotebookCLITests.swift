import Foundation
import Testing

/// `nndl-tui notebook` as a user runs it: the cells' lines, --only, --json, bad names, and missing CIFAR-10.
@Suite struct NotebookCLITests {
    /// Without CIFAR-10 the data cells say so, one line each, and the rest run: every line of the walk, in order.
    @Test func twoLayerWithoutDataSkipsTheDataCellsAndPasses() throws {
        let dir = try Harness.scratch("notebook-two-layer")
        let out = try Harness.nndl(["notebook", "two-layer", "--data", "/nonexistent/cifar"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("[") } == [
            "[toy-scores] 0.2.1 Compute forward pass scores",
            "[toy-loss] 0.2.2 Forward pass loss",
            "[toy-gradients] 0.2.3 Backward pass",
            "[toy-training] 0.2.4 Training the network",
            "[data] skipped: CIFAR-10 not found (--data DIR, $NNDL_CIFAR_DIR or ./data/cifar-10-batches-bin)",
            "[cifar-sgd] skipped: CIFAR-10 not found (--data DIR, $NNDL_CIFAR_DIR or ./data/cifar-10-batches-bin)",
        ])
        #expect(lines.contains(
            "  Difference between your scores and correct scores: 3.381231233889892e-08   notebook 3.381231233889892e-08   (< 1e-07) ok"))
        #expect(lines.last == "8 checks, all within the notebook's tolerances")
    }

    /// `--only` runs one cell; `--json` prints each check with ours, the notebook's value and the difference.
    @Test func onlyOneCellAsJSON() throws {
        let dir = try Harness.scratch("notebook-json")
        let out = try Harness.nndl(["notebook", "fc-nets", "--only", "affine-forward", "--json"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.count == 1 && object["passed"] as? Bool == true && (object["skipped"] as? [Any])?.isEmpty == true)
        let check = checks[0]
        #expect(check["cell"] as? String == "affine-forward")
        #expect(check["label"] as? String == "Testing affine_forward function: difference")
        #expect(check["notebook"] as? Double == 9.769849468192957e-10 && check["tolerance"] as? String == "< 1e-08")
        let (ours, difference) = (try #require(check["ours"] as? Double), try #require(check["difference"] as? Double))
        #expect(abs(ours - 9.769849468192957e-10) < 1e-18 && abs(difference) < 1e-18)
    }

    /// Ctrl-C during the first CIFAR run ends the walk at an iteration with one line and status 130.
    @Test func interruptEndsTheWalkWithOneLine() throws {
        guard let cifar = Harness.cifar else {
            print("NotebookCLITests: CIFAR-10 not found; interrupt test skipped")
            return
        }
        let dir = try Harness.scratch("notebook-interrupt")
        let out = try Harness.signalled(["notebook", "two-layer", "--only", "cifar-sgd", "--data", cifar], in: dir,
                                        after: 2.5, signal: SIGINT)
        #expect(out.status == 130)
        #expect(out.stderr == "nndl-tui: notebook interrupted\n")
    }

    /// An unknown notebook or cell lists the names and exits 2.
    @Test(arguments: [
        (["notebook", "three-layer"], "nndl-tui: unknown notebook 'three-layer'; notebooks: two-layer, fc-nets"),
        (["notebook", "two-layer", "--only", "affine-forward"],
         "nndl-tui: unknown cell 'affine-forward' in two-layer; cells: toy-scores, toy-loss, toy-gradients, toy-training, data, cifar-sgd"),
    ])
    func unknownNamesListTheNamesAndExitTwo(arguments: [String], message: String) throws {
        let dir = try Harness.scratch("notebook-bad")
        let out = try Harness.nndl(arguments, in: dir)
        #expect(out.status == 2)
        #expect(out.stderr == message + "\n")
        #expect(out.stdout.isEmpty)
    }
}
