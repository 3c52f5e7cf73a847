import Foundation
import Testing
@testable import NNDL

/// The loader on small fixtures (Scripts/make_cifar_fixtures.py) and on bad input.
@Suite struct CIFARFixtureTests {
    static let folder = TestData.packageRoot.appendingPathComponent("Tests/NNDLTests/Fixtures/cifar")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func binaryBatch() throws -> (pixels: [UInt8], labels: [UInt8]) {
        var batch = (pixels: [UInt8](), labels: [UInt8]())
        try CIFAR10.parseBinaryBatch(try bytes("tiny_batch.bin"), path: "tiny_batch.bin", records: 4, into: &batch)
        return batch
    }

    @Test(arguments: ["tiny_batch_py2", "tiny_batch_py3"])
    func pickleAndBinaryFixturesHoldTheSameImages(name: String) throws {
        let binary = try Self.binaryBatch()
        let pickled = try CIFARPickle.parseBatch(try Self.bytes(name), path: name)
        #expect(binary.labels == [3, 0, 9, 5])
        #expect(pickled.labels == binary.labels)
        #expect(pickled.pixels == binary.pixels)
    }

    @Test func metaNamesTheClasses() throws {
        let names = try CIFARPickle.parseMeta(try Self.bytes("tiny_meta_py2"), path: "batches.meta")
        #expect(names == CIFAR10.defaultClassNames)
    }

    @Test func hwcAndChwRowsHoldTheSamePixels() throws {
        let batch = try Self.binaryBatch()
        let raw = CIFAR10Raw(trainPixels: batch.pixels, trainLabels: batch.labels, testPixels: batch.pixels,
                             testLabels: batch.labels, classNames: CIFAR10.defaultClassNames, format: .binary)
        var options = CIFARPreprocessing()
        (options.numTraining, options.numValidation, options.numTest, options.subtractMean) = (3, 1, 2, false)
        options.layout = .hwc
        let hwc = try raw.prepare(options)
        options.layout = .chw
        let chw = try raw.prepare(options)
        let a: Tensor<Double> = hwc.train.all(), b: Tensor<Double> = chw.train.all()
        #expect(a.shape == [3, 3072] && b.shape == [3, 3, 32, 32])
        let geometry = (ImageShape.cifar(.hwc), ImageShape.cifar(.chw))
        for (y, x, c) in [(0, 0, 0), (5, 7, 1), (31, 31, 2)] {
            #expect(a[1, geometry.0.index(y: y, x: x, channel: c)] == b[1, geometry.1.index(y: y, x: x, channel: c)])
            // Planar storage: channel c, row y, column x of record 1.
            #expect(a[1, geometry.0.index(y: y, x: x, channel: c)] == Double(batch.pixels[3072 + c * 1024 + y * 32 + x]))
        }
        #expect(hwc.val.labels == [5] && hwc.test?.count == 2)
    }

