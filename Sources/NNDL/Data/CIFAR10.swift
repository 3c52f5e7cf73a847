import Foundation

/// CIFAR-10 as read from disk: pixels as `UInt8`, channel-planar (1024 R, 1024 G, 1024 B per image).
public struct CIFAR10Raw: Sendable {
    /// The on-disk formats.
    public enum Format: String, Sendable { case binary, python }

    /// 50000 × 3072 training pixels, channel-planar.
    public var trainPixels: [UInt8]
    /// 50000 training labels.
    public var trainLabels: [UInt8]
    /// 10000 × 3072 test pixels, channel-planar.
    public var testPixels: [UInt8]
    /// 10000 test labels.
    public var testLabels: [UInt8]
    /// The 10 class names in label order.
    public var classNames: [String]
    /// Which format the folder held.
    public var format: Format

    /// Training images.
    public var trainCount: Int { trainLabels.count }
    /// Test images.
    public var testCount: Int { testLabels.count }
}

/// Finding and reading CIFAR-10 folders.
public enum CIFAR10 {
    /// Bytes in one image (32 × 32 × 3).
    public static let imageBytes = 3072
    /// Records in one batch file.
    public static let recordsPerBatch = 10000
    /// The class names, when a folder does not name them.
    public static let defaultClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// The folder to read: `explicit`, else `$NNDL_CIFAR_DIR`, else `./data/cifar-10-batches-bin` or `-py`.
    public static func locate(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> URL {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if let explicit {
            guard fm.fileExists(atPath: explicit, isDirectory: &isDir), isDir.boolValue else {
                throw CIFARError.notFound(tried: [explicit])
            }
            return URL(fileURLWithPath: explicit)
        }
        var tried: [String] = []
        if let env = environment["NNDL_CIFAR_DIR"], !env.isEmpty {
            if fm.fileExists(atPath: env, isDirectory: &isDir), isDir.boolValue { return URL(fileURLWithPath: env) }
            tried.append("$NNDL_CIFAR_DIR=\(env)")
        } else {
            tried.append("$NNDL_CIFAR_DIR (unset)")
        }
        for name in ["cifar-10-batches-bin", "cifar-10-batches-py"] {
            let path = URL(fileURLWithPath: workingDirectory).appendingPathComponent("data").appendingPathComponent(name).path
            if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { return URL(fileURLWithPath: path) }
            tried.append("./data/\(name)")
        }
        throw CIFARError.notFound(tried: tried)
    }

    /// Which format `folder` holds, by its first batch file.
    public static func detectFormat(_ folder: URL) throws -> CIFAR10Raw.Format {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder.appendingPathComponent("data_batch_1.bin").path) { return .binary }
        if fm.fileExists(atPath: folder.appendingPathComponent("data_batch_1").path) { return .python }
        throw CIFARError.unknownFormat(folder: folder.path)
    }

    /// Reads all six batches of `folder` (either format) and the class names.
    public static func load(from folder: URL) throws -> CIFAR10Raw {
        let format = try detectFormat(folder)
        let suffix = format == .binary ? ".bin" : ""
        var train = (pixels: [UInt8](), labels: [UInt8]())
        train.pixels.reserveCapacity(5 * recordsPerBatch * imageBytes)
        train.labels.reserveCapacity(5 * recordsPerBatch)
        for i in 1...5 {
            let path = folder.appendingPathComponent("data_batch_\(i)\(suffix)").path
            try readBatch(path, format: format, into: &train)
        }
        var test = (pixels: [UInt8](), labels: [UInt8]())
        try readBatch(folder.appendingPathComponent("test_batch\(suffix)").path, format: format, into: &test)
        return CIFAR10Raw(
            trainPixels: train.pixels, trainLabels: train.labels, testPixels: test.pixels, testLabels: test.labels,
            classNames: try classNames(folder, format: format), format: format)
    }

    static func readBatch(_ path: String, format: CIFAR10Raw.Format, into batch: inout (pixels: [UInt8], labels: [UInt8])) throws {
        switch format {
        case .binary: try readBinaryBatch(path, into: &batch)
        case .python:
            let bytes = try readFile(path)
            let parsed = try CIFARPickle.parseBatch(bytes, path: path)
            guard parsed.labels.count == recordsPerBatch else {
                throw CIFARError.badPickle(path: path, reason: "\(parsed.labels.count) images, expected \(recordsPerBatch)")
            }
            batch.pixels.append(contentsOf: parsed.pixels)
            batch.labels.append(contentsOf: parsed.labels)
        }
    }

