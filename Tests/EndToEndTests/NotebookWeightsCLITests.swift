import Foundation
import Testing

/// Weights saved from the notebook (`np.savez` / `np.savez_compressed` of `net.params`, no nndl-tui config entry),
/// read with `--config` saying what net they are: `eval` gives the accuracy NumPy's own forward pass gives with the
/// same weights on the same rows, in either layout of the first notebook's net and for a batchnorm FC net.
@Suite(.serialized) struct NotebookWeightsCLITests {
    /// Random rows (the engine's `data.source=random`: NumPy's RandomState(seed + 1), train rows first).
    static func config(_ model: String) -> String {
        #"{"name": "nb", "seed": 3, "data": {"source": "random", "inputDim": 20, "numClasses": 5, "numTraining": 40, "#
            + #""numValidation": 300, "numTest": 0}, "model": \#(model), "solver": {"batchSize": 20}}"#
    }
    static let twoLayer = config(#"{"kind": "twoLayerNet", "hiddenDims": [7]}"#)
    static let batchnorm = config(#"{"kind": "fullyConnected", "hiddenDims": [6, 4], "batchnorm": true}"#)

    /// Writes the weight files and prints NumPy's validation accuracy of each, as `name accuracy` lines.
    static let makeWeights = """
        import numpy as np
        rng = np.random.RandomState(4)
        X = rng.randn(40 * 20); y = rng.randint(0, 5, size=40)
        Xv = rng.randn(300 * 20).reshape(300, 20); yv = rng.randint(0, 5, size=300)
        w = np.random.RandomState(11)
        W1, b1, W2, b2 = w.randn(7, 20), w.randn(7), w.randn(5, 7), w.randn(5)
        np.savez('ece.npz', W1=W1, b1=b1, W2=W2, b2=b2)
        np.savez_compressed('cs231n.npz', W1=W1.T, b1=b1, W2=W2.T, b2=b2)
        acc = lambda s: np.mean(np.argmax(s, axis=1) == yv)
        print('two-layer', acc(np.maximum(0, Xv @ W1.T + b1) @ W2.T + b2))
        p = {}
        dims = [20, 6, 4, 5]
        for l in range(1, 4):
            p['W%d' % l] = w.randn(dims[l - 1], dims[l]); p['b%d' % l] = w.randn(dims[l])
            if l < 3:
                p['gamma%d' % l] = 1 + 0.1 * w.randn(dims[l]); p['beta%d' % l] = w.randn(dims[l])
                p['running_mean%d' % l] = w.randn(dims[l]); p['running_var%d' % l] = 0.5 + w.rand(dims[l])
        np.savez_compressed('bn.npz', **p)
        h = Xv
        for l in (1, 2):
            a = h @ p['W%d' % l] + p['b%d' % l]
            a = (a - p['running_mean%d' % l]) / np.sqrt(p['running_var%d' % l] + 1e-5) * p['gamma%d' % l] + p['beta%d' % l]
            h = np.maximum(0, a)
        print('batchnorm', acc(h @ p['W3'] + p['b3']))
        np.savez('bad.npz', W1=np.zeros((3, 3)), b1=b1, W2=W2, b2=b2)
        np.savez('short.npz', W1=W1, b1=b1, W2=W2)
        """

    @Test func evalMatchesNumPyOnNotebookWeights() throws {
        guard Harness.has("python3") else { return }
        let dir = try Harness.scratch("notebook-weights")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.twoLayer.write(to: dir.appendingPathComponent("two.json"), atomically: true, encoding: .utf8)
        try Self.batchnorm.write(to: dir.appendingPathComponent("bn.json"), atomically: true, encoding: .utf8)
        let made = try Harness.run("/usr/bin/env", ["python3", "-c", Self.makeWeights], in: dir)
        try #require(made.status == 0, "\(made.stderr)")
        let numpy = Dictionary(uniqueKeysWithValues: made.stdout.split(separator: "\n").map { line -> (String, String) in
            let parts = line.split(separator: " ")
            return (String(parts[0]), String(parts[1]))
        })
        for (file, config, expected) in [("ece.npz", "two.json", "two-layer"), ("cs231n.npz", "two.json", "two-layer"),
                                         ("bn.npz", "bn.json", "batchnorm")] {
            let out = try Harness.nndl(["eval", "--checkpoint", file, "--config", config, "--split", "val"], in: dir)
            #expect(out.status == 0, "\(file): \(out.stderr)")
            let ours = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Double(ours.split(separator: " ").last ?? "") == Double(numpy[expected] ?? ""),
                    "\(file): \(ours) vs NumPy \(numpy[expected] ?? "?")")
        }
        let cases: [(String, String, String)] = [
            ("bad.npz", "two.json", "nndl-tui: bad.npz: 'W1' has shape [3, 3], expected [7, 20] (ECE layout, W1 is H×D) or [20, 7] (CS231n layout, D×H) for nb's 20-7-5 net"),
            ("short.npz", "two.json", "nndl-tui: short.npz: missing float array 'b2': the first notebook's TwoLayerNet has W1, b1, W2, b2"),
            ("ece.npz", "bn.json", "nndl-tui: ece.npz: 'W1' has shape [7, 20], expected [20, 6]"),
        ]
        for (file, config, message) in cases {
            let out = try Harness.nndl(["eval", "--checkpoint", file, "--config", config, "--split", "val"], in: dir)
            #expect(out.status == 2 && out.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == message, "\(out.stderr)")
        }
        let bare = try Harness.nndl(["eval", "--checkpoint", "ece.npz"], in: dir)
        #expect(bare.status == 2 && bare.stderr.contains("need --config PRESET"), "\(bare.stderr)")
    }

    /// `train --init` starts from the given weights: with a learning rate too small to move them, the run's final
    /// parameters are the notebook's (CS231n layout, transposed into the ECE one the net keeps).
    @Test func trainStartsFromGivenWeights() throws {
        guard Harness.has("python3") else { return }
        let dir = try Harness.scratch("init-weights")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.twoLayer.write(to: dir.appendingPathComponent("two.json"), atomically: true, encoding: .utf8)
        let made = try Harness.run("/usr/bin/env", ["python3", "-c", Self.makeWeights], in: dir)
        try #require(made.status == 0, "\(made.stderr)")
        let out = try Harness.nndl(["train", "--headless", "--config", "two.json", "--init", "cs231n.npz",
                                    "--set", "solver.learningRate=1e-300", "--set", "solver.numIterations=2",
                                    "--run-dir", "run"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let check = try Harness.run("/usr/bin/env", ["python3", "-c", """
            import numpy as np
            a, b = np.load('run/checkpoint.npz'), np.load('cs231n.npz')
            print(np.array_equal(a['resume.W1'], b['W1'].T), np.array_equal(a['resume.W2'], b['W2'].T), np.array_equal(a['resume.b2'], b['b2']))
            """], in: dir)
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True True True", "\(check.stderr)")
    }
}
