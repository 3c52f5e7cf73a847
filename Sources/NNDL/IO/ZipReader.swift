/// One entry of an archive: its name and its bytes (a slice of the archive when stored, inflated when deflated).
struct ZipEntry {
    /// The name as stored (UTF-8).
    let name: String
    /// The entry's uncompressed bytes, CRC-checked.
    let data: ArraySlice<UInt8>
}

extension Zip {
    /// The entries of an archive in central-directory order; throws `ZipFault` or `OutOfBounds`.
    static func entries(_ bytes: [UInt8]) throws -> [ZipEntry] {
        let reader = ByteReader(bytes: bytes[...])
        let directory = try Directory(reader, endOffset: try findEnd(reader))
        var entries: [ZipEntry] = []
        var offset = directory.offset
        for _ in 0..<directory.count {
            let record = try CentralRecord(reader, at: offset)
            entries.append(ZipEntry(name: record.name, data: try record.data(reader, before: directory.offset)))
            offset += record.length
        }
        guard offset == directory.offset + directory.size else {
            throw ZipFault.corrupt("the central directory's \(directory.count) records end at \(offset), "
                + "not at \(directory.offset + directory.size)")
        }
        return entries
    }

    /// The offset of the end-of-central-directory record: the last signature whose comment ends the file.
    static func findEnd(_ reader: ByteReader) throws -> Int {
        guard reader.count >= endSize else {
            throw ZipFault.corrupt("\(reader.count) bytes is too short for a ZIP archive")
        }
        let lowest = max(0, reader.count - endSize - 0xFFFF)
        let found = reader.bytes.withUnsafeBufferPointer { bytes -> Int? in
            for offset in stride(from: bytes.count - endSize, through: lowest, by: -1)
            where bytes[offset] == 0x50 && bytes[offset + 1] == 0x4B
                && bytes[offset + 2] == 0x05 && bytes[offset + 3] == 0x06 {
                let commentLength = Int(bytes[offset + 20]) | Int(bytes[offset + 21]) << 8
                if offset + endSize + commentLength == bytes.count { return offset }
            }
            return nil
        }
        if let found { return found }
        throw ZipFault.corrupt("no end-of-central-directory record (not a ZIP archive, or truncated)")
    }

    /// The values of the ZIP64 extra field (id 1) for the fields given as `sentinel32`, in order.
    static func zip64Values(_ fields: [Int], extra: ByteReader, entry: String) throws -> [Int] {
        let needed = fields.filter { $0 == sentinel32 }.count
        guard needed > 0 else { return fields }
        var offset = 0
        while offset + 4 <= extra.count {
            let id = try extra.u16("extra field id", at: offset)
            let size = try extra.u16("extra field size", at: offset + 2)
            let body = ByteReader(bytes: try extra.slice("extra field of '\(entry)'", at: offset + 4, length: size))
            if id == 1 {
                var next = 0
                return try fields.map { field in
                    guard field == sentinel32 else { return field }
                    defer { next += 8 }
                    return try body.u64("ZIP64 size of '\(entry)'", at: next)
                }
            }
            offset += 4 + size
        }
        throw ZipFault.corrupt("'\(entry)' has 0xFFFFFFFF sizes but no ZIP64 extra field")
    }

    /// Where the central directory is and how many records it holds.
    struct Directory {
        let count: Int
        let offset: Int
        let size: Int

        /// Reads the end record at `endOffset` (and the ZIP64 end record when its fields are saturated).
        init(_ reader: ByteReader, endOffset: Int) throws {
            let field = { (offset: Int, width: Int) throws -> Int in
                width == 2 ? try reader.u16("end record", at: endOffset + offset)
                    : try reader.u32("end record", at: endOffset + offset)
            }
            let (disk, directoryDisk, onDisk) = (try field(4, 2), try field(6, 2), try field(8, 2))
            var values = (count: try field(10, 2), size: try field(12, 4), offset: try field(16, 4), end: endOffset)
            if values.count == 0xFFFF || values.size == sentinel32 || values.offset == sentinel32 {
                values = try Self.zip64(reader, endOffset: endOffset)
            } else if disk != 0 || directoryDisk != 0 || onDisk != values.count {
                throw ZipFault.unsupported(
                    "multi-disk ZIP archives are not supported (disk \(disk), \(onDisk) of \(values.count) entries)")
            }
            guard values.offset <= values.end, values.size == values.end - values.offset else {
                throw ZipFault.corrupt("the central directory (\(values.size) bytes at \(values.offset)) "
                    + "does not end where the end record starts (\(values.end))")
            }
            guard values.count <= values.size / centralHeaderSize else {
                throw ZipFault.corrupt("\(values.count) entries cannot fit in a \(values.size)-byte central directory")
            }
            (count, size, offset) = (values.count, values.size, values.offset)
        }

        /// The entry count, directory size and offset from the ZIP64 end record, and where that record starts.
        private static func zip64(
            _ reader: ByteReader, endOffset: Int
        ) throws -> (count: Int, size: Int, offset: Int, end: Int) {
            let locator = endOffset - 20
            guard locator >= 0, try reader.u32("ZIP64 locator", at: locator) == zip64LocatorSignature else {
                throw ZipFault.corrupt("the end record asks for ZIP64 but the ZIP64 locator is missing")
            }
            let record = try reader.u64("ZIP64 end record offset", at: locator + 8)
            guard record <= locator - 56, try reader.u32("ZIP64 end record", at: record) == zip64EndSignature else {
                throw ZipFault.corrupt("no ZIP64 end record at offset \(record)")
            }
            let disk = try reader.u32("ZIP64 disk number", at: record + 16)
            let directoryDisk = try reader.u32("ZIP64 directory disk", at: record + 20)
            let onDisk = try reader.u64("ZIP64 entry count", at: record + 24)
            let count = try reader.u64("ZIP64 entry count", at: record + 32)
            guard disk == 0, directoryDisk == 0, onDisk == count else {
                throw ZipFault.unsupported("multi-disk ZIP archives are not supported")
            }
            let size = try reader.u64("ZIP64 directory size", at: record + 40)
            return (count, size, try reader.u64("ZIP64 directory offset", at: record + 48), record)
        }
    }
}