    /// Appends a binary batch file's records to `batch`, reading 1000 records (3 MB) at a time straight after the
    /// rows already there: the peak memory of a load is the pixels themselves, not a second copy of each file.
    static func readBinaryBatch(
        _ path: String, records: Int = recordsPerBatch, into batch: inout (pixels: [UInt8], labels: [UInt8])
    ) throws {
        let record = imageBytes + 1
        let (file, size) = try openRegularFile(path)
        defer { fclose(file) }
        guard size == records * record else { throw CIFARError.wrongSize(path: path, expected: records * record, actual: size) }
        batch.pixels.reserveCapacity(batch.pixels.count + records * imageBytes)
        batch.labels.reserveCapacity(batch.labels.count + records)
        let chunkRecords = 1000
        var chunk = [UInt8](repeating: 0, count: min(records, chunkRecords) * record)
        // A file that fails part-way leaves `batch` as it was, not with its first chunks appended.
        let (pixelsBefore, labelsBefore) = (batch.pixels.count, batch.labels.count)
        var succeeded = false
        defer {
            if !succeeded {
                batch.pixels.removeLast(batch.pixels.count - pixelsBefore)
                batch.labels.removeLast(batch.labels.count - labelsBefore)
            }
        }
        var done = 0
        while done < records {
            let n = min(chunkRecords, records - done)
            let read = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress!, 1, n * record, file) }
            guard read == n * record else {
                throw CIFARError.unreadable(path: path, reason: "read error or file changed while reading")
            }
            try chunk.withUnsafeBufferPointer { src in
                try appendRecords(UnsafeBufferPointer(rebasing: src[0..<(n * record)]), path: path, firstRecord: done, into: &batch)
            }
            done += n
        }
        succeeded = true
    }

    /// A whole file's bytes; a missing file is `missingFile`.
    static func readFile(_ path: String) throws -> [UInt8] {
        let (file, size) = try openRegularFile(path)
        defer { fclose(file) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = size == 0 ? 0 : fread(buffer.baseAddress!, 1, size, file)
            if count != size {
                // Keep the array well-formed whatever was read.
                for i in count..<size { buffer[i] = 0 }
                failed = true
                count = size
            }
        }
        if failed { throw CIFARError.unreadable(path: path, reason: "read error or file changed while reading") }
        return bytes
    }

    /// An open regular file and its size; a missing file is `missingFile`. The caller closes it.
    static func openRegularFile(_ path: String) throws -> (file: UnsafeMutablePointer<FILE>, size: Int) {
        guard FileManager.default.fileExists(atPath: path) else { throw CIFARError.missingFile(path: path) }
        guard let file = fopen(path, "rb") else {
            throw CIFARError.unreadable(path: path, reason: "permission denied or not a file")
        }
        var info = stat()
        guard fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            fclose(file)
            throw CIFARError.unreadable(path: path, reason: "not a regular file")
        }
        return (file, Int(info.st_size))
    }

    /// Appends the records of one binary batch (1 label byte + 3072 pixel bytes each).
    public static func parseBinaryBatch(
        _ bytes: [UInt8], path: String, records: Int = recordsPerBatch, into batch: inout (pixels: [UInt8], labels: [UInt8])
    ) throws {
        let expected = records * (imageBytes + 1)
        guard bytes.count == expected else { throw CIFARError.wrongSize(path: path, expected: expected, actual: bytes.count) }
        try bytes.withUnsafeBufferPointer { try appendRecords($0, path: path, firstRecord: 0, into: &batch) }
    }

    /// Appends whole records (label byte + pixels) from `src`, after checking every label in it; `firstRecord` is
    /// the file's index of the first one, for the error.
    static func appendRecords(
        _ src: UnsafeBufferPointer<UInt8>, path: String, firstRecord: Int, into batch: inout (pixels: [UInt8], labels: [UInt8])
    ) throws {
        let record = imageBytes + 1
        let records = src.count / record
        for r in 0..<records where src[r * record] > 9 {
            throw CIFARError.badLabel(path: path, record: firstRecord + r, label: Int(src[r * record]))
        }
        for r in 0..<records {
            batch.labels.append(src[r * record])
            batch.pixels.append(contentsOf: UnsafeBufferPointer(rebasing: src[(r * record + 1)..<((r + 1) * record)]))
        }
    }

    static func classNames(_ folder: URL, format: CIFAR10Raw.Format) throws -> [String] {
        switch format {
        case .binary:
            let path = folder.appendingPathComponent("batches.meta.txt").path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return defaultClassNames }
            let names = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return names.count == 10 ? names : defaultClassNames
        case .python:
            let path = folder.appendingPathComponent("batches.meta").path
            guard FileManager.default.fileExists(atPath: path) else { return defaultClassNames }
            let names = try CIFARPickle.parseMeta(try readFile(path), path: path)
            return names.count == 10 ? names : defaultClassNames
        }
    }
}