    @Test func meanIsSubtractedFromTheTrainingSplitOnly() throws {
        let batch = try Self.binaryBatch()
        let raw = CIFAR10Raw(trainPixels: batch.pixels, trainLabels: batch.labels, testPixels: batch.pixels,
                             testLabels: batch.labels, classNames: CIFAR10.defaultClassNames, format: .binary)
        var options = CIFARPreprocessing()
        (options.numTraining, options.numValidation, options.numTest) = (2, 2, 1)
        let splits = try raw.prepare(options)
        let train: Tensor<Double> = splits.train.all(), val: Tensor<Double> = splits.val.all()
        // Column means of the centred training rows are zero; the validation rows use the same mean image.
        for j in [0, 100, 3071] { #expect(abs(train[0, j] + train[1, j]) < 1e-12) }
        let mean0 = (Double(batch.pixels[0]) + Double(batch.pixels[3072])) / 2
        #expect(abs(val[0, 0] - (Double(batch.pixels[2 * 3072]) - mean0)) < 1e-12)
    }

    @Test func badInputGivesOneLineMessages() throws {
        var batch = (pixels: [UInt8](), labels: [UInt8]())
        var good = try Self.bytes("tiny_batch.bin")
        #expect(throws: CIFARError.wrongSize(path: "b.bin", expected: 12292, actual: 12291)) {
            try CIFAR10.parseBinaryBatch(Array(good.dropLast()), path: "b.bin", records: 4, into: &batch)
        }
        #expect(throws: CIFARError.wrongSize(path: "b.bin", expected: 30_730_000, actual: 12292)) {
            try CIFAR10.parseBinaryBatch(good, path: "b.bin", into: &batch)
        }
        good[3073] = 12
        #expect(throws: CIFARError.badLabel(path: "b.bin", record: 1, label: 12)) {
            try CIFAR10.parseBinaryBatch(good, path: "b.bin", records: 4, into: &batch)
        }
        #expect("\(CIFARError.badLabel(path: "b.bin", record: 1, label: 12))" == "b.bin: record 1 has label 12, expected 0...9")
        let notCIFAR = [UInt8](try PropertyListSerialization.data(fromPropertyList: ["a": 1], format: .binary, options: 0))
        #expect(throws: CIFARError.self) { try CIFARPickle.parseBatch(notCIFAR, path: "x") }
        // A pickle of another object: pickle.dumps({'a': 1}, protocol=2)
        let dict: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x58, 0x01, 0x00, 0x00, 0x00, 0x61, 0x71, 0x01, 0x4B, 0x01, 0x73, 0x2E]
        #expect(throws: CIFARError.badPickle(path: "x", reason: "no 'data' array")) { try CIFARPickle.parseBatch(dict, path: "x") }
        // A pickle that would run os.system is refused by name.
        let evil: [UInt8] = [0x80, 0x02] + Array("cos\nsystem\nq".utf8) + [0x00, 0x2E]
        #expect(throws: CIFARError.badPickle(path: "x", reason: "refuses to load os.system")) { try CIFARPickle.parseBatch(evil, path: "x") }
    }

    /// A batch file is read 1000 records at a time into the rows already loaded: 2500 records (three reads, the last
    /// one short) come out in order after the existing rows, and a bad label in the third read names its record in
    /// the file, not in the read, and leaves the rows as they were.
    @Test func binaryBatchesAreReadInChunksInOrder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nndl-chunks-\(getpid()).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = 2500
        var file = [UInt8]()
        for r in 0..<records {
            file.append(UInt8(r % 10))
            file.append(contentsOf: (0..<3072).map { UInt8(truncatingIfNeeded: r &* 31 &+ $0) })
        }
        try Data(file).write(to: URL(fileURLWithPath: path))
        var batch = (pixels: [UInt8](repeating: 7, count: 3072), labels: [UInt8]([9]))
        try CIFAR10.readBinaryBatch(path, records: records, into: &batch)
        #expect(batch.labels == [9] + (0..<records).map { UInt8($0 % 10) })
        #expect(batch.pixels.count == (records + 1) * 3072)
        for r in [0, 999, 1000, 2499] {
            #expect(Array(batch.pixels[((r + 1) * 3072)..<((r + 2) * 3072)]) == Array(file[(r * 3073 + 1)..<((r + 1) * 3073)]))
        }
        file[2100 * 3073] = 10
        try Data(file).write(to: URL(fileURLWithPath: path))
        let before = batch
        #expect(throws: CIFARError.badLabel(path: path, record: 2100, label: 10)) {
            try CIFAR10.readBinaryBatch(path, records: records, into: &batch)
        }
        #expect(batch.pixels == before.pixels && batch.labels == before.labels, "a failed read appends nothing")
        try Data(file.dropLast()).write(to: URL(fileURLWithPath: path))
        #expect(throws: CIFARError.wrongSize(path: path, expected: records * 3073, actual: records * 3073 - 1)) {
            try CIFAR10.readBinaryBatch(path, records: records, into: &batch)
        }
    }

    @Test func missingFolderNamesWhereItLookedAndTheDownloadCommand() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("nndl-empty-\(getpid())").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        do {
            _ = try CIFAR10.locate(explicit: nil, environment: [:], workingDirectory: empty)
            Issue.record("expected notFound")
        } catch {
            let message = "\(error)"
            #expect(message.contains("$NNDL_CIFAR_DIR (unset)") && message.contains("./data/cifar-10-batches-bin"))
            #expect(message.contains("nndl-tui download") && !message.contains("\n"))
        }
        #expect(throws: CIFARError.unknownFormat(folder: empty)) { try CIFAR10.load(from: URL(fileURLWithPath: empty)) }
        // A folder with data_batch_1.bin but no other batches names the first missing file.
        try Data(try Self.bytes("tiny_batch.bin")).write(to: URL(fileURLWithPath: empty + "/data_batch_1.bin"))
        #expect(throws: CIFARError.wrongSize(path: empty + "/data_batch_1.bin", expected: 30_730_000, actual: 12292)) {
            try CIFAR10.load(from: URL(fileURLWithPath: empty))
        }
        try FileManager.default.removeItem(atPath: empty + "/data_batch_1.bin")
        try Data().write(to: URL(fileURLWithPath: empty + "/data_batch_1"))
        #expect(throws: CIFARError.badPickle(path: empty + "/data_batch_1", reason: "truncated at byte 0")) {
            try CIFAR10.load(from: URL(fileURLWithPath: empty))
        }
    }

    /// Random and mutated bytes: every input ends as a value or a thrown error (no trap, no huge allocation).
    @Test func fuzzedInputsOnlyThrow() throws {
        var rng = NumPyRandomState(seed: 99)
        let seeds = [try Self.bytes("tiny_batch_py2"), try Self.bytes("tiny_batch_py3"), try Self.bytes("tiny_meta_py2")]
        let binary = try Self.bytes("tiny_batch.bin")
        for case_ in 0..<3000 {
            var input = seeds[case_ % seeds.count]
            switch case_ % 4 {
            case 0: input = Array(input.prefix(rng.randint(0, input.count)))
            case 1:
                for _ in 0..<rng.randint(1, 8) { input[rng.randint(0, input.count)] = UInt8(rng.randint(0, 256)) }
            case 2: input = (0..<rng.randint(0, 64)).map { _ in UInt8(rng.randint(0, 256)) }
            default:
                let at = rng.randint(0, input.count)
                input.insert(contentsOf: [0x54, 0xFF, 0xFF, 0xFF, 0x7F], at: at)
            }
            _ = try? CIFARPickle.parseBatch(input, path: "fuzz")
            _ = try? CIFARPickle.parseMeta(input, path: "fuzz")
            var b = binary
            b[rng.randint(0, b.count)] = UInt8(rng.randint(0, 256))
            var batch = (pixels: [UInt8](), labels: [UInt8]())
            _ = try? CIFAR10.parseBinaryBatch(case_ % 2 == 0 ? b : Array(b.prefix(rng.randint(0, b.count))), path: "fuzz", records: 4, into: &batch)
        }
    }
}

