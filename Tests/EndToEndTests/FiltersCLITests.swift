import Foundation
import Testing

/// `nndl-tui filters`: a checkpoint's W1 as a PNG that Python reads back as the notebook's `visualize_grid` picture.
@Suite struct FiltersCLITests {
    static let config = Harness.root.appendingPathComponent("config").path

    /// Parses the PNG with struct and zlib only (every chunk CRC, the zlib Adler-32, 8-bit RGB, filter bytes 0),
    /// rebuilds `visualize_grid(W1, padding=3).astype('uint8')` (show_net_weights' padding) from the checkpoint with NumPy (FC W1 is (D, H),
    /// rows CHW), and prints `width height channels`, the largest difference from NumPy's grid (float32 rounding
    /// may move a value across an integer), and whether the ×4 file is the ×1 file with each pixel repeated 4×4.
    static let check = """
        import struct, zlib, json, sys, numpy as np
        def read(path):
            b = open(path, 'rb').read()
            assert b[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'signature'
            at, chunks = 8, []
            while at < len(b):
                n, t = struct.unpack('>I4s', b[at:at + 8])
                data, crc = b[at + 8:at + 8 + n], struct.unpack('>I', b[at + 8 + n:at + 12 + n])[0]
                assert zlib.crc32(t + data) == crc, 'CRC of ' + t.decode()
                chunks.append((t, data))
                at += 12 + n
            assert chunks[0][0] == b'IHDR' and chunks[-1] == (b'IEND', b''), 'chunk order'
            w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', chunks[0][1])
            assert (depth, colour, interlace) == (8, 2, 0), 'not 8-bit RGB'
            raw = zlib.decompress(b''.join(d for t, d in chunks if t == b'IDAT'))
            assert len(raw) == h * (1 + 3 * w), 'data length'
            rows = np.frombuffer(raw, np.uint8).reshape(h, 1 + 3 * w)
            assert (rows[:, 0] == 0).all(), 'filter bytes'
            return rows[:, 1:].reshape(h, w, 3)
        def visualize_grid(Xs, ubound=255.0, padding=1):
            (N, H, W, C) = Xs.shape
            size = int(np.ceil(np.sqrt(N)))
            grid = np.zeros((H * size + padding * (size - 1), W * size + padding * (size - 1), C))
            for i in range(N):
                y0, x0 = (i // size) * (H + padding), (i % size) * (W + padding)
                img = Xs[i]
                grid[y0:y0 + H, x0:x0 + W] = ubound * (img - img.min()) / (img.max() - img.min())
            return grid
        one, four = read('w1.png'), read('w1x4.png')
        W1 = np.load('w.npz')['W1']
        expected = visualize_grid(W1.reshape(3, 32, 32, -1).transpose(3, 1, 2, 0), padding=3).astype('uint8')
        print(one.shape[1], one.shape[0], one.shape[2], np.abs(one.astype(int) - expected).max(),
              bool((four == one.repeat(4, axis=0).repeat(4, axis=1)).all()))
        """

    /// Trains a tiny fullyConnected net on random 3072-value rows, writes W1 at ×1 and ×4, and checks both in Python.
    @Test func writesTheNotebooksGridAsAPNGPythonReads() throws {
        let dir = try Harness.scratch("filters")
        let train = try Harness.nndl([
            "train", "--headless", "--config", "\(Self.config)/fc-two-layer.json", "--checkpoint", "w.npz",
            "--set", "data.source=random", "--set", "data.inputDim=3072", "--set", "data.numTraining=50",
            "--set", "data.numValidation=10", "--set", "data.numTest=0", "--set", "model.hiddenDims=[9]",
            "--set", "solver.numEpochs=2",
        ], in: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let one = try Harness.nndl(["filters", "--checkpoint", "w.npz", "--out", "w1.png", "--scale", "1"], in: dir)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == "wrote w1.png (102×102 ×1 = 102×102, 9 filters)\n")
        let four = try Harness.nndl(["filters", "--checkpoint", "w.npz", "--out", "w1x4.png"], in: dir)
        #expect(four.stdout == "wrote w1x4.png (102×102 ×4 = 408×408, 9 filters)\n", "\(four.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["runs", "w.npz", "w1.png", "w1x4.png"])
        guard Harness.has("python3") else {
            print("FiltersCLITests: PNG check skipped — python3 not found")
            return
        }
        let check = try Harness.run("/usr/bin/env", ["python3", "-c", Self.check], in: dir)
        let words = check.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(words.count == 5 && words[0...2] == ["102", "102", "3"], "\(check.stdout)\(check.stderr)")
        #expect(words.count == 5 && (Int(words[3]) ?? 9) <= 1 && words[4] == "True", "\(check.stdout)\(check.stderr)")
    }

    /// A checkpoint without image filters, a missing or corrupt file, a bad --scale: one line, status 2, no PNG
    /// (a bad --scaling gets ArgumentParser's message and usage).
    @Test(arguments: [
        (["--checkpoint", "runs/toy/latest/checkpoint.npz"], "nndl-tui: runs/toy/latest/checkpoint.npz: W1 has 4 inputs, not 32×32×3 images: no filters to draw"),
        (["--checkpoint", "missing.npz"], "nndl-tui: cannot read missing.npz"),
        (["--checkpoint", "garbage.npz"], "nndl-tui: garbage.npz: not a valid .npz archive"),
        (["--checkpoint", "runs/toy/latest/checkpoint.npz", "--scale", "0"], "nndl-tui: --scale: expected an integer in 1...64, got 0"),
        (["--checkpoint", "runs/toy/latest/checkpoint.npz", "--scaling", "loud"], "Error: The value 'loud' is invalid for '--scaling <scaling>'"),
    ])
    func withoutFiltersExitsTwoWithOneLine(arguments: [String], message: String) throws {
        let dir = try Harness.scratch("filters-bad-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("not a zip archive".utf8).write(to: dir.appendingPathComponent("garbage.npz"))
        let toy = try Harness.nndl(["train", "--headless", "--config", "\(Self.config)/toy.json"], in: dir)
        #expect(toy.status == 0, "\(toy.stderr)")
        let out = try Harness.nndl(["filters", "--out", "t.png"] + arguments, in: dir)
        #expect(out.status == 2)
        #expect(out.stderr.hasPrefix(message), "\(out.stderr)")
        if !message.hasPrefix("Error:") { #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.png").path))
    }
}
