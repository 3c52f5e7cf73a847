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

    /// The README's "weights out" block, run as written on two trained runs (random 3072-wide rows stand in for
    /// CIFAR-10) with stand-ins for the notebook's classes that do what their test-time forward passes do: the
    /// notebook's nets then classify the validation rows exactly as `eval` does.
    @Test func readmeLoadsCheckpointsIntoTheNotebooksNets() throws {
        guard Harness.has("python3") else { return }
        let dir = try Harness.scratch("weights-out")
        defer { try? FileManager.default.removeItem(at: dir) }
        let readme = try String(contentsOf: Harness.root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "<!-- weights-out -->\n```python\n").dropFirst().first?
            .components(separatedBy: "```").first, "README has the weights-out block")
        let data = ["--set", "data.source=random", "--set", "data.numTraining=60", "--set", "data.numValidation=100",
                    "--set", "data.numTest=0", "--set", "solver.batchSize=20"]
        var accuracies: [String] = []
        for (preset, length) in [("two-layer-tuned", "solver.numIterations=3"), ("fc-adam-bn-dropout", "solver.numEpochs=1")] {
            let config = Harness.root.appendingPathComponent("config/\(preset).json").path
            let train = try Harness.nndl(["train", "--headless", "--config", config, "--set", length] + data, in: dir)
            #expect(train.status == 0, "\(preset): \(train.stderr)")
            let eval = try Harness.nndl(["eval", "--checkpoint", "runs/\(preset)", "--split", "val"], in: dir)
            accuracies.append(eval.stdout.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "")
        }
        let script = Self.notebookStandIns + block + Self.classifyValidationRows
        let out = try Harness.run("/usr/bin/env", ["python3", "-c", script], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let numpy = out.stdout.split(separator: "\n").map(String.init)
        #expect(numpy.count == 2 && zip(numpy, accuracies).allSatisfy { Double($0) == Double($1) },
                "NumPy \(numpy) vs eval \(accuracies)")
    }

    /// The notebook's `TwoLayerNet` (ECE: W1 is H×D) and CS231n `FullyConnectedNet` as far as loading and test-time
    /// scores go: affine, batchnorm with running statistics (eps 1e-5), ReLU, dropout off.
    static let notebookStandIns = """
        import numpy as np
        class TwoLayerNet:
            def __init__(self, input_size, hidden_size, output_size, std=1e-4):
                self.params = {'W1': np.zeros((hidden_size, input_size)), 'b1': np.zeros(hidden_size),
                               'W2': np.zeros((output_size, hidden_size)), 'b2': np.zeros(output_size)}
            def predict(self, X):
                p = self.params
                return np.argmax(np.maximum(0, X @ p['W1'].T + p['b1']) @ p['W2'].T + p['b2'], axis=1)
        class FullyConnectedNet:
            def __init__(self, hidden_dims, input_dim=3072, num_classes=10, dropout=0, use_batchnorm=False, **kw):
                dims = [input_dim] + hidden_dims + [num_classes]
                self.num_layers, self.params = len(dims) - 1, {}
                for l in range(1, len(dims)):
                    self.params['W%d' % l] = np.zeros((dims[l - 1], dims[l])); self.params['b%d' % l] = np.zeros(dims[l])
                    if use_batchnorm and l < len(dims) - 1:
                        self.params['gamma%d' % l] = np.ones(dims[l]); self.params['beta%d' % l] = np.zeros(dims[l])
                self.bn_params = [{'mode': 'train'} for _ in hidden_dims] if use_batchnorm else []
            def loss(self, X):
                h = X
                for l in range(1, self.num_layers):
                    a = h @ self.params['W%d' % l] + self.params['b%d' % l]
                    if self.bn_params:
                        bn = self.bn_params[l - 1]
                        a = (a - bn['running_mean']) / np.sqrt(bn['running_var'] + 1e-5) * self.params['gamma%d' % l] + self.params['beta%d' % l]
                    h = np.maximum(0, a)
                L = self.num_layers
                return h @ self.params['W%d' % L] + self.params['b%d' % L]

        """

    /// The validation rows of `data.source=random` (RandomState(seed + 1), train rows first) and both nets' accuracy.
    static let classifyValidationRows = """

        rng = np.random.RandomState(1)
        rng.randn(60 * 3072); rng.randint(0, 10, size=60)
        Xv = rng.randn(100 * 3072).reshape(100, 3072); yv = rng.randint(0, 10, size=100)
        print(np.mean(net.predict(Xv) == yv))
        print(np.mean(np.argmax(model.loss(Xv), axis=1) == yv))
        """
}