/// The real CIFAR-10 (binary) from the shared folder.
@Suite struct CIFARRealDataTests {
    @Test func sharedCopyHasTheOfficialShapeAndStatistics() throws {
        guard let dir = TestData.cifarDirectory else {
            print("CIFARRealDataTests: skipped — CIFAR-10 not found (set NNDL_CIFAR_DIR or put it at ../shared/data)")
            return
        }
        let raw = try CIFAR10.load(from: dir)
        #expect(raw.trainCount == 50000 && raw.testCount == 10000 && raw.format == .binary)
        #expect(raw.classNames == CIFAR10.defaultClassNames)
        var counts = [Int](repeating: 0, count: 10)
        for l in raw.trainLabels { counts[Int(l)] += 1 }
        #expect(counts == [Int](repeating: 5000, count: 10))
        var channel = [Double](repeating: 0, count: 3)
        raw.trainPixels.withUnsafeBufferPointer { p in
            var sums = [Int](repeating: 0, count: 3)
            for i in 0..<50000 { for c in 0..<3 { for k in 0..<1024 { sums[c] &+= Int(p[i * 3072 + c * 1024 + k]) } } }
            channel = sums.map { Double($0) / (50000 * 1024) }
        }
        // Per-channel means of the training images: R ≈ 125.3, G ≈ 122.9, B ≈ 113.9.
        #expect(abs(channel[0] - 125.3) < 0.5 && abs(channel[1] - 122.9) < 0.5 && abs(channel[2] - 113.9) < 0.5)
        let splits = try raw.prepare(CIFARPreprocessing())
        // The notebook prints (49000, 3072), (1000, 3072), (1000, 3072).
        let xVal: Tensor<Double> = splits.val.all()
        #expect(splits.train.count == 49000 && splits.train.featureShape == [3072])
        #expect(xVal.shape == [1000, 3072] && splits.test?.count == 1000)
        var chw = CIFARPreprocessing()
        chw.layout = .chw
        #expect(try raw.prepare(chw).val.featureShape == [3, 32, 32])
    }
}
